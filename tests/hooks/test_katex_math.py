"""hooks/katex_math.py: formulas rendered at build time; a bad one fails naming its page."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from sitetools import ROOT  # also puts hooks/ on sys.path

import katex_math


def test_katex_renders_and_reports_bad_formulas():
    rendered = katex_math.render([(r"\frac{1}{4}", False)], "docs/page.md")
    assert 'class="katex"' in rendered[(r"\frac{1}{4}", False)]
    with pytest.raises(PluginError, match=r"docs/page\.md.*KaTeX cannot render"):
        katex_math.render([(r"\frac{1}{", True)], "docs/page.md")


def test_notebook_dollar_math_is_found_outside_code_only():
    cell = '<div class="jp-RenderedMarkdown">Cost $x^2$ and <code>$not$</code> $$y$$</div>'
    found = []
    katex_math.map_formulas(cell, lambda m: found.append(katex_math.formula_key(m)) or m[0])
    assert found == [("x^2", False), ("y", True)]


def test_a_page_with_math_preloads_the_fonts_it_uses():
    page = '<title>t</title><span class="katex"><span class="mord mathnormal">x</span></span>'
    out = katex_math.with_font_preloads(page, "lstm/")
    assert 'href="../assets/katex/fonts/KaTeX_Main-Regular.woff2"' in out and "KaTeX_Math-Italic.woff2" in out
    assert katex_math.with_font_preloads("<title>t</title>no math", "lstm/") == "<title>t</title>no math"


def test_only_the_fonts_of_the_first_screen_are_preloaded():
    """The first ten blocks of the article are always rendered (extra.css); fonts needed later load when needed."""
    big_delimiter = '<p><span class="katex"><span class="delimsizing size2">(</span></span></p>'
    bold = '<p><span class="katex"><span class="mord mathbf">W</span></span></p>'
    blocks = ["<p>text</p>"] * 9 + [big_delimiter] + [bold] * 3
    page = '<title>t</title><article class="md-content__inner md-typeset">' + "\n".join(blocks) + "</article>"
    out = katex_math.with_font_preloads(page, "lstm/")
    assert "KaTeX_Size2-Regular.woff2" in out and "KaTeX_Main-Regular.woff2" in out
    assert "KaTeX_Main-Bold.woff2" not in out, "a font first used in the 11th block was preloaded"
    assert katex_math.first_screen(page).endswith(big_delimiter + "\n")


def test_a_short_page_is_its_own_first_screen_and_the_count_stays_in_the_container():
    """Fewer than ten blocks: nothing after the article (footer, scripts) counts as a block."""
    page = ('<title>t</title><article class="md-content__inner md-typeset"><p>a</p><p>b</p></article>'
            + "".join(f"<div>{i}</div>" for i in range(20)))
    assert katex_math.first_screen(page) == page


def test_the_first_screen_is_the_blocks_extra_css_always_renders():
    css = (ROOT / "docs" / "stylesheets" / "extra.css").read_text()
    skipped_from = f":nth-child(n+{katex_math.FIRST_SCREEN_BLOCKS + 1})"
    assert css.count(skipped_from) == 2, (
        f"docs/stylesheets/extra.css should skip blocks from {skipped_from} in chapters and labs, "
        "as hooks/katex_math.py's FIRST_SCREEN_BLOCKS assumes: change both together")


def test_self_closed_tags_do_not_end_the_count_early():
    """`<br/>` and `<img .../>` open nothing: the count of top-level blocks must not drift."""
    blocks = ['<p>a<br/><img src="x"/></p>'] * 12
    page = '<article class="md-content__inner md-typeset">' + "\n".join(blocks) + "</article>"
    assert katex_math.first_screen(page).count("<p>") == katex_math.FIRST_SCREEN_BLOCKS
