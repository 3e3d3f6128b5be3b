"""How much of a value written at step 0 is still there k steps later.

LSTM with constant gates: the cell update is c(t) = f c(t-1) + i c~(t).
Write a value v once, at step 0 (c(0) = i v), write nothing afterwards
(c~(t) = 0), and the cell holds i f^k v after k more steps: the fraction
remaining is i f^k. The script runs this recurrence for a few constant
forget gates f (input gate i = 1), checks it against i f^k, and compares
with a one-unit vanilla RNN, h(t) = tanh(w_h h(t-1) + x(t)), whose memory
of h(0) after k steps is dh(k)/dh(0), measured with autograd. Prints a
table, plots both (lstm_memory.svg) and writes the RNN's inputs and both
curves to lstm_memory.json, the data of the page's memory explorer.

Run: python lstm_memory.py   (torch, matplotlib; a few seconds)
"""
# --8<-- [start:imports]
import json

import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:lstm]
K = 100                               # steps after the write
forget_gates = [0.5, 0.9, 0.99, 1.0]  # constant forget gate f
input_gate = 1.0                      # constant input gate i
value = 1.0                           # the value v written at step 0


def remaining_in_cell(f, i):
    """Run c(t) = f c(t-1) + i c~(t) with c~ = v at step 0 only."""
    c = i * value                     # step 0: c(-1) = 0, write i v
    remaining = [c / value]
    for k in range(1, K + 1):
        c_tilde = 0.0                 # nothing new is written
        c = f * c + i * c_tilde
        remaining.append(c / value)
    return remaining                  # remaining[k] = i f^k


lstm_remaining = {}
for f in forget_gates:
    lstm_remaining[f] = remaining_in_cell(f, input_gate)
    for k in range(K + 1):
        exact = input_gate * f**k
        assert abs(lstm_remaining[f][k] - exact) <= 1e-12 * max(exact, 1)
# --8<-- [end:lstm]

# --8<-- [start:rnn]
w_h = 1.0                             # one-unit RNN, recurrent weight
xs = 0.5 * torch.randn(K + 1, dtype=torch.float64)  # small random inputs
h0 = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
h = h0
hs = [h0]
for k in range(1, K + 1):
    h = torch.tanh(w_h * h + xs[k])   # overwrites h at every step
    hs.append(h)
# dh(k)/dh(0) for every k: the part of h(0) that is still in h(k)
rnn_remaining = [1.0] + [torch.autograd.grad(hs[k], h0, retain_graph=True)
                         [0].item() for k in range(1, K + 1)]
# --8<-- [end:rnn]

# --8<-- [start:table]
shown = [1, 10, 50, 100]
print(f"fraction of a value written at step 0 left after k steps "
      f"(input gate i = {input_gate:g})")
print(f"{'':<20}" + "".join(f"{'k = ' + str(k):>10}" for k in shown))
for f in forget_gates:
    row = "".join(f"{lstm_remaining[f][k]:10.2e}" for k in shown)
    print(f"{'LSTM, f = ' + str(f):<20}{row}")
row = "".join(f"{abs(rnn_remaining[k]):10.2e}" for k in shown)
print(f"{'vanilla RNN':<20}{row}")
print(f"with i = 0.5 every LSTM row halves: f = 0.9, k = 10 gives "
      f"{0.5 * 0.9**10:.3f}")
# --8<-- [end:table]

# --8<-- [start:export]
explorer_data = {"steps": K, "w_h": w_h, "inputs": xs.tolist(),
                 "input_gate": input_gate,
                 "rnn_remaining": [abs(r) for r in rnn_remaining],
                 "lstm_remaining": {str(f): lstm_remaining[f]
                                    for f in forget_gates}}
with open("lstm_memory.json", "w") as f:
    json.dump(explorer_data, f, separators=(",", ":"))
# --8<-- [end:export]

# --8<-- [start:plot]
fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.4), layout="constrained")
steps = range(K + 1)
for ax in axes:
    for j, f in enumerate(forget_gates):
        ax.plot(steps, lstm_remaining[f], color=f"C{j}",
                label=f"LSTM, f = {f}")
    ax.plot(steps, [abs(r) for r in rnn_remaining], color="C7",
            linestyle="--", label="vanilla RNN, $w_h = 1$")
    ax.set_xlabel("steps k after the write")
axes[0].set_ylabel("fraction remaining")
axes[0].set_ylim(0, 1.05)
axes[1].set_yscale("log")
axes[1].set_ylim(1e-8, 2)
axes[0].set_title("linear scale")
axes[1].set_title("log scale")
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, loc="outside right upper")
plt.savefig("lstm_memory.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
# (lstm_memory.json above is the explorer's data and stays as it is.)
import math


def rnn_left_after(weight, steps):
    """|dh(steps)/dh(0)| of the one-unit RNN on the same inputs, as the explorer computes it."""
    h, grad = 0.0, 1.0
    for k in range(1, steps + 1):
        h = math.tanh(weight * h + xs[k].item())
        grad *= weight * (1 - h * h)
    return abs(grad)


# the explorer's w_h slider: 0.5 to 3 in steps of 0.1 (docs/javascripts/explorers.js)
slider = [round(0.5 + 0.1 * j, 1) for j in range(26)]
best = max(slider, key=lambda weight: rnn_left_after(weight, 50))
with open("lstm_memory.results.json", "w") as f:
    json.dump({"steps": K, "input_gate": input_gate, "w_h": w_h, "shown": shown,
               "lstm": [{"f": fg, "left": {str(k): lstm_remaining[fg][k] for k in shown}}
                        for fg in forget_gates],
               "rnn": {str(k): abs(rnn_remaining[k]) for k in shown},
               "rnn_below_1e_8_from": next(k for k in range(K + 1) if abs(rnn_remaining[k]) < 1e-8),
               "half_input_gate_f09_k10": 0.5 * 0.9**10,
               "half_life_f099": math.log(2) / -math.log(0.99),
               "slider": {"w_h": [slider[0], slider[-1]], "best_w_h_at_50": best,
                          "best_left_at_50": rnn_left_after(best, 50)}},
              f, indent=1, sort_keys=True)
