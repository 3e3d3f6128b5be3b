"""A task that needs the right context: is there a marker further on?

Each sequence holds T random tokens; token 0 is the marker and turns up
at each position independently with probability q. The label of
position t is 1 if a marker appears somewhere after t. What comes before
t says nothing about what comes after, so a left-to-right reader can only
guess from the position. Trains a unidirectional and a bidirectional LSTM
tagger (same sizes, same seed, same batches), prints their test accuracy
next to the best accuracy any left-to-right reader can reach, and plots
accuracy during training and per position (birnn_toy_task.svg).

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
def accuracy(model, tokens, labels):
    """Fraction of correct labels, per position t: a tensor (T,)."""
    with torch.no_grad():
        predicted = (model(tokens) > 0).float()
    return (predicted == labels).float().mean(0)


def train(bidirectional, steps=150, batch=64, every=10):
    torch.manual_seed(0)  # same seed: embedding, forward LSTM start equal
    data = torch.Generator().manual_seed(1)  # same batches,
    test_data = torch.Generator().manual_seed(2)   # same test set
    test_tokens, test_labels = make_batch(2000, test_data)
    model = Tagger(bidirectional)
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    curve = []                              # (step, test accuracy)
    for step in range(steps + 1):
        if step % every == 0:
            acc = accuracy(model, test_tokens, test_labels)
            curve.append((step, acc.mean().item()))
        if step == steps:
            return curve, acc
        tokens, labels = make_batch(batch, data)
        loss = nn.functional.binary_cross_entropy_with_logits(
            model(tokens), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()


runs = {"unidirectional": train(False), "bidirectional": train(True)}
for name, (curve, per_position) in runs.items():
    print(f"{name:>14} LSTM: test accuracy {curve[-1][1]:.3f},"
          f" lowest at one position {per_position.min():.3f}")
# --8<-- [end:train]

# --8<-- [start:plot]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.4), sharey=True,
                               layout="constrained")
for i, (name, (curve, per_position)) in enumerate(runs.items()):
    steps, accs = zip(*curve)
    ax1.plot(steps, accs, color=f"C{i}", label=f"{name} LSTM")
    ax2.plot(range(1, T + 1), per_position, color=f"C{i}", marker="o",
             markersize=3)
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

recorded = {"T": T, "q": q,
            "best_left_to_right": {"mean": best_left_to_right.mean().item(),
                                   "per_position": best_left_to_right.tolist()}}
for name, (curve, per_position) in runs.items():
    recorded[name] = {"accuracy": curve[-1][1], "lowest_position": per_position.min().item(),
                      "per_position": per_position.tolist(),
                      "curve": [{"step": step, "accuracy": acc} for step, acc in curve],
                      # the first evaluated step with test accuracy of at least 0.99, or None
                      "first_step_99": next((step for step, acc in curve if acc >= 0.99), None)}
with open("birnn_toy_task.results.json", "w") as f:
    json.dump(recorded, f, indent=1, sort_keys=True)
