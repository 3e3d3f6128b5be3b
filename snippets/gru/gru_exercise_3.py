"""GRU chapter, exercise 3: a closed update gate carries the gradient.

Runs a lecture-form GRU (no biases but the update gate's) for 50 steps on
one random input sequence, with the update gate's bias b_u at -6 (so
u is near 0: the gate is nearly closed) and at 0, and a plain tanh
RNN that reuses the reset gate's blocks W_xr, W_hr as its W_x, W_h. For
each it computes the Jacobian dh(50)/dh(0) with autograd in float64 and
prints its spectral norm (its largest singular value) and how far it is
from the identity.

Run: python gru_exercise_3.py   (torch only; a few seconds)
"""
import torch

torch.manual_seed(0)
d, n, T = 3, 8, 50                     # input size, hidden size, steps
f64 = dict(dtype=torch.float64)
W_x = 0.5 * torch.randn(3 * n, d, **f64)   # [W_xr; W_xu; W_xh~]
W_h = 0.5 * torch.randn(3 * n, n, **f64)   # [W_hr; W_hu; W_hh~]
xs = torch.randn(T, d, **f64)
W_xr, W_xu, W_xh_tilde = W_x.chunk(3)
W_hr, W_hu, W_hh_tilde = W_h.chunk(3)


def run_gru(h0, b_u, gates=None):
    """h(T) of the lecture's GRU from h(0) = h0 (appends each u(t) to gates)."""
    h = h0
    for x in xs:
        r = torch.sigmoid(W_xr @ x + W_hr @ h)
        u = torch.sigmoid(W_xu @ x + W_hu @ h + b_u)
        h_tilde = torch.tanh(W_xh_tilde @ x + W_hh_tilde @ (r * h))
        h = (1 - u) * h + u * h_tilde
        if gates is not None:
            gates.append(u)
    return h


def run_rnn(h0):
    """h(T) of a plain tanh RNN with W_x = W_xr and W_h = W_hr."""
    h = h0
    for x in xs:
        h = torch.tanh(W_hr @ h + W_xr @ x)
    return h


h0 = torch.zeros(n, **f64)
jacobian = torch.autograd.functional.jacobian
jacobians = {
    "GRU, b_u = -6": jacobian(lambda h: run_gru(h, -6.0), h0),
    "GRU, b_u = 0": jacobian(lambda h: run_gru(h, 0.0), h0),
    "plain tanh RNN": jacobian(run_rnn, h0),
}
for b_u in (-6.0, 0.0):
    gates = []
    run_gru(h0, b_u, gates)
    print(f"GRU, b_u = {b_u:g}: mean update gate u over the run {torch.stack(gates).mean().item():.4f}")
norms = {}
print(f"{'':>14}  ||dh(50)/dh(0)||  ||dh(50)/dh(0) - I||")
for name, jac in jacobians.items():
    norms[name] = torch.linalg.matrix_norm(jac, ord=2).item()
    off = torch.linalg.matrix_norm(jac - torch.eye(n, **f64), ord=2).item()
    print(f"{name:>14}  {norms[name]:16.2e}  {off:20.2e}")
assert norms["GRU, b_u = -6"] > 0.5
assert norms["GRU, b_u = 0"] > norms["plain tanh RNN"]
assert norms["plain tanh RNN"] < 1e-2
