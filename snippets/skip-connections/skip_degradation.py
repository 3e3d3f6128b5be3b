"""Training a deep plain network, the same depth with residual
connections, and a shallow plain network on the same data, 5 seeds each.

Uses the three-arm spiral data set (300 points, 3 classes) and trains
three ReLU networks of width 32 with full-batch Adam for 200 steps, from
PyTorch's default initialisation: a shallow plain net (4 weight layers),
a deep plain net (20 weight layers) and a residual net with the same 20
weight layers, grouped in blocks x + F(x). Each of 5 seeds fixes the
data's noise and the initial weights; the three networks of one seed see
the same data, and the two deep ones start from the same weights. The 5
networks of each kind train at once, as one batch of networks. Prints
every seed's training loss at a few steps and plots the training-loss
curves, one line per seed (skip_degradation.svg).

Run: python skip_degradation.py   (numpy, torch, matplotlib; ~10 s)
"""
# --8<-- [start:imports]
import math

import matplotlib.pyplot as plt
import numpy as np
import torch

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:data]
seeds = range(5)
points_per_class, classes = 100, 3


def spiral(rng):
    """Three noisy spiral arms: points (300, 2) and labels (300,)."""
    X, y = [], []
    for k in range(classes):
        radius = np.linspace(0.0, 1.0, points_per_class)
        angle = (np.linspace(4.0 * k, 4.0 * (k + 1), points_per_class)
                 + 0.2 * rng.normal(size=points_per_class))  # noisy arms
        X.append(np.stack([radius * np.sin(angle),
                           radius * np.cos(angle)], axis=1))
        y.append(np.full(points_per_class, k))
    return np.concatenate(X), np.concatenate(y)


# one independent generator per seed, spawned from seed 0
data = [spiral(rng) for rng in np.random.default_rng(0).spawn(len(seeds))]
X = torch.tensor(np.stack([X for X, _ in data]), dtype=torch.float32)
y = torch.tensor(np.stack([y for _, y in data]), dtype=torch.int64)
print(f"{len(seeds)} data sets, one per seed: X {tuple(X.shape)},"
      f" y {tuple(y.shape)}")
# --8<-- [end:data]

# --8<-- [start:model]
width, steps, learning_rate = 32, 200, 0.003


def layer_sizes(blocks):
    """Input layer, `blocks` blocks of two weight layers, output layer:
    2 * blocks + 2 weight layers."""
    return [(2, width)] + [(width, width)] * (2 * blocks) + [(width, classes)]


def initial_weights(blocks, seed):
    """One network's [W, b] per layer, drawn as nn.Linear does by
    default: uniform in +-1/sqrt(fan-in)."""
    generator = torch.Generator().manual_seed(seed)
    layers = []
    for n_in, n_out in layer_sizes(blocks):
        bound = 1 / math.sqrt(n_in)
        W = (2 * torch.rand(n_in, n_out, generator=generator) - 1) * bound
        b = (2 * torch.rand(1, n_out, generator=generator) - 1) * bound
        layers.append([W, b])
    return layers


def forward(layers, X, residual):
    """Class scores (seeds, points, classes). A block computes
    F(x) = W_2 relu(W_1 x + b_1) + b_2, then relu(F(x)) if plain or
    x + F(x) if residual. The points are rows, so the code computes
    relu(h @ W1 + b1) @ W2 + b2: each W here holds the maths' W transposed."""
    (W, b), *blocks, (W_out, b_out) = layers
    h = torch.relu(X @ W + b)
    for (W1, b1), (W2, b2) in zip(blocks[0::2], blocks[1::2]):
        f = torch.relu(h @ W1 + b1) @ W2 + b2
        h = h + f if residual else torch.relu(f)
    return h @ W_out + b_out


def train(blocks, residual):
    """Full-batch Adam for all seeds at once; returns the training loss
    of every seed at every step, a tensor (steps, seeds)."""
    per_seed = [initial_weights(blocks, seed) for seed in seeds]
    # one network per seed, stacked: each weight gets a leading seed axis,
    # (seeds, n_in, n_out), and `@` multiplies seed by seed
    layers = [[torch.stack(w).requires_grad_() for w in zip(*layer)]
              for layer in zip(*per_seed)]
    optimiser = torch.optim.Adam([p for layer in layers for p in layer],
                                 lr=learning_rate)
    losses = []
    for _ in range(steps):
        scores = forward(layers, X, residual)
        loss = torch.nn.functional.cross_entropy(
            scores.transpose(1, 2), y, reduction="none").mean(1)  # (seeds,)
        optimiser.zero_grad()
        # summed, so each seed's weights get exactly their own loss's
        # gradient; Adam works entry by entry: the runs stay independent
        loss.sum().backward()
        optimiser.step()
        losses.append(loss.detach())
    return torch.stack(losses)
