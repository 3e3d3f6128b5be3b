"""Exercise 1 of the chapter "Bidirectional RNNs": Any cell will do.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)


def rnn_direction(xs, weights, suffix):
    """A tanh RNN over xs (batch, T, d), left to right; all h(t) and the last h."""
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
gap = max((ours - theirs).abs().max(), (h_n - h_n_torch).abs().max())
print(f"max |from scratch - nn.RNN| = {gap:.1e}")
assert gap <= 1e-6
