"""Truncated backpropagation through time: what it saves, and what it cannot learn.

A tanh RNN (hidden size 32, orthogonal W_h) reads a stream of random bits and
must output, at every step t, the bit it read a few steps earlier. Sequences of
T = 24 steps are cut into chunks of k = 4 steps; truncated BPTT carries the
state from chunk to chunk (h = h.detach()) and backpropagates, and updates the
weights, once per chunk. Full BPTT backpropagates through all 24 steps. For 5
seeds each (a seed fixes the weights and the data), with SGD, momentum 0.9 and
a learning rate of 0.1, it trains four runs: a delay of 6 steps, longer than
k, with truncated BPTT, with full BPTT and with chunks of 8 steps (longer than
the delay), and a delay of 2 steps, shorter than k, with truncated BPTT. A
fifth run repeats the first with a learning rate of 0.01. It prints the test
accuracies and plots the first four runs during training
(remedies_truncated_bptt.svg).

It also counts what truncation saves: the bytes autograd keeps for one
backward pass, measured with saved_tensors_hooks, and the backward passes per
sequence. And it shows what h.detach() does and does not carry across a chunk
boundary, and what goes wrong without it, or with retain_graph=True instead.

Run: python remedies_truncated_bptt.py   (torch, matplotlib; about 8 s)
"""
# --8<-- [start:imports]
import statistics

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:task]
n, T, k = 32, 24, 4     # hidden size, sequence length, chunk length
B, SEQUENCES, SEEDS = 32, 32, range(5)
EVERY, LR = 4, 0.1      # evaluate after every 4 sequences; learning rate


class Recall(nn.Module):
    """A tanh RNN with an orthogonal W_h and a read-out at every step."""

    def __init__(self, seed):
        super().__init__()
        torch.manual_seed(seed)
        self.rnn = nn.RNN(2, n, batch_first=True)
        self.out = nn.Linear(n, 2)
        with torch.no_grad():
            nn.init.orthogonal_(self.rnn.weight_hh_l0)


def bit_stream(size, generator):
    bits = torch.randint(0, 2, (size, T), generator=generator)
    return nn.functional.one_hot(bits, 2).float(), bits


def recall_loss(logits, bits, delay, start):
    """Cross-entropy at the steps t >= delay of the chunk starting at start:
    the target at step t is the bit of step t - delay."""
    steps = torch.arange(start, start + logits.shape[1])
    keep = steps >= delay
    if not keep.any():
        return None
    targets = bits[:, steps[keep] - delay]
    return nn.functional.cross_entropy(
        logits[:, keep].reshape(-1, 2), targets.reshape(-1))
# --8<-- [end:task]


# --8<-- [start:train]
def train(delay, chunk, seed, lr=LR, evaluate=None):
    """chunk = k: truncated BPTT; chunk = T: full BPTT."""
    net = Recall(seed)
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    data = torch.Generator().manual_seed(100 + seed)
    curve = []
    for i in range(1, SEQUENCES + 1):
        xs, bits = bit_stream(B, data)
        h = torch.zeros(1, B, n)
        for start in range(0, T, chunk):
            h = h.detach()          # keep the value, cut the gradient
            states, h = net.rnn(xs[:, start:start + chunk], h)
            loss = recall_loss(net.out(states), bits, delay, start)
            if loss is None:
                continue            # no target in this chunk yet
            opt.zero_grad()
            loss.backward()         # back through this chunk only
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
        if evaluate and i % EVERY == 0:
            curve.append(evaluate(net, delay))
    return net, curve
# --8<-- [end:train]


# --8<-- [start:run]
test_xs, test_bits = bit_stream(256, torch.Generator().manual_seed(7))


def accuracy(net, delay, reset_every=None, steps=None):
    """Accuracy at the steps t >= delay (or at the given steps); the state
    runs through the sequence, or is reset to 0 every few steps."""
    with torch.no_grad():
        if reset_every is None:
            states, _ = net.rnn(test_xs)
        else:
            states = torch.cat([net.rnn(part)[0] for part in
                                test_xs.split(reset_every, dim=1)], dim=1)
        guess = net.out(states).argmax(-1)
    right = guess[:, delay:] == test_bits[:, :-delay]  # t against t - delay
    if steps is not None:
        right = right[:, [t - delay for t in steps]]
    return right.float().mean().item()


