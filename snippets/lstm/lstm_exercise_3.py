"""LSTM chapter, exercise 3: an LSTM has four times a plain RNN's parameters.

Each of the LSTM's four blocks (forget, input and output gates, candidate)
has W_x. (n x d), W_h. (n x n) and b. (n): 4 (n d + n^2 + n) parameters
in the chapter's equations. torch.nn.LSTM keeps two bias vectors per
block, 4 (n d + n^2 + 2 n); torch.nn.RNN has one block with two biases.
The script prints the three counts for d = 10, n = 20 and asserts them.

Run: python lstm_exercise_3.py   (torch only; a few seconds)
"""
import torch

torch.manual_seed(0)
d, n = 10, 20                      # input size, hidden size
ours = 4 * (n * d + n * n + n)     # one bias per block, as in the equations
lstm = torch.nn.LSTM(d, n)
rnn = torch.nn.RNN(d, n)
in_torch = sum(p.numel() for p in lstm.parameters())
in_rnn = sum(p.numel() for p in rnn.parameters())
print(f"d = {d}, n = {n}: our equations {ours}, torch.nn.LSTM {in_torch},"
      f" torch.nn.RNN {in_rnn}")
assert in_torch == 4 * (n * d + n * n + 2 * n)
assert in_torch - ours == 4 * n    # the second bias vector of each block
assert in_torch == 4 * in_rnn
print(f"torch.nn.LSTM / torch.nn.RNN = {in_torch // in_rnn}")

