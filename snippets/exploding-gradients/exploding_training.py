"""Training a vanilla RNN with a large learning rate, with and without
gradient clipping, from 5 seeds.

The task: read a sequence of 50 random numbers and output 5 times their
mean at the end, so the first input matters as much as the last. For
each of 5 seeds, trains the same tanh RNN (hidden size 32, same initial
weights, same batches) with plain SGD at a large learning rate twice:
once as is, once clipping the global gradient norm to 1. An unclipped
run stops once its loss overflows (to inf; NaN follows). Prints summary numbers
for seed 0 and over the seeds, and plots every run's loss on a log
scale (exploding_training.svg).

Run: python exploding_training.py   (torch, matplotlib; about 20 s)
"""
# --8<-- [start:imports]
import math

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
# One thread: on several, PyTorch splits sums across the threads and adds the partial sums
# in an order that depends on how many there are. Float addition is not associative, so the
# last bits differ, and a training run that blows up turns them into other losses. This
# makes the output independent of the core count, not of the CPU or of the library versions.
torch.set_num_threads(1)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:setup]
T, hidden, batch, steps = 50, 32, 32, 200
LR, MAX_NORM = 0.3, 1.0
SCALE = 5.0  # the target: SCALE times the mean of the T inputs
SEEDS = range(5)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, hidden, batch_first=True)  # tanh
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        states, _ = self.rnn(x)
        return self.out(states[:, -1]).squeeze(1)


