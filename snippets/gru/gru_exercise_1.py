"""GRU chapter, exercise 1: the update convention is only a relabelling.

Since sigma(-a) = 1 - sigma(a), negating the update gate's rows of the
weights and biases of an nn.GRU turns its z into 1 - z = u. The script
does that and runs the lecture's weighted average (1 - u) h + u h~ with
the reset gate applied after the product with W_hh~ (PyTorch's placement)
and before it (the lecture's), in float64, against nn.GRU. Only the
placement of the reset gate changes the function: reset after matches
nn.GRU to rounding, reset before does not.

Run: python gru_exercise_1.py   (torch only; a few seconds)
"""
import torch
from torch import nn

torch.manual_seed(0)
d, n, T, B = 4, 6, 15, 2               # input, hidden size, steps, batch
gru = nn.GRU(d, n, dtype=torch.float64)
W_x, W_h = gru.weight_ih_l0.detach(), gru.weight_hh_l0.detach()
b_ih, b_hh = gru.bias_ih_l0.detach(), gru.bias_hh_l0.detach()


def flip_update_rows(t):
    """Negate the update gate's block, rows n..2n-1: z becomes 1 - z."""
    t = t.clone()
    t[n:2 * n] *= -1
    return t


def lecture_step(x, h, W_x, W_h, b_ih, b_hh, reset_after):
    """(1 - u) h + u h~, the reset gate after or before W_hh~ h."""
    from_x, from_h = x @ W_x.T + b_ih, h @ W_h.T + b_hh
    r = torch.sigmoid(from_x[:, :n] + from_h[:, :n])
    u = torch.sigmoid(from_x[:, n:2 * n] + from_h[:, n:2 * n])
    if reset_after:                    # PyTorch's placement
        pre = from_x[:, 2 * n:] + r * from_h[:, 2 * n:]
    else:                              # the lecture's placement
        pre = from_x[:, 2 * n:] + (r * h) @ W_h[2 * n:].T + b_hh[2 * n:]
    return (1 - u) * h + u * torch.tanh(pre)


xs = torch.randn(T, B, d, dtype=torch.float64)
h0 = torch.randn(1, B, n, dtype=torch.float64)
with torch.no_grad():
    reference, _ = gru(xs, h0)
flipped = [flip_update_rows(t) for t in (W_x, W_h, b_ih, b_hh)]
TOLERANCE = 1e-12                      # float64 rounding, with room
for reset_after in (True, False):
    h, states = h0[0], []
    for t in range(T):
        h = lecture_step(xs[t], h, *flipped, reset_after)
        states.append(h)
    gap = (torch.stack(states) - reference).abs().max().item()
    where = "after" if reset_after else "before"
    if reset_after:
        print(f"reset {where} the product: largest difference to nn.GRU"
              f" below {TOLERANCE:.0e}: {gap < TOLERANCE}")
        assert gap < TOLERANCE
    else:
        print(f"reset {where} the product: largest difference to nn.GRU"
              f" {gap:.2f}")
        assert gap > 1e-3
