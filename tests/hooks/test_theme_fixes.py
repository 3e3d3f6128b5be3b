"""hooks/theme_fixes.py: the theme's markup fixed for axe, or a loud failure when it changes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import theme_fixes

def test_the_search_dialog_gets_a_name_and_a_changed_theme_fails_loudly():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md"))
    out = theme_fixes.on_post_page(f"<body>{theme_fixes.SEARCH_DIALOG}</body>", page, None)
    assert 'role="dialog" aria-label="Search"' in out
    with pytest.raises(PluginError, match="search dialog markup changed"):
        theme_fixes.on_post_page("<body></body>", page, None)
