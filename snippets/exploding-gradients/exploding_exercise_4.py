"""Exercise 4 of the chapter "Exploding gradients and gradient clipping": Measuring the norm without clipping.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import math

import torch

torch.manual_seed(0)
model = torch.nn.Linear(3, 1)
model(torch.randn(4, 3)).sum().backward()
model.bias.grad[0] = math.inf  # one overflowed entry


def nan_entries():
    return sum(p.grad.isnan().sum().item() for p in model.parameters())


saved = [p.grad.clone() for p in model.parameters()]
norm = torch.nn.utils.get_total_norm([p.grad for p in model.parameters()])
print(f"get_total_norm: {norm.item()}, NaN entries after: {nan_entries()}")
assert math.isinf(norm) and nan_entries() == 0
assert all(torch.equal(a, p.grad) for a, p in zip(saved, model.parameters()))

norm = torch.nn.utils.clip_grad_norm_(model.parameters(), math.inf)
print(f"clip_grad_norm_(..., inf): {norm.item()}, NaN entries after: {nan_entries()}")
assert nan_entries() == 4  # the 3 finite weight entries and the inf bias
