"""Diagram of one GRU step, in the lecture's convention (gru_diagram.svg).

Draws the cell with matplotlib: the hidden state h(t-1) runs along the
top and leaves as h(t); the reset gate r (red), the update gate u (blue)
and the new content h~ (green) are boxes fed by x(t) and h(t-1); small
circles are elementwise products, the sum and 1 - u. Each line has the
colour of the value it carries. Where two lines cross without meeting,
one of them has a gap.

Run: python gru_diagram.py   (matplotlib; about 1 s)
"""
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch

plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
INK = plt.rcParams["text.color"]  # the style's text colour: light/dark
R_COL, U_COL, H_COL = "C1", "C0", "C2"  # reset, update, new content
RAIL, BOX_Y, RADIUS = 5.9, 2.2, 0.3
Y_RH, Y_U, Y_1M = 3.7, 4.35, 5.05  # r * h line, u line, the 1 - u node

fig, ax = plt.subplots(figsize=(7.4, 4.1))
ax.set_xlim(-1.2, 12.6)
ax.set_ylim(-0.9, 6.4)
ax.set_aspect("equal")
ax.axis("off")


def line(points, color=INK, arrow=True):
    """A polyline through points, with an arrowhead at the last one."""
    xs, ys = zip(*points)
    ax.plot(xs, ys, color=color, lw=1.6, solid_capstyle="butt", zorder=1)
    if arrow:
        ax.annotate("", xy=points[-1], xytext=points[-2],
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=1.6,
                                    shrinkA=0, shrinkB=0), zorder=3)


def vline_with_gap(x, y0, y1, gap_at, color, arrow=True):
    """Vertical line from y0 up to y1 with a gap around y = gap_at."""
    line([(x, y0), (x, gap_at - 0.16)], color, arrow=False)
    line([(x, gap_at + 0.16), (x, y1)], color, arrow=arrow)


def node(x, y, symbol, color=INK, fontsize=11):
    ax.add_patch(Circle((x, y), RADIUS, fill=False, ec=color, lw=1.6,
                        zorder=4))
    ax.text(x, y, symbol, ha="center", va="center", color=color,
            fontsize=fontsize, zorder=5)


def box(x, y, title, activation, color):
    ax.add_patch(FancyBboxPatch((x - 1.05, y - 0.5), 2.1, 1.0,
                                boxstyle="round,pad=0.02", fc=color,
                                alpha=0.18, ec="none", zorder=3))
    ax.add_patch(FancyBboxPatch((x - 1.05, y - 0.5), 2.1, 1.0,
                                boxstyle="round,pad=0.02", fill=False,
                                ec=color, lw=1.8, zorder=4))
    ax.text(x, y + 0.2, title, ha="center", va="center", color=INK,
            fontsize=9, zorder=5)
    ax.text(x, y - 0.2, activation, ha="center", va="center",
            color=INK, fontsize=11, zorder=5)


def dot(x, y, color=INK):
    ax.add_patch(Circle((x, y), 0.07, color=color, zorder=4))


# columns: reset gate, update gate (and 1-u, product on the rail), new
# content (and u * h~, the sum on the rail)
X_R, X_U, X_H = 2.6, 5.6, 9.6
X_S = X_H + 0.35  # u * h~ and the sum sit above h~'s output
top, bottom = BOX_Y + 0.5, BOX_Y - 0.5

# the hidden state along the top: h(t-1) -> (1-u) * h -> + -> h(t)
line([(-0.4, RAIL), (X_U - RADIUS, RAIL)])
line([(X_U + RADIUS, RAIL), (X_S - RADIUS, RAIL)])
line([(X_S + RADIUS, RAIL), (11.6, RAIL)])
ax.text(-0.5, RAIL, "$h^{(t-1)}$", ha="right", va="center", fontsize=13)
ax.text(11.7, RAIL, "$h^{(t)}$", ha="left", va="center", fontsize=13)

# h(t-1) down to the gates (a bus at y = 1.1) and to the reset product
H_BUS, X_BUS = 1.1, 0.4
dot(1.2, RAIL)
line([(1.2, RAIL), (1.2, H_BUS), (X_U - 0.35, H_BUS)], arrow=False)
line([(X_R - 0.35, H_BUS), (X_R - 0.35, bottom)])
line([(X_U - 0.35, H_BUS), (X_U - 0.35, bottom)])
dot(X_R - 0.35, H_BUS)
dot(X_R, RAIL)
line([(X_R, RAIL), (X_R, Y_RH + RADIUS)])

# x(t) from below, a bus at y = 0.4, up into all three boxes
ax.text(0.3, -0.55, "$x^{(t)}$", ha="center", va="center", fontsize=13)
line([(0.3, -0.3), (0.3, X_BUS), (X_S, X_BUS)], arrow=False)
vline_with_gap(X_R + 0.35, X_BUS, bottom, H_BUS, INK)
line([(X_U + 0.35, X_BUS), (X_U + 0.35, bottom)])
line([(X_S, X_BUS), (X_S, bottom)])
for x in (X_R + 0.35, X_U + 0.35):
    dot(x, X_BUS)

# reset gate: r * h(t-1) goes to the new content, from the top left
box(X_R, BOX_Y, "reset gate", r"$\sigma$", R_COL)
line([(X_R, top), (X_R, Y_RH - RADIUS)], R_COL)
ax.text(X_R + 0.12, 3.0, "$r^{(t)}$", color=INK, fontsize=11,
        va="center")
node(X_R, Y_RH, r"$\odot$")
line([(X_R + RADIUS, Y_RH), (X_H - 0.35, Y_RH), (X_H - 0.35, top)])

# update gate: 1 - u scales the old state, u scales the new content
box(X_U, BOX_Y, "update gate", r"$\sigma$", U_COL)
vline_with_gap(X_U, top, Y_1M - RADIUS, Y_RH, U_COL)
ax.text(X_U + 0.12, 3.0, "$u^{(t)}$", color=INK, fontsize=11,
        va="center")
dot(X_U, Y_U, U_COL)
node(X_U, Y_1M, "1−", U_COL, fontsize=8)
line([(X_U, Y_1M + RADIUS), (X_U, RAIL - RADIUS)], U_COL)
node(X_U, RAIL, r"$\odot$")
line([(X_U, Y_U), (X_S - RADIUS, Y_U)], U_COL)

# new content h~ and u * h~ added to the rail
box(X_H, BOX_Y, "new content", r"$\tanh$", H_COL)
line([(X_S, top), (X_S, Y_U - RADIUS)], H_COL)
ax.text(X_S + 0.12, 3.3, r"$\tilde h^{(t)}$", color=INK, fontsize=11,
        va="center")
node(X_S, Y_U, r"$\odot$")
line([(X_S, Y_U + RADIUS), (X_S, RAIL - RADIUS)])
node(X_S, RAIL, "+")

plt.savefig("gru_diagram.svg", metadata={"Date": None})
