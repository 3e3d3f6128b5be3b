"""Exercise 2 of the chapter "Beyond RNNs: residual, dense and highway connections": The carry path of a highway network.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import torch

torch.manual_seed(0)
gate_bias, depth, n = -2.0, 40, 8
carry = 1 - torch.sigmoid(torch.tensor(gate_bias, dtype=torch.float64))
predicted = carry.item() ** (depth - 1)    # the 39 layers from h_40 down to h_1
print(f"carry per layer {carry.item():.3f}, "
      f"from h_{depth} down to h_1 {predicted:.2e}")

h = torch.randn(n, dtype=torch.float64, requires_grad=True)
outputs = []                               # outputs[l - 1] is h_l
for _ in range(depth):
    transform = torch.sigmoid(torch.full((n,), gate_bias, dtype=torch.float64))
    h = transform * torch.zeros(n, dtype=torch.float64) + (1 - transform) * h
    h.retain_grad()
    outputs.append(h)
h.sum().backward()
h_1, h_40 = outputs[0], outputs[-1]
drop = h_1.grad.norm() / h_40.grad.norm()  # what the figure plots, layer 1 over 40
print(f"||dJ/dh_1|| / ||dJ/dh_40|| = {drop.item():.2e}")
assert torch.allclose(h_1.grad, predicted * h_40.grad)
assert 1e-3 < predicted < 1e-2
