"""Exercise 1 of the chapter "Multi-layer RNNs": A stacked bidirectional LSTM.

A two-layer bidirectional LSTM built from one-way passes: layer 2 reads the
concatenated states of layer 1, of size 2n, in both of its directions. It
gives the same outputs and h_n as nn.LSTM(num_layers=2, bidirectional=True)
on the same weights, to within 1e-6 in float32 (it prints that bound, not the
gap, which depends on the CPU). Run it alone; it prints what the chapter
shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)


def lstm_cell(x, h, c, W_x, W_h, b_ih, b_hh):
    """One LSTM step, rows i, f, g (c~), o as in nn.LSTM; x @ W_x.T is W_x x."""
    i, f, g, o = (x @ W_x.T + b_ih + h @ W_h.T + b_hh).chunk(4, dim=1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c


def run_direction(xs, weights, name):
    """One LSTM, left to right over xs (batch, T, size); name is e.g. 'l1_reverse'."""
    W_x, W_h = weights[f"weight_ih_{name}"], weights[f"weight_hh_{name}"]
    b_ih, b_hh = weights[f"bias_ih_{name}"], weights[f"bias_hh_{name}"]
    h = c = torch.zeros(xs.shape[0], W_h.shape[1])
    states = []
    for t in range(xs.shape[1]):
        h, c = lstm_cell(xs[:, t], h, c, W_x, W_h, b_ih, b_hh)
        states.append(h)
    return torch.stack(states, dim=1), h


def stacked_bidirectional(xs, weights, num_layers):
    inputs, h_n = xs, []
    for l in range(num_layers):
        forward, h_fw = run_direction(inputs, weights, f"l{l}")
        backward, h_bw = run_direction(inputs.flip(1), weights, f"l{l}_reverse")
        inputs = torch.cat([forward, backward.flip(1)], dim=2)  # size 2n
        h_n += [h_fw, h_bw]
    return inputs, torch.stack(h_n)


lstm = nn.LSTM(3, 5, num_layers=2, batch_first=True, bidirectional=True)
weights = {name: p.detach() for name, p in lstm.named_parameters()}
print("layer 2 reads size", weights["weight_ih_l1"].shape[1])
assert weights["weight_ih_l1"].shape[1] == 2 * 5
xs = torch.randn(2, 6, 3)
ours, h_n = stacked_bidirectional(xs, weights, 2)
with torch.no_grad():
    theirs, (h_n_torch, _) = lstm(xs)
TOLERANCE = 1e-6   # float32 rounding
for name, gap in [("output", (ours - theirs).abs().max()),
                  ("h_n", (h_n - h_n_torch).abs().max())]:
    print(f"{name:<6} max |from scratch - nn.LSTM| < {TOLERANCE:.0e}: {gap < TOLERANCE}")
    assert gap < TOLERANCE
