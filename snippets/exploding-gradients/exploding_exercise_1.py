"""Exercise 1 of the chapter "Exploding gradients and gradient clipping": Global norm or per tensor.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import numpy as np

grads = [np.array([3.0, 0.0]), np.array([0.0, 4.0])]
full = np.concatenate(grads)
total = np.linalg.norm(full)
global_clip = np.concatenate([g / total for g in grads])
per_tensor = np.concatenate([g / np.linalg.norm(g) for g in grads])
for name, v in [("global", global_clip), ("per tensor", per_tensor)]:
    cos = v @ full / (np.linalg.norm(v) * np.linalg.norm(full))
    print(f"{name:>10}: {v}, cosine with the full gradient {cos:.4f}")
assert np.isclose(global_clip @ full, np.linalg.norm(full))
