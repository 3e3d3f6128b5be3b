"""Where the gradient of a shared W_h comes from: near steps drown far ones.

W_h is used at every step, so dJ/dW_h is a sum with one term per use. The
script gives each step its own copy of W_h, holding the same numbers, so
autograd reports every term separately: the term for the use at step T-k
says how the loss J(T) of the last step wants W_h to change through what
happened k steps earlier. It prints how much of the total comes from the
10 nearest steps and plots the size of each term against k
(gradient_swamping.svg).

Run: python gradient_swamping.py   (torch, matplotlib; about 5 s)
"""
# --8<-- [start:setup]
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

torch.manual_seed(0)
f64 = torch.float64  # every tensor below is double precision
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file

n, d, m, T = 32, 8, 10, 60   # hidden, input and output sizes; steps
radii = [0.5, 0.9, 1.1, 1.5]  # spectral radii of W_h to compare
A = torch.randn(n, n, dtype=f64)
A = A / torch.linalg.eigvals(A).abs().max()
W_x = 0.3 * torch.randn(n, d, dtype=f64) / d**0.5
W_y = torch.randn(m, n, dtype=f64) / n**0.5
xs = torch.randn(T + 1, d, dtype=f64)    # xs[t] is x(t)
target = torch.tensor(3)      # y(T), the class the last step should predict
# --8<-- [end:setup]


# --8<-- [start:terms]
def last_loss(weights):
    """J(T) when step t uses weights[t - 1] as its recurrent matrix."""
    h = torch.zeros(n, dtype=f64)
    for t in range(1, T + 1):
        h = torch.tanh(weights[t - 1] @ h + W_x @ xs[t])
    return F.cross_entropy(W_y @ h, target)    # -log y_hat(T)[y(T)]


def gradient_terms(W_h):
    """dJ(T)/dW_h split into terms: terms[t - 1] for the use at step t."""
    copies = [W_h.clone().requires_grad_() for _ in range(T)]
    terms = torch.autograd.grad(last_loss(copies), copies)

    shared = W_h.clone().requires_grad_()      # the usual single W_h
    (full,) = torch.autograd.grad(last_loss([shared] * T), shared)
    assert torch.allclose(sum(terms), full)    # the terms add up to it
    return terms
# --8<-- [end:terms]

# --8<-- [start:measure]
sizes = {}   # rho -> [size of the term for the use at step T-k, k = 0..T-1]
for rho in radii:
    terms = gradient_terms(rho * A)
    sizes[rho] = [torch.linalg.matrix_norm(terms[T - 1 - k]).item()
                  for k in range(T)]

print("ρ(W_h)  share of the 10 nearest terms  term k=50 / term k=0")
for rho, s in sizes.items():
    near = sum(s[:10]) / sum(s)
    print(f"{rho:6.1f} {near:22.1%} {s[50] / s[0]:26.1e}")
# --8<-- [end:measure]

# --8<-- [start:plot]
distances = range(0, 51)      # k = 0 is the use at step T itself
fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
for i, rho in enumerate(radii):
    ax.plot(distances, sizes[rho][:51], color=f"C{i}", label=f"{rho}")
ax.set_yscale("log")
ax.set_xlabel("k: the term for the use of $W_h$ at step T − k")
ax.set_ylabel("size of the term (Frobenius norm)")
ax.legend(title=r"$\rho(W_h)$", loc="lower left")
plt.savefig("gradient_swamping.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with open("gradient_swamping.results.json", "w") as f:
    json.dump({"n": n, "T": T, "radii": radii, "near": 10,
               **{f"rho_{rho:g}".replace(".", "_"): {
                   "share_near": sum(s[:10]) / sum(s), "term_k0": s[0], "term_k50": s[50],
                   "ratio_k50_k0": s[50] / s[0]} for rho, s in sizes.items()}},
              f, indent=1, sort_keys=True)
