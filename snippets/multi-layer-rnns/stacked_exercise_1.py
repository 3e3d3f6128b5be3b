"""Exercise 1 of the chapter "Multi-layer RNNs": A stacked bidirectional LSTM.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    i, f, g, o = (x @ W_ih.T + b_ih + h @ W_hh.T + b_hh).chunk(4, dim=1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c


def run_direction(xs, weights, name):
    """One LSTM, left to right over xs (batch, T, size); name is e.g. 'l1_reverse'."""
    W_ih, W_hh = weights[f"weight_ih_{name}"], weights[f"weight_hh_{name}"]
    b_ih, b_hh = weights[f"bias_ih_{name}"], weights[f"bias_hh_{name}"]
    h = c = torch.zeros(xs.shape[0], W_hh.shape[1])
    states = []
    for t in range(xs.shape[1]):
        h, c = lstm_cell(xs[:, t], h, c, W_ih, W_hh, b_ih, b_hh)
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
gap = max((ours - theirs).abs().max(), (h_n - h_n_torch).abs().max())
print(f"max |from scratch - nn.LSTM| = {gap:.1e}")
assert gap <= 1e-6
