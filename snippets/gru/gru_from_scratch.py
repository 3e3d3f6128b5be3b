"""A GRU from scratch in two conventions, checked against torch.nn.GRU.

Writes one step of the GRU twice: as in the lecture (update gate u weighs
the *new* content, reset gate applied before the matrix product) and as
torch.nn.GRU / cuDNN compute it (rows r, z, n; z = 1 - u weighs the *old*
state; reset applied after the product). A small module unrolls either cell
over a sequence. Checks that the torch-style one matches nn.GRU (outputs
and h_n) to 1e-6 in float32 (it prints that, not the exact gaps, which
depend on the CPU), prints how far the lecture form is from nn.GRU on the
same weights, runs torch.autograd.gradcheck on both cells in float64, and
checks that inputs or weights of the wrong shape raise a ValueError that
names the expected and the received shape.

Run: python gru_from_scratch.py   (torch; about 2 s)
"""
# --8<-- [start:imports]
import torch
from torch import nn

torch.manual_seed(0)
# --8<-- [end:imports]


# --8<-- [start:lecture]
def gru_cell_lecture(x, h, W_x, W_h, b):
    """One step of the lecture's GRU, for a batch.

    x: (B, d) inputs x(t), one per row; h: (B, n) states h(t-1).
    W_x = [W_xr; W_xu; W_xh~] (3n, d), W_h = [W_hr; W_hu; W_hh~] (3n, n),
    b = [b_r; b_u; b_h~] (3n,). Rows hold vectors, so W x is x @ W.T.
    """
    W_xr, W_xu, W_xh_tilde = W_x.chunk(3)
    W_hr, W_hu, W_hh_tilde = W_h.chunk(3)
    b_r, b_u, b_h_tilde = b.chunk(3)
    r = torch.sigmoid(x @ W_xr.T + h @ W_hr.T + b_r)  # reset gate
    u = torch.sigmoid(x @ W_xu.T + h @ W_hu.T + b_u)  # update gate
    h_tilde = torch.tanh(x @ W_xh_tilde.T + (r * h) @ W_hh_tilde.T
                         + b_h_tilde)                 # candidate
    return (1 - u) * h + u * h_tilde  # u = 1: all new; u = 0: keep h
# --8<-- [end:lecture]


# --8<-- [start:pytorch]
def gru_cell_pytorch(x, h, W_x, W_h, b_ih, b_hh):
    """One step of torch.nn.GRU: same shapes, gate order r, z, n.

    Two biases per gate, b_ih (added to x @ W_x.T) and b_hh (added to
    h @ W_h.T), as torch has. torch's z is 1 - u: it weighs the old state.
    """
    ih_r, ih_z, ih_n = (x @ W_x.T + b_ih).chunk(3, dim=1)
    hh_r, hh_z, hh_n = (h @ W_h.T + b_hh).chunk(3, dim=1)
    r = torch.sigmoid(ih_r + hh_r)  # reset gate
    z = torch.sigmoid(ih_z + hh_z)  # torch's update gate, 1 - u
    candidate = torch.tanh(ih_n + r * hh_n)  # torch's n: reset AFTER W_h h
    return (1 - z) * candidate + z * h  # z = 1: keep h; z = 0: all new
# --8<-- [end:pytorch]


# --8<-- [start:module]
def check_shape(name, tensor, expected):
    """Raise a ValueError naming the expected and the received shape."""
    if tuple(tensor.shape) != tuple(expected):
        raise ValueError(f"{name}: expected shape {tuple(expected)},"
                         f" got {tuple(tensor.shape)}")


class ScratchGRU(nn.Module):
    """One GRU layer over inputs of shape (T, B, d), like nn.GRU(d, n).

    convention: "pytorch" (matches nn.GRU) or "lecture". Both read the
    same four tensors, named and shaped as nn.GRU's; the lecture cell
    has one bias per gate and uses bias_ih + bias_hh.
    """

    def __init__(self, input_size, hidden_size, convention="pytorch"):
        super().__init__()
        if convention not in ("pytorch", "lecture"):
            raise ValueError(f"unknown convention {convention!r}")
        self.input_size, self.hidden_size = input_size, hidden_size
        self.convention = convention
        bound = hidden_size ** -0.5  # nn.GRU's init: uniform in
        for name, shape in self.expected_shapes().items():  # +-bound
            param = nn.Parameter(torch.empty(shape).uniform_(-bound, bound))
            setattr(self, name, param)

    def expected_shapes(self):
        d, n3 = self.input_size, 3 * self.hidden_size
        return {"weight_ih": (n3, d), "weight_hh": (n3, self.hidden_size),
                "bias_ih": (n3,), "bias_hh": (n3,)}

    def copy_weights_from(self, gru):
        """Take the weights of a one-layer nn.GRU (its *_l0 tensors).

        The lecture cell gets the update rows negated: torch's z is 1 - u,
        and sigmoid(-a) = 1 - sigmoid(a), so only the reset gate's place
        differs between the two cells.
        """
        n = self.hidden_size
        with torch.no_grad():
            for name, shape in self.expected_shapes().items():
                theirs = getattr(gru, name + "_l0")
                check_shape(f"nn.GRU {name}_l0", theirs, shape)
                getattr(self, name).copy_(theirs)
                if self.convention == "lecture":
                    getattr(self, name)[n:2 * n] *= -1  # z rows -> u rows

    def forward(self, xs, h0=None):
        """xs: (T, B, d); h0: (1, B, n) or None for zeros.

        Returns all states (T, B, n) and the last one (1, B, n), like
        nn.GRU.
        """
        if xs.dim() != 3 or xs.shape[2] != self.input_size:
            raise ValueError(f"input: expected shape (T, B, "
                             f"{self.input_size}), got {tuple(xs.shape)}")
        T, B, _ = xs.shape
        if h0 is None:
            h0 = xs.new_zeros(1, B, self.hidden_size)
        check_shape("h0", h0, (1, B, self.hidden_size))
        for name, shape in self.expected_shapes().items():
            check_shape(name, getattr(self, name), shape)
        W_x, W_h = self.weight_ih, self.weight_hh
        h, states = h0[0], []
        for t in range(T):
            if self.convention == "pytorch":
                h = gru_cell_pytorch(xs[t], h, W_x, W_h,
                                     self.bias_ih, self.bias_hh)
            else:
                h = gru_cell_lecture(xs[t], h, W_x, W_h,
                                     self.bias_ih + self.bias_hh)
            states.append(h)
        return torch.stack(states), h.unsqueeze(0)
