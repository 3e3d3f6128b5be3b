"""The model behind the page's gradient explorer, and its reference curves.

One seeded random recurrent matrix A, scaled so that its spectral radius is
1; then W_h = rho A has spectral radius rho. A linear, tanh or sigmoid RNN
runs T steps from h(0) = 0, and the script multiplies the one-step
Jacobians diag(sigma'(z(j))) W_h to get d h(T)/d h(T-k) for k = 1 .. T,
taking the spectral norm of each. The explorer on the page repeats this
computation in the browser, in JavaScript, on the same numbers.

Writes vanishing_explorer.json (A, W_x and the inputs: what the explorer
loads), vanishing_explorer.reference.json (curves for a grid of settings:
what the site's tests compare the explorer with) and vanishing_explorer.svg
(the curves for T = 50: what the page shows without JavaScript).

Run: python vanishing_explorer.py   (numpy, matplotlib; a few seconds)
"""
# --8<-- [start:model]
import json

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file

n, d, max_steps = 32, 8, 100   # hidden size, input size, longest run

A = rng.normal(size=(n, n))
A /= np.abs(np.linalg.eigvals(A)).max()     # rho(A) = 1, so rho(r A) = r
W_x = 0.3 * rng.normal(size=(n, d)) / np.sqrt(d)  # small input weights
xs = rng.normal(size=(max_steps + 1, d))    # xs[t] is x(t); xs[0] unused


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# name: (activation, its derivative, gamma = the largest derivative)
activations = {
    "linear": (lambda z: z, lambda z: np.ones_like(z), 1.0),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2, 1.0),
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z)), 0.25),
}
# --8<-- [end:model]


# --8<-- [start:norms]
def jacobian_norms(name, rho, steps):
    """||d h(T)/d h(T-k)|| for k = 1 .. T, with T = steps."""
    activation, derivative, gamma = activations[name]
    W_h = rho * A
    h = np.zeros(n)
    one_step = []                 # one_step[j - 1] = d h(j) / d h(j-1)
    for t in range(1, steps + 1):
        z = W_h @ h + W_x @ xs[t]
        h = activation(z)
        one_step.append(derivative(z)[:, None] * W_h)  # diag(s'(z)) W_h
    norms = []
    product = np.eye(n)           # d h(T)/d h(T-k), one more factor a step
    for k in range(1, steps + 1):
        product = product @ one_step[steps - k]
        norms.append(np.linalg.norm(product, 2))    # largest singular value
    return norms
# --8<-- [end:norms]


# --8<-- [start:reference]
radii = [0.5, 0.9, 1.0, 1.1, 1.5]
norms = {(name, rho, steps): jacobian_norms(name, rho, steps)
         for name in activations for rho in radii
         for steps in (20, 50, 100)}
reference = [{"activation": name, "radius": rho, "steps": steps,
              "norms": curve}
             for (name, rho, steps), curve in norms.items()]

print(f"‖A‖ = {np.linalg.norm(A, 2):.2f} when ρ(A) = 1: ‖W_h‖ = "
      f"{np.linalg.norm(A, 2):.2f} ρ(W_h)")
print("‖∂h(T)/∂h(T-k)‖ for T = 50")
print("      φ  ρ(W_h)     k = 1    k = 10    k = 50")
for curve in reference:
    if curve["steps"] == 50:
        v = curve["norms"]
        print(f"{curve['activation']:>7} {curve['radius']:7.1f} "
              f"{v[0]:9.2e} {v[9]:9.2e} {v[49]:9.2e}")
# --8<-- [end:reference]

# --8<-- [start:export]
model = {"A": A.tolist(), "W_x": W_x.tolist(), "xs": xs.tolist(),
         "gamma": {name: g for name, (_, _, g) in activations.items()},
         "norm_A": np.linalg.norm(A, 2), "max_steps": max_steps}
with open("vanishing_explorer.json", "w") as f:
    json.dump(model, f, separators=(",", ":"))
with open("vanishing_explorer.reference.json", "w") as f:
    json.dump({"curves": reference}, f, separators=(",", ":"))
# --8<-- [end:export]

# --8<-- [start:plot]
fig, axes = plt.subplots(1, 3, figsize=(9, 3.4), sharey=True,
                         layout="constrained")
for ax, name in zip(axes, activations):
    for i, rho in enumerate(radii):
        ax.plot(range(1, 51), norms[name, rho, 50], color=f"C{i}",
                label=f"{rho}")
    ax.set_yscale("log")
    ax.set_title(f"{name} RNN, T = 50")
    ax.set_xlabel("distance k (steps)")
axes[0].set_ylabel(r"$\Vert\partial h^{(T)} / \partial h^{(T-k)}\Vert$")
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, title=r"$\rho(W_h)$", loc="outside right upper")
plt.savefig("vanishing_explorer.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
norm_A = float(np.linalg.norm(A, 2))
at_50 = {name: {f"rho_{rho:g}".replace(".", "_"): {"k1": norms[name, rho, 50][0],
                                                   "k10": norms[name, rho, 50][9],
                                                   "k50": norms[name, rho, 50][49]}
                for rho in radii} for name in activations}
# measured / bound (gamma ||W_h||)^k, largest over every reference curve and every k
over_bound = max(norm / (activations[name][2] * rho * norm_A) ** k
                 for (name, rho, steps), curve in norms.items()
                 for k, norm in enumerate(curve, start=1))
with open("vanishing_explorer.results.json", "w") as f:
    json.dump({"n": n, "norm_A": norm_A, "rho_at_bound": 1 / norm_A, "radii": radii,
               "T50": at_50, "max_measured_over_bound": over_bound},
              f, indent=1, sort_keys=True)
