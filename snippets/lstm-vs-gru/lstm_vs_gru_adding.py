"""LSTM, GRU and plain RNN on the adding problem with T = 50 steps.

Each sequence holds 50 (value, marker) pairs: values uniform in [0, 1],
markers 0 except at two steps, one in each half. The target is the sum
of the two marked values, read out from the last hidden state, so the
first marked value must be carried over 25 or more steps. Predicting the
mean scores an MSE of 1/6 (about 0.167). Trains nn.RNN, nn.LSTM and
nn.GRU (hidden size 32, PyTorch's default initialisation, Adam, the
same seed and the same batches for each), prints the test MSE of each
and the step at which its training loss first fell below a tenth of the
baseline, and plots the training loss curves (lstm_vs_gru_adding.svg).

Run: python lstm_vs_gru_adding.py   (torch, matplotlib; about 30 s)
"""
# --8<-- [start:data]
import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
T, hidden, batch, steps, lr = 50, 32, 64, 700, 0.01
BASELINE = 1 / 6  # MSE of predicting 1: variance of a sum of 2 U(0, 1)


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


test_x, test_y = adding_batch(2000, torch.Generator().manual_seed(1))
# --8<-- [end:data]


# --8<-- [start:train]
class Regressor(nn.Module):
    def __init__(self, cell):  # cell: nn.RNN, nn.LSTM or nn.GRU
        super().__init__()
        self.rnn = cell(2, hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        states, _ = self.rnn(x)
        return self.out(states[:, -1]).squeeze(1)


def train(cell):
    torch.manual_seed(0)  # the same initial weights for every run
    batches = torch.Generator().manual_seed(2)  # ... and the same data
    model = Regressor(cell)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        x, y = adding_batch(batch, batches)
        loss = ((model(x) - y) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        test_mse = ((model(test_x) - test_y) ** 2).mean().item()
    return losses, test_mse


def smooth(values, width=25):
    """Mean of each window of `width` consecutive values."""
    v = torch.tensor(values)
    return (v.cumsum(0)[width - 1:] - torch.cat(
        [torch.zeros(1), v.cumsum(0)[:-width]])) / width


results = {name: train(cell) for name, cell in
           [("RNN", nn.RNN), ("LSTM", nn.LSTM), ("GRU", nn.GRU)]}
print(f"adding problem, T = {T}: baseline MSE {BASELINE:.3f},"
      f" test-set variance {test_y.var().item():.3f}")
print("cell  test MSE  / baseline  training loss < baseline/10 from")
for name, (losses, test_mse) in results.items():
    curve = smooth(losses)  # curve[i]: mean loss of steps i+1 .. i+25
    below = (curve < BASELINE / 10).nonzero()
    learned = f"step {below[0].item() + 25}" if len(below) else "never"
    ratio = test_mse / BASELINE
    print(f"{name:>4} {test_mse:9.4f} {ratio:11.3f}  {learned}")
# --8<-- [end:train]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for (name, (losses, _)), color in zip(results.items(),
                                      ["C1", "C0", "C2"]):
    ax.plot(range(25, steps + 1), smooth(losses), color=color,
            label=name)
ax.axhline(BASELINE, color="C7", linestyle="--", linewidth=1)
ax.text(steps, BASELINE * 1.15, "predict the mean", ha="right",
        color="C7")
ax.set_yscale("log")
ax.set_xlabel("training step")
ax.set_ylabel("training MSE (mean of 25 steps)")
ax.legend(loc="lower left")
plt.savefig("lstm_vs_gru_adding.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

record = {"T": T, "hidden": hidden, "batch": batch, "steps": steps, "lr": lr,
          "baseline": BASELINE, "test_variance": test_y.var().item(), "cells": {}}
for name, (losses, test_mse) in results.items():
    curve = smooth(losses)
    below = (curve < BASELINE / 10).nonzero()
    record["cells"][name] = {
        "test_mse": test_mse, "test_over_baseline": test_mse / BASELINE,
        "below_tenth_from_step": below[0].item() + 25 if len(below) else None,
        # mean training loss of the 25 steps ending at step 25, 50, 100, 150, 200 and the last
        "mean_25_to": {str(end): curve[end - 25].item() for end in (25, 50, 100, 150, 200)},
        "last_25_mean": curve[-1].item()}
with open("lstm_vs_gru_adding.results.json", "w") as f:
    json.dump(record, f, indent=1, sort_keys=True)
