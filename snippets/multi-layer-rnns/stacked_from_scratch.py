"""A multi-layer (stacked) LSTM built from single-layer passes.

Writes one LSTM step from scratch (gates stacked i, f, g, o, as in
torch.nn.LSTM) and runs L layers of it, one after the other: the hidden
states of layer l are the inputs of layer l + 1. On the weights of a
torch.nn.LSTM with num_layers=L it gives the same outputs and final
states h_n and c_n, to within 1e-6 in float32; it prints that, not the
exact gaps, which depend on the CPU. It also checks that a wrong input
size, or weights for another number of layers, raise a ValueError that
names what was expected and what was received.

Run: python stacked_from_scratch.py   (torch; a few seconds, mostly the
import of torch)
"""
# --8<-- [start:imports]
import torch
from torch import nn

torch.manual_seed(0)
# --8<-- [end:imports]


# --8<-- [start:cell]
def lstm_cell(x, h, c, W_x, W_h, b_ih, b_hh):
    """One LSTM step on a batch: x (batch, d), h and c (batch, n).

    W_x = [W_xi; W_xf; W_xc; W_xo] and W_h = [W_hi; W_hf; W_hc; W_ho],
    stacked as nn.LSTM's weight_ih_l0 and weight_hh_l0. Rows hold vectors
    here, so the maths' W_x x is x @ W_x.T.
    """
    gates = x @ W_x.T + b_ih + h @ W_h.T + b_hh   # rows i, f, g (c~), o
    i, f, g, o = gates.chunk(4, dim=1)
    i, f, o = torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(o)
    c = f * c + i * torch.tanh(g)       # new cell state c(t)
    h = o * torch.tanh(c)               # new hidden state h(t)
    return h, c
# --8<-- [end:cell]


# --8<-- [start:layer]
def run_layer(xs, weights, l):
    """Run layer l (weights named ..._l{l} as in nn.LSTM) over xs
    (batch, T, input size); return every h(t) and the last (h, c)."""
    W_x, W_h = weights[f"weight_ih_l{l}"], weights[f"weight_hh_l{l}"]
    b_ih, b_hh = weights[f"bias_ih_l{l}"], weights[f"bias_hh_l{l}"]
    batch, T, _ = xs.shape
    n = W_h.shape[1]
    h = torch.zeros(batch, n, dtype=xs.dtype)    # h(0) = 0
    c = torch.zeros(batch, n, dtype=xs.dtype)    # c(0) = 0
    states = []
    for t in range(T):
        h, c = lstm_cell(xs[:, t], h, c, W_x, W_h, b_ih, b_hh)
        states.append(h)
    return torch.stack(states, dim=1), h, c
# --8<-- [end:layer]


# --8<-- [start:check]
def check_inputs(xs, weights, num_layers):
    """Raise a ValueError unless xs and weights fit num_layers layers."""
    layers = sum(name.startswith("weight_ih_l") for name in weights)
    if layers != num_layers:
        raise ValueError(f"expected weights for {num_layers} layers "
                         f"(num_layers={num_layers}), received weights "
                         f"for {layers}")
    d = weights["weight_ih_l0"].shape[1]
    if xs.dim() != 3 or xs.shape[2] != d:
        raise ValueError(f"expected input of shape (batch, T, {d}), "
                         f"received {tuple(xs.shape)}")
    n = weights["weight_hh_l0"].shape[1]
    in_size = d                            # what reaches layer 0
    for l in range(num_layers):
        expected = {f"weight_ih_l{l}": (4 * n, in_size),
                    f"weight_hh_l{l}": (4 * n, n),
                    f"bias_ih_l{l}": (4 * n,), f"bias_hh_l{l}": (4 * n,)}
        for name, shape in expected.items():
            got = tuple(weights[name].shape) if name in weights else None
            if got != shape:
                raise ValueError(f"expected {name} of shape {shape}, "
                                 f"received {got}")
        in_size = n                        # layer l + 1 reads h of layer l
# --8<-- [end:check]


# --8<-- [start:stack]
def stacked_lstm(xs, weights, num_layers):
    """num_layers LSTM layers on xs (batch, T, d), each reading the
    hidden states of the one below. Returns the top layer's states
    (batch, T, n) and (h_n, c_n), each (num_layers, batch, n)."""
    check_inputs(xs, weights, num_layers)
    inputs, h_n, c_n = xs, [], []
    for l in range(num_layers):
        states, h, c = run_layer(inputs, weights, l)
        inputs = states                   # h of layer l feeds layer l + 1
        h_n.append(h)
        c_n.append(c)
    return inputs, (torch.stack(h_n), torch.stack(c_n))
# --8<-- [end:stack]


# --8<-- [start:compare]
d, n, L, batch, T = 5, 8, 3, 4, 6     # input, hidden, layers, batch, steps
lstm = nn.LSTM(d, n, num_layers=L, batch_first=True)
weights = {name: p.detach() for name, p in lstm.named_parameters()}
for l in range(L):                    # layer 0 reads d, the others n
    print(f"weight_ih_l{l}: {tuple(weights[f'weight_ih_l{l}'].shape)}")

xs = torch.randn(batch, T, d)
ours, (h_n, c_n) = stacked_lstm(xs, weights, L)
with torch.no_grad():
    theirs, (h_n_torch, c_n_torch) = lstm(xs)

gaps = {"output": (ours - theirs).abs().max().item(),
        "h_n": (h_n - h_n_torch).abs().max().item(),
        "c_n": (c_n - c_n_torch).abs().max().item()}
TOLERANCE = 1e-6   # float32 rounding: a few times eps = 2**-23 = 1.2e-7
for name, gap in gaps.items():
    print(f"{name:<6} max |from scratch - nn.LSTM| < {TOLERANCE:.0e}: "
          f"{gap < TOLERANCE}")
    assert gap < TOLERANCE
# --8<-- [end:compare]

# --8<-- [start:errors]
for bad_xs, bad_layers in [(torch.randn(batch, T, d + 1), L),
                           (xs, L - 1)]:     # each must be refused
    try:
        stacked_lstm(bad_xs, weights, bad_layers)
    except ValueError as error:
        assert "expected" in str(error) and "received" in str(error)
    else:
        raise AssertionError("a bad call was accepted")
# --8<-- [end:errors]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with open("stacked_from_scratch.results.json", "w") as f:
    json.dump({"d": d, "n": n, "L": L, "gaps": gaps, "max_gap": max(gaps.values()), "tolerance": TOLERANCE,
               "weight_ih_shapes": [list(weights[f"weight_ih_l{l}"].shape) for l in range(L)]},
              f, indent=1, sort_keys=True)
