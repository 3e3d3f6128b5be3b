"""How much gradient reaches the first layer of a deep stack of LSTMs.

Stacks L single-layer LSTMs (L = 1 to 32), each reading the hidden
states of the one below, once plainly and once with residual connections
between layers (layer l adds its input to its output). A loss on the top
layer's last state is backpropagated with autograd and the script prints
the norm of the gradient of the first layer's weights. The first layer
and the data are the same at every depth, so any change comes from the
layers stacked above. Measures it for 5 seeds (a seed fixes the weights
and the data), prints the median over the seeds and plots every seed's
norm against L on a log scale (stacked_gradients.svg).

Run: python stacked_gradients.py   (torch, matplotlib; about 5 s)
"""
# --8<-- [start:imports]
import statistics

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:stack]
d, n, T, batch = 8, 32, 20, 16   # input size, hidden size, steps, batch
depths = [1, 2, 4, 8, 12, 16, 24, 32]
SEEDS = range(5)


class Stack(nn.Module):
    """L single-layer LSTMs; residual: layers 2.. add their input."""

    def __init__(self, L, residual, seed):
        super().__init__()
        torch.manual_seed(seed)         # the same layer 1 at every depth
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


def first_layer_gradient(L, residual, seed):
    """Norm of dJ / d(weights of layer 1), for J on the top layer."""
    data = torch.Generator().manual_seed(1000 + seed)
    xs = torch.randn(batch, T, d, generator=data)
    readout = torch.randn(n, generator=data) / n**0.5  # reads the top
    stack = Stack(L, residual, seed)
    J = (stack(xs)[:, -1] @ readout).mean()   # a linear read-out
    J.backward()
    grads = [p.grad for p in stack.layers[0].parameters()]
    return torch.cat([g.flatten() for g in grads]).norm().item()
# --8<-- [end:stack]

# --8<-- [start:measure]
# norms[residual][seed][i]: the gradient norm at layer 1 for depths[i]
norms = {residual: [[first_layer_gradient(L, residual, seed)
                     for L in depths] for seed in SEEDS]
         for residual in (False, True)}
print(f"‖∂J/∂(layer 1 weights)‖, median over {len(SEEDS)} seeds")
print("layers L    plain   residual")
for i, L in enumerate(depths):
    plain = statistics.median(run[i] for run in norms[False])
    residual = statistics.median(run[i] for run in norms[True])
    print(f"{L:8d} {plain:9.1e} {residual:9.1e}")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for residual, color, marker, label in [
        (False, "C0", "o", "plain stack"),
        (True, "C1", "s", "residual connections between layers")]:
    for seed, run in zip(SEEDS, norms[residual]):  # one line per seed
        ax.plot(depths, run, color=color, marker=marker, markersize=3,
                linewidth=1, label=label if seed == 0 else None)
ax.set_yscale("log")
ax.set_xlabel("number of stacked LSTM layers L")
ax.set_ylabel("gradient norm at layer 1")
ax.legend()
plt.savefig("stacked_gradients.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

def median_per_depth(runs):
    return [statistics.median(run[i] for run in runs) for i in range(len(depths))]


plain_runs, residual_runs = norms[False], norms[True]
falls = [run[-1] / run[0] for run in plain_runs]  # deepest over one layer, per seed
with open("stacked_gradients.results.json", "w") as f:
    json.dump({"depths": depths, "deepest": depths[-1], "seeds": len(SEEDS),
               # medians over the seeds, per depth; per_seed: every seed's list
               "plain": median_per_depth(plain_runs), "residual": median_per_depth(residual_runs),
               "per_seed": {"plain": plain_runs, "residual": residual_runs},
               # plain: the gradient at the deepest stack over the one-layer value (median, range)
               "plain_fall": statistics.median(falls), "plain_fall_range": [min(falls), max(falls)],
               # plain: the mean factor per added layer, (plain[-1] / plain[0])^(1 / (L - 1)), median over seeds
               "plain_factor_per_layer": statistics.median(x ** (1 / (depths[-1] - 1)) for x in falls),
               # residual: the smallest and largest value over the one-layer value, over all seeds
               "residual_range": [min(min(run) / run[0] for run in residual_runs),
                                  max(max(run) / run[0] for run in residual_runs)]},
              f, indent=1, sort_keys=True)
