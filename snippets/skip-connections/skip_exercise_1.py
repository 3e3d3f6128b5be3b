"""Exercise 1 of the chapter "Beyond RNNs: residual, dense and highway connections": The identity by default.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)
n = 5
linear1 = nn.Linear(n, n, dtype=torch.float64)
linear2 = nn.Linear(n, n, dtype=torch.float64)


def F(x):
    return linear2(torch.relu(linear1(x)))


def residual(x):
    return x + F(x)


x = torch.randn(n, dtype=torch.float64)
jac_layer = torch.autograd.functional.jacobian(residual, x)
jac_F = torch.autograd.functional.jacobian(F, x)
assert torch.allclose(jac_layer, torch.eye(n, dtype=torch.float64) + jac_F)

with torch.no_grad():                  # a layer that has learned nothing
    for p in [*linear1.parameters(), *linear2.parameters()]:
        p.zero_()
assert torch.equal(residual(x), x)
jac_zero = torch.autograd.functional.jacobian(residual, x)
assert torch.equal(jac_zero, torch.eye(n, dtype=torch.float64))
print("x + F(x): Jacobian I + dF/dx; the identity when F = 0")
