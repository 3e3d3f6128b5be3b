"""The display size of a matplotlib SVG, shared by the hooks that put figures on pages."""

from __future__ import annotations

import re

SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="(?P<w>[\d.]+)pt"\s+height="(?P<h>[\d.]+)pt"', re.S)


def svg_size_px(svg_text: str, where: str) -> tuple[int, int]:
    """Width and height in CSS pixels (matplotlib writes points; 1 pt = 4/3 px)."""
    size = SVG_SIZE.search(svg_text[:4000])
    if size is None:
        raise ValueError(f"{where}: no width/height in pt on the <svg> element; save figures with matplotlib.")
    return round(float(size["w"]) * 4 / 3), round(float(size["h"]) * 4 / 3)
