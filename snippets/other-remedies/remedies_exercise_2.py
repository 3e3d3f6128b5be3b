"""Exercise 2 of the chapter "Other remedies": leaky units.

A leaky unit keeps a fraction beta of its old state and mixes in the rest,
h(t) = beta h(t-1) + (1 - beta) tanh(W_h h(t-1) + W_x x(t)), so its one-step
Jacobian is beta I + (1 - beta) diag(tanh'(z(t))) W_h. With W_h drawn as
PyTorch draws it (uniform in [-1/sqrt(n), 1/sqrt(n)], spectral radius about
0.6 for n = 32), it prints the norm of the gradient reaching step 0 from a
unit gradient at step T = 30, for beta = 0 (a plain RNN), 0.5, 0.9 and 0.98,
next to beta ** T; and how many steps the state takes to move halfway to a
new constant input. float64, mean over a batch of 64 sequences. numpy only;
run it alone.
"""

import numpy as np

rng = np.random.default_rng(0)
n, d, T, B = 32, 3, 30, 64
W_h = rng.uniform(-1, 1, (n, n)) / np.sqrt(n)
W_x = rng.uniform(-1, 1, (n, d)) / np.sqrt(n)
xs = rng.standard_normal((B, T, d))
print(f"spectral radius of W_h: {np.abs(np.linalg.eigvals(W_h)).max():.2f}")


def gradient_at_step_0(beta):
    h, zs = np.zeros((B, n)), []
    for t in range(T):
        z = h @ W_h.T + xs[:, t] @ W_x.T
        zs.append(z)
        h = beta * h + (1 - beta) * np.tanh(z)
    g = np.ones((B, n)) / np.sqrt(n)     # ds/dh(T) = q, a unit row vector
    for z in reversed(zs):  # g <- g (beta I + (1-beta) diag(tanh') W_h)
        g = beta * g + (1 - beta) * (g * (1 - np.tanh(z) ** 2)) @ W_h
    return np.linalg.norm(g, axis=1).mean()


def steps_to_halfway(beta):
    """Steps until h moves halfway to tanh(W_x x) for a constant x, W_h = 0."""
    target, h, steps = np.tanh(W_x @ np.ones(d)), np.zeros(n), 0
    while np.abs(h - target).max() > 0.5 * np.abs(target).max():
        h, steps = beta * h + (1 - beta) * target, steps + 1
    return steps


print(f"beta   ||ds/dh(0)||   beta^T   steps to move halfway to a new input")
for beta in (0.0, 0.5, 0.9, 0.98):
    print(f"{beta:<4}   {gradient_at_step_0(beta):9.1e}   {beta ** T:7.1e}"
          f"   {steps_to_halfway(beta):3d}")
