"""A drawing of a bidirectional RNN reading a five-word sentence.

A forward RNN reads the words left to right, a backward RNN with its own
weights reads them right to left, and the two hidden states at each
position are concatenated. The column of "terribly" is shaded: its
forward state has seen only the words up to "terribly", its backward
state the words from "terribly" on, and the concatenation both.
Saves birnn_diagram.svg.

Run: python birnn_diagram.py   (matplotlib; a second or two)
"""
# --8<-- [start:draw]
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, Rectangle

plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
ink = plt.rcParams["text.color"]   # black in light mode, light in dark

words = ["the", "movie", "was", "terribly", "exciting"]
W, H = 0.55, 0.42                  # size of a state box
y_word, y_fw, y_bw, y_cat = 0.0, 1.2, 2.2, 3.4

fig, ax = plt.subplots(figsize=(8, 4.2))
ax.set_xlim(-2.3, len(words) * 1.6 - 0.6)
ax.set_ylim(-0.5, 4.3)
ax.axis("off")


def box(x, y, colour, width=W):
    ax.add_patch(Rectangle((x - width / 2, y - H / 2), width, H,
                           facecolor=colour, edgecolor=colour,
                           alpha=0.35, linewidth=1.5))


def arrow(x0, y0, x1, y1, colour=ink):
    ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), color=colour,
                                 arrowstyle="-|>", mutation_scale=12,
                                 linewidth=1.2, shrinkA=0, shrinkB=0))


xs = [1.6 * t for t in range(len(words))]
ax.add_patch(Rectangle((xs[3] - 0.75, -0.4), 1.5, 4.25,
                       facecolor="C3", alpha=0.15, linewidth=0))
ax.text(xs[3], 3.95, "sees the whole sentence", ha="center",
        fontsize=10)
for t, (x, word) in enumerate(zip(xs, words)):
    ax.text(x, y_word, word, ha="center", va="center", fontsize=12)
    box(x - 0.2, y_fw, "C0")                   # forward state
    box(x + 0.2, y_bw, "C1")                   # backward state
    box(x - 0.2, y_cat, "C0", width=0.4)       # [forward; backward]
    box(x + 0.2, y_cat, "C1", width=0.4)
    arrow(x - 0.2, y_word + 0.3, x - 0.2, y_fw - H / 2)   # x(t) feeds
    arrow(x + 0.35, y_word + 0.3, x + 0.35, y_bw - H / 2)  # both RNNs
    arrow(x - 0.2, y_fw + H / 2, x - 0.2, y_cat - H / 2, "C0")
    arrow(x + 0.2, y_bw + H / 2, x + 0.2, y_cat - H / 2, "C1")
    if t + 1 < len(words):
        arrow(x - 0.2 + W / 2, y_fw, xs[t + 1] - 0.2 - W / 2, y_fw, "C0")
        arrow(xs[t + 1] + 0.2 - W / 2, y_bw, x + 0.2 + W / 2, y_bw, "C1")

labels = [(y_fw, "forward RNN", "C0"), (y_bw, "backward RNN", "C1"),
          (y_cat, "concatenated", ink), (y_word, "input", ink)]
for y, text, colour in labels:
    ax.text(-0.6, y, text, ha="right", va="center", color=colour)
plt.savefig("birnn_diagram.svg", metadata={"Date": None})
# --8<-- [end:draw]
