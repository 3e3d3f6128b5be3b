"""Clipping by value changes a gradient's direction; clipping by norm not.

Clips a 2-D gradient and a 10,000-entry RNN-like gradient elementwise to
[-5, 5] (as min-char-rnn does) and by norm to 5, prints the angle each
clipped vector makes with the original, and draws the 2-D case with the
clipping box and circle (clip_value_vs_norm.svg).

Run: python clip_value_vs_norm.py   (numpy, matplotlib; about 1 s)
"""
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
plt.rcParams["svg.hashsalt"] = "fancy-rnns"  # same figure, same SVG file
# --8<-- [end:imports]


# --8<-- [start:clip]
def clip_by_value(g, c):
    return np.clip(g, -c, c)


def clip_by_norm(g, c):
    norm = np.linalg.norm(g)
    return g * (c / norm) if norm >= c else g


def angle(a, b):
    """Angle between two vectors, in degrees, and its cosine."""
    cos = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
    return np.degrees(np.arccos(np.clip(cos, -1, 1))), cos


c = 5.0
g2 = np.array([12.0, 3.0])  # a 2-D gradient, too big
# a big gradient whose size varies a lot from entry to entry
g_big = rng.standard_normal(10_000) * rng.lognormal(0, 1.5, 10_000)
for name, g in [("2-D", g2), ("10,000-D", g_big)]:
    print(f"{name} gradient, norm {np.linalg.norm(g):.1f}")
    for how, clip in [("by value", clip_by_value),
                      ("by norm", clip_by_norm)]:
        gc = clip(g, c)
        deg, cos = angle(g, gc)
        print(f"  clipped {how:<8}: norm {np.linalg.norm(gc):7.2f},"
              f" cosine {cos:.4f}, angle {deg:5.1f}°")
# --8<-- [end:clip]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(5.2, 4.2), layout="constrained")
ax.add_patch(plt.Rectangle((-c, -c), 2 * c, 2 * c, fill=False,
                           edgecolor="C7", linestyle="--",
                           label="by value: box $|g_i| \\leq 5$"))
ax.add_patch(plt.Circle((0, 0), c, fill=False, edgecolor="C2",
                        linestyle=":",
                        label=r"by norm: circle $\|g\| = 5$"))
for v, color, label in [(g2, "C0", "original gradient"),
                        (clip_by_value(g2, c), "C3", "clipped by value"),
                        (clip_by_norm(g2, c), "C2", "clipped by norm")]:
    ax.annotate("", xy=v, xytext=(0, 0),
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2})
    ax.plot([], [], color=color, linewidth=2, label=label)
ax.set_xlim(-6, 13)
ax.set_ylim(-6, 6)
ax.set_aspect("equal")
ax.set_xlabel("$g_1$")
ax.set_ylabel("$g_2$")
ax.legend(loc="lower right", fontsize="small")
plt.savefig("clip_value_vs_norm.svg", metadata={"Date": None})
# --8<-- [end:plot]

# Not shown on the page: the values the page quotes, recorded for the site's build.
import json


def clipped_record(g):
    record = {"norm": float(np.linalg.norm(g)), "size": int(g.size)}
    for key, clip in [("by_value", clip_by_value), ("by_norm", clip_by_norm)]:
        gc = clip(g, c)
        deg, cos = angle(g, gc)
        record[key] = {"norm": float(np.linalg.norm(gc)), "cosine": float(cos),
                       "angle_degrees": float(deg)}
    return record


results = {"threshold": c, "2d": clipped_record(g2), "big": clipped_record(g_big)}
results["2d"]["vector"] = [float(v) for v in g2]
results["2d"]["by_value"]["vector"] = [float(v) for v in clip_by_value(g2, c)]
with open("clip_value_vs_norm.results.json", "w") as f:
    json.dump(results, f, indent=1, sort_keys=True)