RUNS = {  # name: (delay, chunk, learning rate)
    "delay 6, truncated to k = 4": (6, k, LR),
    "delay 6, full BPTT": (6, T, LR),
    "delay 6, chunks of 8": (6, 8, LR),
    "delay 2, truncated to k = 4": (2, k, LR),
    "delay 6, k = 4, lr 0.01": (6, k, 0.01)}
results = {name: [train(delay, chunk, seed, lr, evaluate=accuracy)
                  for seed in SEEDS]
           for name, (delay, chunk, lr) in RUNS.items()}
print(f"test accuracy after {SEQUENCES} sequences of T = {T}"
      f" (chance 0.50), per seed; learning rate {LR} unless stated")
for name, (delay, _, _) in RUNS.items():
    accs = [accuracy(net, delay) for net, _ in results[name]]
    print(f"  {name:<28} " + " ".join(f"{a:.2f}" for a in accs))
# --8<-- [end:run]


# --8<-- [start:count]
def saved_bytes(net, steps):
    """Bytes autograd keeps for the backward pass of `steps` steps."""
    storages = {}

    def keep(tensor):
        storages[tensor.untyped_storage().data_ptr()] = \
            tensor.untyped_storage().nbytes()
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(keep, lambda t: t):
        states, _ = net.rnn(test_xs[:B, :steps])
        net.out(states).sum()
    return sum(storages.values())


def backward_passes(delay, chunk):
    """The chunks of a sequence that have a target: one backward pass each."""
    return sum(recall_loss(torch.zeros(1, min(chunk, T - start), 2),
                           test_bits[:1], delay, start) is not None
               for start in range(0, T, chunk))


net = Recall(0)
full, chunked = saved_bytes(net, T), saved_bytes(net, k)
print(f"kept for one backward pass: full BPTT {full / 1024:.0f} KiB"
      f" ({T} steps), truncated {chunked / 1024:.0f} KiB ({k} steps)")
passes = {name: backward_passes(delay, chunk)
          for name, (delay, chunk, _) in RUNS.items()}
print("backward passes per sequence, runs in the order above:",
      " ".join(str(count) for count in passes.values()))
# --8<-- [end:count]

