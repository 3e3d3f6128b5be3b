"""A drawing of the encoder-decoder of the chapter, copying "3 1 4".

A bidirectional encoder reads the source: its forward RNN ends at the
last digit, its backward RNN at the first. Their final states (h_n and
c_n) are joined, [forward; backward], into the initial state of a
one-way decoder, which reads a start token and then each previous digit,
and writes one digit per step. Saves encdec_diagram.svg.

Run: python encdec_diagram.py   (matplotlib; a second or two)
"""
# --8<-- [start:draw]
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
ink = plt.rcParams["text.color"]   # black in light mode, light in dark

W, H = 0.55, 0.42                  # size of a state box
source, outputs = ["3", "1", "4"], ["3", "1", "4"]
reads = ["start", "3", "1"]
enc_x = [0.0, 1.4, 2.8]
dec_x = [6.4, 7.8, 9.2]
y_in, y_fw, y_bw, y_dec, y_out = 0.0, 1.2, 2.2, 1.7, 3.1
join_x = 4.6

fig, ax = plt.subplots(figsize=(8.4, 3.9))
ax.set_xlim(-1.9, 10.0)
ax.set_ylim(-0.45, 3.75)
ax.axis("off")


def box(x, y, colour, width=W):
    ax.add_patch(Rectangle((x - width / 2, y - H / 2), width, H,
                           facecolor=colour, edgecolor=colour,
                           alpha=0.35, linewidth=1.5))


def arrow(x0, y0, x1, y1, colour=ink, style="-", bend=0.0):
    ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), color=colour,
                                 arrowstyle="-|>", mutation_scale=12,
                                 linewidth=1.2, linestyle=style,
                                 connectionstyle=f"arc3,rad={bend}",
                                 shrinkA=0, shrinkB=0))


for t, (x, digit) in enumerate(zip(enc_x, source)):   # the encoder
    ax.text(x, y_in, digit, ha="center", va="center", fontsize=13)
    box(x - 0.2, y_fw, "C0")                   # forward state
    box(x + 0.2, y_bw, "C1")                   # backward state
    arrow(x - 0.2, y_in + 0.25, x - 0.2, y_fw - H / 2)   # the digit feeds
    arrow(x + 0.35, y_in + 0.25, x + 0.35, y_bw - H / 2)  # both RNNs
    if t + 1 < len(enc_x):
        arrow(x - 0.2 + W / 2, y_fw, enc_x[t + 1] - 0.2 - W / 2, y_fw, "C0")
        arrow(enc_x[t + 1] + 0.2 - W / 2, y_bw, x + 0.2 + W / 2, y_bw, "C1")
ax.text(-0.75, y_fw, "forward", ha="right", va="center", color="C0")
ax.text(-0.75, y_bw, "backward", ha="right", va="center", color="C1")
ax.text(enc_x[1], 3.45, "encoder: bidirectional", ha="center", fontsize=11)

ax.add_patch(FancyBboxPatch((join_x - 0.75, y_dec - 0.32), 1.5, 0.64,
                            boxstyle="round,pad=0.05", facecolor="none",
                            edgecolor=ink, linewidth=1.2))
ax.text(join_x, y_dec, "join\n[fw; bw]", ha="center", va="center", fontsize=10)
arrow(enc_x[-1] - 0.2 + W / 2, y_fw, join_x - 0.8, y_dec - 0.15, "C0")  # ends last
arrow(enc_x[0] + 0.2, y_bw + H / 2, join_x - 0.3, y_dec + 0.37, "C1", bend=-0.35)  # first
ax.text(join_x, y_dec - 0.65, "final states\n$h_n$, $c_n$", ha="center",
        va="center", fontsize=9)
arrow(join_x + 0.8, y_dec, dec_x[0] - W / 2, y_dec)

for t, (x, read, out) in enumerate(zip(dec_x, reads, outputs)):  # the decoder
    box(x, y_dec, "C3")
    ax.text(x, y_in + 0.5, read, ha="center", va="center", fontsize=12)
    ax.text(x, y_out, out, ha="center", va="center", fontsize=13)
    arrow(x, y_in + 0.72, x, y_dec - H / 2)
    arrow(x, y_dec + H / 2, x, y_out - 0.22)
    if t + 1 < len(dec_x):
        arrow(x + W / 2, y_dec, dec_x[t + 1] - W / 2, y_dec, "C3")
        arrow(x + 0.15, y_out - 0.2, dec_x[t + 1] - 0.2, y_in + 0.7,
              ink, style=":")
ax.text(dec_x[1], 3.45, "decoder: one-way", ha="center", fontsize=11)
ax.text(dec_x[1], -0.25, "dotted: the digit written is read next (greedy);\n"
        "in training the true digit is read instead", ha="center",
        va="center", fontsize=9)
plt.savefig("encdec_diagram.svg", metadata={"Date": None})
# --8<-- [end:draw]
