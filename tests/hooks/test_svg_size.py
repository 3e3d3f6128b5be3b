"""hooks/svg_size.py: figure sizes in CSS pixels."""

from __future__ import annotations

import pytest

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import svg_size

def test_svg_size_turns_points_into_css_pixels():
    assert svg_size.svg_size_px('<svg width="432pt" height="216.5pt">', "x") == (576, 289)
    with pytest.raises(ValueError, match="no width/height in pt"):
        svg_size.svg_size_px('<svg width="100%">', "docs/x.md")
