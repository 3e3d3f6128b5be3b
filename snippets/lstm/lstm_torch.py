"""An LSTM from scratch in torch, checked against torch.nn.LSTM.

The same cell and layer as in lstm_numpy.py, written with torch tensors so
that autograd differentiates them. The weights are views into a
torch.nn.LSTM's stacked matrices (gate order i, f, g, o), so backward()
through our code fills that module's .grad. The script prints whether our
outputs, h_n and c_n (within 1e-6) and gradients (within 1e-5) agree with
torch's to float32 rounding (the exact gaps depend on the CPU, so they are
not printed), runs torch.autograd.gradcheck on the cell in float64, and
checks that bad shapes raise a ValueError (lstm_numpy.py prints them).

Run: python lstm_torch.py   (torch only; a few seconds)
"""
# --8<-- [start:imports]
import torch

torch.manual_seed(0)
# --8<-- [end:imports]


# --8<-- [start:weights]
def weights_from_torch(lstm):
    """Views of a one-layer torch.nn.LSTM as W_xi, W_hi, b_i, ..., b_o.

    torch stacks the four blocks in the order i, f, g, o: rows 0..n-1 of
    weight_ih_l0 are W_xi, rows n..2n-1 are W_xf, and so on. It keeps two
    biases, bias_ih_l0 and bias_hh_l0, that are simply added. Slicing and
    adding keep the autograd link: gradients flow back to lstm's tensors.
    """
    n = lstm.hidden_size
    stacked = {
        "W_x": lstm.weight_ih_l0,                    # (4n, d), acts on x
        "W_h": lstm.weight_hh_l0,                    # (4n, n), acts on h
        "b_": lstm.bias_ih_l0 + lstm.bias_hh_l0,    # (4n,)
    }
    weights = {}
    for j, gate in enumerate(["i", "f", "c", "o"]):  # torch's g is our c
        rows = slice(j * n, (j + 1) * n)
        for kind, matrix in stacked.items():
            weights[f"{kind}{gate}"] = matrix[rows]
    return weights
# --8<-- [end:weights]


# --8<-- [start:shapes]
def check_shapes(weights, x, h_prev, c_prev):
    """Raise a ValueError naming expected and received shapes."""
    n, d = weights["W_xf"].shape     # hidden size n and input size d
    expected = {}
    for gate in ["i", "f", "c", "o"]:
        expected[f"W_x{gate}"] = (n, d)
        expected[f"W_h{gate}"] = (n, n)
        expected[f"b_{gate}"] = (n,)
    for name, shape in expected.items():
        if weights[name].shape != shape:
            raise ValueError(f"weight {name}: expected shape {shape}, "
                             f"got {tuple(weights[name].shape)}")
    batch = x.shape[0] if x.ndim == 2 else None
    if x.ndim != 2 or x.shape[1] != d:
        raise ValueError(f"input x: expected shape (batch, {d}), "
                         f"got {tuple(x.shape)}")
    for name, state in [("h_prev", h_prev), ("c_prev", c_prev)]:
        if state.shape != (batch, n):
            raise ValueError(f"{name}: expected shape {(batch, n)}, "
                             f"got {tuple(state.shape)}")
# --8<-- [end:shapes]


# --8<-- [start:cell]
def lstm_cell(weights, x, h_prev, c_prev):
    """One LSTM step for a batch: x (B, d), h_prev and c_prev (B, n).

    Each row is one sequence, so W x becomes x @ W.T.
    """
    check_shapes(weights, x, h_prev, c_prev)
    w = weights

    def affine(gate):   # W_x. x + W_h. h_prev + b_., row by row
        return (x @ w[f"W_x{gate}"].T + h_prev @ w[f"W_h{gate}"].T
                + w[f"b_{gate}"])

    f = torch.sigmoid(affine("f"))           # forget gate
    i = torch.sigmoid(affine("i"))           # input gate
    o = torch.sigmoid(affine("o"))           # output gate
    c_tilde = torch.tanh(affine("c"))     # new cell content
    c = f * c_prev + i * c_tilde       # erase some, write some
    h = o * torch.tanh(c)                 # read some
    return h, c
# --8<-- [end:cell]


# --8<-- [start:layer]
def lstm_layer(weights, xs, h0=None, c0=None):
    """Run the cell over xs (T, B, d); return outputs (T, B, n), h_T, c_T.

    Like torch.nn.LSTM with batch_first=False, the states start at zero
    unless h0 and c0 (B, n) are given.
    """
    if xs.ndim != 3:
        raise ValueError(f"input xs: expected shape (T, batch, d), "
                         f"got {tuple(xs.shape)}")
    n = weights["W_hf"].shape[0]
    zeros = torch.zeros(xs.shape[1], n, dtype=xs.dtype)
    h = zeros if h0 is None else h0
    c = zeros if c0 is None else c0
    outputs = []
    for x in xs:                       # one step per sequence element
        h, c = lstm_cell(weights, x, h, c)
        outputs.append(h)
    return torch.stack(outputs), h, c
