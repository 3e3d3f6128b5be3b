"""Diagram of one GRU step, in the lecture's convention (gru_diagram.svg).

Draws the cell with matplotlib: the hidden state h(t-1) runs along the
top and leaves as h(t); the reset gate r (red), the update gate u (blue)
and the candidate h~ (green) are boxes. A node marked [.;.] stacks two
vectors into one: the gates read [h(t-1); x(t)], the candidate reads
[r * h(t-1); x(t)]. Small circles are elementwise products, the sum and
1 - u. Each line has the colour of the value it carries. Where two lines
cross without meeting, one of them hops over the other (a small arc);
lines that meet are joined by a dot.

Run: python gru_diagram.py   (matplotlib; about 1 s)
"""
import math

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch

plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
INK = plt.rcParams["text.color"]  # the style's text colour: light/dark
RESET_COL, UPDATE_COL, CAND_COL = "C1", "C0", "C2"  # reset, update, candidate
RAIL, BOX_Y, RADIUS, HOP = 5.9, 2.2, 0.3, 0.18
CW, CH = 0.38, 0.25  # half width and half height of a [.;.] node
Y_RH, Y_U, Y_1M = 3.7, 4.35, 5.05  # r * h line, u line, the 1 - u node
BUS, X_BUS = 1.1, 0.4  # the gates' input [h; x], and the x(t) line

fig, ax = plt.subplots(figsize=(7.4, 4.1))
ax.set_xlim(-1.2, 12.6)
ax.set_ylim(-0.9, 6.4)
ax.set_aspect("equal")
ax.axis("off")


def with_hops(points, hops):
    """The polyline through points, with a semicircle over each hop x.

    Hops sit on horizontal segments: where this line crosses another
    without meeting it, it jumps over it.
    """
    out = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if y0 == y1:
            step = 1 if x1 > x0 else -1
            for hx in sorted(hops, reverse=step < 0):
                if min(x0, x1) < hx < max(x0, x1):
                    for j in range(13):  # a semicircle, bulging up
                        a = math.pi * j / 12
                        out.append((hx - step * HOP * math.cos(a),
                                    y0 + HOP * math.sin(a)))
        out.append((x1, y1))
    return out


def line(points, color=INK, arrow=True, hops=()):
    """A polyline through points, with an arrowhead at the last one."""
    path = with_hops(points, hops)
    xs, ys = zip(*path)
    ax.plot(xs, ys, color=color, lw=1.6, solid_capstyle="butt", zorder=1)
    if arrow:
        ax.annotate("", xy=points[-1], xytext=points[-2],
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=1.6,
                                    shrinkA=0, shrinkB=0), zorder=3)


def node(x, y, symbol, color=INK, fontsize=11):
    ax.add_patch(Circle((x, y), RADIUS, fc="none", ec=color, lw=1.6,
                        zorder=4))
    ax.text(x, y, symbol, ha="center", va="center", color=color,
            fontsize=fontsize, zorder=5)


def concat(x, y):
    """A node that stacks two vectors into one, [a; b]."""
    ax.add_patch(FancyBboxPatch((x - CW, y - CH), 2 * CW, 2 * CH,
                                boxstyle="round,pad=0.02", fc="none",
                                ec=INK, lw=1.6, zorder=4))
    ax.text(x, y, "[·;·]", ha="center", va="center", color=INK,
            fontsize=10, zorder=5)


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


# columns: concat of the gates' input, reset gate, update gate (and 1-u,
# the product on the rail), concat of the candidate's input, candidate
# (and u * h~, the sum on the rail)
X_K1, X_R, X_U, X_K2, X_H = 0.9, 2.6, 5.6, 8.0, 9.9
top, bottom = BOX_Y + 0.5, BOX_Y - 0.5

# the hidden state along the top: h(t-1) -> (1-u) * h -> + -> h(t)
line([(-0.4, RAIL), (X_U - RADIUS, RAIL)])
line([(X_U + RADIUS, RAIL), (X_H - RADIUS, RAIL)])
line([(X_H + RADIUS, RAIL), (11.6, RAIL)])
ax.text(-0.5, RAIL, "$h^{(t-1)}$", ha="right", va="center", fontsize=13)
ax.text(11.7, RAIL, "$h^{(t)}$", ha="left", va="center", fontsize=13)

# the gates read [h(t-1); x(t)]: h(t-1) comes down from the rail, x(t)
# up from below, and the stacked vector runs along a bus under the gates
ax.text(X_K1, -0.62, "$x^{(t)}$", ha="center", va="center", fontsize=13)
dot(X_K1, RAIL)
line([(X_K1, RAIL), (X_K1, BUS + CH)])
line([(X_K1, -0.25), (X_K1, BUS - CH)])
concat(X_K1, BUS)
line([(X_K1 + CW, BUS), (X_U, BUS), (X_U, bottom)])
dot(X_R, BUS)
line([(X_R, BUS), (X_R, bottom)])

# reset gate: r * h(t-1), stacked with x(t), goes into the candidate
box(X_R, BOX_Y, "reset gate", r"$\sigma$", RESET_COL)
line([(X_R, top), (X_R, Y_RH - RADIUS)], RESET_COL)
ax.text(X_R + 0.12, 3.0, "$r^{(t)}$", color=INK, fontsize=11,
        va="center")
dot(X_R, RAIL)
line([(X_R, RAIL), (X_R, Y_RH + RADIUS)])
node(X_R, Y_RH, r"$\odot$")
line([(X_R + RADIUS, Y_RH), (X_K2, Y_RH), (X_K2, BOX_Y + CH)],
     hops=[X_U])  # hops over the update gate's line
dot(X_K1, X_BUS)
line([(X_K1, X_BUS), (X_K2, X_BUS), (X_K2, BOX_Y - CH)])
concat(X_K2, BOX_Y)
line([(X_K2 + CW, BOX_Y), (X_H - 1.1, BOX_Y)])

# update gate: 1 - u scales the old state, u scales the candidate
box(X_U, BOX_Y, "update gate", r"$\sigma$", UPDATE_COL)
line([(X_U, top), (X_U, Y_1M - RADIUS)], UPDATE_COL)
ax.text(X_U + 0.12, 3.0, "$u^{(t)}$", color=INK, fontsize=11,
        va="center")
dot(X_U, Y_U, UPDATE_COL)
node(X_U, Y_1M, "1−", UPDATE_COL, fontsize=8)
line([(X_U, Y_1M + RADIUS), (X_U, RAIL - RADIUS)], UPDATE_COL)
node(X_U, RAIL, r"$\odot$")
line([(X_U, Y_U), (X_H - RADIUS, Y_U)], UPDATE_COL)

# candidate h~, scaled by u and added to the rail
box(X_H, BOX_Y, "candidate", r"$\tanh$", CAND_COL)
line([(X_H, top), (X_H, Y_U - RADIUS)], CAND_COL)
ax.text(X_H + 0.12, 3.3, r"$\tilde h^{(t)}$", color=INK, fontsize=11,
        va="center")
node(X_H, Y_U, r"$\odot$")
line([(X_H, Y_U + RADIUS), (X_H, RAIL - RADIUS)])
node(X_H, RAIL, "+")

# key, along the bottom
ax.text(2.0, -0.6, r"$\odot$ elementwise product    [·;·] stack two"
        " vectors    arc: a crossing, not a join", ha="left",
        va="center", fontsize=9)

plt.savefig("gru_diagram.svg", metadata={"Date": None})
