"""Exercise 1 of the vanishing-gradients page: how far does a gradient survive?

A linear RNN with a symmetric W_h of spectral radius 0.9 has
||d h(t)/d h(t-k)|| = ||W_h^k|| = 0.9^k exactly. The script finds the first
k with 0.9^k < 1e-3 from logarithms, then checks it on a random symmetric
8 x 8 matrix with eigenvalues from -0.9 to 0.9.

Run: python vanishing_exercise_1.py   (numpy; well under a second)
"""
import json
import math

import numpy as np

rho, threshold = 0.9, 1e-3
k = math.ceil(math.log(threshold) / math.log(rho))  # smallest k with rho**k < threshold
print(f"0.9^{k - 1} = {rho ** (k - 1):.2e}, 0.9^{k} = {rho ** k:.2e}: first below 1e-3 at k = {k}")

# A symmetric W_h has ||W_h^k|| = rho^k exactly, so the matrix agrees with the scalar.
rng = np.random.default_rng(0)
Q, _ = np.linalg.qr(rng.normal(size=(8, 8)))          # a random orthogonal matrix
W_h = Q @ np.diag(np.linspace(-rho, rho, 8)) @ Q.T    # symmetric, eigenvalues from -0.9 to 0.9
norms = {j: np.linalg.norm(np.linalg.matrix_power(W_h, j), 2) for j in (k - 1, k)}
for j, norm in norms.items():
    print(f"||W_h^{j}|| = {norm:.2e}")
assert norms[k - 1] >= threshold > norms[k]

# Not shown on the page: the values the page quotes, recorded for the site's build.
with open("vanishing_exercise_1.results.json", "w") as f:
    json.dump({"rho": rho, "threshold": threshold, "k": k, "rho_k": rho**k, "rho_k_before": rho ** (k - 1)},
              f, indent=1, sort_keys=True)
