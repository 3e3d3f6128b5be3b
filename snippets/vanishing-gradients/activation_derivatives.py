"""The logistic sigmoid and tanh, their derivatives, and the bound gamma.

Every backward step through an RNN multiplies by the activation's
derivative, so its largest value gamma = max |sigma'(z)| caps how much one
step can pass back. autograd computes the derivatives on a grid (no formula
typed in); the script prints their maxima and where tanh saturates, and
draws the figure activation_derivatives.svg.

Run: python activation_derivatives.py   (torch, matplotlib; a few seconds)
"""
# --8<-- [start:derivatives]
import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
f64 = torch.float64  # every tensor below is double precision
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file

# -6 .. 6 in steps of 0.01
z = (torch.arange(-600, 601, dtype=f64) / 100).requires_grad_()
values, derivatives = {}, {}
for name, function in [("sigmoid", torch.sigmoid), ("tanh", torch.tanh)]:
    out = function(z)
    # out_i depends on z_i only: the gradient of sum(out) lists f'(z_i).
    (gradient,) = torch.autograd.grad(out.sum(), z)
    values[name], derivatives[name] = out.detach(), gradient

for name, gradient in derivatives.items():
    i = gradient.argmax()
    print(f"max {name}'(z) = {gradient[i]:.4f} at z = {z[i]:.2f}")
saturated = z[derivatives["tanh"] < 0.1].abs().min()
print(f"tanh'(z) < 0.1 once |z| > {saturated:.2f}")
# --8<-- [end:derivatives]

# --8<-- [start:plot]
fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), sharey=True,
                         layout="constrained")
for ax, name in zip(axes, values):
    ax.plot(z.detach(), values[name], color="C0", label=f"{name}(z)")
    ax.plot(z.detach(), derivatives[name], color="C1", label=f"{name}'(z)")
    gamma = derivatives[name].max().item()
    ax.axhline(gamma, color="C1", linestyle=":", linewidth=1)
    ax.annotate(f"γ = {gamma:.2f}", (0.4, gamma), va="bottom", color="C1")
    ax.set_title(name)
    ax.set_ylim(-1.1, 1.3)
    ax.set_xlabel("z")
    ax.legend(loc="upper left")
plt.savefig("activation_derivatives.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json

with open("activation_derivatives.results.json", "w") as f:
    json.dump({name: {"gamma": gradient.max().item(),
                      "argmax_z": z[gradient.argmax()].item(),
                      # every grid point where the derivative is within 1e-9 of its peak
                      "peak_z": [v.item() for v in z[gradient > gradient.max() - 1e-9]]}
               for name, gradient in derivatives.items()}
              | {"tanh_saturated_z": saturated.item()},
              f, indent=1, sort_keys=True)
