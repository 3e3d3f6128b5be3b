"""The bound of Pascanu, Mikolov & Bengio (2013), checked on numbers.

One backward step multiplies by diag(sigma'(z(j))) W_h, whose spectral norm
is at most gamma ||W_h||, with gamma = max |sigma'|. So when
gamma ||W_h|| < 1, k steps shrink the gradient at least as fast as
(gamma ||W_h||)^k. The script runs tanh and sigmoid RNNs with a chosen
||W_h||, measures every one-step Jacobian and the k-step products, and
prints them next to the bound.

Run: python jacobian_bound.py   (numpy; well under a second)
"""
# --8<-- [start:setup]
import numpy as np

rng = np.random.default_rng(0)

n, d, T = 32, 8, 60
A = rng.normal(size=(n, n))
A /= np.linalg.norm(A, 2)        # spectral norm (largest singular value) 1
W_x = 0.3 * rng.normal(size=(n, d)) / np.sqrt(d)
xs = rng.normal(size=(T + 1, d))  # xs[t] is x(t)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# name: (activation, its derivative, gamma = the largest derivative)
activations = {
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2, 1.0),
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z)), 0.25),
}
# --8<-- [end:setup]

# --8<-- [start:bound]
print("φ        ‖W_h‖ γ‖W_h‖ max one-step  k   ‖∂h(T)/∂h(T-k)‖   (γ‖W_h‖)^k")
for name, W_norm in [("tanh", 0.9), ("sigmoid", 3.6), ("tanh", 3.0)]:
    activation, derivative, gamma = activations[name]
    W_h = W_norm * A                   # now ||W_h|| = W_norm
    h = np.zeros(n)
    one_step = []                      # one_step[j - 1] = d h(j) / d h(j-1)
    for t in range(1, T + 1):
        z = W_h @ h + W_x @ xs[t]
        h = activation(z)
        one_step.append(np.diag(derivative(z)) @ W_h)
    largest = max(np.linalg.norm(step, 2) for step in one_step)
    assert largest <= gamma * W_norm + 1e-12   # the one-step bound holds
    for k in (10, 50):
        product = np.eye(n)
        for step in reversed(one_step[T - k:]):  # j = T, T-1, ..., T-k+1
            product = product @ step           # the latest step on the left
        measured = np.linalg.norm(product, 2)
        bound = (gamma * W_norm) ** k
        print(f"{name:8} {W_norm:5.1f} {gamma * W_norm:6.2f} {largest:12.3f}"
              f" {k:3d} {measured:15.2e} {bound:14.2e}")
# --8<-- [end:bound]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

recorded = {}
for key, (name, W_norm) in {"tanh_small": ("tanh", 0.9), "sigmoid": ("sigmoid", 3.6),
                            "tanh_large": ("tanh", 3.0)}.items():
    activation, derivative, gamma = activations[name]
    W_h = W_norm * A
    h = np.zeros(n)
    one_step, derivatives = [], []
    for t in range(1, T + 1):
        z = W_h @ h + W_x @ xs[t]
        h = activation(z)
        derivatives.append(derivative(z))
        one_step.append(np.diag(derivative(z)) @ W_h)
    derivatives = np.array(derivatives)
    run = {"activation": name, "W_norm": W_norm, "gamma": gamma,
           "gamma_W_norm": gamma * W_norm,
           # why a run stays below its bound: the spectral radius, and the derivatives it met
           "rho": float(f"{max(abs(np.linalg.eigvals(W_h))):.4g}"),
           "mean_derivative": float(f"{derivatives.mean():.4g}"),
           "share_derivative_below_0_1": float(f"{(derivatives < 0.1).mean():.4g}"),
           "largest_one_step": float(max(np.linalg.norm(step, 2) for step in one_step))}
    for k in (10, 50):
        product = np.eye(n)
        for step in reversed(one_step[T - k:]):
            product = product @ step
        run[f"k{k}"] = {"measured": float(np.linalg.norm(product, 2)),
                        "bound": (gamma * W_norm) ** k}
    recorded[key] = run
with open("jacobian_bound.results.json", "w") as f:
    json.dump({"n": n, "T": T, **recorded}, f, indent=1, sort_keys=True)
