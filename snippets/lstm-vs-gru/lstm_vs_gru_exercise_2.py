"""LSTM vs GRU, exercise 2: a GRU with as many parameters as an LSTM.

An LSTM with input size d = 128 and hidden size n = 256 has
P = 4 (n d + n^2 + 2 n) parameters in torch. A GRU of hidden size n' has
3 (n' d + n'^2 + 2 n'); setting that equal to P gives the quadratic
3 n'^2 + 3 (d + 2) n' - P = 0, whose positive root, rounded, is the GRU's
hidden size for the same budget. The script solves it, checks the count
with torch.nn.GRU, and prints both sizes and the ratio n' / n, which
tends to sqrt(4/3) as n grows (the squared terms dominate).

Run: python lstm_vs_gru_exercise_2.py   (torch only; a few seconds)
"""
import math

import torch
from torch import nn

torch.manual_seed(0)


def count(module):
    return sum(p.numel() for p in module.parameters())


d, n_lstm = 128, 256
budget = 4 * (n_lstm * d + n_lstm ** 2 + 2 * n_lstm)
assert budget == count(nn.LSTM(d, n_lstm))
b = d + 2                              # 3 n'^2 + 3 b n' - budget = 0
n_gru = round((-b + math.sqrt(b * b + 4 * budget / 3)) / 2)
gru_count = count(nn.GRU(d, n_gru))
print(f"LSTM, n = {n_lstm}: {budget:,} parameters")
print(f"GRU,  n = {n_gru}: {gru_count:,} parameters")
print(f"hidden sizes GRU / LSTM = {n_gru / n_lstm:.3f};"
      f" sqrt(4/3) = {math.sqrt(4 / 3):.3f}")
# within one unit of the budget: one more unit adds about 3 (2 n' + d + 2)
assert abs(gru_count - budget) < 3 * (2 * n_gru + d + 2)
