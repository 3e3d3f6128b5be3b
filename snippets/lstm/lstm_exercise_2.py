"""LSTM chapter, exercise 2: forget-gate bias 1 in every layer of nn.LSTM.

torch.nn.LSTM keeps, for every layer l, two bias vectors bias_ih_l{l} and
bias_hh_l{l} that the cell adds; rows n..2n-1 of each belong to the forget
gate (gate order i, f, g, o). set_forget_bias puts the value into the
forget rows of the first and 0 into those of the second, so the effective
bias is the value. The script checks this on a two-layer LSTM and prints
the effective forget bias of each layer.

Run: python lstm_exercise_2.py   (torch only; a few seconds)
"""
import torch

torch.manual_seed(0)


def set_forget_bias(lstm, value):
    """Give every layer of lstm an effective forget-gate bias of value."""
    n = lstm.hidden_size
    with torch.no_grad():
        for layer in range(lstm.num_layers):
            getattr(lstm, f"bias_ih_l{layer}")[n:2 * n] = value
            getattr(lstm, f"bias_hh_l{layer}")[n:2 * n] = 0.0


lstm = torch.nn.LSTM(input_size=4, hidden_size=6, num_layers=2)
set_forget_bias(lstm, 1.0)
n = lstm.hidden_size
for layer in range(lstm.num_layers):
    effective = (getattr(lstm, f"bias_ih_l{layer}")
                 + getattr(lstm, f"bias_hh_l{layer}"))[n:2 * n]
    print(f"layer {layer}: effective forget bias {effective.tolist()}")
    assert torch.all(effective == 1.0)
