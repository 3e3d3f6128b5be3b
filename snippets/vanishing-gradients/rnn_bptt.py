"""A vanilla RNN language model, with backpropagation through time by hand.

numpy runs the forward pass h(t) = tanh(W_h h(t-1) + W_x x(t) + b), with a
softmax prediction and a cross-entropy loss J(t) at every step, then the
backward pass (BPTT) written out line by line. torch autograd computes the
same gradients from the same numbers in float64, and the script prints
whether the two agree to float64 rounding (every entry within 1e-13; the
exact gaps depend on the CPU).

Run: python rnn_bptt.py   (numpy and torch; a few seconds, mostly the import
of torch)
"""
# --8<-- [start:imports]
import numpy as np
import torch

rng = np.random.default_rng(0)
torch.manual_seed(0)
# --8<-- [end:imports]

# --8<-- [start:setup]
vocab, n, T = 6, 10, 15   # vocabulary (= d = m), hidden size, steps
tokens = rng.integers(0, vocab, size=T + 1)   # a toy text: token ids 0 .. T
one_hot = np.eye(vocab)
# Step t reads x(t) = one-hot of token t-1 and must predict y(t) = token t.

W_h = rng.normal(0, 1, (n, n)) / np.sqrt(n)
W_x = rng.normal(0, 1, (n, vocab))
b = np.zeros(n)
W_y = rng.normal(0, 1, (vocab, n)) / np.sqrt(n)
b_y = np.zeros(vocab)
h0 = np.zeros(n)
# --8<-- [end:setup]

# --8<-- [start:forward]
hs, probs = {0: h0}, {}   # h(t) and y_hat(t), keyed by the step t
J = 0.0
for t in range(1, T + 1):
    x = one_hot[tokens[t - 1]]
    z = W_h @ hs[t - 1] + W_x @ x + b     # pre-activation z(t)
    hs[t] = np.tanh(z)                     # h(t)
    scores = W_y @ hs[t] + b_y
    probs[t] = np.exp(scores - scores.max())
    probs[t] /= probs[t].sum()             # y_hat(t) = softmax(scores)
    J += -np.log(probs[t][tokens[t]])      # J(t) = -log y_hat(t)[y(t)]
# --8<-- [end:forward]

# --8<-- [start:backward]
dW_h, dW_x, db = np.zeros_like(W_h), np.zeros_like(W_x), np.zeros(n)
dW_y, db_y = np.zeros_like(W_y), np.zeros(vocab)
dh_future = np.zeros(n)   # dJ/dh(t) via h(t+1); nothing after step T
for t in reversed(range(1, T + 1)):
    dscores = probs[t].copy()
    dscores[tokens[t]] -= 1                # y_hat(t) - onehot(y(t))
    dW_y += np.outer(dscores, hs[t])
    db_y += dscores
    dh = W_y.T @ dscores + dh_future       # dJ/dh(t): from J(t) + future
    dz = (1 - hs[t] ** 2) * dh             # dJ/dz(t), tanh' = 1 - tanh^2
    dW_h += np.outer(dz, hs[t - 1])        # shared W_h: add every step
    dW_x += np.outer(dz, one_hot[tokens[t - 1]])
    db += dz
    dh_future = W_h.T @ dz                 # one step back through W_h
# --8<-- [end:backward]

# --8<-- [start:check]
numpy_values = {"W_h": W_h, "W_x": W_x, "b": b, "W_y": W_y, "b_y": b_y}
params = {name: torch.tensor(value, requires_grad=True)
          for name, value in numpy_values.items()}
h = torch.tensor(h0)
J_torch = torch.tensor(0.0, dtype=torch.float64)
for t in range(1, T + 1):
    x = torch.tensor(one_hot[tokens[t - 1]])
    h = torch.tanh(params["W_h"] @ h + params["W_x"] @ x + params["b"])
    scores = params["W_y"] @ h + params["b_y"]
    J_torch = J_torch - torch.log_softmax(scores, dim=0)[tokens[t]]
J_torch.backward()

print(f"loss J: numpy {J:.10f}, torch {J_torch.item():.10f}")
TOLERANCE = 1e-13  # float64 rounding: eps = 2**-52 = 2.2e-16
ours = {"W_h": dW_h, "W_x": dW_x, "b": db, "W_y": dW_y, "b_y": db_y}
for name, grad in ours.items():
    gap = np.abs(grad - params[name].grad.numpy()).max()
    print(f"dJ/d{name:<4} max |hand-written - autograd| < {TOLERANCE:.0e}: "
          f"{gap < TOLERANCE}")
    assert gap < TOLERANCE
# --8<-- [end:check]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with open("rnn_bptt.results.json", "w") as f:
    gaps = {name: float(np.abs(grad - params[name].grad.numpy()).max())
            for name, grad in ours.items()}
    json.dump({"vocab": vocab, "n": n, "T": T,
               "loss": {"numpy": float(J), "torch": J_torch.item()},
               "gaps": gaps, "max_gap": max(gaps.values()), "tolerance": TOLERANCE},
              f, indent=1, sort_keys=True)
