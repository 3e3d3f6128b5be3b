"""Parameter counts of the LSTM, the GRU and the plain RNN, as formulas.

A layer with input size d and hidden size n has, per block (gate or
candidate), an n x d matrix on x(t), an n x n matrix on h(t-1) and, in
PyTorch, two bias vectors of size n. The LSTM has 4 such blocks, the GRU
3, the plain RNN 1. Checks the formulas against torch's nn.LSTM, nn.GRU
and nn.RNN at a few sizes and prints them.

Run: python lstm_vs_gru_params.py   (torch; about 1 s)
"""
# --8<-- [start:formulas]
import torch
from torch import nn

torch.manual_seed(0)


def block_params(d, n):
    """One gate or candidate: W (n x d), U (n x n), torch's 2 biases."""
    return n * d + n * n + 2 * n


def lstm_params(d, n):
    return 4 * block_params(d, n)  # input, forget, output gates; c~


def gru_params(d, n):
    return 3 * block_params(d, n)  # reset, update gates; h~


def rnn_params(d, n):
    return 1 * block_params(d, n)  # just W_x, W_h and the biases
# --8<-- [end:formulas]


# --8<-- [start:check]
def count(module):
    return sum(p.numel() for p in module.parameters())


print("    d     n        LSTM         GRU         RNN   GRU/LSTM")
for d, n in [(1, 32), (32, 128), (300, 512), (1024, 1024)]:
    formulas = [lstm_params(d, n), gru_params(d, n), rnn_params(d, n)]
    torch_counts = [count(nn.LSTM(d, n)), count(nn.GRU(d, n)),
                    count(nn.RNN(d, n))]
    assert formulas == torch_counts, (d, n, formulas, torch_counts)
    lstm, gru, rnn = formulas
    print(f"{d:5d} {n:5d} {lstm:11,d} {gru:11,d} {rnn:11,d}"
          f" {gru / lstm:10.2f}")
print("OK: the formulas give torch's counts at every size")
# --8<-- [end:check]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

sizes = [(1, 32), (32, 128), (300, 512), (1024, 1024)]
with open("lstm_vs_gru_params.results.json", "w") as f:
    json.dump({"rows": [{"d": d, "n": n, "lstm": lstm_params(d, n), "gru": gru_params(d, n),
                         "rnn": rnn_params(d, n), "gru_over_lstm": gru_params(d, n) / lstm_params(d, n),
                         "rnn_over_lstm": rnn_params(d, n) / lstm_params(d, n)}
                        for d, n in sizes]},
              f, indent=1, sort_keys=True)
