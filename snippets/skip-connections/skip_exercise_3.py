"""Exercise 3 of the chapter "Beyond RNNs: residual, dense and highway connections": The price of density.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)
n, depth = 32, 40
dense = [nn.Linear(n * l, n) for l in range(1, depth + 1)]
plain = [nn.Linear(n, n) for _ in range(depth)]


def count(layers):
    return sum(p.numel() for layer in layers for p in layer.parameters())


assert count(dense) == n * n * depth * (depth + 1) // 2 + n * depth
assert count(plain) == depth * (n * n + n)
print(f"dense {count(dense):,} parameters, plain {count(plain):,},"
      f" ratio {count(dense) / count(plain):.1f}")