def train(max_norm, seed):
    torch.manual_seed(seed)  # same initial weights and batches for both
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    losses, norms, largest_entries = [], [], []
    for _ in range(steps):
        x = torch.randn(batch, T, 1)
        loss = ((net(x) - SCALE * x.mean(1).squeeze(1)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        grads = [p.grad for p in net.parameters()]
        largest_entries.append(max(g.abs().max().item() for g in grads))
        if max_norm is None:  # measure the norm, change nothing
            norm = nn.utils.get_total_norm(grads)
        else:  # measure, then scale down if above max_norm
            norm = nn.utils.clip_grad_norm_(net.parameters(), max_norm)
        opt.step()
        losses.append(loss.item())
        norms.append(norm.item())
        if not math.isfinite(loss.item()):
            break  # overflowed: inf now, NaN from the next step on
    return losses, norms, largest_entries
# --8<-- [end:setup]


# --8<-- [start:train]
def first_nonfinite_step(losses):
    return next((i + 1 for i, v in enumerate(losses)
                 if not math.isfinite(v)), None)


print(f"loss of always predicting 0: {SCALE ** 2 / T:.3g}"
      " (the target's variance)")
runs = {"no clipping": [train(None, seed) for seed in SEEDS],
        "clipped to norm 1": [train(MAX_NORM, seed) for seed in SEEDS]}
for name, seed_runs in runs.items():
    losses, norms, _ = seed_runs[0]
    finite = [v for v in losses if math.isfinite(v)]
    print(f"{name}, seed 0:")
    print(f"  largest gradient norm {max(norms):.3g},"
          f" largest loss {max(finite):.3g}")
    print("  first non-finite loss at step:",
          first_nonfinite_step(losses) or "none")
    nan_steps = [first_nonfinite_step(losses) for losses, *_ in seed_runs]
    lost = [step for step in nan_steps if step]
    largest = [max(v for v in losses if math.isfinite(v))
               for losses, *_ in seed_runs]
    print(f"  over {len(SEEDS)} seeds: loss non-finite in {len(lost)}"
          + (f" (first at steps {', '.join(map(str, lost))})" if lost else "")
          + f"; largest loss {min(largest):.3g} to {max(largest):.3g}")
# --8<-- [end:train]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for (name, seed_runs), color in zip(runs.items(), ["C3", "C0"]):
    for seed, (losses, *_) in zip(SEEDS, seed_runs):
        shown = [v if math.isfinite(v) else math.nan for v in losses]
        ax.plot(range(1, len(losses) + 1), shown, color=color,
                linewidth=1, label=name if seed == 0 else None)
        nan_at = first_nonfinite_step(losses)
        if nan_at is not None:  # inf is not drawn: mark where it happens
            ax.plot(nan_at, 1e30, "x", color=color)
ax.text(5, 1e32, "x: the loss overflows here", color="C3")
ax.set_yscale("log")
ax.set_xlabel("training step")
ax.set_ylabel("loss (mean squared error)")
ax.legend(loc="center right")
plt.savefig("exploding_training.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

LAST = 50  # the final steps over which a run's mean loss is taken


def summary(seed_runs):
    losses, norms, entries = seed_runs[0]
    finite = [v for v in losses if math.isfinite(v)]
    first_inf_norm = next((i for i, v in enumerate(norms) if math.isinf(v)), None)
    record = {"first_infinite_norm_step": None if first_inf_norm is None else first_inf_norm + 1,
              # the largest gradient entry at that step: finite while the norm (its squares summed) overflowed
              "largest_entry_at_first_infinite_norm": None if first_inf_norm is None else entries[first_inf_norm],
              "first_loss": losses[0], "max_loss": max(finite),
              "max_loss_exponent": math.floor(math.log10(max(finite))),
              "first_nonfinite_step": first_nonfinite_step(losses),
              "max_finite_grad_norm": max(v for v in norms if math.isfinite(v)),
              "all_finite": first_nonfinite_step(losses) is None and all(math.isfinite(v) for v in norms)}
    if record["first_nonfinite_step"] is None:
        record["mean_last_50"] = sum(losses[-LAST:]) / LAST
    # over the seeds, per seed
    record["seeds"] = {
        "first_nonfinite_step": [first_nonfinite_step(l) for l, *_ in seed_runs],
        "max_loss": [max(v for v in l if math.isfinite(v)) for l, *_ in seed_runs],
        "mean_last_50": [sum(l[-LAST:]) / LAST if first_nonfinite_step(l) is None else None for l, *_ in seed_runs]}
    per_seed = record["seeds"]
    finite_runs = [m for m, step in zip(per_seed["max_loss"], per_seed["first_nonfinite_step"]) if step is None]
    last_50 = [m for m in per_seed["mean_last_50"] if m is not None]
    record.update(nonfinite_seeds=sum(step is not None for step in per_seed["first_nonfinite_step"]),
                  min_max_loss=min(per_seed["max_loss"]), max_max_loss=max(per_seed["max_loss"]),
                  max_max_loss_finite_runs=max(finite_runs, default=None),
                  min_mean_last_50=min(last_50, default=None), max_mean_last_50=max(last_50, default=None))
    return record


(plain_losses, *_), (clipped_losses, clipped_norms, _) = runs["no clipping"][0], runs["clipped to norm 1"][0]
same_until = next(i for i, (a, b) in enumerate(zip(plain_losses, clipped_losses)) if a != b)
# the first step at which the unclipped loss is more than 10 times the clipped one (or not finite)
parted = next(i + 1 for i, (a, b) in enumerate(zip(plain_losses, clipped_losses)) if not a <= 10 * b)
with open("exploding_training.results.json", "w") as f:
    json.dump({"T": T, "hidden": hidden, "batch": batch, "steps": steps, "lr": LR, "seeds": len(SEEDS),
               "max_norm": MAX_NORM, "target_scale": SCALE, "last_steps": LAST,
               "predict_zero_loss": SCALE ** 2 / T,
               "identical_steps": same_until, "tenfold_step": parted,
               "first_clipped_step": next(i + 1 for i, v in enumerate(clipped_norms) if v > MAX_NORM),
               "no_clipping": summary(runs["no clipping"]),
               "clipped": summary(runs["clipped to norm 1"])},
              f, indent=1, sort_keys=True)