# --8<-- [end:module]


# --8<-- [start:compare]
d, n, T, B = 5, 8, 20, 3  # input size, hidden size, steps, batch
TOLERANCE = 1e-6  # float32 rounding: a few times eps = 2**-23 = 1.2e-7
reference = nn.GRU(d, n)  # float32, one layer, inputs (T, B, d)
xs = torch.randn(T, B, d)
h0 = torch.randn(1, B, n)
with torch.no_grad():
    ref_states, ref_last = reference(xs, h0)
    for convention in ["pytorch", "lecture"]:
        ours = ScratchGRU(d, n, convention)
        ours.copy_weights_from(reference)
        states, last = ours(xs, h0)
        diff_states = (states - ref_states).abs().max().item()
        diff_last = (last - ref_last).abs().max().item()
        if convention == "pytorch":  # rounding-level gaps: test them
            within = diff_states < TOLERANCE and diff_last < TOLERANCE
            print(f"pytorch vs nn.GRU: outputs and h_n differ by less"
                  f" than {TOLERANCE:.0e}: {within}")
            assert within
        else:  # gaps of the order of the values: print them
            print(f"lecture vs nn.GRU: outputs differ by up to"
                  f" {diff_states:.2f}, h_n by {diff_last:.2f}")
print(f"OK: the pytorch-convention GRU matches nn.GRU to {TOLERANCE:.0e}")
# --8<-- [end:compare]

# --8<-- [start:gradcheck]
f64 = dict(dtype=torch.float64, requires_grad=True)
x, h = torch.randn(2, d, **f64), torch.randn(2, n, **f64)
W_x, W_h = torch.randn(3 * n, d, **f64), torch.randn(3 * n, n, **f64)
b_ih, b_hh = torch.randn(3 * n, **f64), torch.randn(3 * n, **f64)
assert torch.autograd.gradcheck(gru_cell_pytorch,
                                (x, h, W_x, W_h, b_ih, b_hh))
assert torch.autograd.gradcheck(gru_cell_lecture, (x, h, W_x, W_h, b_ih))
print("OK: gradcheck passes on both cells in float64")
# --8<-- [end:gradcheck]

# --8<-- [start:bad-input]
gru = ScratchGRU(d, n)
bad_calls = {
    "input size 7": lambda: gru(torch.randn(T, B, 7)),
    "hidden size 6": lambda: gru(xs, torch.randn(1, B, 6)),
    "weights of nn.GRU(4, 8)": lambda: gru.copy_weights_from(
        nn.GRU(4, n)),
}
for what, call in bad_calls.items():  # each must be refused
    try:
        call()
    except ValueError:
        pass
    else:
        raise AssertionError(f"{what} was accepted")
# --8<-- [end:bad-input]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with torch.no_grad():
    gaps = {}
    for convention in ["pytorch", "lecture"]:
        ours = ScratchGRU(d, n, convention)
        ours.copy_weights_from(reference)
        states, last = ours(xs, h0)
        gaps[convention] = {"outputs": (states - ref_states).abs().max().item(),
                            "h_n": (last - ref_last).abs().max().item()}
errors = {}
for what, call in bad_calls.items():
    try:
        call()
    except ValueError as error:
        errors[what] = str(error)
with open("gru_from_scratch.results.json", "w") as f:
    json.dump({"d": d, "n": n, "T": T, "B": B, "gaps": gaps, "tolerance": TOLERANCE,
               "largest_state": ref_states.abs().max().item(),
               "errors": [{"call": what, "message": message}
                          for what, message in errors.items()]},
              f, indent=1, sort_keys=True)
