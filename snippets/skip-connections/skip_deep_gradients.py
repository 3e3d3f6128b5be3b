"""Plain, residual, highway and dense connections in a 40-layer network:
how much gradient reaches each layer at initialisation, over 5 seeds.

Defines one small torch module per kind of layer: a plain layer
relu(W x + b), a residual layer x + F(x), a highway layer
tau(x) * H(x) + (1 - tau(x)) * x with a learned transform gate tau, and a
dense layer
that reads the concatenation of the input and all earlier layers'
outputs. Stacks 40 of each (PyTorch's default initialisation), sends a
batch through, and measures with autograd the norm of the loss's
gradient with respect to every layer's output. Each of 5 seeds fixes the
batch, the read-out and the layers' weights; the four kinds of network
of one seed see the same batch and the same read-out. Prints the median
over the seeds at a few depths, and the range at the first and last
layer, and plots every layer's median with the seeds' min-to-max band on
a log scale (skip_deep_gradients.svg).

Run: python skip_deep_gradients.py   (torch, matplotlib; a few seconds)
"""
# --8<-- [start:imports]
import statistics

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
    layers, as in a ResNet's basic block, but no ReLU after the addition."""

    def __init__(self, width):
        super().__init__()
        self.linear1 = nn.Linear(width, width, dtype=torch.float64)
        self.linear2 = nn.Linear(width, width, dtype=torch.float64)

    def forward(self, x):
        return x + self.linear2(torch.relu(self.linear1(x)))
# --8<-- [end:residual]


# --8<-- [start:highway]
class HighwayLayer(nn.Module):
    """h = tau(x) * H(x) + (1 - tau(x)) * x, with the transform gate
    tau(x) = sigmoid(W_tau x + b_tau) (self.gate) and the plain layer
    H(x) = relu(W_H x + b_H) (self.linear)."""

    def __init__(self, width, gate_bias=-2.0):
        super().__init__()
        self.linear = nn.Linear(width, width, dtype=torch.float64)
        self.gate = nn.Linear(width, width, dtype=torch.float64)
        nn.init.constant_(self.gate.bias, gate_bias)  # start by carrying

    def forward(self, x):
        transform = torch.sigmoid(self.gate(x))  # tau(x), between 0 and 1
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
seeds = range(5)


def gradient_per_layer(kind, seed):
    """||dJ/dh_l|| for l = 1..depth, for a fresh network of that kind."""
    torch.manual_seed(seed)  # drawn first, the same for every kind:
    x = torch.randn(batch, width, dtype=torch.float64)  # the batch,
    target = torch.randn(batch, 1, dtype=torch.float64)
    readout = nn.Linear(width, 1, dtype=torch.float64)  # the read-out
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
# norms[kind][seed][l - 1]: the gradient reaching layer l
norms = {kind: [gradient_per_layer(kind, seed) for seed in seeds]
         for kind in kinds}


def every_seed(kind, l):
    """The gradient reaching layer l of that kind of network, per seed."""
    return [run[l - 1] for run in norms[kind]]


print(f"||dJ/dh_l|| at initialisation, layer l of 40:"
      f" median over {len(seeds)} seeds")
print(f"{'':9} {'l = 1':>9} {'l = 10':>9} {'l = 20':>9} {'l = 40':>9}")
for kind in kinds:
    row = " ".join(f"{statistics.median(every_seed(kind, l)):9.2e}"
                   for l in (1, 10, 20, 40))
    print(f"{kind:9} {row}")
print("min to max over the seeds")
print(f"{'':9} {'l = 1':>20} {'l = 40':>20}")
for kind in kinds:
    row = " ".join(f"{min(every_seed(kind, l)):8.2e} to"
                   f" {max(every_seed(kind, l)):8.2e}" for l in (1, 40))
    print(f"{kind:9} {row}")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
layer_numbers = range(1, depth + 1)
for i, kind in enumerate(kinds):
    per_layer = list(zip(*norms[kind]))  # per_layer[l - 1]: every seed's
    ax.fill_between(layer_numbers, [min(v) for v in per_layer],
                    [max(v) for v in per_layer], color=f"C{i}",
                    alpha=0.25, linewidth=0)
    ax.plot(layer_numbers, [statistics.median(v) for v in per_layer],
            color=f"C{i}", label=kind)
