"""LSTM chapter, exercise 1: the cell path's Jacobian is diag(f(t)).

With h(t-1) and x(t) held fixed, the gates and the candidate do not depend
on c(t-1), so c(t) = f(t) * c(t-1) + (a constant) and the Jacobian of c(t)
with respect to c(t-1) is diag(f(t)). The script computes that Jacobian
with autograd for a torch.nn.LSTMCell in float64, computes f(t) itself from
the cell's weights (rows n..2n-1 of the stacked matrices, gate order
i, f, g, o), prints both and asserts that they agree.

Run: python lstm_exercise_1.py   (torch only; a few seconds)
"""
import torch

torch.manual_seed(0)
d, n = 3, 5                        # input size, hidden size
cell = torch.nn.LSTMCell(d, n, dtype=torch.float64)
x = torch.randn(1, d, dtype=torch.float64)
h_prev = torch.randn(1, n, dtype=torch.float64)
c_prev = torch.randn(1, n, dtype=torch.float64)


def new_cell_state(c):
    """c(t) as a function of c(t-1) alone: x(t) and h(t-1) held fixed."""
    return cell(x, (h_prev, c.unsqueeze(0)))[1][0]


jacobian = torch.autograd.functional.jacobian(new_cell_state, c_prev[0])

# f(t) from the weights: rows n..2n-1 of the stacked matrices (i, f, g, o)
rows = slice(n, 2 * n)
W_xf, W_hf = cell.weight_ih[rows], cell.weight_hh[rows]
b_f = cell.bias_ih[rows] + cell.bias_hh[rows]
with torch.no_grad():
    f = torch.sigmoid(x @ W_xf.T + h_prev @ W_hf.T + b_f)[0]
print(f"{'forget gate f(t):':<27}", [round(v, 4) for v in f.tolist()])
print(f"{'diagonal of dc(t)/dc(t-1):':<27}",
      [round(v, 4) for v in jacobian.diag().tolist()])
off_diagonal = (jacobian - torch.diag(jacobian.diag())).abs().max().item()
print(f"largest entry off the diagonal: {off_diagonal:.1f}")
assert torch.allclose(jacobian, torch.diag(f), atol=1e-12)
print("OK: the Jacobian is diag(f(t))")
