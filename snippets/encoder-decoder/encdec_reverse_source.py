"""Sutskever et al.'s reversed source, measured on the copy task.

A one-way encoder-decoder (one LSTM layer each, hidden size 32; the
encoder's final (h, c) is the decoder's initial state) learns to copy
strings of 8 digits. It is trained twice per seed, once reading the
source in its own order and once reversed; the target is never reversed.
Both runs of a seed start from the same weights and see the same batches
and test strings; only the order in which the encoder reads differs.
Prints, for 5 seeds, the share of digits copied correctly (greedy
decoding) after training and at each position of the output, greedy and
fed the true previous digits, and plots the greedy test accuracy during
training and per position (encdec_reverse_source.svg).

Run: python encdec_reverse_source.py   (torch, matplotlib; about 8 s)
"""
# --8<-- [start:imports]
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
# --8<-- [end:imports]

# --8<-- [start:model]
DIGITS, START, T = 10, 10, 8    # digits 0-9, the decoder's start token, length


class OneWay(nn.Module):
    """A one-layer, one-way LSTM encoder and decoder of hidden size n."""

    def __init__(self, n=32, embed=8):
        super().__init__()
        self.source_embed = nn.Embedding(DIGITS, embed)
        self.encoder = nn.LSTM(embed, n, batch_first=True)
        self.target_embed = nn.Embedding(DIGITS + 1, embed)
        self.decoder = nn.LSTM(embed, n, batch_first=True)
        self.out = nn.Linear(n, DIGITS)

    def encode(self, source):
        _, state = self.encoder(self.source_embed(source))
        return state             # (h_n, c_n), each (1, B, n): no joining

    def decode(self, previous, state):
        states, state = self.decoder(self.target_embed(previous), state)
        # self.out(states), one string at a time (as in encdec_copy.py)
        W = self.out.weight.t().expand(len(states), -1, -1)
        return torch.baddbmm(self.out.bias, states, W), state

    def forced(self, source, target):      # teacher forcing: (B, T, 10)
        start = torch.full_like(target[:, :1], START)
        previous = torch.cat([start, target[:, :-1]], dim=1)
        logits, _ = self.decode(previous, self.encode(source))
        return logits

    def loss(self, source, target):
        logits = self.forced(source, target)
        return nn.functional.cross_entropy(logits.flatten(0, 1),
                                           target.flatten())

    @torch.no_grad()
    def greedy(self, source):
        state, written = self.encode(source), []
        token = torch.full_like(source[:, :1], START)
        for _ in range(T):
            logits, state = self.decode(token, state)
            token = logits.argmax(dim=2)
            written.append(token)
        return torch.cat(written, dim=1)
# --8<-- [end:model]


# --8<-- [start:train]
steps, every, batch, tests = 100, 20, 64, 500
seeds = range(5)


def train(seed, reverse):
    """Returns the test accuracy every 20 steps and, at the end, per
    output position, greedy and fed the true previous digits (teacher
    forcing). The target is always the string in its own order."""
    torch.manual_seed(seed)                          # same initial weights
    data = torch.Generator().manual_seed(100 + seed)  # same batches
    test = torch.randint(0, DIGITS, (tests, T),
                         generator=torch.Generator().manual_seed(1000 + seed))
    model = OneWay()
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    read = (lambda s: s.flip(1)) if reverse else (lambda s: s)
    curve = []
    for step in range(steps + 1):
        if step % every == 0:
            right = (model.greedy(read(test)) == test).float()
            curve.append(right.mean().item())
        if step == steps:
            with torch.no_grad():
                forced = model.forced(read(test), test).argmax(dim=2)
            return (curve, right.mean(dim=0).tolist(),
                    (forced == test).float().mean(dim=0).tolist())
        target = torch.randint(0, DIGITS, (batch, T), generator=data)
        loss = model.loss(read(target), target)      # source = target, read
        opt.zero_grad()
        loss.backward()
        opt.step()
# --8<-- [end:train]

