"""A bidirectional LSTM layer built from two unidirectional passes.

Writes one LSTM step from scratch (gate rows stacked i, f, g, o, as in
torch.nn.LSTM), runs it left to right over the sequence with one set of
weights and right to left with another, and concatenates the two hidden
states at every position. On the weights of a torch.nn.LSTM with
bidirectional=True it gives the same outputs, final hidden states h_n
(forward direction first) and cell states c_n, to within 1e-6 in float32;
it prints that, not the exact gaps, which depend on the CPU. It also
checks that a wrong input size, or the weights of a one-way LSTM, raise a
ValueError that names what was expected and what was received.

Run: python birnn_from_scratch.py   (torch; a few seconds, mostly the
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

    W_x = [W_xi; W_xf; W_xc; W_xo] (4n, d) and W_h = [W_hi; W_hf; W_hc; W_ho]
    (4n, n), stacked as nn.LSTM's weight_ih_l0 and weight_hh_l0. Rows hold
    vectors here, so the maths' W_x x is x @ W_x.T.
    """
    gates = x @ W_x.T + b_ih + h @ W_h.T + b_hh   # rows i, f, g (c~), o
    i, f, g, o = gates.chunk(4, dim=1)
    i, f, o = torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(o)
    c = f * c + i * torch.tanh(g)       # new cell state c(t)
    h = o * torch.tanh(c)               # new hidden state h(t)
    return h, c
# --8<-- [end:cell]


# --8<-- [start:direction]
def run_direction(xs, weights, suffix):
    """Run one LSTM left to right over xs (batch, T, d).

    weights holds tensors named as in nn.LSTM; suffix picks a direction:
    "" for the forward weights, "_reverse" for the backward ones.
    Returns every h(t) as (batch, T, n) and the last (h, c).
    """
    W_x, W_h = weights["weight_ih_l0" + suffix], \
        weights["weight_hh_l0" + suffix]
    b_ih, b_hh = weights["bias_ih_l0" + suffix], \
        weights["bias_hh_l0" + suffix]
    batch, T, _ = xs.shape
    n = W_h.shape[1]
    h = torch.zeros(batch, n, dtype=xs.dtype)    # h(0) = 0
    c = torch.zeros(batch, n, dtype=xs.dtype)    # c(0) = 0
    states = []
    for t in range(T):
        h, c = lstm_cell(xs[:, t], h, c, W_x, W_h, b_ih, b_hh)
        states.append(h)
    return torch.stack(states, dim=1), h, c
# --8<-- [end:direction]


# --8<-- [start:check]
def check_inputs(xs, weights):
    """Raise a ValueError unless xs and weights fit a bidirectional LSTM."""
    names = [f"{kind}_l0{suffix}"
             for suffix in ("", "_reverse")
             for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    missing = [name for name in names if name not in weights]
    if missing or len(weights) != len(names):
        raise ValueError(f"expected the {len(names)} weights of one "
                         f"bidirectional layer, received {len(weights)}"
                         f", missing {', '.join(missing)}")
    n = weights["weight_hh_l0"].shape[1]
    d = weights["weight_ih_l0"].shape[1]
    for suffix in ("", "_reverse"):
        for name, shape in [("weight_ih", (4 * n, d)),
                            ("weight_hh", (4 * n, n)),
                            ("bias_ih", (4 * n,)), ("bias_hh", (4 * n,))]:
            got = tuple(weights[f"{name}_l0{suffix}"].shape)
            if got != shape:
                raise ValueError(f"expected {name}_l0{suffix} of shape "
                                 f"{shape}, received {got}")
    if xs.dim() != 3 or xs.shape[2] != d:
        raise ValueError(f"expected input of shape (batch, T, {d}), "
                         f"received {tuple(xs.shape)}")
# --8<-- [end:check]


# --8<-- [start:bidirectional]
def bidirectional_lstm(xs, weights):
    """A bidirectional LSTM layer on xs (batch, T, d).

    Returns the output (batch, T, 2n), whose position t is
    [forward h(t), backward h(t)], and (h_n, c_n), each (2, batch, n)
    with the forward direction first, as nn.LSTM returns them.
    """
    check_inputs(xs, weights)
    forward, h_fw, c_fw = run_direction(xs, weights, "")
    # The backward LSTM reads x(T), ..., x(1): run it on the flipped
    # sequence, then flip its states back so position t lines up.
    flipped = xs.flip(1)
    backward, h_bw, c_bw = run_direction(flipped, weights, "_reverse")
    backward = backward.flip(1)
    output = torch.cat([forward, backward], dim=2)
    return output, (torch.stack([h_fw, h_bw]), torch.stack([c_fw, c_bw]))
# --8<-- [end:bidirectional]


# --8<-- [start:compare]
d, n, batch, T = 5, 8, 3, 7     # input size, hidden size, batch, steps
lstm = nn.LSTM(d, n, batch_first=True, bidirectional=True)
weights = {name: p.detach() for name, p in lstm.named_parameters()}
print("nn.LSTM(bidirectional=True) weights:")
for name, p in weights.items():
    print(f"  {name:<20} {tuple(p.shape)}")

xs = torch.randn(batch, T, d)
ours, (h_n, c_n) = bidirectional_lstm(xs, weights)
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

# --8<-- [start:h_n]
# h_n[0] is the forward state after the last step, h_n[1] the backward
# state after it read all the way back to the first step.
assert torch.equal(h_n[0], ours[:, -1, :n])
assert torch.equal(h_n[1], ours[:, 0, n:])
print("h_n[0] = output[:, -1, :n] (forward, after x(T))")
print("h_n[1] = output[:, 0, n:]  (backward, after x(1))")
# --8<-- [end:h_n]

# --8<-- [start:errors]
one_way = {name: p.detach() for name, p
           in nn.LSTM(d, n, batch_first=True).named_parameters()}
for bad_xs, bad_weights in [(torch.randn(batch, T, d + 1), weights),
                            (xs, one_way)]:     # each must be refused
    try:
        bidirectional_lstm(bad_xs, bad_weights)
    except ValueError as error:
        assert "expected" in str(error) and "received" in str(error)
    else:
        raise AssertionError("a bad input was accepted")
# --8<-- [end:errors]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with open("birnn_from_scratch.results.json", "w") as f:
    json.dump({"d": d, "n": n, "gaps": gaps, "max_gap": max(gaps.values()), "tolerance": TOLERANCE,
               "output_size": ours.shape[2], "weight_count": len(weights)},
              f, indent=1, sort_keys=True)
