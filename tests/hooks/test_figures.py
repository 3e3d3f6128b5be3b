"""hooks/figures.py: figures are numbered in page order, and prose links get the number."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import figures

FIGURE = '<figure{id}><img alt="a" src="../figures/x-light.svg"><br />\n<figcaption>{caption}</figcaption></figure>'


def test_figures_are_numbered_in_order_and_links_get_the_number(page):
    html = ('<p>See <a href="#fig-b">Figure</a>.</p>' + FIGURE.format(id="", caption="First.")
            + FIGURE.format(id=' id="fig-b"', caption="Second."))
    out = figures.on_post_page(html, page("lstm.md"), None)
    assert '<p>See <a href="#fig-b">Figure 2</a>.</p>' in out
    assert '<figure id="figure-1"><img' in out
    assert '<figcaption><span class="figure-number">Figure 1.</span> First.</figcaption>' in out
    assert '<figure id="fig-b">' in out and '<span class="figure-number">Figure 2.</span> Second.' in out
    assert "<br />" not in out


def test_a_figure_without_a_caption_fails_the_build(page):
    with pytest.raises(PluginError, match=r"docs/gru\.md: figure 1 has no caption"):
        figures.on_post_page('<figure><img alt="a" src="figures/x.svg"></figure>', page("gru.md"), None)


def test_a_drawn_figure_outside_a_figure_fails_the_build(page):
    with pytest.raises(PluginError, match=r"docs/gru\.md: a figure is not inside a <figure>"):
        figures.on_post_page('<p><img alt="a" src="../figures/gru_diagram-light.svg"></p>', page("gru.md"), None)


def test_a_link_to_a_missing_figure_fails_the_build(page):
    with pytest.raises(PluginError, match=r"links \[Figure\]\(#fig-nope\)"):
        figures.on_post_page('<a href="#fig-nope">Figure</a>', page("gru.md"), None)
