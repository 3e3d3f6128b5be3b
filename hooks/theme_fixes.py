"""MkDocs hook: accessibility fixes to the Material theme's own markup, found by axe-core.

- The search overlay is a `role="dialog"` without a name (axe: aria-dialog-name); it gets
  `aria-label="Search"`.
- Each code block's tool bar is a <nav> the theme's JavaScript adds at load time; several
  unnamed <nav>s on one page are indistinguishable landmarks (axe: landmark-unique).
  docs/javascripts/code-nav-labels.js names each one after its code block.

It also fixes a first visit in the dark: the theme's inline script at the top of <body>
applies a colour scheme only if one was stored by an earlier visit, and otherwise the page
starts in the first palette (light) until the theme's bundle has loaded and read
`prefers-color-scheme`. A reader whose system is dark saw a light flash, and the light
variant of every figure near the top was downloaded as well as the dark one. The hook adds,
right after that script, the scheme of the palette whose media query matches.

After those two comes hooks/theme_fixes_early.js: the theme's bundle, starting at the end of
the page, writes attributes on <html> and <body> and adds a color-scheme <meta>, and each of
those makes the browser restyle every element (a long chapter lost 0.2-0.6 s of a throttled
phone's main thread per write); the script sets that state while the page is still empty,
turns the bundle's writes that change nothing into no-ops and keeps its <meta> out of <head>.
tests/test_browser.py counts those writes and the color-scheme <meta>s, and checks the palette
toggle still switches the scheme and the <meta>. The same script holds
the theme's request for the search index (the largest of a page) until the reader opens
search; tests/test_browser.py checks nothing fetches it at load and that search still works.

Colour contrast and underlined links are fixed in docs/stylesheets/extra.css. If a theme
update changes the markup patched here, the build fails instead of quietly dropping the fix.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG.replace('role="dialog"', 'role="dialog" aria-label="Search"')
EARLY_SCRIPT = Path(__file__).with_name("theme_fixes_early.js")
STORED_PALETTE = re.compile(r'<script>var palette=__md_get\("__palette"\);.*?</script>', re.S)


def first_visit_scheme(palettes: list[dict]) -> str:
    """A script that, when no scheme is stored yet, applies the palette whose media query matches."""
    by_media = {p["media"]: {key: p[key] for key in ("media", "scheme", "primary", "accent") if key in p}
                for p in palettes if p.get("media")}
    return ("<script>if(!__md_get(\"__palette\")){var byMedia=" + json.dumps(by_media, separators=(",", ":"))
            + ";for(var media in byMedia)if(matchMedia(media).matches)for(var key in byMedia[media])"
            "document.body.setAttribute(\"data-md-color-\"+key,byMedia[media][key])}</script>")


def early_script() -> str:
    """hooks/theme_fixes_early.js as an inline <script>, its comment lines and indentation dropped."""
    lines = (line.strip() for line in EARLY_SCRIPT.read_text().splitlines())
    return "<script>" + "\n".join(line for line in lines if line and not line.startswith("//")) + "</script>"


def on_post_page(output: str, page, config) -> str:
    where = f"docs/{page.file.src_uri}"
    if SEARCH_DIALOG not in output:
        raise PluginError(f"{where}: the theme's search dialog markup changed; update SEARCH_DIALOG "
                          "in hooks/theme_fixes.py so the dialog keeps its accessible name.")
    stored = STORED_PALETTE.search(output)
    if not stored:
        raise PluginError(f"{where}: the theme's palette script at the top of <body> changed; update "
                          "STORED_PALETTE in hooks/theme_fixes.py so a first visit starts in the reader's scheme.")
    palettes = config["theme"]["palette"] if config else []
    output = output[: stored.end()] + first_visit_scheme(palettes) + early_script() + output[stored.end():]
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG)