# --8<-- [start:measure]
runs = {order: [train(seed, order == "reversed") for seed in seeds]
        for order in ("in order", "reversed")}
print(f"digits copied correctly after {steps} steps (T = {T}, greedy)")
print(f"{'seed':>22}" + "".join(f"{seed:6d}" for seed in seeds))
for order, per_seed in runs.items():
    print(f"{'source ' + order:22}"
          + "".join(f"{curve[-1]:6.2f}" for curve, _, _ in per_seed))
print("per output position, median over seeds")
print(f"{'position':>22}" + "".join(f"{t:6d}" for t in range(1, T + 1)))
for i, how in [(1, "greedy"), (2, "true prev.")]:
    for order, per_seed in runs.items():
        medians = [sorted(run[i][t] for run in per_seed)[len(seeds) // 2]
                   for t in range(T)]
        print(f"{order + ', ' + how:22}" + "".join(f"{a:6.2f}" for a in medians))
print("(true prev.: fed the true previous digits instead of its own)")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.4), sharey=True,
                               layout="constrained")
for i, (order, per_seed) in enumerate(runs.items()):
    for seed, (curve, at, _) in zip(seeds, per_seed):
        label = f"source {order}, {len(seeds)} seeds" if seed == 0 else None
        ax1.plot(range(0, steps + 1, every), curve, color=f"C{i}",
                 linewidth=1, alpha=0.8, marker="o", markersize=2, label=label)
        ax2.plot(range(1, T + 1), at, color=f"C{i}", linewidth=1,
                 alpha=0.8, marker="o", markersize=2)
for ax in (ax1, ax2):
    ax.axhline(1 / DIGITS, color="C2", linestyle=":", linewidth=1)
ax1.set_xlabel("training step")
ax1.set_ylabel("share of digits copied correctly")
ax1.set_title("during training")
ax2.set_xlabel("position in the output")
ax2.set_title(f"after {steps} steps, per position")
ax2.set_xticks(range(1, T + 1))
ax1.set_ylim(0, 1.02)
ax1.legend(loc="upper left")
plt.savefig("encdec_reverse_source.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json


def spread(values):
    values = sorted(values)
    return {"median": values[len(values) // 2], "min": values[0], "max": values[-1]}


built = OneWay()       # as train builds it: the sizes, read from the modules
recorded = {"T": T, "seeds": len(seeds), "steps": steps, "every": every, "batch": batch,
            "n": built.encoder.hidden_size, "decoder_n": built.decoder.hidden_size,
            "layers": built.encoder.num_layers, "decoder_layers": built.decoder.num_layers,
            "tests": tests}
for order, per_seed in runs.items():
    recorded[order.replace(" ", "_")] = {
        "accuracy": {"per_seed": [curve[-1] for curve, _, _ in per_seed],
                     **spread([curve[-1] for curve, _, _ in per_seed])},
        "curve": [curve for curve, _, _ in per_seed],       # per seed, every `every` steps
        "per_position": [at for _, at, _ in per_seed],      # per seed, positions 1 to T (greedy)
        "per_position_median": [spread([at[t] for _, at, _ in per_seed])["median"] for t in range(T)],
        # fed the true previous digits (teacher forcing), same test strings
        "forced_per_position": [forced for _, _, forced in per_seed],
        "forced_per_position_median": [spread([forced[t] for _, _, forced in per_seed])["median"]
                                       for t in range(T)]}
forward, backward = recorded["in_order"], recorded["reversed"]
# per seed: reversed minus in order, after training, and at each position
recorded["gain"] = spread([r - f for r, f in zip(backward["accuracy"]["per_seed"],
                                                forward["accuracy"]["per_seed"])])
recorded["gain_per_position"] = [[r - f for r, f in zip(rs, fs)]
                                 for rs, fs in zip(backward["per_position"], forward["per_position"])]
with open("encdec_reverse_source.results.json", "w") as f:
    json.dump(recorded, f, indent=1, sort_keys=True)
