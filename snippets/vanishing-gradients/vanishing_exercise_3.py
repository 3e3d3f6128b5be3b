"""Exercise 3 of the vanishing-gradients page: the bounds on the derivatives.

sigmoid'(z) = p (1 - p) with p = sigmoid(z), which is at most 1/4 (at z = 0),
and tanh(z) = 2 sigmoid(2z) - 1 gives tanh'(z) = 4 sigmoid'(2z) <= 1. The
script checks both numerically with finite differences on a fine grid,
without typing in a formula for either derivative, then checks the two
identities the proof uses.

Run: python vanishing_exercise_3.py   (numpy; well under a second)
"""
import json

import numpy as np

z = np.linspace(-10, 10, 200_001)                  # step 1e-4
sigmoid = 1 / (1 + np.exp(-z))
d_sigmoid = np.gradient(sigmoid, z)                # finite differences, no formula
d_tanh = np.gradient(np.tanh(z), z)
print(f"max sigmoid'(z) = {d_sigmoid.max():.6f} at z = {z[d_sigmoid.argmax()]:.4f}")
print(f"max tanh'(z)    = {d_tanh.max():.6f} at z = {z[d_tanh.argmax()]:.4f}")
assert d_sigmoid.max() <= 0.25 + 1e-9
assert d_tanh.max() <= 1 + 1e-9

# sigma' = sigma (1 - sigma) = p (1 - p) <= 1/4, with equality at p = 1/2 (z = 0).
assert np.allclose(d_sigmoid, sigmoid * (1 - sigmoid), atol=1e-8)
# tanh(z) = 2 sigma(2z) - 1, so tanh'(z) = 4 sigma'(2z) <= 4 * 1/4 = 1.
sigmoid_2z = 1 / (1 + np.exp(-2 * z))
assert np.allclose(np.tanh(z), 2 * sigmoid_2z - 1)
assert np.allclose(d_tanh, 4 * sigmoid_2z * (1 - sigmoid_2z), atol=1e-7)
print("checked: sigmoid' <= 1/4 and tanh'(z) = 4 sigmoid'(2z) <= 1")

# Not shown on the page: the values the page quotes, recorded for the site's build.
with open("vanishing_exercise_3.results.json", "w") as f:
    json.dump({"sigmoid": {"max": float(d_sigmoid.max()), "at_z": float(z[d_sigmoid.argmax()])},
               "tanh": {"max": float(d_tanh.max()), "at_z": float(z[d_tanh.argmax()])}},
              f, indent=1, sort_keys=True)
