"""Setting the forget-gate bias of torch.nn.LSTM to 1, and the pitfall.

torch.nn.LSTM keeps two bias vectors, bias_ih_l0 and bias_hh_l0, and adds
both to every gate; rows n..2n-1 belong to the forget gate (gate order
i, f, g, o). Filling the forget rows of both with 1 gives an effective
bias of 2. The script prints the effective bias after each of three
initialisations, and the forget gate it gives when the rest of the
pre-activation is 0, and what that gate keeps of the cell after 20 steps.

Run: python lstm_forget_bias.py   (torch only; a few seconds)
"""
# --8<-- [start:imports]
import torch

torch.manual_seed(0)
# --8<-- [end:imports]

# --8<-- [start:effective]
d, n = 4, 3                           # input size, hidden size
forget_rows = slice(n, 2 * n)         # gate order i, f, g, o


def effective_forget_bias(lstm):
    """b_f as the cell uses it: the sum of torch's two biases."""
    return (lstm.bias_ih_l0 + lstm.bias_hh_l0)[forget_rows].detach()


def rounded(tensor):
    return "  ".join(f"{v:8.3g}" for v in tensor.tolist())


def report(title, lstm):
    b_f = effective_forget_bias(lstm)
    f = torch.sigmoid(b_f)          # the gate if W_xf x + W_hf h = 0
    print(title)
    print(f"  effective b_f   {rounded(b_f)}")
    print(f"  sigma(b_f)      {rounded(f)}")
    print(f"  sigma(b_f)^20   {rounded(f**20)}")
    return b_f
# --8<-- [end:effective]

# --8<-- [start:pitfall]
lstm = torch.nn.LSTM(d, n)
default_b_f = report("PyTorch's default: both biases uniform in "
                     "(-1/sqrt(n), 1/sqrt(n))", lstm)

with torch.no_grad():                 # the pitfall: 1 in both biases
    lstm.bias_ih_l0[forget_rows] = 1.0
    lstm.bias_hh_l0[forget_rows] = 1.0
twice_b_f = report("forget rows of bias_ih_l0 AND bias_hh_l0 set to 1",
                   lstm)

with torch.no_grad():                 # the fix: 1 in one of them, 0 in
    lstm.bias_ih_l0[forget_rows] = 1.0   # the other
    lstm.bias_hh_l0[forget_rows] = 0.0
fixed_b_f = report("forget rows of bias_ih_l0 set to 1, of bias_hh_l0 "
                   "to 0", lstm)
assert torch.all(twice_b_f == 2.0) and torch.all(fixed_b_f == 1.0)
# --8<-- [end:pitfall]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json


def gate_record(b_f):
    gate = torch.sigmoid(b_f)
    return {"b_f": b_f.tolist(), "gate": gate.tolist(), "kept_after_20": (gate**20).tolist()}


with open("lstm_forget_bias.results.json", "w") as f:
    json.dump({"n": n, "steps": 20, "default": gate_record(default_b_f),
               "both_set": gate_record(twice_b_f), "one_set": gate_record(fixed_b_f),
               "kept_ratio_both_over_one": (torch.sigmoid(twice_b_f[0]) ** 20
                                            / torch.sigmoid(fixed_b_f[0]) ** 20).item()},
              f, indent=1, sort_keys=True)
