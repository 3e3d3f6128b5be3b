"""An encoder-decoder built from nn.LSTM, trained to copy digit strings.

The encoder is a two-layer bidirectional LSTM; its final states, two per
layer (forward and backward), are joined per layer into the initial
state of a two-layer LSTM decoder of twice the size. The decoder is
trained with teacher forcing (it reads the true previous digit) and
tested with greedy decoding (it reads its own previous guess). Each
training batch has one length; the batches cycle through 2, 4, ..., 12
digits, so one model learns every length from the same number of
batches; after training, the script measures the share of
digits copied correctly at each length, greedily and with the true
previous digits fed in. The state has a fixed size, the strings do not;
this is one state size after one short training, so it does not separate
the size of the state from the amount of training.
Trains 3 seeds one after the other (a seed fixes the initial weights,
the training batches and the test strings), prints every seed's accuracy
per length and plots it (encdec_copy.svg). The training time per seed
goes to stderr and encdec_copy.timing.json.

Run: python encdec_copy.py   (torch, matplotlib; about 10 s)
"""
# --8<-- [start:imports]
import sys
import time

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

# --8<-- [start:data]
DIGITS = 10        # tokens 0 to 9
START = 10         # the token the decoder reads before its first digit
LENGTHS = [2, 4, 6, 8, 10, 12]   # the lengths of the strings, in digits


def make_batch(size, T, generator):
    """size random strings of T digits; the target is the string itself."""
    source = torch.randint(0, DIGITS, (size, T), generator=generator)
    return source, source.clone()
# --8<-- [end:data]


