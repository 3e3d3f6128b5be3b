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

Colour contrast and underlined links are fixed in docs/stylesheets/extra.css. If a theme
update changes the markup patched here, the build fails instead of quietly dropping the fix.
"""

from __future__ import annotations

import json
import re

from mkdocs.exceptions import PluginError

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG.replace('role="dialog"', 'role="dialog" aria-label="Search"')
STORED_PALETTE = re.compile(r'<script>var palette=__md_get\("__palette"\);.*?</script>', re.S)


def first_visit_scheme(palettes: list[dict]) -> str:
    """A script that, when no scheme is stored yet, applies the palette whose media query matches."""
    by_media = {p["media"]: {key: p[key] for key in ("scheme", "primary", "accent") if key in p}
                for p in palettes if p.get("media")}
    return ("<script>if(!__md_get(\"__palette\")){var byMedia=" + json.dumps(by_media, separators=(",", ":"))
            + ";for(var media in byMedia)if(matchMedia(media).matches)for(var key in byMedia[media])"
            "document.body.setAttribute(\"data-md-color-\"+key,byMedia[media][key])}</script>")


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
    output = output[: stored.end()] + first_visit_scheme(palettes) + output[stored.end():]
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG)
