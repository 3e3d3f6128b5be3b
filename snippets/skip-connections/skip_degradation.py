"""Training a deep plain network, the same depth with residual
connections, and a shallow plain network on the same data.

Uses the seeded three-arm spiral data set (300 points, 3 classes) and
trains three ReLU networks of width 32 with full-batch Adam for 200
steps, from PyTorch's default initialisation: a shallow plain net (4
weight layers), a deep plain net (20 weight layers) and a residual net
with the same 20 weight layers, grouped in blocks x + F(x). Prints the
training loss at a few steps and plots the three training-loss curves
(skip_degradation.svg).

Run: python skip_degradation.py   (numpy, torch, matplotlib; ~10 s)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
rng = np.random.default_rng(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:data]
points_per_class, classes = 100, 3
X, y = [], []
for k in range(classes):
    radius = np.linspace(0.0, 1.0, points_per_class)
    angle = (np.linspace(4.0 * k, 4.0 * (k + 1), points_per_class)
             + 0.2 * rng.normal(size=points_per_class))  # noisy arms
    X.append(np.stack([radius * np.sin(angle),
                       radius * np.cos(angle)], axis=1))
    y.append(np.full(points_per_class, k))
X = torch.tensor(np.concatenate(X), dtype=torch.float64)  # (300, 2)
y = torch.tensor(np.concatenate(y), dtype=torch.int64)    # (300,)
# --8<-- [end:data]

# --8<-- [start:model]
width, steps, learning_rate = 32, 200, 0.003


class Block(nn.Module):
    """Two weight layers: F(x) = W_2 relu(W_1 x + b_1) + b_2, then
    relu(F(x)) for a plain block or x + F(x) for a residual one."""

    def __init__(self, residual):
        super().__init__()
        self.linear1 = nn.Linear(width, width, dtype=torch.float64)
        self.linear2 = nn.Linear(width, width, dtype=torch.float64)
        self.residual = residual

    def forward(self, x):
        f = self.linear2(torch.relu(self.linear1(x)))
        return x + f if self.residual else torch.relu(f)


def network(blocks, residual):
    """Input layer, the blocks, output layer: 2 * blocks + 2 weight
    layers."""
    return nn.Sequential(
        nn.Linear(2, width, dtype=torch.float64), nn.ReLU(),
        *[Block(residual) for _ in range(blocks)],
        nn.Linear(width, classes, dtype=torch.float64))


def train(blocks, residual):
    """Full-batch Adam; returns the training loss at every step."""
    torch.manual_seed(1)  # same initialisation scheme and seed for all
    net = network(blocks, residual)
    optimiser = torch.optim.Adam(net.parameters(), lr=learning_rate)
    losses = []
    for _ in range(steps):
        loss = nn.functional.cross_entropy(net(X), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    return losses
# --8<-- [end:model]


# --8<-- [start:train]
runs = {"shallow plain, 4 layers": train(1, residual=False),
        "deep plain, 20 layers": train(9, residual=False),
        "residual, 20 layers": train(9, residual=True)}
print("training loss (cross-entropy; ln 3 = 1.0986 is chance)")
print(f"{'':24} {'step 1':>7} {'step 100':>9} {'step 200':>9}")
for name, losses in runs.items():
    print(f"{name:24} {losses[0]:7.4f} {losses[99]:9.4f}"
          f" {losses[-1]:9.4f}")
# --8<-- [end:train]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(7.6, 3.4), layout="constrained")
for (name, losses), color in zip(runs.items(), ["C2", "C1", "C0"]):
    ax.plot(range(1, steps + 1), losses, color=color, label=name)
ax.set_yscale("log")
ax.set_xlabel("training step")
ax.set_ylabel("training loss (cross-entropy)")
fig.legend(loc="outside right upper")
plt.savefig("skip_degradation.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json
import math

keys = {"shallow plain, 4 layers": "shallow", "deep plain, 20 layers": "deep_plain",
        "residual, 20 layers": "residual"}
with open("skip_degradation.results.json", "w") as f:
    json.dump({"width": width, "steps": steps, "learning_rate": learning_rate,
               "chance": math.log(3),
               "runs": {keys[name]: {"step_1": losses[0], "step_100": losses[99],
                                     "final": losses[-1],
                                     "below_90pc_chance_from": next(
                                         (i + 1 for i, v in enumerate(losses) if v < 0.9 * math.log(3)),
                                         None)}
                        for name, losses in runs.items()}},
              f, indent=1, sort_keys=True)
