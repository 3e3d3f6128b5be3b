"""The chain rule through time: d h(T)/d h(T-k) is a product of k Jacobians.

Unrolls a tanh RNN in torch, asks autograd for the Jacobian d h(T)/d h(T-k),
builds the same matrix as the product of the one-step Jacobians
diag(tanh'(z(j))) W_h, and prints whether the two agree to float64
rounding (every entry within 1e-15; the exact gap depends on the CPU).

Run: python jacobian_product.py   (torch; a few seconds, mostly the import)
"""
# --8<-- [start:unroll]
import torch

torch.manual_seed(0)
f64 = torch.float64  # every tensor below is double precision

n, d, T, k = 16, 4, 30, 10     # hidden size, input size, steps, distance
W_h = torch.randn(n, n, dtype=f64) / n**0.5
W_x = torch.randn(n, d, dtype=f64) / d**0.5
b = torch.zeros(n, dtype=f64)
xs = torch.randn(T + 1, d, dtype=f64)     # xs[t] is x(t); xs[0] is unused

# autograd records from h(0) on
hs = [torch.zeros(n, requires_grad=True, dtype=f64)]
zs = [None]                                # zs[t] is z(t)
for t in range(1, T + 1):
    zs.append(W_h @ hs[t - 1] + W_x @ xs[t] + b)
    hs.append(torch.tanh(zs[t]))
# --8<-- [end:unroll]

# --8<-- [start:autograd]
# Row i is the gradient of the single number h_i(T) with respect to h(T-k).
rows = [torch.autograd.grad(hs[T][i], hs[T - k], retain_graph=True)[0]
        for i in range(n)]
jacobian_autograd = torch.stack(rows)              # n x n
# --8<-- [end:autograd]

# --8<-- [start:product]
jacobian_product = torch.eye(n, dtype=f64)
for j in range(T, T - k, -1):                      # j = T, T-1, ..., T-k+1
    tanh_prime = 1 - torch.tanh(zs[j]) ** 2
    one_step = torch.diag(tanh_prime) @ W_h        # d h(j) / d h(j-1)
    jacobian_product = jacobian_product @ one_step
# --8<-- [end:product]

# --8<-- [start:compare]
TOLERANCE = 1e-15  # float64 rounding: eps = 2**-52 = 2.2e-16
gap = (jacobian_autograd - jacobian_product).abs().max().item()
norm = torch.linalg.matrix_norm(jacobian_product, ord=2).item()
print(f"k = {k}: max |autograd - product of {k} Jacobians| "
      f"< {TOLERANCE:.0e}: {gap < TOLERANCE}")
print(f"spectral norm of d h(T)/d h(T-k) = {norm:.3e}")
assert gap < TOLERANCE
# --8<-- [end:compare]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with open("jacobian_product.results.json", "w") as f:
    json.dump({"n": n, "T": T, "k": k, "gap": gap, "tolerance": TOLERANCE, "norm": norm},
              f, indent=1, sort_keys=True)
