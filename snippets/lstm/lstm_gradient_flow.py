"""How far back the gradient reaches: vanilla RNN vs LSTM.

Unrolls a tanh RNN cell and an LSTM cell (torch.nn.RNNCell, nn.LSTMCell,
PyTorch's default initialisation) by hand over T steps, keeps every hidden
state h(t) with retain_grad(), takes one loss L on the last hidden state
and measures the norm of dL/dh(T-k) for every distance k. The LSTM runs
twice with the same weights: forget-gate bias 0 and forget-gate bias 1.
Prints a few distances and plots the norms on a log scale
(lstm_gradient_flow.svg).

Run: python lstm_gradient_flow.py   (torch, matplotlib; a few seconds)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:setup]
d, n, T, batch = 8, 32, 100, 16   # input size, hidden size, steps
f64 = torch.float64               # float64: tiny gradients stay exact
xs = torch.randn(T + 1, batch, d, dtype=f64)   # xs[t] is x(t)
readout = torch.randn(n, dtype=f64)            # L = sum of readout . h(T)

rnn_cell = torch.nn.RNNCell(d, n, nonlinearity="tanh", dtype=f64)
lstm_cells = {}
for forget_bias in [0.0, 1.0]:
    torch.manual_seed(1)          # the same weights for both LSTMs
    cell = torch.nn.LSTMCell(d, n, dtype=f64)
    with torch.no_grad():         # rows n..2n-1 are the forget gate
        cell.bias_ih[n:2 * n] = forget_bias
        cell.bias_hh[n:2 * n] = 0.0   # effective bias: the sum of both
    lstm_cells[forget_bias] = cell
# --8<-- [end:setup]


# --8<-- [start:unroll]
def gradient_norms(step):
    """Unroll `step` over the sequence; return ||dL/dh(T-k)|| for k=0..T-1.

    step(x, state) returns (h, state), the state being whatever the cell
    carries from one step to the next.
    """
    state = None
    hs = []
    for t in range(1, T + 1):
        h, state = step(xs[t], state)
        h.retain_grad()           # keep dL/dh(t), not only leaf grads
        hs.append(h)              # hs[t - 1] is h(t)
    loss = (hs[-1] @ readout).sum()
    loss.backward()
    return [hs[T - 1 - k].grad.norm().item() for k in range(T)]


def rnn_step(x, state):
    h = rnn_cell(x, state)
    return h, h


def lstm_step(cell):
    def step(x, state):
        h, c = cell(x, state)     # state is (h, c), or None at t = 1
        return h, (h, c)
    return step


norms = {"vanilla RNN": gradient_norms(rnn_step)}
for forget_bias, cell in lstm_cells.items():
    norms[f"LSTM, forget bias {forget_bias:g}"] = gradient_norms(
        lstm_step(cell))
# --8<-- [end:unroll]

# --8<-- [start:measure]
shown = [0, 10, 25, 50, 99]
print("||dL/dh(T-k)||, L computed from h(T), T =", T)
print(f"{'':<22}" + "".join(f"{'k = ' + str(k):>10}" for k in shown))
for name, v in norms.items():
    print(f"{name:<22}" + "".join(f"{v[k]:10.1e}" for k in shown))
k_max = T - 1
ratio = norms["LSTM, forget bias 1"][k_max] / norms["vanilla RNN"][k_max]
print(f"at k = {k_max}: LSTM (forget bias 1) / vanilla RNN = {ratio:.1e}")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
for i, (name, v) in enumerate(norms.items()):
    ax.plot(range(T), v, color=f"C{i}", label=name)
ax.set_yscale("log")
ax.set_xlabel("distance k (steps back from the last step)")
ax.set_ylabel(r"$\Vert\partial L / \partial h^{(T-k)}\Vert$")
ax.legend(loc="lower left")
plt.savefig("lstm_gradient_flow.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

keys = {"vanilla RNN": "rnn", "LSTM, forget bias 0": "lstm_bias_0",
        "LSTM, forget bias 1": "lstm_bias_1"}
with open("lstm_gradient_flow.results.json", "w") as f:
    json.dump({"T": T, "n": n, "k_max": k_max, "shown": shown,
               "norms": {keys[name]: {str(k): v[k] for k in shown} for name, v in norms.items()},
               "bias_1_over_rnn_at_k_max": ratio},
              f, indent=1, sort_keys=True)
