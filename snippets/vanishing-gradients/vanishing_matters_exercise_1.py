"""Exercise 1 of "Why vanishing gradients matter": a deep feed-forward network.

A 50-layer tanh network h_l = tanh(W_l h_(l-1)) with a different random
64 x 64 matrix in every layer, entries of standard deviation s / sqrt(64).
Its Jacobian d h_l / d h_0 is again a product, one factor
diag(tanh'(z_l)) W_l per layer, with the latest layer on the left. The
script prints its spectral norm at depth 10 and 50 for s = 0.5, 1 and 2:
the gradient vanishes or explodes without any weight sharing.

Run: python vanishing_matters_exercise_1.py   (numpy; well under a second)
"""
import json

import numpy as np

rng = np.random.default_rng(0)
n, L = 64, 50                                     # width and number of layers
norms = {}                                        # scale -> {layer l: ||d h_l / d h_0||}
for scale in (0.5, 1.0, 2.0):
    Ws = [scale * rng.normal(size=(n, n)) / np.sqrt(n) for _ in range(L)]  # one matrix per layer
    h = rng.normal(size=n)                        # the input h_0
    jacobian = np.eye(n)                          # d h_l / d h_0, built layer by layer
    norms[scale] = {}
    for l, W in enumerate(Ws, start=1):
        h = np.tanh(W @ h)
        jacobian = np.diag(1 - h**2) @ W @ jacobian   # the new layer's Jacobian on the left
        norms[scale][l] = np.linalg.norm(jacobian, 2)
    print(f"s = {scale}: ||d h_l / d h_0|| at l = 10: {norms[scale][10]:.1e}, at l = 50: {norms[scale][50]:.1e}")

# Not shown on the page: the values the page quotes, recorded for the site's build
# (4 significant digits: the last bits of a product of 50 matrices may depend on the BLAS threads).
with open("vanishing_matters_exercise_1.results.json", "w") as f:
    json.dump({"n": n, "L": L, **{f"s_{scale:g}".replace(".", "_"): {f"l{l}": float(f"{norms[scale][l]:.4g}")
                                                                     for l in (10, 50)} for scale in norms}},
              f, indent=1, sort_keys=True)