ax.set_yscale("log")
ax.set_xlabel(r"layer $\ell$ (1 = next to the input)")
ax.set_ylabel(r"$\Vert\partial J / \partial h_\ell\Vert$")
ax.legend(title=f"median and min-max of {len(seeds)} seeds")
plt.savefig("skip_deep_gradients.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import inspect
import json
import math


def rounded(value):
    """value to 12 significant digits: the last bits of a float64 product depend on how
    many threads BLAS splits it over, and the recorded values must not."""
    return float(f"{value:.12g}")


def spread(values):
    """Every seed's value, and their median, min and max."""
    values = [rounded(v) for v in values]
    return {"per_seed": values, "median": statistics.median(values),
            "min": min(values), "max": max(values)}


def off_straight_line(run):
    """How far, in orders of magnitude, log10 of a run strays from the straight line through its ends."""
    logs = [math.log10(v) for v in run]
    line = [logs[0] + (logs[-1] - logs[0]) * i / (depth - 1) for i in range(depth)]
    return max(abs(a - b) for a, b in zip(logs, line))


gate_bias = inspect.signature(HighwayLayer).parameters["gate_bias"].default  # b_tau, -2
carry = 1 - 1 / (1 + math.exp(-gate_bias))  # 1 - sigmoid(b_tau): the carry path per layer
carry_only_drop = carry ** (depth - 1)  # the 39 layers from h(40) down to h(1)
measured = {name: [] for name in [  # one value per seed
    "plain_orders_of_magnitude_drop", "plain_factor_per_layer", "plain_off_straight_line",
    "plain_over_residual_at_layer_1", "plain_below_every_skip_orders",
    "top_others_max_over_min", "residual_over_others_at_layer_40", "residual_max_over_min",
    "highway_drop", "highway_drop_over_carry_only_drop",
    "dense_drop_at_last_layer", "dense_max_over_min_below_last_layer"]}
for p, r, h, d in zip(*(norms[kind] for kind in kinds)):  # one seed's four networks, layer 1 first
    measured["plain_orders_of_magnitude_drop"].append(math.log10(p[-1] / p[0]))
    measured["plain_factor_per_layer"].append((p[-1] / p[0]) ** (1 / (depth - 1)))  # on average
    measured["plain_off_straight_line"].append(off_straight_line(p))
    measured["plain_over_residual_at_layer_1"].append(p[0] / r[0])
    measured["plain_below_every_skip_orders"].append(math.log10(min(r[0], h[0], d[0]) / p[0]))
    others_top = [p[-1], h[-1], d[-1]]  # layer 40 of the plain, highway and dense networks
    measured["top_others_max_over_min"].append(max(others_top) / min(others_top))
    measured["residual_over_others_at_layer_40"].append(r[-1] / max(others_top))
    measured["residual_max_over_min"].append(max(r) / min(r))
    measured["highway_drop"].append(h[0] / h[-1])
    measured["highway_drop_over_carry_only_drop"].append(h[0] / h[-1] / carry_only_drop)
    measured["dense_drop_at_last_layer"].append(d[-1] / d[-2])
    measured["dense_max_over_min_below_last_layer"].append(max(d[:-1]) / min(d[:-1]))
tops_without_residual = [top for kind in ("plain", "highway", "dense") for top in every_seed(kind, depth)]
recorded = {
    "depth": depth, "width": width, "batch": batch, "seeds": len(seeds),
    "norms": {kind: {str(l): spread(every_seed(kind, l)) for l in (1, 10, 20, 40)}
              for kind in kinds},
    **{name: spread(values) for name, values in measured.items()},
    "plain_shrinks_every_layer": [all(a < b for a, b in zip(p, p[1:])) for p in norms["plain"]],
    "highway_shrinks_every_layer": [all(a < b for a, b in zip(h, h[1:])) for h in norms["highway"]],
    "top_others": {"min": rounded(min(tops_without_residual)),  # layer 40, over three kinds and every seed
                   "max": rounded(max(tops_without_residual))},
    "gate_bias": gate_bias, "carry_factor": carry, "carry_only_drop": carry_only_drop,
}
with open("skip_deep_gradients.results.json", "w") as f:
    json.dump(recorded, f, indent=1, sort_keys=True)
