"""A task that needs the right context: is there a marker further on?

Each sequence holds T random tokens; token 0 is the marker and turns up
at each position independently with probability q. The label of
position t is 1 if a marker appears somewhere after t. What comes before
t says nothing about what comes after, so a left-to-right reader can only
guess from the position. Trains a unidirectional and a bidirectional LSTM
tagger (same sizes) with 5 seeds each; a seed fixes the training
batches, the test set and the initial weights, and both models of one
seed get the same batches, the same test set and the same initial
embedding and forward-LSTM weights. Prints every seed's test accuracy
next to the best accuracy a guess from the position alone reaches on
that seed's test set, and plots accuracy during training and per
position, one line per seed (birnn_toy_task.svg).

Run: python birnn_toy_task.py   (torch, matplotlib; about 10 s)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:data]
vocab, T = 8, 16                 # token ids 0 .. 7, sequence length
q = 1 - 0.5 ** (2 / T)           # P(marker later) = 1/2 around t = T/2
MARKER = 0


def make_batch(size, generator):
    """Random sequences (size, T) and their labels (size, T), 0 or 1."""
    tokens = torch.randint(1, vocab, (size, T), generator=generator)
    is_marker = torch.rand(size, T, generator=generator) < q
    tokens[is_marker] = MARKER
    # markers strictly after t: count from the right, shifted by one
    after = is_marker.flip(1).cumsum(1).flip(1) - is_marker.long()
    return tokens, (after > 0).float()


steps_left = torch.arange(T - 1, -1, -1)       # positions after t
p_later = 1 - (1 - q) ** steps_left            # P(label = 1) at t
best_left_to_right = torch.maximum(p_later, 1 - p_later)
print(f"T = {T}, marker probability q = {q:.3f}")
print(f"best left-to-right accuracy: {best_left_to_right.mean():.3f}"
      " (guess from the position alone)")
# --8<-- [end:data]


# --8<-- [start:model]
class Tagger(nn.Module):
    """Embedding, one LSTM layer, a logit per token."""

    def __init__(self, bidirectional, hidden=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, 8)
        self.lstm = nn.LSTM(8, hidden, batch_first=True,
                            bidirectional=bidirectional)
        directions = 2 if bidirectional else 1
        self.out = nn.Linear(directions * hidden, 1)

    def forward(self, tokens):
        states, _ = self.lstm(self.embed(tokens))  # (batch, T, 1 or 2 n)
        return self.out(states).squeeze(2)         # (batch, T) logits
# --8<-- [end:model]


# --8<-- [start:train]
seeds = range(5)
steps, every = 60, 5    # training steps; test accuracy every 5 steps


def accuracy(model, tokens, labels):
    """Fraction of correct labels, per position t: a tensor (T,)."""
    with torch.no_grad():
        predicted = (model(tokens) > 0).float()
    return (predicted == labels).float().mean(0)


def seed_data(seed):
    """The seed's data generator, after drawing its test set first."""
    data = torch.Generator().manual_seed(100 + seed)
    return data, make_batch(1000, data)  # then the batches


def train(bidirectional, seed, batch=64):
    """One tagger; the seed fixes its batches, its test set and its
    initial weights, the same for both models up to their sizes."""
    torch.manual_seed(seed)  # embedding and forward LSTM start equal
    data, (test_tokens, test_labels) = seed_data(seed)
    model = Tagger(bidirectional)
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    curve = []                              # test accuracy, every 5 steps
    for step in range(steps + 1):
        if step % every == 0:
            acc = accuracy(model, test_tokens, test_labels)
            curve.append(acc.mean().item())
        if step == steps:
            return curve, acc
        tokens, labels = make_batch(batch, data)
        loss = nn.functional.binary_cross_entropy_with_logits(
            model(tokens), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()


def position_only(seed):
    """The best guess from the position alone on the seed's test set:
    at each position, the label that is more frequent there."""
    _, (_, labels) = seed_data(seed)
    share = labels.mean(0)                  # fraction of 1s, per position
    return torch.maximum(share, 1 - share).mean().item()


runs = {"unidirectional": [train(False, seed) for seed in seeds],
        "bidirectional": [train(True, seed) for seed in seeds]}
position_rule = [position_only(seed) for seed in seeds]
print(f"{'seed':>40}" + "".join(f"{seed:7d}" for seed in seeds))
print(f"{'position only':20}{'test accuracy':>20}"
      + "".join(f"{acc:7.3f}" for acc in position_rule))
for name, per_seed in runs.items():
    finals = "".join(f"{curve[-1]:7.3f}" for curve, _ in per_seed)
    worst = "".join(f"{acc.min():7.3f}" for _, acc in per_seed)
    print(f"{name + ' LSTM':20}{'test accuracy':>20}{finals}")
    print(f"{'':20}{'at worst position':>20}{worst}")
# --8<-- [end:train]

# --8<-- [start:plot]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.4), sharey=True,
                               layout="constrained")
for i, (name, per_seed) in enumerate(runs.items()):
    for seed, (curve, per_position) in zip(seeds, per_seed):
        label = f"{name} LSTM, {len(seeds)} seeds" if seed == 0 else None
        ax1.plot(range(0, steps + 1, every), curve, color=f"C{i}",
                 linewidth=1, alpha=0.7, label=label)
        ax2.plot(range(1, T + 1), per_position, color=f"C{i}",
                 linewidth=1, alpha=0.7, marker="o", markersize=2)
ax1.axhline(best_left_to_right.mean(), color="C2", linestyle="--",
            label="best left-to-right reader")
ax2.plot(range(1, T + 1), best_left_to_right, color="C2",
         linestyle="--")
ax1.set_xlabel("training step")
ax1.set_ylabel("test accuracy")
ax1.set_title("during training")
ax2.set_xlabel("position t in the sequence")
ax2.set_title("after training, per position")
ax2.set_xticks([1, 4, 8, 12, 16])
ax1.legend(loc="lower right")
plt.savefig("birnn_toy_task.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json
import statistics


def spread(values):
    """Every seed's value, and their median, min and max."""
    values = [float(v) for v in values]
    return {"per_seed": values, "median": statistics.median(values),
            "min": min(values), "max": max(values)}


recorded = {"T": T, "q": q, "seeds": len(seeds), "test_sequences": 1000,
            "steps": steps,
            "best_left_to_right": {"mean": best_left_to_right.mean().item(),
                                   "per_position": best_left_to_right.tolist()},
            # per seed, the best guess from the position alone on that seed's test set
            "position_only": spread(position_rule)}
for name, per_seed in runs.items():
    # per seed, the first evaluated step with test accuracy of at least 0.99, or None
    first_99 = [next((every * i for i, acc in enumerate(curve) if acc >= 0.99), None)
                for curve, _ in per_seed]
    recorded[name] = {
        "accuracy": spread(curve[-1] for curve, _ in per_seed),
        "lowest_position": spread(acc.min() for _, acc in per_seed),
        # per seed: how far the accuracy falls below the position-only guess on
        # the same test set (negative where it is above)
        "below_position_only": spread(rule - curve[-1]
                                      for (curve, _), rule in zip(per_seed, position_rule)),
        "per_position": [acc.tolist() for _, acc in per_seed],
        "curve": {"steps": list(range(0, steps + 1, every)),
                  "accuracy": [curve for curve, _ in per_seed]},
        "first_step_99": {"per_seed": first_99,
                          "min": None if None in first_99 else min(first_99),
                          "max": None if None in first_99 else max(first_99)}}
with open("birnn_toy_task.results.json", "w") as f:
    json.dump(recorded, f, indent=1, sort_keys=True)
