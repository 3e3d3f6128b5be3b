"""Exercise 3 of the chapter "Other remedies": an echo state network.

An echo state network never trains its recurrent weights: W_h and W_x are
drawn once (here W_h is Gaussian, rescaled to spectral radius 0.9) and only
a linear read-out is fitted, by least squares, on the states the fixed RNN
produces. The task is the chapter's delayed recall: at every step, output
the bit read a fixed number of steps earlier. Prints the test accuracy for
delays of 2, 6, 10 and 16 steps with 32 and with 128 hidden units (train
and test: 300 streams of 40 random bits each). numpy only; run it alone.
"""

import numpy as np

rng = np.random.default_rng(0)
T = 40


def fixed_rnn(n):
    W_h = rng.standard_normal((n, n))
    W_h *= 0.9 / np.abs(np.linalg.eigvals(W_h)).max()  # radius 0.9
    W_x = rng.uniform(-1, 1, (n, 2))
    return W_h, W_x


def states(W_h, W_x, bits):
    xs, h, out = np.eye(2)[bits], np.zeros((len(bits), len(W_h))), []
    for t in range(T):
        h = np.tanh(h @ W_h.T + xs[:, t] @ W_x.T)
        out.append(h)
    return np.stack(out, axis=1)          # (streams, T, n)


def fit_and_test(H_train, bits_train, H_test, bits_test, delay):
    """Least-squares read-out of the bit `delay` steps back (as -1 or +1)."""
    def design(H):
        X = H[:, delay:].reshape(-1, H.shape[2])
        return np.hstack([X, np.ones((len(X), 1))])  # with a bias
    target = 2.0 * bits_train[:, :-delay].reshape(-1) - 1
    w, *_ = np.linalg.lstsq(design(H_train), target, rcond=None)
    guess = design(H_test) @ w > 0
    return (guess == (bits_test[:, :-delay].reshape(-1) == 1)).mean()


train, test = rng.integers(0, 2, (300, T)), rng.integers(0, 2, (300, T))
for n in (32, 128):
    W_h, W_x = fixed_rnn(n)
    H_train, H_test = states(W_h, W_x, train), states(W_h, W_x, test)
    accs = [fit_and_test(H_train, train, H_test, test, delay)
            for delay in (2, 6, 10, 16)]
    print(f"n = {n:3d}: accuracy for a delay of 2, 6, 10, 16 steps:",
          " ".join(f"{a:.2f}" for a in accs))