# --8<-- [end:model]


# --8<-- [start:train]
runs = {"shallow plain, 4 layers": train(1, residual=False),
        "deep plain, 20 layers": train(9, residual=False),
        "residual, 20 layers": train(9, residual=True)}
print("training loss (cross-entropy; ln 3 = 1.0986 is chance)")
print(f"{'':24} {'step':>6}" + "".join(f"  seed {s}" for s in seeds))
for name, losses in runs.items():
    for step in (1, 100, steps):
        row = "".join(f"{loss:8.4f}" for loss in losses[step - 1])
        print(f"{name if step == 1 else '':24} {step:6d}{row}")
    lowest = "".join(f"{loss:8.4f}" for loss in losses.min(0).values)
    print(f"{'':24} {'lowest':>6}{lowest}")
# --8<-- [end:train]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(7.6, 3.4), layout="constrained")
for (name, losses), color in zip(runs.items(), ["C2", "C1", "C0"]):
    for seed in seeds:  # one thin line per seed
        ax.plot(range(1, steps + 1), losses[:, seed], color=color,
                linewidth=1, alpha=0.8, label=name if seed == 0 else None)
ax.set_yscale("log")
ax.set_xlabel("training step")
ax.set_ylabel("training loss (cross-entropy)")
fig.legend(loc="outside right upper", title=f"{len(seeds)} seeds each")
plt.savefig("skip_degradation.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json
import statistics


def spread(values):
    """Every seed's value, and their median, min and max."""
    values = [float(v) for v in values]
    return {"per_seed": values, "median": statistics.median(values),
            "min": min(values), "max": max(values)}


chance = math.log(3)
keys = {"shallow plain, 4 layers": "shallow", "deep plain, 20 layers": "deep_plain",
        "residual, 20 layers": "residual"}
recorded = {"width": width, "steps": steps, "learning_rate": learning_rate,
            "weight_layers": {"shallow": len(layer_sizes(1)), "deep": len(layer_sizes(9))},
            "seeds": len(seeds), "points": X.shape[1], "chance": chance,
            "near_chance_threshold": 0.9 * chance, "runs": {}}
for name, losses in runs.items():
    # per seed, how many steps from the start the loss stays above 90 % of chance
    near_chance = [next((i for i, v in enumerate(losses[:, seed]) if v < 0.9 * chance), steps)
                   for seed in seeds]
    recorded["runs"][keys[name]] = {
        "step_1": spread(losses[0]), "step_100": spread(losses[99]), "final": spread(losses[-1]),
        "lowest": spread(losses.min(0).values), "near_chance_steps": spread(near_chance),
        "never_leaves_chance": sum(n == steps for n in near_chance),
        # the lowest loss any seed reaches that never gets below 90 % of chance, or None
        "stuck_lowest": min((losses[:, seed].min().item() for seed in seeds
                             if near_chance[seed] == steps), default=None)}
first_step = torch.cat([losses[0] for losses in runs.values()])  # every network's loss at step 1
recorded["start"] = {"min": first_step.min().item(), "max": first_step.max().item()}
final = {key: run["final"]["per_seed"] for key, run in recorded["runs"].items()}
lowest = {key: run["lowest"]["per_seed"] for key, run in recorded["runs"].items()}
recorded["deep_plain_ends_highest_in"] = sum(
    p > max(s, r) for p, s, r in zip(final["deep_plain"], final["shallow"], final["residual"]))
recorded["residual_ends_lowest_in"] = sum(
    r < min(p, s) for p, s, r in zip(final["deep_plain"], final["shallow"], final["residual"]))
recorded["residual_reaches_lowest_in"] = sum(
    r < min(p, s) for p, s, r in zip(lowest["deep_plain"], lowest["shallow"], lowest["residual"]))
recorded["lowest_ratio"] = {  # per seed: how many times lower the residual net gets
    "deep_plain_over_residual": spread(p / r for p, r in zip(lowest["deep_plain"], lowest["residual"]))}
with open("skip_degradation.results.json", "w") as f:
    json.dump(recorded, f, indent=1, sort_keys=True)
