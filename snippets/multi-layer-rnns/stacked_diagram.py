"""A drawing of a stacked RNN: three layers over four steps.

Each box is one hidden state h_l(t). Arrows to the right carry a layer's
state to its next step (depth in time), arrows upwards carry a layer's
states to the layer above as its input (depth across layers). The inputs
x(t) enter layer 1 only; the top layer's states are the output. A dashed
line shows one path of the gradient from the top layer at the last step
down to layer 1: it crosses one layer-to-layer Jacobian per layer.
Saves stacked_diagram.svg.

Run: python stacked_diagram.py   (matplotlib; a second or two)
"""
# --8<-- [start:draw]
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, Rectangle

plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
ink = plt.rcParams["text.color"]   # black in light mode, light in dark

layers, steps = 3, 4
W, H = 0.7, 0.42                   # size of a state box
dx, dy = 1.6, 1.1                  # spacing of steps and of layers

fig, ax = plt.subplots(figsize=(7.5, 3.9))
ax.set_xlim(-2.2, (steps - 1) * dx + 1.6)
ax.set_ylim(0.0, layers * dy + 0.9)
ax.axis("off")


def arrow(x0, y0, x1, y1, colour=ink, style="-|>", dashed=False):
    ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), color=colour,
                                 arrowstyle=style, mutation_scale=12,
                                 linewidth=1.8 if dashed else 1.2,
                                 linestyle="--" if dashed else "-",
                                 shrinkA=0, shrinkB=0))


for t in range(steps):
    x = t * dx
    ax.text(x, 0.2, f"$x^{{({t + 1})}}$", ha="center", va="center",
            fontsize=12)
    arrow(x, 0.38, x, dy - H / 2)                        # input to layer 1
    for l in range(1, layers + 1):
        y = l * dy
        ax.add_patch(Rectangle((x - W / 2, y - H / 2), W, H,
                               facecolor=f"C{l - 1}", edgecolor=f"C{l - 1}",
                               alpha=0.35, linewidth=1.5))
        ax.text(x, y, f"$h_{l}^{{({t + 1})}}$", ha="center", va="center",
                fontsize=11)
        if t + 1 < steps:                                # along time
            arrow(x + W / 2, y, x + dx - W / 2, y)
        if l < layers:                                   # up the stack
            arrow(x, y + H / 2, x, y + dy - H / 2)
    arrow(x, layers * dy + H / 2, x, layers * dy + 0.65)  # output
for l in range(1, layers + 1):
    ax.text(-0.8, l * dy, f"layer {l}", ha="right", va="center",
            color=f"C{l - 1}")
ax.text(-0.8, 0.2, "input", ha="right", va="center")
ax.text(-0.8, layers * dy + 0.65, "output", ha="right", va="center")

# one path of the gradient: from the top at the last step down to layer 1
x_last = (steps - 1) * dx
arrow(x_last + 0.55, layers * dy, x_last + 0.55, dy, colour="C3",
      dashed=True)
ax.text(x_last + 0.7, (layers + 1) * dy / 2, "gradient\nto layer 1",
        ha="left", va="center", color="C3", fontsize=9)
plt.savefig("stacked_diagram.svg", metadata={"Date": None})
# --8<-- [end:draw]
