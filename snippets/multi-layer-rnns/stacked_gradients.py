"""How much gradient reaches the first layer of a deep stack of LSTMs.

Stacks L single-layer LSTMs (L = 1 to 32), each reading the hidden
states of the one below, once plainly and once with residual connections
between layers (layer l adds its input to its output). A loss on the top
layer's last state is backpropagated with autograd and the script prints
the norm of the gradient of the first layer's weights. The first layer
and the data are the same at every depth, so any change comes from the
layers stacked above. Plots the norm against L on a log scale
(stacked_gradients.svg).

Run: python stacked_gradients.py   (torch, matplotlib; about 5 s)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:stack]
d, n, T, batch = 8, 32, 20, 16   # input size, hidden size, steps, batch
depths = [1, 2, 4, 8, 12, 16, 24, 32]
xs = torch.randn(batch, T, d)
readout = torch.randn(n) / n**0.5   # the loss reads the top layer


class Stack(nn.Module):
    """L single-layer LSTMs; residual: layers 2.. add their input."""

    def __init__(self, L, residual):
        super().__init__()
        torch.manual_seed(0)            # the same layer 1 at every depth
        self.layers = nn.ModuleList(
            [nn.LSTM(d if l == 0 else n, n, batch_first=True)
             for l in range(L)])
        self.residual = residual

    def forward(self, xs):
        h = xs
        for l, layer in enumerate(self.layers):
            out, _ = layer(h)            # the states of layer l
            h = h + out if self.residual and l > 0 else out
        return h                         # (batch, T, n): the top layer


def first_layer_gradient(L, residual):
    """Norm of dJ / d(weights of layer 1), for J on the top layer."""
    stack = Stack(L, residual)
    J = (stack(xs)[:, -1] @ readout).mean()   # a linear read-out
    J.backward()
    grads = [p.grad for p in stack.layers[0].parameters()]
    return torch.cat([g.flatten() for g in grads]).norm().item()
# --8<-- [end:stack]

# --8<-- [start:measure]
norms = {residual: [first_layer_gradient(L, residual) for L in depths]
         for residual in (False, True)}
print("‖∂J/∂(layer 1 weights)‖")
print("layers L    plain   residual")
for i, L in enumerate(depths):
    print(f"{L:8d} {norms[False][i]:9.1e} {norms[True][i]:9.1e}")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
ax.plot(depths, norms[False], color="C0", marker="o", label="plain stack")
ax.plot(depths, norms[True], color="C1", marker="s",
        label="residual connections between layers")
ax.set_yscale("log")
ax.set_xlabel("number of stacked LSTM layers L")
ax.set_ylabel("gradient norm at layer 1")
ax.legend()
plt.savefig("stacked_gradients.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

plain, residual = norms[False], norms[True]
with open("stacked_gradients.results.json", "w") as f:
    json.dump({"depths": depths, "plain": plain, "residual": residual,
               "deepest": depths[-1],
               # plain: the gradient at the deepest stack over the one-layer value
               "plain_fall": plain[-1] / plain[0],
               # plain: the mean factor per added layer, (plain[-1] / plain[0])^(1 / (L - 1))
               "plain_factor_per_layer": (plain[-1] / plain[0]) ** (1 / (depths[-1] - 1)),
               # residual: the smallest and largest value over the one-layer value
               "residual_range": [min(residual) / residual[0], max(residual) / residual[0]]},
              f, indent=1, sort_keys=True)
