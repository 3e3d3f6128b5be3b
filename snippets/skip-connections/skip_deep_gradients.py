"""Plain, residual, highway and dense connections in a 40-layer network:
how much gradient reaches each layer at initialisation.

Defines one small torch module per kind of layer: a plain layer
relu(W x + b), a residual layer x + F(x), a highway layer
T(x) * H(x) + (1 - T(x)) * x with a learned gate T, and a dense layer
that reads the concatenation of the input and all earlier layers'
outputs. Stacks 40 of each (PyTorch's default initialisation), sends one
seeded batch through, and measures with autograd the norm of the loss's
gradient with respect to every layer's output. Prints it at a few depths
and plots it for every layer on a log scale (skip_deep_gradients.svg).

Run: python skip_deep_gradients.py   (torch, matplotlib; a few seconds)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:plain]
class PlainLayer(nn.Module):
    """h = relu(W x + b)"""

    def __init__(self, width):
        super().__init__()
        self.linear = nn.Linear(width, width, dtype=torch.float64)

    def forward(self, x):
        return torch.relu(self.linear(x))
# --8<-- [end:plain]


# --8<-- [start:residual]
class ResidualLayer(nn.Module):
    """h = x + F(x), with F(x) = W_2 relu(W_1 x + b_1) + b_2: two weight
    layers, as in a ResNet's basic block."""

    def __init__(self, width):
        super().__init__()
        self.linear1 = nn.Linear(width, width, dtype=torch.float64)
        self.linear2 = nn.Linear(width, width, dtype=torch.float64)

    def forward(self, x):
        return x + self.linear2(torch.relu(self.linear1(x)))
# --8<-- [end:residual]


# --8<-- [start:highway]
class HighwayLayer(nn.Module):
    """h = T(x) * H(x) + (1 - T(x)) * x, with the transform gate
    T(x) = sigmoid(W_T x + b_T) and H(x) = relu(W x + b)."""

    def __init__(self, width, gate_bias=-2.0):
        super().__init__()
        self.linear = nn.Linear(width, width, dtype=torch.float64)
        self.gate = nn.Linear(width, width, dtype=torch.float64)
        nn.init.constant_(self.gate.bias, gate_bias)  # start by carrying

    def forward(self, x):
        transform = torch.sigmoid(self.gate(x))  # T(x), between 0 and 1
        return (transform * torch.relu(self.linear(x))
                + (1 - transform) * x)
# --8<-- [end:highway]


# --8<-- [start:dense]
class DenseLayer(nn.Module):
    """h = relu(W [x_0, h_1, ..., h_{l-1}] + b): reads the input and
    every earlier layer's output, concatenated."""

    def __init__(self, width, layer_number):
        super().__init__()
        self.linear = nn.Linear(width * layer_number, width,
                                dtype=torch.float64)

    def forward(self, earlier):  # earlier = [x_0, h_1, ..., h_{l-1}]
        return torch.relu(self.linear(torch.cat(earlier, dim=1)))
# --8<-- [end:dense]


# --8<-- [start:measure]
depth, width, batch = 40, 32, 64
x = torch.randn(batch, width, dtype=torch.float64)
target = torch.randn(batch, 1, dtype=torch.float64)


def gradient_per_layer(kind):
    """||dJ/dh_l|| for l = 1..depth, for a fresh network of that kind."""
    torch.manual_seed(1)  # every network gets the same readout weights
    readout = nn.Linear(width, 1, dtype=torch.float64)
    if kind == "dense":
        layers = [DenseLayer(width, l) for l in range(1, depth + 1)]
    else:
        layer_class = {"plain": PlainLayer, "residual": ResidualLayer,
                       "highway": HighwayLayer}[kind]
        layers = [layer_class(width) for _ in range(depth)]
    outputs = [x]  # x_0, h_1, ..., h_depth
    for layer in layers:
        h = layer(outputs) if kind == "dense" else layer(outputs[-1])
        h.retain_grad()  # keep dJ/dh for this intermediate tensor
        outputs.append(h)
    loss = ((readout(outputs[-1]) - target) ** 2).mean()
    loss.backward()
    return [h.grad.norm().item() for h in outputs[1:]]


kinds = ["plain", "residual", "highway", "dense"]
norms = {kind: gradient_per_layer(kind) for kind in kinds}
print("||dJ/dh_l|| at initialisation, layer l of 40")
print(f"{'':9} {'l = 1':>9} {'l = 10':>9} {'l = 20':>9} {'l = 40':>9}")
for kind in kinds:
    row = " ".join(f"{norms[kind][l - 1]:9.2e}" for l in (1, 10, 20, 40))
    print(f"{kind:9} {row}")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for i, kind in enumerate(kinds):
    ax.plot(range(1, depth + 1), norms[kind], color=f"C{i}", label=kind,
            marker="o", markersize=3)
ax.set_yscale("log")
ax.set_xlabel("layer l (1 = next to the input)")
ax.set_ylabel(r"$\Vert\partial J / \partial h_l\Vert$")
ax.legend()
plt.savefig("skip_deep_gradients.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json
import math

carry = 1 - 1 / (1 + math.exp(2.0))  # 1 - sigmoid(b_T), b_T = -2: the carry path per layer
with open("skip_deep_gradients.results.json", "w") as f:
    json.dump({"depth": depth, "width": width, "batch": batch,
               "norms": {kind: {str(l): norms[kind][l - 1] for l in (1, 10, 20, 40)}
                         for kind in kinds},
               "plain_orders_of_magnitude_drop": math.log10(norms["plain"][-1] / norms["plain"][0]),
               "plain_over_residual_at_layer_1": norms["plain"][0] / norms["residual"][0],
               "highway_drop": norms["highway"][0] / norms["highway"][-1],
               "carry_factor": carry, "carry_only_drop": carry ** (depth - 1),  # the 39 layers from h(40) down to h(1)
               "plain_shrinks_every_layer": all(a < b for a, b in zip(norms["plain"], norms["plain"][1:]))},
              f, indent=1, sort_keys=True)
