"""Exercise 4 of the chapter "Beyond RNNs: residual, dense and highway connections": Does initialisation fix the plain stack.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)
depth, width, batch = 40, 32, 64
x = torch.randn(batch, width, dtype=torch.float64)
target = torch.randn(batch, 1, dtype=torch.float64)
layers = [nn.Linear(width, width, dtype=torch.float64) for _ in range(depth)]
for layer in layers:
    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    nn.init.zeros_(layer.bias)
readout = nn.Linear(width, 1, dtype=torch.float64)

outputs, h = [], x
for layer in layers:
    h = torch.relu(layer(h))
    h.retain_grad()
    outputs.append(h)
((readout(h) - target) ** 2).mean().backward()
first, last = outputs[0].grad.norm().item(), outputs[-1].grad.norm().item()
print(f"||dJ/dh_1|| = {first:.2e}, ||dJ/dh_40|| = {last:.2e}")
assert 0.01 < first / last < 100   # no longer orders of magnitude apart
