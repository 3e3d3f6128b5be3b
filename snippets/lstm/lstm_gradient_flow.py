"""How far back the gradient reaches: vanilla RNN vs LSTM, over 5 seeds.

Unrolls a tanh RNN cell and an LSTM cell (torch.nn.RNNCell, nn.LSTMCell,
PyTorch's default initialisation) by hand over T steps, keeps every hidden
state h(t) with retain_grad(), takes one loss J on the last hidden state
and measures the norm of dJ/dh(T-k) for every distance k. The LSTM runs
twice with the same weights: forget-gate bias 0 and forget-gate bias 1.
A seed fixes the weights, the inputs and the loss; each of 5 seeds gives
one measurement per cell. Prints the median over the seeds at a few
distances and plots median and range on a log scale
(lstm_gradient_flow.svg).

Run: python lstm_gradient_flow.py   (torch, matplotlib; a few seconds)
"""
# --8<-- [start:imports]
import copy
import statistics

import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:setup]
d, n, T, batch = 8, 32, 100, 16   # input size, hidden size, steps
SEEDS = range(5)
f64 = torch.float64               # float64: tiny gradients stay exact


def cells_and_data(seed):
    """Inputs xs[t] = x(t), a readout, an RNN cell and two LSTM cells."""
    torch.manual_seed(seed)
    xs = torch.randn(T + 1, batch, d, dtype=f64)
    readout = torch.randn(n, dtype=f64)   # J = sum of readout . h(T)
    rnn_cell = torch.nn.RNNCell(d, n, nonlinearity="tanh", dtype=f64)
    lstm_cell = torch.nn.LSTMCell(d, n, dtype=f64)
    lstm_cells = {}
    for forget_bias in [0.0, 1.0]:  # the same weights, two biases
        cell = copy.deepcopy(lstm_cell)
        with torch.no_grad():         # rows n..2n-1: the forget gate
            cell.bias_ih[n:2 * n] = forget_bias
            cell.bias_hh[n:2 * n] = 0.0  # effective bias: the sum
        lstm_cells[forget_bias] = cell
    return xs, readout, rnn_cell, lstm_cells
# --8<-- [end:setup]


# --8<-- [start:unroll]
def gradient_norms(step, xs, readout):
    """Unroll `step` over xs; return ||dJ/dh(T-k)|| for k = 0..T-1.

    step(x, state) returns (h, state), the state being whatever the cell
    carries from one step to the next.
    """
    state = None
    hs = []
    for t in range(1, T + 1):
        h, state = step(xs[t], state)
        h.retain_grad()           # keep dJ/dh(t), not only leaf grads
        hs.append(h)              # hs[t - 1] is h(t)
    loss = (hs[-1] @ readout).sum()
    loss.backward()
    return [hs[T - 1 - k].grad.norm().item() for k in range(T)]


def rnn_step(cell):
    def step(x, state):
        h = cell(x, state)
        return h, h
    return step


def lstm_step(cell):
    def step(x, state):
        h, c = cell(x, state)     # state is (h, c), or None at t = 1
        return h, (h, c)
    return step


norms = {"vanilla RNN": [], "LSTM, forget bias 0": [],
         "LSTM, forget bias 1": []}  # name -> one list of T norms per seed
for seed in SEEDS:
    xs, readout, rnn_cell, lstm_cells = cells_and_data(seed)
    norms["vanilla RNN"].append(
        gradient_norms(rnn_step(rnn_cell), xs, readout))
    for forget_bias, cell in lstm_cells.items():
        norms[f"LSTM, forget bias {forget_bias:g}"].append(
            gradient_norms(lstm_step(cell), xs, readout))
# --8<-- [end:unroll]

# --8<-- [start:measure]
shown = [0, 10, 25, 50, 99]
print(f"||dJ/dh(T-k)||, J computed from h(T), T = {T};"
      f" median over {len(SEEDS)} seeds")
print(f"{'':<22}" + "".join(f"{'k = ' + str(k):>10}" for k in shown))
for name, runs in norms.items():
    medians = [statistics.median(run[k] for run in runs) for k in shown]
    print(f"{name:<22}" + "".join(f"{m:10.1e}" for m in medians))
k_max = T - 1
ratios = [lstm[k_max] / rnn[k_max] for lstm, rnn in
          zip(norms["LSTM, forget bias 1"], norms["vanilla RNN"])]
print(f"at k = {k_max}: LSTM (forget bias 1) / vanilla RNN ="
      f" {min(ratios):.0e} to {max(ratios):.0e} over the seeds")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for i, (name, runs) in enumerate(norms.items()):
    per_k = list(zip(*runs))  # per_k[k]: the seeds' norms at distance k
    ax.fill_between(range(T), [min(v) for v in per_k],
                    [max(v) for v in per_k], color=f"C{i}", alpha=0.25,
                    linewidth=0)
    ax.plot(range(T), [statistics.median(v) for v in per_k],
            color=f"C{i}", label=name)
ax.set_yscale("log")
ax.set_xlabel("distance k (steps back from the last step)")
ax.set_ylabel(r"$\Vert\partial J / \partial h^{(T-k)}\Vert$")
ax.legend(loc="lower left")
plt.savefig("lstm_gradient_flow.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

keys = {"vanilla RNN": "rnn", "LSTM, forget bias 0": "lstm_bias_0",
        "LSTM, forget bias 1": "lstm_bias_1"}
with open("lstm_gradient_flow.results.json", "w") as f:
    json.dump({"T": T, "n": n, "k_max": k_max, "shown": shown, "seeds": len(SEEDS),
               # per cell, per distance k shown: the median over the seeds, and every seed's norm
               "norms": {keys[name]: {str(k): statistics.median(run[k] for run in runs) for k in shown}
                         for name, runs in norms.items()},
               "per_seed": {keys[name]: {str(k): [run[k] for run in runs] for k in shown}
                            for name, runs in norms.items()},
               "bias_1_over_rnn_at_k_max": {"min": min(ratios), "max": max(ratios),
                                            "median": statistics.median(ratios)}},
              f, indent=1, sort_keys=True)
