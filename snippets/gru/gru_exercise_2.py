"""GRU chapter, exercise 2: when do the two reset placements agree?

Entry i of r * (A h) is r_i sum_j A_ij h_j, entry i of A (r * h) is
sum_j A_ij r_j h_j. They agree for every r and h only if A_ij = 0
whenever i != j: A must be diagonal. The script checks one full and one
diagonal matrix A (standing for W_hh~, the candidate's recurrent weights)
in float64 and prints the largest difference for each.

Run: python gru_exercise_2.py   (torch only; a few seconds)
"""
import torch

torch.manual_seed(0)
n = 5                                  # hidden size
f64 = dict(dtype=torch.float64)
h, r = torch.randn(n, **f64), torch.rand(n, **f64)
A_full = torch.randn(n, n, **f64)
A_diagonal = torch.diag(torch.randn(n, **f64))
gaps = {}
for name, A in [("full A", A_full), ("diagonal A", A_diagonal)]:
    gaps[name] = (A @ (r * h) - r * (A @ h)).abs().max().item()
print(f"full A:     largest |A (r * h) - r * (A h)| = {gaps['full A']:.2f}")
print(f"diagonal A: largest |A (r * h) - r * (A h)| below 1e-12:"
      f" {gaps['diagonal A'] < 1e-12}")
assert gaps["diagonal A"] < 1e-12 and gaps["full A"] > 1e-3
