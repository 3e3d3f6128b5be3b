"""Is the GRU faster than the LSTM? Forward + backward time on the CPU.

Times one forward and backward pass over a batch of sequences for
torch's nn.LSTM and nn.GRU at a few hidden sizes, interleaving the two
and repeating, and takes the GRU/LSTM ratio of the fastest repeat of
each: a busy machine can only add time to a repeat, so the minimum is
the measurement least disturbed by other programs. Timings still vary
from run to run, so they are measurements, not results: the script
prints them to stderr and writes them to lstm_vs_gru_speed.timing.json,
and prints to stdout only what is the same on every run of one machine,
which cell was faster at each size by a wide margin (GRU/LSTM below 0.8
or above 1.25) or neither. It also counts the autograd nodes one forward
pass records, which shows how each module is computed. No figure: a plot
of timings would differ on every run.

Run: python lstm_vs_gru_speed.py   (torch; about 10 s)
"""
# --8<-- [start:timing]
import json
import sys
import time

import torch
from torch import nn

torch.manual_seed(0)
T, B, d = 50, 8, 32  # steps, sequences per batch, input size
SIZES, REPEATS = [16, 64, 128], 7  # hidden sizes; repeats of each


def forward_backward_seconds(model, xs):
    """CPU time of this process for one forward and backward pass."""
    start = time.process_time()  # not wall time: other programs on
    states, _ = model(xs)        # the machine do not count
    states.sum().backward()
    return time.process_time() - start


ratios, lstm_ms, gru_ms = {}, {}, {}
for n in SIZES:
    lstm, gru = nn.LSTM(d, n), nn.GRU(d, n)
    xs = torch.randn(T, B, d)
    for model in (lstm, gru):
        forward_backward_seconds(model, xs)  # warm-up, not counted
    lstm_times, gru_times = [], []
    for _ in range(REPEATS):  # interleaved: a busy moment hits both
        lstm_times.append(forward_backward_seconds(lstm, xs))
        gru_times.append(forward_backward_seconds(gru, xs))
    lstm_ms[n], gru_ms[n] = min(lstm_times) * 1e3, min(gru_times) * 1e3
    ratios[n] = gru_ms[n] / lstm_ms[n]  # of the fastest repeat of each
    print(f"hidden size {n:3d}: LSTM {lstm_ms[n]:.1f} ms, GRU"
          f" {gru_ms[n]:.1f} ms, GRU/LSTM {ratios[n]:.2f}",
          file=sys.stderr)  # a measurement: differs on every run
with open("lstm_vs_gru_speed.timing.json", "w") as f:
    json.dump({"gru_over_lstm": ratios, "lstm_ms": lstm_ms,
               "gru_ms": gru_ms, "repeats": REPEATS}, f, indent=1)
# --8<-- [end:timing]

# --8<-- [start:verdict]
def verdict(ratio):
    if ratio < 0.8:
        return "GRU faster (GRU/LSTM time below 0.8)"
    if ratio > 1.25:
        return "GRU slower (GRU/LSTM time above 1.25)"
    return "about the same (GRU/LSTM time between 0.8 and 1.25)"


verdicts = {n: verdict(ratio) for n, ratio in ratios.items()}
print(f"forward + backward, T = {T} steps, batch {B}, input size {d}")
for n, text in verdicts.items():
    print(f"  hidden size {n:3d}: {text}")
if len(set(verdicts.values())) == 1:
    print("the same verdict at every size")
# --8<-- [end:verdict]


# --8<-- [start:graph]
def autograd_nodes(output):
    """The autograd graph behind output: number of nodes, their kinds."""
    seen, todo = set(), [output.grad_fn]
    while todo:
        node = todo.pop()
        if node is not None and node not in seen:
            seen.add(node)
            todo.extend(parent for parent, _ in node.next_functions)
    return len(seen), sorted({type(node).__name__ for node in seen})


xs = torch.randn(T, B, d)
for model in (nn.LSTM(d, 32), nn.GRU(d, 32)):
    n_nodes, kinds = autograd_nodes(model(xs)[0])
    fused = [k for k in kinds if "Rnn" in k or "Lstm" in k or "Gru" in k]
    print(f"{type(model).__name__}: {n_nodes} autograd nodes for"
          f" {T} steps; fused kernels: {', '.join(fused) or 'none'}")
# --8<-- [end:graph]

# Not shown on the page: the values the page quotes, recorded for the site's build.
# The timing ratios are in lstm_vs_gru_speed.timing.json, which the build records as a
# measurement (with the machine) and never compares between runs; the verdicts are recorded
# here, as printed.


def verdict_word(ratio):
    return "faster" if ratio < 0.8 else "slower" if ratio > 1.25 else "same"


graphs = {}
for model in (nn.LSTM(d, 32), nn.GRU(d, 32)):
    n_nodes, kinds = autograd_nodes(model(xs)[0])
    graphs[type(model).__name__] = {
        "nodes": n_nodes,
        "fused": [k for k in kinds if "Rnn" in k or "Lstm" in k or "Gru" in k]}
with open("lstm_vs_gru_speed.results.json", "w") as f:
    json.dump({"T": T, "batch": B, "d": d, "sizes": SIZES, "repeats": REPEATS,
               "thresholds": {"faster_below": 0.8, "slower_above": 1.25},
               "verdicts": {str(n): verdict_word(r) for n, r in ratios.items()},
               "verdict_texts": {str(n): text for n, text in verdicts.items()},
               "same_verdict_everywhere": len(set(verdicts.values())) == 1,
               "graph": graphs},
              f, indent=1, sort_keys=True)
