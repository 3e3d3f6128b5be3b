"""hooks/theme_fixes.py: the theme's markup fixed for axe, or a loud failure when it changes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import theme_fixes

PALETTE_SCRIPT = '<script>var palette=__md_get("__palette");if(palette&&palette.color){}</script>'
PALETTES = {"theme": {"palette": [
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "toggle": {}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "toggle": {}}]}}


def test_the_search_dialog_gets_a_name_and_a_changed_theme_fails_loudly():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md"))
    out = theme_fixes.on_post_page(f"<body>{PALETTE_SCRIPT}{theme_fixes.SEARCH_DIALOG}</body>", page, PALETTES)
    assert 'role="dialog" aria-label="Search"' in out
    with pytest.raises(PluginError, match="search dialog markup changed"):
        theme_fixes.on_post_page(f"<body>{PALETTE_SCRIPT}</body>", page, PALETTES)


def test_a_first_visit_starts_in_the_scheme_the_system_asks_for():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md"))
    out = theme_fixes.on_post_page(f"<body>{PALETTE_SCRIPT}{theme_fixes.SEARCH_DIALOG}</body>", page, PALETTES)
    script = out[out.index(PALETTE_SCRIPT) + len(PALETTE_SCRIPT):]
    assert script.startswith('<script>if(!__md_get("__palette"))')
    assert ('"(prefers-color-scheme: dark)":{"media":"(prefers-color-scheme: dark)","scheme":"slate",'
            '"primary":"indigo"}') in script
    with pytest.raises(PluginError, match="palette script at the top of <body> changed"):
        theme_fixes.on_post_page(f"<body>{theme_fixes.SEARCH_DIALOG}</body>", page, PALETTES)


def test_the_early_script_follows_the_first_visit_script_without_its_comments():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md"))
    out = theme_fixes.on_post_page(f"<body>{PALETTE_SCRIPT}{theme_fixes.SEARCH_DIALOG}</body>", page, PALETTES)
    first_visit = theme_fixes.first_visit_scheme(PALETTES["theme"]["palette"])
    after = out[out.index(first_visit) + len(first_visit):]
    assert after.startswith("<script>(function () {") and "data-md-color-switching" in after
    early = after[: after.index("</script>")]
    assert "//" not in early and "\n " not in early, "comment lines and indentation are kept in the inlined script"
