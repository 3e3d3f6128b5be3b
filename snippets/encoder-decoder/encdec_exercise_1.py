"""Exercise 1 of the chapter "Encoder-decoder": which row of h_n is which?

For a two-layer bidirectional nn.LSTM, checks that h_n lists layer 1
forward, layer 1 backward, layer 2 forward, layer 2 backward: the top
layer's rows equal the forward half of the output at the last position
and the backward half at the first. Then checks three ways of turning
h_n, (4, B, n), into a decoder state (2, B, 2n): the chapter's
join_directions is right; h_n.view(2, B, 2n) runs but pairs the states
of different strings in the batch (except with a batch of one string,
where it happens to be right); and pairing the first two rows with the
last two pairs the two layers' forward states. Run it alone; it
prints what the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)
d, n, L, B, T = 3, 4, 2, 5, 6
lstm = nn.LSTM(d, n, num_layers=L, bidirectional=True, batch_first=True)
output, (h_n, c_n) = lstm(torch.randn(B, T, d))
print("h_n:", tuple(h_n.shape), " output:", tuple(output.shape))

# The top layer's output holds [forward; backward] at every position; the
# forward direction ends at the last position, the backward at the first.
print("h_n[2] is the top layer's forward state: ",
      torch.equal(h_n[2], output[:, -1, :n]))
print("h_n[3] is the top layer's backward state:",
      torch.equal(h_n[3], output[:, 0, n:]))


def join_directions(state):           # as in the chapter
    rows, B, n = state.shape
    per_layer = state.view(rows // 2, 2, B, n)
    return per_layer.transpose(1, 2).reshape(rows // 2, B, 2 * n)


def expected(state):
    """Built row by row: layer l gets [row 2l ; row 2l + 1] for each string."""
    return torch.stack([torch.cat([state[2 * l], state[2 * l + 1]], dim=1)
                        for l in range(L)])


candidates = {"join_directions(h_n)": join_directions(h_n),
              "h_n.view(L, B, 2 * n)": h_n.view(L, B, 2 * n),
              "cat([h_n[:L], h_n[L:]], 2)": torch.cat([h_n[:L], h_n[L:]], dim=2)}
for name, joined in candidates.items():
    print(f"{name:28} shape {tuple(joined.shape)}, right: "
          f"{torch.equal(joined, expected(h_n))}")

assert torch.equal(join_directions(h_n), expected(h_n))
assert torch.equal(join_directions(c_n), expected(c_n))
assert not torch.equal(h_n.view(L, B, 2 * n), expected(h_n))
# the view pairs states of different strings: its first entry holds the
# (layer 1) forward states of strings 1 and 2
assert torch.equal(h_n.view(L, B, 2 * n)[0, 0], torch.cat([h_n[0, 0], h_n[0, 1]]))

# With a batch of ONE string the view happens to be right, so a test on a
# single example does not catch it.
one = h_n[:, :1].contiguous()                  # (2L, 1, n): string 1 alone
print("with one string, h_n.view(L, 1, 2 * n) is right:",
      torch.equal(one.view(L, 1, 2 * n), expected(one)))
assert torch.equal(one.view(L, 1, 2 * n), expected(one))