# --8<-- [start:boundary]
# delay 2: the steps t >= 2 whose bit (step t - 2) lies in their own chunk,
# and those whose bit lies in the chunk before
same = [t for t in range(2, T) if t // k == (t - 2) // k]
across = [t for t in range(2, T) if t // k != (t - 2) // k]
print(f"delay 2: {len(same)} of {len(same) + len(across)} targets have their"
      f" bit in the same chunk, {len(across)} in the previous one")
carried = [accuracy(net, 2, steps=across)
           for net, _ in results["delay 2, truncated to k = 4"]]
reset = [accuracy(net, 2, reset_every=k, steps=across)
         for net, _ in results["delay 2, truncated to k = 4"]]
print("delay 2, truncated: accuracy where the bit is in the previous chunk")
print("  state carried (h.detach()):  " + " ".join(f"{a:.2f}" for a in carried))
print("  state reset to 0 every chunk: " + " ".join(f"{a:.2f}" for a in reset))

net, _ = results["delay 2, truncated to k = 4"][0]
h, failed = torch.zeros(1, B, n), None
for start in (0, k):          # two chunks, forgetting h.detach()
    states, h = net.rnn(test_xs[:B, start:start + k], h)
    try:
        net.out(states).sum().backward()
    except RuntimeError as error:
        failed = str(error).split(" (")[0]
        print("without detach, chunk 2:", failed)

net = Recall(0)   # keep the graph instead, and update between the chunks
opt = torch.optim.SGD(net.parameters(), lr=LR, momentum=0.9)
h, retained = torch.zeros(1, B, n), None
for start in (0, k):
    states, h = net.rnn(test_xs[:B, start:start + k], h)
    opt.zero_grad()
    try:
        recall_loss(net.out(states), test_bits[:B], 2, start).backward(
            retain_graph=True)
    except RuntimeError as error:
        retained = str(error).split(":")[0]
        print("retain_graph=True, chunk 2:", retained)
    opt.step()
# --8<-- [end:boundary]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
shown = [name for name, (_, _, lr) in RUNS.items() if lr == LR]
for name, color in zip(shown, ["C3", "C0", "C1", "C2"]):
    for seed, (_, curve) in zip(SEEDS, results[name]):  # a line per seed
        ax.plot(range(EVERY, SEQUENCES + 1, EVERY), curve, color=color, linewidth=1,
                label=name if seed == 0 else None)
ax.axhline(0.5, color="0.5", linestyle=":", linewidth=1)
ax.set_xlabel("training sequences seen")
ax.set_ylabel("test accuracy")
ax.set_ylim(0.4, 1.02)
ax.legend(loc="center right")
plt.savefig("remedies_truncated_bptt.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

record = {"n": n, "T": T, "k": k, "batch": B, "sequences": SEQUENCES, "seeds": len(SEEDS), "every": EVERY,
          "lr": LR, "momentum": 0.9, "max_norm": 1.0, "input_size": 2, "output_size": 2, "runs": {}}
keys = {"delay 6, truncated to k = 4": "long_truncated", "delay 6, full BPTT": "long_full",
        "delay 6, chunks of 8": "long_chunk8", "delay 2, truncated to k = 4": "short_truncated",
        "delay 6, k = 4, lr 0.01": "long_truncated_small_lr"}
for name, (delay, chunk, lr) in RUNS.items():
    accs = [accuracy(net, delay) for net, _ in results[name]]
    curves = [curve for _, curve in results[name]]
    # the first number of sequences after which the test accuracy was at least 0.99 (None: never)
    reached = [next((EVERY * (i + 1) for i, a in enumerate(c) if a >= 0.99), None) for c in curves]
    record["runs"][keys[name]] = {"delay": delay, "chunk": chunk, "lr": lr, "in_figure": name in shown,
                                  # backward passes per training sequence, counted from recall_loss
                                  "backward_passes": passes[name], "accuracy": accs,
                                  "accuracy_range": [min(accs), max(accs)], "curves": curves,
                                  "sequences_to_99": reached,
                                  "sequences_to_99_max": None if None in reached else max(reached),
                                  # the best test accuracy during training, per seed, and its range
                                  "peak": [max(c) for c in curves],
                                  "peak_range": [min(max(c) for c in curves), max(max(c) for c in curves)],
                                  "first_eval_range": [min(c[0] for c in curves), max(c[0] for c in curves)]}
record["saved_bytes"] = {"full": full, "truncated": chunked, "ratio": full / chunked,
                         "full_kib": full / 1024, "truncated_kib": chunked / 1024,
                         # what each step adds, and what is kept whatever the length (W_h, W_y, h(0))
                         "per_step": (full - chunked) / (T - k), "fixed": chunked - k * (full - chunked) / (T - k),
                         # a third length, measured, to check that every step adds the same bytes
                         "steps_other": 2 * k, "other": saved_bytes(net, 2 * k)}
record["boundary"] = {"steps": across, "same_chunk_steps": same, "across_count": len(across),
                      "same_chunk_count": len(same), "targets": len(same) + len(across),
                      "carried": carried, "reset": reset,
                      "carried_range": [min(carried), max(carried)], "reset_range": [min(reset), max(reset)]}
record["no_detach_error"] = failed  # what the second chunk's backward() raised without h.detach()
record["retain_graph_error"] = retained  # ... with retain_graph=True and opt.step() between the chunks
with open("remedies_truncated_bptt.results.json", "w") as f:
    json.dump(record, f, indent=1, sort_keys=True)
