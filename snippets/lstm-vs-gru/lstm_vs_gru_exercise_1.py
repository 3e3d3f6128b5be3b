"""LSTM vs GRU, exercise 1: parameter counts with one bias per block.

The lecture writes each block (gate or candidate) with a single bias:
W_x. (n x d), W_h. (n x n) and b. (n), so an LSTM has 4 (n d + n^2 + n)
parameters and a GRU 3 (n d + n^2 + n). torch's modules keep a second
bias per block. The script checks the one-bias counts against torch
modules built with bias=False plus one bias vector of size n per block,
for d = 32, n = 64, and prints them.

Run: python lstm_vs_gru_exercise_1.py   (torch only; a few seconds)
"""
import torch
from torch import nn

torch.manual_seed(0)


def count(module):
    return sum(p.numel() for p in module.parameters())


d, n = 32, 64                          # input size, hidden size
one_bias_lstm = 4 * (n * d + n * n + n)
one_bias_gru = 3 * (n * d + n * n + n)
# torch without biases, plus one bias vector of size n per block
assert one_bias_lstm == count(nn.LSTM(d, n, bias=False)) + 4 * n
assert one_bias_gru == count(nn.GRU(d, n, bias=False)) + 3 * n
print(f"d = {d}, n = {n}, one bias per block: LSTM {one_bias_lstm:,},"
      f" GRU {one_bias_gru:,}")
print(f"torch's two biases per block: LSTM {count(nn.LSTM(d, n)):,},"
      f" GRU {count(nn.GRU(d, n)):,}")
