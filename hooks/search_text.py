"""MkDocs hook: search results read as text, never as TeX source or heading marks.

The search plugin indexes each page before katex_math.py renders its formulas, so the index
holds the TeX (`\\(\\gamma = \\max_z \\lvert \\sigma'(z) \\rvert\\)`, and `$...$` in a lab's
Markdown cells), and a lab's section titles end in the heading anchor's "¶". After the search
plugin has written search/search_index.json, this hook rewrites each formula as plain text
(`γ = max_z |σ'(z)|`) and strips the "¶". It also drops code blocks and printed output
(`<pre>`) from the index: a preview of a script is noise, every page downloads the index,
and they made up about 40% of it (50 KB of 122 KB gzipped, measured on this site). Inline
code in prose (`clip_grad_norm_`) stays searchable.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from katex_math import DOLLARS

BLOCK = re.compile(r"<pre>.*?</pre>", re.S)
CODE = re.compile(r"(<code>.*?</code>)", re.S)  # the index keeps these tags; inline code is left as it is
DELIMITED = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<display>.+?)\\\]", re.S)
SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ",
    "omega": "ω", "Delta": "Δ", "Sigma": "Σ", "Pi": "Π", "prod": "∏", "sum": "∑", "partial": "∂",
    "nabla": "∇", "odot": "⊙", "cdot": "·", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "ne": "≠", "neq": "≠", "approx": "≈", "sim": "∼", "infty": "∞", "to": "→", "rightarrow": "→",
    "mapsto": "↦", "in": "∈", "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖", "|": "‖",
    "ldots": "…", "dots": "…", "cdots": "⋯", "top": "ᵀ", "pm": "±", "bullet": "•",
}
COMBINING = {"tilde": "\u0303", "hat": "\u0302", "bar": "\u0304", "vec": "\u20d7"}
FONTS = {"operatorname", "mathrm", "mathbf", "mathbb", "mathcal", "mathit", "boldsymbol", "text", "textrm", "textit"}
SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)\b\s*")
SPACING = re.compile(r"\\[,;:!> ]|\\q?quad\b|~")
FRACTION = re.compile(r"\\[dt]?frac\s*")
DIGIT_FRACTION = re.compile(r"\\[dt]?frac\s*(\d)(\d)")
ACCENT = re.compile(r"\\(?P<accent>tilde|hat|bar|vec)\s*(?:\{(?P<braced>[^{}]*)\}|(?P<letter>\w))")
COMMAND = re.compile(r"\\(?P<name>[A-Za-z]+|\|)")


def braced(text: str, start: int) -> tuple[str, int]:
    """The brace group opening at text[start] (or the single character there), and the index after it."""
    if start >= len(text) or text[start] != "{":
        return text[start : start + 1], start + 1
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1 : i], i + 1
    return text[start + 1 :], len(text)


def fractions(text: str) -> str:
    """\\frac{a}{b} -> (a)/(b), innermost argument groups kept as they are."""
    text = DIGIT_FRACTION.sub(r"\1/\2", text)
    while (m := FRACTION.search(text)) is not None:
        numerator, after = braced(text, m.end())
        denominator, end = braced(text, after)
        text = f"{text[: m.start()]}({numerator})/({denominator}){text[end:]}"
    return text


def tex_to_text(tex: str) -> str:
    """A readable, plain-text version of a formula: Greek letters and operators as Unicode."""
    text = SIZING.sub("", SPACING.sub(" ", tex))
    text = ACCENT.sub(lambda m: (m["braced"] or m["letter"]) + COMBINING[m["accent"]], fractions(text))
    text = COMMAND.sub(lambda m: "" if m["name"] in FONTS else SYMBOLS.get(m["name"], m["name"]), text)
    text = text.replace("{", "").replace("}", "").replace("&", " ").replace("\\", "")
    return " ".join(text.split())


def readable(text: str, notebook: bool) -> str:
    """Formulas outside code as text; code blocks and "¶" dropped."""
    pieces = CODE.split(BLOCK.sub("", text))
    for i in range(0, len(pieces), 2):  # even pieces are outside code
        prose = DELIMITED.sub(lambda m: tex_to_text(m["inline"] or m["display"]), pieces[i])
        if notebook:
            prose = DOLLARS.sub(lambda m: tex_to_text(m["inline"] or m["display"]), prose)
        pieces[i] = prose.replace("¶", "")
    return "".join(pieces)


def on_post_build(config) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        notebook = doc["location"].startswith("labs/")
        doc["title"] = readable(doc["title"], notebook).strip()
        doc["text"] = readable(doc["text"], notebook)
    index.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")
