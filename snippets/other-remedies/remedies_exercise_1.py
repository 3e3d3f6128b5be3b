"""Exercise 1 of the chapter "Other remedies": what an orthogonal W_h does not fix.

An orthogonal W_h keeps the length of every vector it multiplies, so in a
linear RNN, h(t) = W_h h(t-1) + W_x x(t), the gradient sent back any number
of steps keeps its norm exactly. With tanh each step also multiplies by
diag(tanh'(z)), whose entries are below 1, and the more the inputs drive
tanh into saturation, the more the gradient shrinks. Prints the norm of the
gradient reaching step 0 from a unit gradient at step T = 30, in float64,
for the linear RNN and for tanh with inputs of three sizes (mean over a
batch of 64 sequences; hidden size 32). numpy only; run it alone.
"""

import numpy as np

rng = np.random.default_rng(0)
n, d, T, B = 32, 3, 30, 64
Q, R = np.linalg.qr(rng.standard_normal((n, n)))
W_h = Q * np.sign(np.diag(R))            # a random orthogonal matrix
W_x = rng.uniform(-1, 1, (n, d)) / np.sqrt(n)
print("W_h^T W_h = I:", np.allclose(W_h.T @ W_h, np.eye(n)))


def gradient_at_step_0(phi, phi_prime, scale):
    xs = scale * rng.standard_normal((B, T, d))
    h, zs = np.zeros((B, n)), []
    for t in range(T):                   # forward: keep every z(t)
        z = h @ W_h.T + xs[:, t] @ W_x.T
        zs.append(z)
        h = phi(z)
    g = np.ones((B, n)) / np.sqrt(n)     # ds/dh(T) = q, a unit row vector
    for z in reversed(zs):               # g <- g diag(phi'(z)) W_h
        g = (g * phi_prime(z)) @ W_h
    return np.linalg.norm(g, axis=1).mean()


linear = gradient_at_step_0(lambda z: z, np.ones_like, 1.0)
print(f"linear RNN:           ||ds/dh(0)|| = {linear:.6f}")
assert abs(linear - 1) < 1e-9
for scale in (0.1, 1.0, 3.0):
    norm = gradient_at_step_0(np.tanh, lambda z: 1 - np.tanh(z) ** 2, scale)
    print(f"tanh, inputs x {scale:<4}: ||ds/dh(0)|| = {norm:.2e}")
