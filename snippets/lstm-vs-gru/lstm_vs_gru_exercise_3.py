"""LSTM vs GRU, exercise 3: parameter counts of stacked layers.

In nn.LSTM(d, n, num_layers=L) or nn.GRU(d, n, num_layers=L) the first
layer reads x(t) and every later layer reads the hidden state of the
layer below, so it has input size n. With blocks = 4 (LSTM) or 3 (GRU),
the count is blocks (n d + n^2 + 2 n) + (L - 1) blocks (2 n^2 + 2 n).
The script checks the formula against torch for d = 16, n = 48, L = 3 and
prints both counts.

Run: python lstm_vs_gru_exercise_3.py   (torch only; a few seconds)
"""
import torch
from torch import nn

torch.manual_seed(0)


def count(module):
    return sum(p.numel() for p in module.parameters())


def stacked(blocks, d, n, layers):
    first = blocks * (n * d + n * n + 2 * n)   # reads x(t), size d
    later = blocks * (n * n + n * n + 2 * n)   # reads h(t) below, size n
    return first + (layers - 1) * later


d, n, layers = 16, 48, 3
assert stacked(4, d, n, layers) == count(nn.LSTM(d, n, layers))
assert stacked(3, d, n, layers) == count(nn.GRU(d, n, layers))
print(f"d = {d}, n = {n}, {layers} layers: LSTM"
      f" {stacked(4, d, n, layers):,}, GRU {stacked(3, d, n, layers):,}"
      " parameters (formula = torch)")
