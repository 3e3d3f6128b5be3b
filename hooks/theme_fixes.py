"""MkDocs hook: accessibility fixes to the Material theme's own markup, found by axe-core.

- The search overlay is a `role="dialog"` without a name (axe: aria-dialog-name); it gets
  `aria-label="Search"`.
- Each code block's tool bar is a <nav> the theme's JavaScript adds at load time; several
  unnamed <nav>s on one page are indistinguishable landmarks (axe: landmark-unique).
  docs/javascripts/code-nav-labels.js names each one after its code block.

Colour contrast and underlined links are fixed in docs/stylesheets/extra.css. If a theme
update changes the markup patched here, the build fails instead of quietly dropping the fix.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = SEARCH_DIALOG.replace('role="dialog"', 'role="dialog" aria-label="Search"')


def on_post_page(output: str, page, config) -> str:
    if SEARCH_DIALOG not in output:
        raise PluginError(f"{page.file.src_uri}: the theme's search dialog markup changed; update SEARCH_DIALOG "
                          "in hooks/theme_fixes.py so the dialog keeps its accessible name.")
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG)
