"""The cliff: the loss surface of a one-unit RNN, with and without clipping.

A recurrent net with a single unit, h(t) = w tanh(h(t-1)) + b, runs for 50
steps from h(0) = 0.5, and the loss is (h(50) - 0.7)^2, a tanh variant of the
toy model of Pascanu, Mikolov and Bengio (2013), who use the sigmoid. The script evaluates the loss on a grid
of (w, b), then runs plain gradient descent from one starting point twice:
once as is, once with the gradient clipped to norm 3. Prints both paths and
draws them over the log-loss surface (exploding_cliff.svg).

Run: python exploding_cliff.py   (torch, matplotlib; about 2 s)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]


# --8<-- [start:model]
def loss(w, b, T=50, h0=0.5, target=0.7):
    """Loss of the one-unit RNN; w and b may be tensors of any shape."""
    h = torch.full_like(w, h0)
    for _ in range(T):
        h = w * torch.tanh(h) + b
    return (h - target) ** 2


ws = torch.linspace(0.5, 3.0, 251, dtype=torch.float64)
bs = torch.linspace(-1.5, 1.0, 251, dtype=torch.float64)
W, B = torch.meshgrid(ws, bs, indexing="xy")  # W[i, j] = ws[j]
surface = loss(W, B)
# --8<-- [end:model]


# --8<-- [start:descent]
def descend(start, lr=0.05, steps=40, max_norm=None):
    """Gradient descent on (w, b); clip the gradient's norm if asked."""
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    path, norms = [theta.detach().clone()], []
    for _ in range(steps):
        (g,) = torch.autograd.grad(loss(theta[0], theta[1]), theta)
        norms.append(g.norm().item())
        if max_norm is not None and g.norm() >= max_norm:
            g = g * (max_norm / g.norm())
        with torch.no_grad():
            theta -= lr * g
        path.append(theta.detach().clone())
    return torch.stack(path), norms


start = [2.7, -0.7]
plain, plain_norms = descend(start)
clipped, _ = descend(start, max_norm=3.0)

i = max(range(len(plain_norms)), key=plain_norms.__getitem__)
print(f"start (w, b) = ({start[0]}, {start[1]})")
print(f"unclipped: largest gradient norm {plain_norms[i]:.0f} at step"
      f" {i + 1}")
print(f"  it moves (w, b) from ({plain[i, 0]:.2f}, {plain[i, 1]:.2f})"
      f" to ({plain[i + 1, 0]:.2f}, {plain[i + 1, 1]:.2f})")
for name, path in [("unclipped", plain), ("clipped", clipped)]:
    w, b = path[-1]
    print(f"{name:>9}: after {len(path) - 1} steps (w, b) ="
          f" ({w:.2f}, {b:.2f}), loss {loss(w, b):.3g}")
# --8<-- [end:descent]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(6.4, 4.6), layout="constrained")
mesh = ax.pcolormesh(W.numpy(), B.numpy(), surface.log10().numpy(),
                     cmap="viridis", shading="auto", rasterized=True)
fig.colorbar(mesh, ax=ax, label=r"$\log_{10}$ loss")
for path, color, label in [(plain, "C3", "no clipping"),
                           (clipped, "C1", "clipped to norm 3")]:
    ax.plot(path[:, 0].numpy(), path[:, 1].numpy(), color=color,
            marker="o", markersize=3, linewidth=1, label=label)
ax.plot(*start, marker="*", color="C7", markersize=12, linestyle="none",
        label="start")
ax.text(1.8, 0.8, f"unclipped step: thrown to\n"
        f"(w, b) = ({plain[i + 1, 0]:.1f}, {plain[i + 1, 1]:.1f})",
        color="C3")
ax.set_xlim(ws[0].item(), ws[-1].item())
ax.set_ylim(bs[0].item(), bs[-1].item())
ax.set_xlabel("recurrent weight $w$")
ax.set_ylabel("bias $b$")
ax.legend(loc="lower left")
plt.savefig("exploding_cliff.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import inspect
import json

model_defaults = inspect.signature(loss).parameters
lr = inspect.signature(descend).parameters["lr"].default
clip_norm = 3.0  # the max_norm of the clipped descent above
clipped_steps = (clipped[1:] - clipped[:-1]).norm(dim=1)
inside = ((clipped[:, 0] >= ws[0]) & (clipped[:, 0] <= ws[-1])
          & (clipped[:, 1] >= bs[0]) & (clipped[:, 1] <= bs[-1]))


def states(w, b, steps=(49, 50, 51), h0=0.5):
    """h(t) of the one-unit RNN at the given steps."""
    h, found = torch.tensor(h0, dtype=torch.float64), {}
    for t in range(1, max(steps) + 1):
        h = w * torch.tanh(h) + b
        if t in steps:
            found[f"h{t}"] = round(h.item(), 4)
    return found


def end_of(path):
    w, b = path[-1]
    return {"w": w.item(), "b": b.item(), "loss": loss(w, b).item(), **states(w, b)}


with open("exploding_cliff.results.json", "w") as f:
    json.dump({"T": model_defaults["T"].default, "h0": model_defaults["h0"].default,
               "target": model_defaults["target"].default,
               "start": {"w": start[0], "b": start[1],
                         "loss": loss(torch.tensor(start[0], dtype=torch.float64),
                                      torch.tensor(start[1], dtype=torch.float64)).item()},
               "lr": lr, "clip_norm": clip_norm, "step_bound": lr * clip_norm,
               "steps": len(plain) - 1,
               "region": {"w": [ws[0].item(), ws[-1].item()], "b": [bs[0].item(), bs[-1].item()]},
               "unclipped": {"largest_norm": plain_norms[i], "largest_norm_step": i + 1,
                             "jump_from": {"w": plain[i, 0].item(), "b": plain[i, 1].item()},
                             "jump_to": {"w": plain[i + 1, 0].item(), "b": plain[i + 1, 1].item()},
                             "end": end_of(plain)},
               "clipped": {"longest_step": clipped_steps.max().item(),
                           "stays_in_region": bool(inside.all().item()), "end": end_of(clipped)}},
              f, indent=1, sort_keys=True)