# --8<-- [start:bridge]
def join_directions(state):
    """h_n or c_n, (layers * 2, B, n) -> (layers, B, 2n).

    PyTorch orders the first axis layer by layer, forward before
    backward: [layer 1 fw, layer 1 bw, layer 2 fw, layer 2 bw]."""
    rows, B, n = state.shape
    per_layer = state.view(rows // 2, 2, B, n)        # [layer, direction]
    both = per_layer.transpose(1, 2)                  # [layer, B, direction]
    return both.reshape(rows // 2, B, 2 * n)          # [fw; bw]
# --8<-- [end:bridge]


# --8<-- [start:encoder]
class Encoder(nn.Module):
    """Embedding, then a bidirectional LSTM of `layers` layers."""

    def __init__(self, n, layers=2, embed=8):
        super().__init__()
        self.embed = nn.Embedding(DIGITS, embed)
        self.lstm = nn.LSTM(embed, n, num_layers=layers,
                            bidirectional=True, batch_first=True)

    def forward(self, source):
        """source (B, T) -> the decoder's initial (h, c), (layers, B, 2n)."""
        _, (h_n, c_n) = self.lstm(self.embed(source))  # (layers * 2, B, n)
        return join_directions(h_n), join_directions(c_n)
# --8<-- [end:encoder]


# --8<-- [start:decoder]
class Decoder(nn.Module):
    """A language model over digits whose state starts from the encoder's:
    it reads the previous token and scores the next digit."""

    def __init__(self, n, layers=2, embed=8):
        super().__init__()
        self.embed = nn.Embedding(DIGITS + 1, embed)  # the digits and START
        self.lstm = nn.LSTM(embed, 2 * n, num_layers=layers, batch_first=True)
        self.out = nn.Linear(2 * n, DIGITS)

    def forward(self, previous, state):
        """previous (B, steps) tokens -> logits (B, steps, 10), new state."""
        states, state = self.lstm(self.embed(previous), state)
        # self.out(states), one string at a time (torch.bmm): the same
        # numbers, but their gradient does not depend on the thread count
        W = self.out.weight.t().expand(len(states), -1, -1)
        return torch.baddbmm(self.out.bias, states, W), state
# --8<-- [end:decoder]


# --8<-- [start:teacher-forcing]
def shift_right(target):
    """What the decoder reads: START, then the target without its last digit."""
    start = torch.full_like(target[:, :1], START)
    return torch.cat([start, target[:, :-1]], dim=1)


def teacher_forced_logits(encoder, decoder, source, target):
    """Every step reads the TRUE previous digit, so one call runs all T."""
    logits, _ = decoder(shift_right(target), encoder(source))
    return logits                                   # (B, T, 10)


def loss_on(encoder, decoder, source, target):
    logits = teacher_forced_logits(encoder, decoder, source, target)
    return nn.functional.cross_entropy(logits.flatten(0, 1), target.flatten())
# --8<-- [end:teacher-forcing]


# --8<-- [start:greedy]
@torch.no_grad()
def greedy_decode(encoder, decoder, source, T):
    """Each step reads the decoder's OWN previous guess: one step at a time."""
    state = encoder(source)
    token = torch.full_like(source[:, :1], START)   # (B, 1)
    written = []
    for _ in range(T):
        logits, state = decoder(token, state)       # one step, state carried
        token = logits.argmax(dim=2)                # the most likely digit
        written.append(token)
    return torch.cat(written, dim=1)                # (B, T)
# --8<-- [end:greedy]


# --8<-- [start:train]
n, steps, batch = 16, 198, 64    # n per direction; decoder size 2n = 32
seeds = range(3)
assert steps % len(LENGTHS) == 0   # the same number of batches per length


def train(seed):
    """One encoder-decoder; the batches cycle through the lengths."""
    torch.manual_seed(seed)                       # the initial weights
    data = torch.Generator().manual_seed(100 + seed)  # the batches
    encoder, decoder = Encoder(n), Decoder(n)
    params = [*encoder.parameters(), *decoder.parameters()]
    opt = torch.optim.Adam(params, lr=0.03)
    for step in range(steps):
        T = LENGTHS[step % len(LENGTHS)]           # 2, 4, ..., 12, 2, 4, ...
        loss = loss_on(encoder, decoder, *make_batch(batch, T, data))
        opt.zero_grad()
        loss.backward()
        opt.step()
    return encoder, decoder
# --8<-- [end:train]


# --8<-- [start:measure]
tests = 500          # test strings per length and seed


def measure(encoder, decoder, seed):
    """Per length: the share of digits right and of whole strings right
    (greedy), and of digits right when fed the true previous digits."""
    data = torch.Generator().manual_seed(1000 + seed)   # the test strings
    found = {"digits": [], "strings": [], "teacher_forced": []}
    for T in LENGTHS:
        source, target = make_batch(tests, T, data)
        right = greedy_decode(encoder, decoder, source, T) == target
        with torch.no_grad():
            logits = teacher_forced_logits(encoder, decoder, source, target)
        found["digits"].append(right.float().mean().item())
        found["strings"].append(right.all(dim=1).float().mean().item())
        found["teacher_forced"].append(
            (logits.argmax(dim=2) == target).float().mean().item())
    return found


def median(values):
    return sorted(values)[len(values) // 2]


models, seconds = [], []     # training time per seed: a measurement
for seed in seeds:
    started = time.perf_counter()
    models.append(train(seed))
    seconds.append(time.perf_counter() - started)
print("training seconds per seed:", [round(t, 1) for t in seconds],
      file=sys.stderr)               # differs on every run: not on stdout
runs = [measure(*model, seed) for seed, model in zip(seeds, models)]
print(f"share of digits copied correctly, {len(seeds)} seeds, {steps} steps")
print("length T          " + "".join(f"{T:6d}" for T in LENGTHS))
for seed, run in zip(seeds, runs):
    print(f"seed {seed}, greedy    " + "".join(f"{a:6.2f}" for a in run["digits"]))
for key, name in [("teacher_forced", "true previous"), ("strings", "whole strings")]:
    medians = [median([run[key][i] for run in runs]) for i in range(len(LENGTHS))]
    print(f"{name:18}" + "".join(f"{a:6.2f}" for a in medians))
print("(true previous: fed the true previous digits; whole strings: greedy;"
      " both medians over the seeds)")

encoder, decoder = models[0]
example, _ = make_batch(1, 12, torch.Generator().manual_seed(7))
written = greedy_decode(encoder, decoder, example, 12)
shown = ["".join(map(str, s[0].tolist())) for s in (example, written)]
print(f"seed 0 copies {shown[0]} as {shown[1]}")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
for seed, run in zip(seeds, runs):
    first = seed == 0
    ax.plot(LENGTHS, run["digits"], color="C0", marker="o", markersize=3,
            linewidth=1, label=f"greedy decoding, {len(seeds)} seeds" if first else None)
    ax.plot(LENGTHS, run["teacher_forced"], color="C1", marker="s",
            markersize=3, linewidth=1, linestyle="--",
            label="fed the true previous digits" if first else None)
ax.axhline(1 / DIGITS, color="C2", linestyle=":", label="chance")
ax.set_xlabel("length T of the string (digits)")
ax.set_ylabel("share of digits copied correctly")
ax.set_xticks(LENGTHS)
ax.set_ylim(0, 1.02)
ax.legend(loc="lower left")
plt.savefig("encdec_copy.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: a check, and the values the page quotes, recorded for the site's build.
import json

# Teacher forcing runs all T steps in one call; step by step, carrying the
# state and reading the same true digits, the decoder computes the same.
source, target = make_batch(4, 6, torch.Generator().manual_seed(3))
with torch.no_grad():
    at_once = teacher_forced_logits(encoder, decoder, source, target)
    state, steps_apart = encoder(source), []
    for t in range(6):
        logits, state = decoder(shift_right(target)[:, t:t + 1], state)
        steps_apart.append(logits)
assert torch.allclose(at_once, torch.cat(steps_apart, dim=1), atol=1e-5)


def spread(values):
    return {"per_seed": values, "median": median(values), "min": min(values), "max": max(values)}


by_length = {key: [spread([run[key][i] for run in runs]) for i in range(len(LENGTHS))]
             for key in ("digits", "strings", "teacher_forced")}
with open("encdec_copy.results.json", "w") as f:
    json.dump({"seeds": len(seeds), "steps": steps, "batch": batch, "lengths": LENGTHS, "tests": tests,
               "batches_per_length": steps // len(LENGTHS),   # the batches cycle through the lengths
               # the sizes, read from the trained modules (seed 0's; every seed builds the same)
               "n": encoder.lstm.hidden_size, "layers": encoder.lstm.num_layers,
               "decoder_n": decoder.lstm.hidden_size, "decoder_layers": decoder.lstm.num_layers,
               # numbers handed to the decoder: h and c, for each of its layers, of its size
               "state_numbers": 2 * decoder.lstm.num_layers * decoder.lstm.hidden_size,
               # per length (index as in "lengths"): every seed's value and median, min, max
               "by_length": by_length,
               # the example string of 12 digits (seed 0) and how many of its first digits came out right
               "example": {"source": shown[0], "copy": shown[1],
                           "prefix_right": next((i for i, (a, b) in enumerate(zip(*shown)) if a != b),
                                                len(shown[0]))}},
              f, indent=1, sort_keys=True)
with open("encdec_copy.timing.json", "w") as f:   # a measurement, never compared between runs
    json.dump({"train_seconds": seconds, "train_seconds_max": max(seconds)}, f, indent=1)
