"""Draw the LSTM cell: the cell-state path on top, the three gates below.

h(t-1) and x(t) are stacked into one vector, [h(t-1); x(t)] (the node
marked [.;.]), which feeds four boxes: the forget gate f, the input gate i, the
candidate c~ and the output gate o, each in its own colour. The forget
gate multiplies the old cell c(t-1) (erase), the input gate multiplies the
candidate before it is added (write), and the output gate multiplies
tanh(c(t)) to give h(t) (read). Saves lstm_cell_diagram.svg; prints the
list of boxes it drew.

Run: python lstm_cell_diagram.py   (matplotlib; about a second)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch

plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]

# --8<-- [start:helpers]
ink = plt.rcParams["text.color"]   # the scheme's text colour, for wires
fig, ax = plt.subplots(figsize=(8, 4.4))
ax.set_xlim(-0.9, 12.2)
ax.set_ylim(-0.7, 6.9)
ax.set_aspect("equal")
ax.axis("off")


def wire(points, color=ink, width=1.4, head=True):
    """A polyline through points, with an arrowhead at the last point."""
    xs, ys = zip(*points)
    ax.plot(xs[:-1] + (xs[-1],), ys, color=color, linewidth=width,
            solid_capstyle="butt")
    if head:
        ax.annotate("", xy=points[-1], xytext=points[-2],
                    arrowprops=dict(arrowstyle="-|>", color=color,
                                    linewidth=width, shrinkA=0, shrinkB=0))


def box(x, y, text, color, width=1.4, height=0.9):
    """A rounded box centred at (x, y); returns its top and bottom y."""
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width,
                                height, boxstyle="round,pad=0.05",
                                facecolor=color, alpha=0.25,
                                edgecolor="none"))
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width,
                                height, boxstyle="round,pad=0.05",
                                facecolor="none", edgecolor=color,
                                linewidth=1.6))
    ax.text(x, y, text, ha="center", va="center", fontsize=9.5)
    return y + height / 2 + 0.05, y - height / 2 - 0.05


def concat(x, y, half_width=0.38, half_height=0.25):
    """A node that stacks two vectors into one, [a; b]."""
    ax.add_patch(FancyBboxPatch((x - half_width, y - half_height),
                                2 * half_width, 2 * half_height,
                                boxstyle="round,pad=0.02", facecolor="none",
                                edgecolor=ink, linewidth=1.4, zorder=4))
    ax.text(x, y, "[·;·]", ha="center", va="center", fontsize=10)


def operator(x, y, symbol, radius=0.28):
    """A circle holding an elementwise operation, such as ⊙ or +."""
    ax.add_patch(Circle((x, y), radius, facecolor="none", edgecolor=ink,
                        linewidth=1.4))
    ax.text(x, y, symbol, ha="center", va="center", fontsize=13)
# --8<-- [end:helpers]


# --8<-- [start:draw]
r = 0.28                   # radius of the operator circles
cell_y, gate_y, bus_y, mix_y = 6.0, 2.8, 1.0, 4.5
gates = {  # name: (x, text in the box, colour, label of its output)
    "f": (2.6, "forget\n$\\sigma$", "C0", "$f^{(t)}$"),
    "i": (4.4, "input\n$\\sigma$", "C1", "$i^{(t)}$"),
    "c": (6.2, "candidate\n$\\tanh$", "C2", "$\\tilde c^{(t)}$"),
    "o": (8.0, "output\n$\\sigma$", "C3", "$o^{(t)}$"),
}
top, bottom = {}, {}
for name, (x, text, color, label) in gates.items():
    top[name], bottom[name] = box(x, gate_y, text, color)
    wire([(x, bus_y), (x, bottom[name])])          # the bus feeds it

x_f, x_i, x_c, x_o = (gates[g][0] for g in "fico")
x_mix, x_out = 5.3, 10.0   # x of i ⊙ c~ and of o ⊙ tanh(c(t))

# the cell-state path: c(t-1) -> (⊙ f) -> (+ i ⊙ c~) -> c(t)
wire([(0.2, cell_y), (x_f - r, cell_y)], width=3)
operator(x_f, cell_y, "$\\odot$")
wire([(x_f + r, cell_y), (x_mix - r, cell_y)], width=3)
operator(x_mix, cell_y, "+")
wire([(x_mix + r, cell_y), (11.3, cell_y)], width=3)
ax.text(0.1, cell_y, "$c^{(t-1)}$", ha="right", va="center", fontsize=12)
ax.text(11.4, cell_y, "$c^{(t)}$", ha="left", va="center", fontsize=12)
ax.text(3.9, cell_y + 0.45, "cell state: erase, then write",
        ha="center", va="center", fontsize=9.5)

# forget gate -> ⊙ on the cell path
wire([(x_f, top["f"]), (x_f, cell_y - r)], color="C0")
ax.text(x_f + 0.12, 4.3, gates["f"][3], color="C0", fontsize=12)

# input gate and candidate -> i ⊙ c~ -> added to the cell
wire([(x_i, top["i"]), (x_i, mix_y), (x_mix - r, mix_y)], color="C1")
wire([(x_c, top["c"]), (x_c, mix_y), (x_mix + r, mix_y)], color="C2")
operator(x_mix, mix_y, "$\\odot$")
wire([(x_mix, mix_y + r), (x_mix, cell_y - r)])
ax.text(x_i - 0.12, 3.75, gates["i"][3], color="C1", fontsize=12,
        ha="right")
ax.text(x_c + 0.12, 3.75, gates["c"][3], color="C2", fontsize=12)

# read: tanh(c(t)) ⊙ o -> h(t)
tanh_top, tanh_bottom = box(x_out, mix_y, "$\\tanh$", ink, width=1.0,
                            height=0.6)
wire([(x_out, cell_y), (x_out, tanh_top)])     # a branch: c(t) is read
ax.add_patch(Circle((x_out, cell_y), 0.08, color=ink, zorder=4))
operator(x_out, gate_y, "$\\odot$")
wire([(x_out, tanh_bottom), (x_out, gate_y + r)])
wire([(x_o + 0.75, gate_y), (x_out - r, gate_y)], color="C3")
ax.text(9.3, gate_y + 0.12, gates["o"][3], color="C3", fontsize=12,
        ha="center", va="bottom")
wire([(x_out, gate_y - r), (x_out, bus_y), (11.3, bus_y)], width=2)
ax.text(11.4, bus_y, "$h^{(t)}$", ha="left", va="center", fontsize=12)

# inputs: h(t-1) from the left and x(t) from below are stacked into
# [h(t-1); x(t)], which runs along one bus to every box
x_cat, half_w, half_h = 1.2, 0.38, 0.25
wire([(0.2, bus_y), (x_cat - half_w, bus_y)], width=2)
ax.text(0.1, bus_y, "$h^{(t-1)}$", ha="right", va="center", fontsize=12)
wire([(x_cat, -0.3), (x_cat, bus_y - half_h)], width=2)
ax.text(x_cat, -0.45, "$x^{(t)}$", ha="center", va="top", fontsize=12)
concat(x_cat, bus_y, half_w, half_h)
wire([(x_cat + half_w, bus_y), (x_o, bus_y)], width=2, head=False)
ax.text(4.4, 0.55, "every box reads $[h^{(t-1)}; x^{(t)}]$",
        ha="center", va="center", fontsize=9.5)
ax.text(11.9, -0.35, "$\\odot$ elementwise product    [·;·] stack two"
        " vectors", ha="right", va="center", fontsize=9)

plt.savefig("lstm_cell_diagram.svg", metadata={"Date": None})
print("boxes:", ", ".join(text.split("\n")[0]
                          for x, text, color, label in gates.values()))
# --8<-- [end:draw]
