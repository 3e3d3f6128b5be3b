"""Training a vanilla RNN with a large learning rate, with and without
gradient clipping.

The task: read a sequence of 50 random numbers and output 5 times their
mean at the end, so the first input matters as much as the last. Trains
the same tanh RNN (hidden size 32, same seed, same initial weights, same
batches) with plain SGD at a large learning rate twice: once as is, once
clipping the global gradient norm to 1. Prints summary numbers and plots
both loss curves on a log scale (exploding_training.svg).

Run: python exploding_training.py   (torch, matplotlib; about 10 s)
"""
# --8<-- [start:imports]
import math

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:setup]
T, hidden, batch, steps = 50, 32, 32, 200
LR, MAX_NORM = 0.3, 1.0


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, hidden, batch_first=True)  # tanh
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        states, _ = self.rnn(x)
        return self.out(states[:, -1]).squeeze(1)


def train(max_norm):
    torch.manual_seed(0)  # same initial weights and batches for both runs
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    losses, norms = [], []
    for _ in range(steps):
        x = torch.randn(batch, T, 1)
        loss = ((net(x) - x.mean(1).squeeze(1) * 5) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        if max_norm is None:  # measure the norm, change nothing
            grads = [p.grad for p in net.parameters()]
            norm = nn.utils.get_total_norm(grads)
        else:  # measure, then scale down if above max_norm
            norm = nn.utils.clip_grad_norm_(net.parameters(), max_norm)
        opt.step()
        losses.append(loss.item())
        norms.append(norm.item())
    return losses, norms
# --8<-- [end:setup]


# --8<-- [start:train]
print(f"loss of always predicting 0: {25 / T:.3g} (the target's variance)")
runs = {"no clipping": train(None), "clipped to norm 1": train(MAX_NORM)}
for name, (losses, norms) in runs.items():
    finite = [v for v in losses if math.isfinite(v)]
    nan_at = next((i for i, v in enumerate(losses)
                   if not math.isfinite(v)), None)
    print(f"{name}:")
    print(f"  largest gradient norm {max(norms):.3g},"
          f" largest loss {max(finite):.3g}")
    print(f"  loss over the last 50 steps: "
          f"{sum(losses[-50:]) / 50:.3g} (mean)")
    print("  first non-finite loss at step:",
          "none" if nan_at is None else nan_at + 1)
# --8<-- [end:train]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for (name, (losses, _)), color in zip(runs.items(), ["C3", "C0"]):
    shown = [v if math.isfinite(v) else math.nan for v in losses]
    ax.plot(range(1, steps + 1), shown, color=color, label=name,
            linewidth=1)
    nan_at = next((i for i, v in enumerate(losses)
                   if not math.isfinite(v)), None)
    if nan_at is not None:  # a NaN is not drawn: mark where it starts
        ax.axvline(nan_at + 1, color=color, linestyle="--", linewidth=1)
        ax.text(nan_at + 3, 1e20, f"loss is NaN from step {nan_at + 1}",
                color=color)
ax.set_yscale("log")
ax.set_xlabel("training step")
ax.set_ylabel("loss (mean squared error)")
ax.legend()
plt.savefig("exploding_training.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json


def summary(losses, norms):
    finite = [v for v in losses if math.isfinite(v)]
    nan_at = next((i for i, v in enumerate(losses) if not math.isfinite(v)), None)
    record = {"first_loss": losses[0], "max_loss": max(finite),
              "max_loss_exponent": math.floor(math.log10(max(finite))),
              "first_nonfinite_step": None if nan_at is None else nan_at + 1,
              "max_finite_grad_norm": max(v for v in norms if math.isfinite(v)),
              "all_finite": nan_at is None and all(math.isfinite(v) for v in norms)}
    if nan_at is None:
        record["mean_last_50"] = sum(losses[-50:]) / 50
    return record


(plain_losses, _), (clipped_losses, clipped_norms) = runs.values()
same_until = next(i for i, (a, b) in enumerate(zip(plain_losses, clipped_losses)) if a != b)
# the first step at which the unclipped loss is more than 10 times the clipped one (or NaN)
parted = next(i + 1 for i, (a, b) in enumerate(zip(plain_losses, clipped_losses)) if not a <= 10 * b)
with open("exploding_training.results.json", "w") as f:
    json.dump({"T": T, "hidden": hidden, "batch": batch, "steps": steps, "lr": LR,
               "max_norm": MAX_NORM, "predict_zero_loss": 25 / T,
               "identical_steps": same_until, "tenfold_step": parted,
               "first_clipped_step": next(i + 1 for i, v in enumerate(clipped_norms) if v > MAX_NORM),
               "no_clipping": summary(*runs["no clipping"]),
               "clipped": summary(*runs["clipped to norm 1"])},
              f, indent=1, sort_keys=True)
