"""Exercise 3 of the chapter "Multi-layer RNNs": Plain tanh RNN layers.

The gradient measurement of stacked_gradients.py with nn.RNN (tanh) layers,
at L = 1, 4, 16, one seed: the plain stack's gradient at layer 1 falls by
orders of magnitude, the residual stack's does not. Run it alone; it prints
what the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)
d, n, T, batch = 8, 32, 20, 16
xs = torch.randn(batch, T, d)
readout = torch.randn(n) / n**0.5


def first_layer_gradient(L, residual):
    torch.manual_seed(0)
    layers = [nn.RNN(d if l == 0 else n, n, batch_first=True) for l in range(L)]
    h = xs
    for l, layer in enumerate(layers):
        out, _ = layer(h)
        h = h + out if residual and l > 0 else out
    (h[:, -1] @ readout).mean().backward()
    return torch.cat([p.grad.flatten() for p in layers[0].parameters()]).norm().item()


for L in (1, 4, 16):
    plain, res = first_layer_gradient(L, False), first_layer_gradient(L, True)
    print(f"L = {L:2d}: plain {plain:.1e}, residual {res:.1e}")
assert first_layer_gradient(16, False) < first_layer_gradient(1, False) / 100
assert first_layer_gradient(16, True) > 100 * first_layer_gradient(16, False)
assert first_layer_gradient(16, True) > first_layer_gradient(1, True)   # no fading
