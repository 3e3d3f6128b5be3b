"""One hidden unit: the gradient through k steps is a product of k numbers.

A linear RNN with a single unit, h(t) = w_h h(t-1) + x(t), has
d h(t) / d h(t-1) = w_h, so a gradient sent back k steps is multiplied by
w_h^k: it shrinks exponentially when |w_h| < 1 and grows exponentially when
|w_h| > 1. With a tanh, h(t) = tanh(w_h h(t-1) + x(t)), each step multiplies
by w_h tanh'(z(t)) instead, which is smaller than |w_h| wherever z(t) != 0. The
script runs both for three weights and prints the two products at k = 10
and k = 50.

Run: python scalar_rnn.py   (numpy; well under a second)
"""
# --8<-- [start:scalar]
import numpy as np

rng = np.random.default_rng(0)
T = 50
xs = 0.1 * rng.normal(size=T + 1)   # small inputs x(1) .. x(T); xs[0] unused

print("w_h   k  linear: w_h^k  tanh: product of w_h tanh'(z(j))")
products = {}                       # w_h -> [w_h tanh'(z(j)) for j = 1 .. T]
for w_h in (0.9, 1.1, 1.5):
    h, factors = 0.0, []
    for t in range(1, T + 1):
        z = w_h * h + xs[t]          # pre-activation z(t)
        h = np.tanh(z)
        factors.append(w_h * (1 - h**2))  # d h(t) / d h(t-1) = w_h tanh'(z(t))
    products[w_h] = factors
    for k in (10, 50):               # d h(T) / d h(T-k): the last k factors
        print(f"{w_h:3.1f} {k:3d} {w_h**k:13.2e} {np.prod(factors[T - k:]):14.2e}")
# --8<-- [end:scalar]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

recorded = {}
for w_h, factors in products.items():
    key = f"w_{w_h:g}".replace(".", "_")   # 1.1 -> "w_1_1"
    recorded[key] = {f"k{k}": {"linear": w_h**k, "tanh": float(np.prod(factors[T - k:]))} for k in (10, 50)}
    # the typical factor of one tanh step: the geometric mean of w_h tanh'(z(j)) over the last 50 steps
    recorded[key]["tanh_factor"] = float(np.exp(np.mean(np.log(factors[T - 50:]))))
with open("scalar_rnn.results.json", "w") as f:
    json.dump({"T": T, **recorded}, f, indent=1, sort_keys=True)
