"""Exercise 3 of the chapter "Exploding gradients and gradient clipping": Clipping by value, from scratch.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import torch

torch.manual_seed(0)


def clip_grad_value(parameters, clip_value):
    for p in parameters:
        if p.grad is not None:
            p.grad.clamp_(-clip_value, clip_value)


model = torch.nn.RNN(2, 8)
x = torch.randn(20, 1, 2)
(model(x)[0].sum() * 100).backward()
original = [p.grad.clone() for p in model.parameters()]
clip_grad_value(model.parameters(), 5.0)
ours = [p.grad.clone() for p in model.parameters()]
for p, g in zip(model.parameters(), original):
    p.grad = g.clone()
torch.nn.utils.clip_grad_value_(model.parameters(), 5.0)
assert all(torch.equal(a, p.grad) for a, p in zip(ours, model.parameters()))

full = torch.cat([g.flatten() for g in original])
clipped = torch.cat([g.flatten() for g in ours])
cos = torch.nn.functional.cosine_similarity(full, clipped, dim=0)
print(f"same as torch; cosine between original and clipped: {cos:.4f}")