# --8<-- [end:layer]


# --8<-- [start:check]
d, n, T, batch = 5, 7, 12, 3           # input size, hidden size, steps
torch_lstm = torch.nn.LSTM(input_size=d, hidden_size=n)  # float32
xs = torch.randn(T, batch, d)
out_torch, (h_n_torch, c_n_torch) = torch_lstm(xs)

weights = weights_from_torch(torch_lstm)
out, h_n, c_n = lstm_layer(weights, xs)

print(f"torch LSTM from scratch vs torch.nn.LSTM, float32, T={T}, "
      f"batch={batch}, d={d}, n={n}")
TOLERANCE = 1e-6   # float32 rounding: a few times eps = 2**-23 = 1.2e-7
ours = {"outputs": out, "h_n": h_n, "c_n": c_n}
theirs = {"outputs": out_torch, "h_n": h_n_torch[0], "c_n": c_n_torch[0]}
max_diff = {}
for name in ours:
    max_diff[name] = (ours[name] - theirs[name]).abs().max().item()
    print(f"  {name:<7} dtype {ours[name].dtype}, "
          f"max |ours - torch| < {TOLERANCE:.0e}: "
          f"{max_diff[name] < TOLERANCE}")
    assert ours[name].dtype == torch.float32
    assert max_diff[name] < TOLERANCE
# --8<-- [end:check]

# --8<-- [start:gradients]
# The same loss through torch's LSTM and through ours; compare gradients.
# They sum over steps and batch, so their rounding is larger: allow 1e-5.
GRADIENT_TOLERANCE = 1e-5
readout = torch.randn(n)
params = dict(torch_lstm.named_parameters())
loss_torch = (out_torch @ readout).sum()
grads_torch = torch.autograd.grad(loss_torch, list(params.values()))
loss_ours = (out @ readout).sum()
grads_ours = torch.autograd.grad(loss_ours, list(params.values()))
max_grad_diff = {}
for name, g_torch, g_ours in zip(params, grads_torch, grads_ours):
    max_grad_diff[name] = (g_ours - g_torch).abs().max().item()
    print(f"  dJ/d{name:<12} max |ours - torch| < "
          f"{GRADIENT_TOLERANCE:.0e}: "
          f"{max_grad_diff[name] < GRADIENT_TOLERANCE}")
    assert max_grad_diff[name] < GRADIENT_TOLERANCE
# --8<-- [end:gradients]

# --8<-- [start:gradcheck]
names = [f"{kind}{gate}" for gate in "ifco" for kind in ("W_x", "W_h", "b_")]


def cell_of_tensors(x, h_prev, c_prev, *weight_tensors):
    """lstm_cell with every input a separate tensor, as gradcheck wants."""
    return lstm_cell(dict(zip(names, weight_tensors)), x, h_prev, c_prev)


d_small, n_small, batch_small = 3, 4, 2
shapes = {"W_x": (n_small, d_small), "W_h": (n_small, n_small),
          "b_": (n_small,)}            # by kind: name without its gate
inputs = [torch.randn(batch_small, d_small, dtype=torch.float64),  # x
          torch.randn(batch_small, n_small, dtype=torch.float64),  # h
          torch.randn(batch_small, n_small, dtype=torch.float64)]  # c
inputs += [torch.randn(shapes[name[:-1]], dtype=torch.float64)
           for name in names]
for tensor in inputs:
    tensor.requires_grad_(True)
passed = torch.autograd.gradcheck(cell_of_tensors, inputs)
print(f"gradcheck on the cell (float64, {len(inputs)} input tensors): "
      f"{passed}")
# --8<-- [end:gradcheck]

# --8<-- [start:errors]
bad_calls = {
    "input size 4": lambda: lstm_layer(weights, torch.zeros(T, batch, 4)),
    "hidden size 6": lambda: lstm_layer(weights, xs,
                                        h0=torch.zeros(batch, 6)),
    "W_ho 7x6": lambda: lstm_layer({**weights, "W_ho": torch.zeros(n, 6)},
                                   xs),
}
for what, call in bad_calls.items():  # lstm_numpy.py prints the messages
    try:
        call()
    except ValueError:
        pass
    else:
        raise AssertionError(f"{what} was accepted")
# --8<-- [end:errors]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with open("lstm_torch.results.json", "w") as f:
    json.dump({"sizes": {"d": d, "n": n, "T": T, "batch": batch},
               "gaps": max_diff, "largest_gap": max(max_diff.values()), "tolerance": TOLERANCE,
               "gradient_gaps": max_grad_diff,
               "largest_gradient_gap": max(max_grad_diff.values()),
               "gradient_tolerance": GRADIENT_TOLERANCE,
               "float32_eps": torch.finfo(torch.float32).eps,
               "gradcheck_passed": bool(passed), "gradcheck_inputs": len(inputs),
               "bad_shapes_refused": len(bad_calls)},
              f, indent=1, sort_keys=True)
