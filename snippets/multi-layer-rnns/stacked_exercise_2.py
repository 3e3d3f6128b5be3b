"""Exercise 2 of the chapter "Multi-layer RNNs": Counting parameters.

Checks the formula 4n(d + n + 2) + (L - 1) 4n(2n + 2) for the parameters of
nn.LSTM(d, n, num_layers=L) against PyTorch's own count. Run it alone; it
prints what the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)  # the count does not depend on the weights; seeded all the same

for d, n, L in [(10, 20, 1), (10, 20, 3), (300, 512, 4)]:
    formula = 4 * n * (d + n + 2) + (L - 1) * 4 * n * (2 * n + 2)
    counted = sum(p.numel() for p in nn.LSTM(d, n, num_layers=L).parameters())
    print(f"d={d}, n={n}, L={L}: formula {formula}, nn.LSTM {counted}")
    assert formula == counted
