"""Exercise 3 of the chapter "Bidirectional RNNs": Which state summarises the sentence.

Replacing every word but the last leaves the backward half of output[:, -1]
unchanged (that state has read only the last word), while h_n[1], the
backward state after the whole sequence, changes. Run it alone; it prints
what the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)
n = 8
lstm = nn.LSTM(4, n, batch_first=True, bidirectional=True)
xs = torch.randn(1, 10, 4)
other = torch.randn(1, 10, 4)
other[:, -1] = xs[:, -1]                    # same last word, all others replaced
with torch.no_grad():
    out_a, (h_n_a, _) = lstm(xs)
    out_b, (h_n_b, _) = lstm(other)
last_bw = (out_a[:, -1, n:] - out_b[:, -1, n:]).abs().max().item()
summary_bw = (h_n_a[1] - h_n_b[1]).abs().max().item()
print(f"backward half of output[:, -1] changed by {last_bw:.1e}")
print(f"h_n[1] changed by {summary_bw:.1e}")
assert last_bw == 0.0 and summary_bw > 1e-3
