"""Linear RNN: the k-step Jacobian is W_h^k, and eigenvalues set its size.

With no nonlinearity, d h(t)/d h(t-k) = W_h^k. Writing W_h = Q Lambda Q^-1
turns the power into Q Lambda^k Q^-1, so each eigen-direction scales by
lambda_i^k, and the largest |lambda_i|, the spectral radius rho(W_h),
decides between vanishing (rho < 1) and exploding (rho > 1). The script
checks the identity and compares ||W_h^k|| with rho^k.

Run: python linear_powers.py   (numpy; well under a second)
"""
# --8<-- [start:eigen]
import numpy as np

rng = np.random.default_rng(0)

n = 16
A = rng.normal(size=(n, n)) / np.sqrt(n)
A /= np.abs(np.linalg.eigvals(A)).max()   # spectral radius 1; scaled below

print("  ρ   k   ‖W_h^k‖       ρ^k   ratio   max|W_h^k - Q Λ^k Q⁻¹|")
for rho in (0.9, 1.1):
    W_h = rho * A
    lambdas, Q = np.linalg.eig(W_h)        # W_h = Q diag(lambdas) Q^-1
    for k in (10, 50):
        power = np.linalg.matrix_power(W_h, k)  # the k-step Jacobian
        via_eigen = Q @ np.diag(lambdas**k) @ np.linalg.inv(Q)
        gap = np.abs(power - via_eigen).max()
        norm = np.linalg.norm(power, 2)         # spectral norm
        print(f"{rho:.1f} {k:3d} {norm:9.2e} {rho**k:9.2e}"
              f" {norm / rho**k:7.2f}   {gap:.0e}")
# --8<-- [end:eigen]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

rows = {}   # "rho_0_9" -> {"k10": {...}, "k50": {...}}
for rho in (0.9, 1.1):
    W_h = rho * A
    lambdas, Q = np.linalg.eig(W_h)
    for k in (10, 50):
        power = np.linalg.matrix_power(W_h, k)
        via_eigen = Q @ np.diag(lambdas**k) @ np.linalg.inv(Q)
        norm = np.linalg.norm(power, 2)
        rows.setdefault(f"rho_{rho:g}".replace(".", "_"), {})[f"k{k}"] = {
            "norm": float(norm), "rho_k": rho**k, "ratio": float(norm / rho**k),
            "gap": float(np.abs(power - via_eigen).max())}
ratios = [row["ratio"] for by_k in rows.values() for row in by_k.values()]
with open("linear_powers.results.json", "w") as f:
    json.dump({"n": n, "radii": [0.9, 1.1], **rows,
               "ratio": {"min": min(ratios), "max": max(ratios)}},
              f, indent=1, sort_keys=True)
