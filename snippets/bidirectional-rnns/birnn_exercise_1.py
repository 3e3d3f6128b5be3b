"""Exercise 1 of the chapter "Bidirectional RNNs": Any cell will do.

A bidirectional layer of plain tanh RNN cells, built from two one-way passes,
gives the same outputs and final states h_n as nn.RNN(bidirectional=True) on
the same weights, to within 1e-6 in float32 (it prints that bound, not the
gap, which depends on the CPU). Run it alone; it prints what the chapter shows
under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)


def rnn_direction(xs, weights, suffix):
    """A tanh RNN over xs (batch, T, d), left to right; all h(t) and the last h.

    Rows hold vectors, so the maths' W_h h + W_x x is h @ W_h.T + x @ W_x.T.
    """
    W_x, W_h = weights["weight_ih_l0" + suffix], weights["weight_hh_l0" + suffix]
    b = weights["bias_ih_l0" + suffix] + weights["bias_hh_l0" + suffix]
    h = torch.zeros(xs.shape[0], W_h.shape[0])
    states = []
    for t in range(xs.shape[1]):
        h = torch.tanh(h @ W_h.T + xs[:, t] @ W_x.T + b)
        states.append(h)
    return torch.stack(states, dim=1), h


def bidirectional_rnn(xs, weights):
    forward, h_fw = rnn_direction(xs, weights, "")
    backward, h_bw = rnn_direction(xs.flip(1), weights, "_reverse")
    output = torch.cat([forward, backward.flip(1)], dim=2)
    return output, torch.stack([h_fw, h_bw])


rnn = nn.RNN(4, 6, batch_first=True, bidirectional=True)
weights = {name: p.detach() for name, p in rnn.named_parameters()}
xs = torch.randn(2, 9, 4)
ours, h_n = bidirectional_rnn(xs, weights)
with torch.no_grad():
    theirs, h_n_torch = rnn(xs)
TOLERANCE = 1e-6   # float32 rounding
for name, gap in [("output", (ours - theirs).abs().max()),
                  ("h_n", (h_n - h_n_torch).abs().max())]:
    print(f"{name:<6} max |from scratch - nn.RNN| < {TOLERANCE:.0e}: {gap < TOLERANCE}")
    assert gap < TOLERANCE
