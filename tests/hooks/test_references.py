"""hooks/references.py: a page's citations point at its own references section."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

from sitetools import ROOT

import references
from build_state import state

HOME = """# Home

## References

- <a id="bengio-1994"></a>Yoshua Bengio (1994). Learning is *difficult*.
  [doi:10.1109/72.279181](https://doi.org/10.1109/72.279181)
- <a id="cho-2014"></a>Kyunghyun Cho (2014). Phrases. [arXiv:1406.1078](https://arxiv.org/abs/1406.1078)

## After
"""


@pytest.fixture
def bibliography(tmp_path, monkeypatch):
    (tmp_path / "index.md").write_text(HOME)
    entries = references.read_bibliography(tmp_path / "index.md")
    monkeypatch.setattr(state, "bibliography", {key: references.entry_html(text) for key, text in entries.items()})
    return entries


def chapter(src_uri="lstm.md"):
    title = AnchorLink("Title", "title", 1)
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), toc=SimpleNamespace(items=[title]))


def test_the_bibliography_is_read_in_order_with_its_links(bibliography):
    assert list(bibliography) == ["bengio-1994", "cho-2014"]
    assert bibliography["bengio-1994"].endswith("[doi:10.1109/72.279181](https://doi.org/10.1109/72.279181)")


def test_citations_point_at_the_pages_references_section(bibliography):
    page = chapter()
    html = '<p><a href="../#cho-2014">Cho (2014)</a> and <a href="../#bengio-1994">B</a>; <a href="../#notation">n</a></p>'
    out = references.on_page_content(html, page, None, None)
    assert '<a href="#ref-cho-2014" title="Kyunghyun Cho (2014). Phrases. arXiv:1406.1078">Cho (2014)</a>' in out
    assert '<a href="../#notation">n</a>' in out  # not a work: left alone
    section = out[out.index('<h2 id="references">'):]
    assert section.index('id="ref-bengio-1994"') < section.index('id="ref-cho-2014"')  # the home page's order
    assert '<em>difficult</em>' in section and 'href="https://arxiv.org/abs/1406.1078"' in section
    assert page.toc.items[0].children[-1].id == "references"


def test_a_lab_cites_through_the_home_page_two_levels_up(bibliography):
    out = references.on_page_content('<a href="../../#cho-2014">Cho</a>', chapter("labs/x.py"), None, None)
    assert 'href="#ref-cho-2014"' in out and 'id="ref-cho-2014"' in out


def test_a_page_without_citations_is_left_alone(bibliography):
    assert references.on_page_content("<p>text</p>", chapter(), None, None) == "<p>text</p>"


def test_an_unknown_work_fails_the_build(bibliography):
    with pytest.raises(PluginError, match=r"docs/lstm\.md cites smith-2020, which docs/index\.md does not list"):
        references.on_page_content('<a href="../#smith-2020">Smith</a>', chapter(), None, None)


def test_the_sites_bibliography_gives_every_work_a_link_out():
    entries = references.read_bibliography(ROOT / references.BIBLIOGRAPHY)
    unlinked = [key for key, text in entries.items() if "](https://" not in text]
    assert not unlinked, f"{references.BIBLIOGRAPHY}: give these works a DOI, arXiv or publisher link: {unlinked}"
