"""Exercise 3 of the chapter "Encoder-decoder": reversal and a bidirectional encoder.

Takes a two-layer bidirectional nn.LSTM and builds a second one with the
forward and backward weights of every layer swapped (and, in layer 2,
the two halves of the input weights swapped, because layer 2 reads
[forward; backward] of layer 1). On the reversed source, the second
encoder computes exactly what the first computes on the source in order,
with the two directions trading places: the same h_n rows, and the same
outputs, flipped in time. So for a bidirectional encoder, reversing the
source gives the same family of models. Float64; prints the bound the
differences stay under. Run it alone; it prints what the chapter shows
under the exercise.
"""

import copy

import torch
from torch import nn

torch.manual_seed(0)
d, n, B, T = 3, 4, 5, 7
lstm = nn.LSTM(d, n, num_layers=2, bidirectional=True, batch_first=True,
               dtype=torch.float64)

swapped = copy.deepcopy(lstm)
with torch.no_grad():
    for layer in (0, 1):
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            forward = getattr(lstm, f"{name}_l{layer}")
            backward = getattr(lstm, f"{name}_l{layer}_reverse")
            getattr(swapped, f"{name}_l{layer}").copy_(backward)
            getattr(swapped, f"{name}_l{layer}_reverse").copy_(forward)
    for suffix in ("", "_reverse"):     # layer 2 now reads [backward; forward]
        W = getattr(swapped, f"weight_ih_l1{suffix}")
        W.copy_(torch.cat([W[:, n:], W[:, :n]], dim=1))

source = torch.randn(B, T, d, dtype=torch.float64)
out, (h_n, c_n) = lstm(source)
out_r, (h_r, c_r) = swapped(source.flip(1))       # the reversed source

order = [1, 0, 3, 2]   # rows: each layer's forward and backward trade places
gaps = {"h_n": (h_r - h_n[order]).abs().max().item(),
        "c_n": (c_r - c_n[order]).abs().max().item(),
        "output": (out_r - torch.cat([out[..., n:], out[..., :n]], 2).flip(1)).abs().max().item()}
BOUND = 1e-12
for name, gap in gaps.items():
    print(f"{name:6}: swapped encoder on the reversed source vs the encoder "
          f"in order: differ by < {BOUND:.0e}: {gap < BOUND}")
assert all(gap < BOUND for gap in gaps.values())
assert (h_n - swapped(source)[1][0]).abs().max() > 1e-3   # not trivially equal
