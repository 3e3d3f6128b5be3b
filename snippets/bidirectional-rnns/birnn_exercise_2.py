"""Exercise 2 of the chapter "Bidirectional RNNs": Why not a language model.

The output of a bidirectional LSTM at position t depends on the next input
x(t+1), the word a language model must predict; that of a one-way LSTM does
not: autograd finds a gradient of exactly zero. Run it alone; it prints what
the chapter shows under the exercise.
"""

import torch
from torch import nn

torch.manual_seed(0)
xs = torch.randn(1, 10, 4, requires_grad=True)
t = 4                                      # an output in the middle
for bidirectional in (False, True):
    lstm = nn.LSTM(4, 8, batch_first=True, bidirectional=bidirectional)
    output, _ = lstm(xs)
    (grad,) = torch.autograd.grad(output[0, t].sum(), xs)
    future = grad[0, t + 1].abs().max().item()
    print(f"bidirectional={bidirectional}: |d output(t) / d x(t+1)| max = {future:.2e}")
    if bidirectional:
        assert future > 1e-4               # it has seen the word it should predict
    else:
        assert future == 0.0               # the future cannot reach it
