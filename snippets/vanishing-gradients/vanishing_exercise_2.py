"""Exercise 2 of the vanishing-gradients page: an orthogonal W_h.

An orthogonal W_h (W_h^T W_h = I) keeps every power orthogonal, so the
Jacobian d h(t)/d h(t-k) = W_h^k of a linear RNN has norm exactly 1 at every
distance. A tanh RNN with the same W_h also multiplies each step by
diag(tanh'(z)), whose entries are below 1 wherever z != 0, so its norm
still decays. The script runs both for 50 steps and prints the norms.

Run: python vanishing_exercise_2.py   (numpy; well under a second)
"""
import json

import numpy as np

rng = np.random.default_rng(0)
n, T = 16, 50
W_h, _ = np.linalg.qr(rng.normal(size=(n, n)))   # orthogonal: W_h.T @ W_h = I
print("all |eigenvalues| = 1:", np.allclose(np.abs(np.linalg.eigvals(W_h)), 1))

xs = 0.3 * rng.normal(size=(T + 1, n))            # inputs, already multiplied by W_x
h = np.zeros(n)
linear = np.eye(n)        # d h(t) / d h(0) of the linear RNN: W_h^t
with_tanh = np.eye(n)     # the same for the tanh RNN
norms = {}
for t in range(1, T + 1):
    h = np.tanh(W_h @ h + xs[t])
    linear = W_h @ linear                         # the new step's Jacobian on the left
    with_tanh = np.diag(1 - h**2) @ W_h @ with_tanh
    if t in (1, 10, 50):
        norms[t] = (np.linalg.norm(linear, 2), np.linalg.norm(with_tanh, 2))
        print(f"k = {t:2d}: linear {norms[t][0]:.6f}, tanh {norms[t][1]:.2e}")
assert abs(np.linalg.norm(linear, 2) - 1) < 1e-9            # orthogonal: no decay at all
assert np.linalg.norm(with_tanh, 2) < 0.5                   # tanh' < 1 still shrinks it

# Not shown on the page: the values the page quotes, recorded for the site's build
# (4 significant digits: the last bits of a product of matrices may depend on the BLAS threads).
with open("vanishing_exercise_2.results.json", "w") as f:
    json.dump({"n": n, "T": T, **{f"k{t}": {"linear": float(f"{a:.4g}"), "tanh": float(f"{b:.4g}")}
                                  for t, (a, b) in norms.items()}},
              f, indent=1, sort_keys=True)
