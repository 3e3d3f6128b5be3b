"""How fast d h(T)/d h(T-k) shrinks or grows with the distance k.

Builds a linear RNN and a tanh RNN whose recurrent matrix W_h has a chosen
spectral radius, unrolls each one step at a time in torch while keeping
every hidden state h(t), and gets the full Jacobian d h(T)/d h(t) for every
earlier step t with autograd. Prints its spectral norm at a few distances
k = T - t and plots it against k on a log scale (vanishing_jacobians.svg).

Run: python vanishing_jacobians.py   (torch, matplotlib; about 5 s)
"""
# --8<-- [start:setup]
import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
f64 = torch.float64  # every tensor below is double precision
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file

n, d, T = 32, 8, 60               # hidden size, input size, steps
radii = [0.5, 0.9, 1.0, 1.1, 1.5, 2.0]  # spectral radii rho(W_h) to try
distances = range(1, 51)          # k = 1 .. 50 (h settles in 10 steps)

A = torch.randn(n, n, dtype=f64)
A = A / torch.linalg.eigvals(A).abs().max()  # rho(A) = 1: rho(r A) = r
W_x = 0.3 * torch.randn(n, d, dtype=f64) / d**0.5  # small inputs: tanh not
b = torch.zeros(n, dtype=f64)                      # swamped from the start
xs = torch.randn(T + 1, d, dtype=f64)              # xs[t] is x(t)
# --8<-- [end:setup]


# --8<-- [start:unroll]
def unroll(W_h, activation):
    """Run the RNN for T steps; return the list [h(0), h(1), ..., h(T)]."""
    # autograd records from h(0) on
    hs = [torch.zeros(n, requires_grad=True, dtype=f64)]
    for t in range(1, T + 1):
        z = W_h @ hs[t - 1] + W_x @ xs[t] + b  # pre-activation z(t)
        hs.append(activation(z))
    return hs


def jacobian_norms(hs):
    """Spectral norm of d h(T)/d h(T-k) for each k in distances."""
    # One backward pass from the number h_i(T) gives row i of every
    # Jacobian d h(T)/d h(t), for all t at once.
    rows = [torch.autograd.grad(hs[T][i], hs[:T], retain_graph=True)
            for i in range(n)]
    norms = []
    for k in distances:
        jacobian = torch.stack([rows[i][T - k] for i in range(n)])
        norms.append(torch.linalg.matrix_norm(jacobian, ord=2).item())
    return norms
# --8<-- [end:unroll]


# --8<-- [start:measure]
activations = {"linear": lambda z: z, "tanh": torch.tanh}
norms = {}  # (activation name, rho) -> [norm for each k in distances]
for name, activation in activations.items():
    for rho in radii:
        norms[name, rho] = jacobian_norms(unroll(rho * A, activation))

print("‖∂h(T)/∂h(T-k)‖, spectral norm")
print("   RNN  ρ(W_h)     k = 1    k = 10    k = 50")
for (name, rho), v in norms.items():
    print(f"{name:>6} {rho:7.1f} {v[0]:9.2e} {v[9]:9.2e} {v[49]:9.2e}")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, axes = plt.subplots(1, 2, figsize=(8, 3.4), sharey=True,
                         layout="constrained")
for ax, name in zip(axes, activations):
    for i, rho in enumerate(radii):
        ax.plot(distances, norms[name, rho], color=f"C{i}", label=f"{rho}")
    ax.set_yscale("log")
    ax.set_title(f"{name} RNN")
    ax.set_xlabel("distance k (steps)")
axes[0].set_ylabel(r"$\Vert\partial h^{(T)} / \partial h^{(T-k)}\Vert$")
handles, labels = axes[0].get_legend_handles_labels()
fig.legend(handles, labels, title=r"$\rho(W_h)$", loc="outside right upper")
plt.savefig("vanishing_jacobians.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json


def key(rho):
    return f"rho_{rho:g}".replace(".", "_")   # 1.1 -> "rho_1_1"


recorded = {name: {key(rho): {"k1": norms[name, rho][0], "k10": norms[name, rho][9],
                              "k50": norms[name, rho][49],
                              "k50_over_k10": norms[name, rho][49] / norms[name, rho][9],
                              "rho_40": rho ** 40} for rho in radii}
            for name in activations}
# the largest tanh / linear ratio over every radius and every distance k
recorded["max_tanh_over_linear"] = max(t / l for rho in radii
                                       for t, l in zip(norms["tanh", rho], norms["linear", rho]))
with open("vanishing_jacobians.results.json", "w") as f:
    json.dump({"n": n, "T": T, "radii": radii, "max_k": distances[-1], **recorded},
              f, indent=1, sort_keys=True)
