"""An LSTM from scratch in numpy, checked against torch.nn.LSTM.

The cell computes the six LSTM equations (forget, input and output gates,
candidate, cell state, hidden state) for a batch; the layer runs the cell
over a sequence. The weights are copied out of a torch.nn.LSTM, whose
stacked matrices hold the gates in the order i, f, g (candidate), o, and
the script prints whether our outputs, h_n and c_n agree with torch's to
float32 rounding (every gap below 1e-6; the exact gaps depend on the CPU,
so they are not printed). Bad shapes raise a ValueError that names the
expected and received shapes.

Run: python lstm_numpy.py   (numpy and torch; a few seconds, mostly the
import of torch)
"""
# --8<-- [start:imports]
import numpy as np
import torch

torch.manual_seed(0)
# --8<-- [end:imports]


# --8<-- [start:weights]
def weights_from_torch(lstm):
    """Split a one-layer torch.nn.LSTM into W_xi, W_hi, b_i, ..., b_o.

    torch stacks the four blocks in the order i, f, g, o: rows 0..n-1 of
    weight_ih_l0 are W_xi, rows n..2n-1 are W_xf, and so on. It keeps two
    biases, bias_ih_l0 and bias_hh_l0, that are simply added, so each of
    our biases is the sum of the two.
    """
    n = lstm.hidden_size
    stacked = {
        "W_x": lstm.weight_ih_l0.detach().numpy(),   # (4n, d), acts on x
        "W_h": lstm.weight_hh_l0.detach().numpy(),   # (4n, n), acts on h
        "b_": (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy(),  # 4n
    }
    weights = {}
    for j, gate in enumerate(["i", "f", "c", "o"]):  # torch's g is our c
        rows = slice(j * n, (j + 1) * n)
        for kind, matrix in stacked.items():
            weights[f"{kind}{gate}"] = matrix[rows].copy()
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
                             f"got {weights[name].shape}")
    batch = x.shape[0] if x.ndim == 2 else None
    if x.ndim != 2 or x.shape[1] != d:
        raise ValueError(f"input x: expected shape (batch, {d}), "
                         f"got {x.shape}")
    for name, state in [("h_prev", h_prev), ("c_prev", c_prev)]:
        if state.shape != (batch, n):
            raise ValueError(f"{name}: expected shape {(batch, n)}, "
                             f"got {state.shape}")
# --8<-- [end:shapes]


# --8<-- [start:cell]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_cell(weights, x, h_prev, c_prev):
    """One LSTM step for a batch: x (B, d), h_prev and c_prev (B, n).

    Each row is one sequence, so W x becomes x @ W.T.
    """
    check_shapes(weights, x, h_prev, c_prev)
    w = weights

    def affine(gate):   # W_x. x + W_h. h_prev + b_., row by row
        return (x @ w[f"W_x{gate}"].T + h_prev @ w[f"W_h{gate}"].T
                + w[f"b_{gate}"])

    f = sigmoid(affine("f"))           # forget gate
    i = sigmoid(affine("i"))           # input gate
    o = sigmoid(affine("o"))           # output gate
    c_tilde = np.tanh(affine("c"))     # new cell content
    c = f * c_prev + i * c_tilde       # erase some, write some
    h = o * np.tanh(c)                 # read some
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
                         f"got {xs.shape}")
    n = weights["W_hf"].shape[0]
    zeros = np.zeros((xs.shape[1], n), dtype=xs.dtype)
    h = zeros if h0 is None else h0
    c = zeros if c0 is None else c0
    outputs = []
    for x in xs:                       # one step per sequence element
        h, c = lstm_cell(weights, x, h, c)
        outputs.append(h)
    return np.stack(outputs), h, c
# --8<-- [end:layer]


# --8<-- [start:check]
d, n, T, batch = 5, 7, 12, 3           # input size, hidden size, steps
torch_lstm = torch.nn.LSTM(input_size=d, hidden_size=n)  # float32
xs = torch.randn(T, batch, d)
with torch.no_grad():
    out_torch, (h_n_torch, c_n_torch) = torch_lstm(xs)

weights = weights_from_torch(torch_lstm)
out, h_n, c_n = lstm_layer(weights, xs.numpy())

print(f"numpy LSTM vs torch.nn.LSTM, float32, T={T}, batch={batch}, "
      f"d={d}, n={n}")
TOLERANCE = 1e-6   # float32 rounding: a few times eps = 2**-23 = 1.2e-7
ours = {"outputs": out, "h_n": h_n, "c_n": c_n}
theirs = {"outputs": out_torch, "h_n": h_n_torch[0], "c_n": c_n_torch[0]}
max_diff = {}
for name in ours:
    max_diff[name] = np.abs(ours[name] - theirs[name].numpy()).max()
    print(f"  {name:<7} dtype {ours[name].dtype}, "
          f"max |numpy - torch| < {TOLERANCE:.0e}: "
          f"{max_diff[name] < TOLERANCE}")
    assert ours[name].dtype == np.float32
    assert max_diff[name] < TOLERANCE
# --8<-- [end:check]

# --8<-- [start:errors]
bad_calls = {
    "input size 4": lambda: lstm_layer(weights, np.zeros((T, batch, 4))),
    "hidden size 6": lambda: lstm_layer(weights, xs.numpy(),
                                        h0=np.zeros((batch, 6))),
    "W_ho 7x6": lambda: lstm_layer({**weights, "W_ho": np.zeros((n, 6))},
                                   xs.numpy()),
}
for what, call in bad_calls.items():
    try:
        call()
    except ValueError as error:
        print(f"{what}: ValueError: {error}")
    else:
        raise AssertionError(f"{what} was accepted")
# --8<-- [end:errors]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with open("lstm_numpy.results.json", "w") as f:
    json.dump({"sizes": {"d": d, "n": n, "T": T, "batch": batch},
               "gaps": {name: float(gap) for name, gap in max_diff.items()},
               "largest_gap": float(max(max_diff.values())), "tolerance": TOLERANCE,
               "float32_eps": float(np.finfo(np.float32).eps),
               "bad_shapes_refused": len(bad_calls)},
              f, indent=1, sort_keys=True)
