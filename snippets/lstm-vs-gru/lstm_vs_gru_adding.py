"""LSTM, GRU and plain RNN on the adding problem with T = 50 steps, over 5 seeds.

Each sequence holds 50 (value, marker) pairs: values uniform in [0, 1],
markers 0 except at two steps, one in each half. The target is the sum
of the two marked values, read out from the last hidden state, so the
first marked value must be carried over 25 or more steps. Predicting the
mean scores an MSE of 1/6 (about 0.167), and every network starts on
that plateau. Trains nn.RNN, nn.LSTM (forget-gate bias 1, as the LSTM
chapter advises) and nn.GRU, hidden size 32, with Adam, from 5 seeds
each (a seed fixes the initial weights and the batches; seed s gives
every cell the same batches). A run stops when the mean training loss of
its last 25 steps falls below a tenth of the baseline (it has left the
plateau), or after 700 steps. Prints, per cell, in how many seeds it left
the plateau and at which step, and plots every run's loss curve
(lstm_vs_gru_adding.svg).

Run: python lstm_vs_gru_adding.py   (torch, matplotlib; about 1 min)
"""
# --8<-- [start:data]
import statistics

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
# One thread: on several, PyTorch splits sums across the threads and adds the partial sums
# in an order that depends on how many there are. Float addition is not associative, so the
# last bits differ, and over many training steps that grows into other numbers. This makes
# the output independent of the core count, not of the CPU or of the library versions.
torch.set_num_threads(1)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
T, hidden, batch, max_steps, lr = 50, 32, 64, 700, 0.01
SEEDS = range(5)
BASELINE = 1 / 6  # MSE of predicting 1: variance of a sum of 2 U(0, 1)
WINDOW = 25  # training losses are averaged over the last 25 steps


def adding_batch(size, generator):
    """Inputs (size, T, 2): value and marker per step; targets (size,)."""
    values = torch.rand(size, T, generator=generator)
    first = torch.randint(0, T // 2, (size,), generator=generator)
    second = torch.randint(T // 2, T, (size,), generator=generator)
    markers = torch.zeros(size, T)
    markers[torch.arange(size), first] = 1.0
    markers[torch.arange(size), second] = 1.0
    inputs = torch.stack([values, markers], dim=2)
    return inputs, (values * markers).sum(dim=1)


test_x, test_y = adding_batch(2000, torch.Generator().manual_seed(99))
# --8<-- [end:data]


# --8<-- [start:train]
class Regressor(nn.Module):
    def __init__(self, cell):  # cell: nn.RNN, nn.LSTM or nn.GRU
        super().__init__()
        self.rnn = cell(2, hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)
        if cell is nn.LSTM:  # forget-gate bias 1 (gate order i, f, g, o)
            with torch.no_grad():
                self.rnn.bias_ih_l0[hidden:2 * hidden] = 1.0
                self.rnn.bias_hh_l0[hidden:2 * hidden] = 0.0

    def forward(self, x):
        states, _ = self.rnn(x)
        return self.out(states[:, -1]).squeeze(1)


def train(cell, seed):
    """Train until the last 25 losses average below BASELINE / 10."""
    torch.manual_seed(seed)  # the initial weights ...
    batches = torch.Generator().manual_seed(1000 + seed)  # ... and data
    model = Regressor(cell)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses, left_at = [], None
    for step in range(1, max_steps + 1):
        x, y = adding_batch(batch, batches)
        loss = ((model(x) - y) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if step >= WINDOW and sum(losses[-WINDOW:]) / WINDOW < BASELINE / 10:
            left_at = step  # it has left the plateau
            break
    with torch.no_grad():
        test_mse = ((model(test_x) - test_y) ** 2).mean().item()
    return {"losses": losses, "left_at": left_at, "test_mse": test_mse}


cells = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}
runs = {name: [train(cell, seed) for seed in SEEDS]
        for name, cell in cells.items()}
print(f"adding problem, T = {T}, {len(SEEDS)} seeds, at most {max_steps}"
      f" steps; baseline MSE {BASELINE:.3f}")
for name, seed_runs in runs.items():
    steps = [run["left_at"] for run in seed_runs if run["left_at"]]
    print(f"{name:>4}: left the plateau in {len(steps)} of {len(SEEDS)}"
          " seeds", end="")
    if steps:
        print(f", at steps {min(steps)} to {max(steps)}"
              f" (median {statistics.median(steps):g})", end="")
    print()
# --8<-- [end:train]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
for (name, seed_runs), color in zip(runs.items(), ["C1", "C0", "C2"]):
    for seed, run in zip(SEEDS, seed_runs):
        losses = torch.tensor(run["losses"])
        means = losses.unfold(0, WINDOW, 1).mean(1)  # last-25 means
        ax.plot(range(WINDOW, len(losses) + 1), means, color=color,
                linewidth=1, label=name if seed == 0 else None)
        if run["left_at"]:  # a dot where the run left the plateau
            ax.plot(run["left_at"], means[-1], "o", color=color, ms=4)
ax.axhline(BASELINE, color="C7", linestyle="--", linewidth=1)
ax.text(max_steps, BASELINE * 1.15, "predict the mean", ha="right",
        color="C7")
ax.axhline(BASELINE / 10, color="C7", linestyle=":", linewidth=1)
ax.text(max_steps, BASELINE / 10 * 1.15, "a tenth of it: stop",
        ha="right", color="C7")
ax.set_yscale("log")
ax.set_xlabel("training step")
ax.set_ylabel("training MSE (mean of 25 steps)")
ax.legend(loc="lower left")
plt.savefig("lstm_vs_gru_adding.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json


def window_mean(losses, end):
    """Mean training loss of steps end - 24 .. end (None if the run stopped before)."""
    return sum(losses[end - WINDOW:end]) / WINDOW if len(losses) >= end else None


record = {"T": T, "hidden": hidden, "batch": batch, "max_steps": max_steps, "lr": lr,
          "seeds": len(SEEDS), "window": WINDOW, "baseline": BASELINE,
          "test_variance": test_y.var().item(), "cells": {}}
for name, seed_runs in runs.items():
    steps = [run["left_at"] for run in seed_runs if run["left_at"]]
    record["cells"][name] = {
        "left_at": [run["left_at"] for run in seed_runs],  # per seed; None: still on the plateau at the end
        "left": len(steps),
        "left_min": min(steps, default=None), "left_max": max(steps, default=None),
        "left_median": statistics.median(steps) if steps else None,
        # runs that did not leave the plateau by the last step, yet ended below half the baseline
        "still_descending": sum(run["left_at"] is None and window_mean(run["losses"], len(run["losses"])) < BASELINE / 2
                                for run in seed_runs),
        "test_over_baseline": [run["test_mse"] / BASELINE for run in seed_runs],
        "mean_to_50": [window_mean(run["losses"], 50) for run in seed_runs],
        "last_window_mean": [window_mean(run["losses"], len(run["losses"])) for run in seed_runs]}
with open("lstm_vs_gru_adding.results.json", "w") as f:
    json.dump(record, f, indent=1, sort_keys=True)
