"""Static checks on the built site: what it serves and what it refers to."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from sitetools import ROOT

# Attributes through which a page makes the browser fetch something (<a href> is not fetched,
# nor are <link>s that only name a URL, such as rel="canonical").
NOT_FETCHED_LINKS = {"canonical", "alternate", "prev", "next", "author", "license"}
FETCHING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("link", "href"),
            ("audio", "src"), ("video", "src"), ("embed", "src"), ("object", "data")}
OUTSIDE_IN_CODE = re.compile(r"""(?:import\(|url\(|@import)\s*["']?https?://""")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(html_file) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html_file.read_text())
    return parser.tags


@pytest.fixture(scope="module")
def html_files(built_site):
    return sorted(built_site.rglob("*.html"))


def test_nothing_is_fetched_from_another_host(built_site, html_files):
    outside = []
    for html in html_files:
        for tag, attrs in parsed(html):
            for t, attr in FETCHING:
                if tag == t and re.match(r"(https?:)?//", attrs.get(attr) or "") and attrs.get("rel") not in NOT_FETCHED_LINKS:
                    outside.append(f"{html.relative_to(built_site)}: <{tag} {attr}={attrs[attr]}>")
    for text_file in [*html_files, *built_site.rglob("*.css")]:
        outside += [f"{text_file.relative_to(built_site)}: {m[0]}" for m in OUTSIDE_IN_CODE.finditer(text_file.read_text())]
    assert not outside, "the site fetches from another host:\n" + "\n".join(outside)


def test_every_image_has_width_height_and_alt(built_site, html_files):
    bad = [f"{html.relative_to(built_site)}: {attrs.get('src')}"
           for html in html_files for tag, attrs in parsed(html)
           if tag == "img" and not (attrs.get("width") and attrs.get("height") and attrs.get("alt"))]
    assert not bad, "images without width, height or alt text (they shift the layout or say nothing):\n" + "\n".join(bad)


def test_every_page_has_its_own_meta_description(built_site, html_files):
    descriptions = {}
    for html in html_files:
        if html.name == "404.html":
            continue
        found = [a.get("content") for t, a in parsed(html) if t == "meta" and a.get("name") == "description"]
        descriptions[html.relative_to(built_site).as_posix()] = found[0] if found else None
    missing = [page for page, d in descriptions.items() if not d]
    assert not missing, f"pages without a meta description: {missing}"
    shared = {d for d in descriptions.values() if list(descriptions.values()).count(d) > 1}
    assert not shared, f"pages share a meta description (give each page its own `description:`): {shared}"


def test_snippets_are_served_as_they_are(built_site):
    for snippet in sorted((ROOT / "snippets").glob("*.py")):
        served = built_site / "snippets" / snippet.name
        assert served.is_file() and served.read_bytes() == snippet.read_bytes(), f"site does not serve {snippet.name} as-is"


def test_every_figure_has_a_light_and_a_dark_variant(built_site):
    figures = {p.name.rsplit("-", 1)[0] for p in (built_site / "figures").glob("*.svg")}
    assert figures, "the site has no figures"
    for name in figures:
        for theme in ("light", "dark"):
            assert (built_site / "figures" / f"{name}-{theme}.svg").is_file(), f"figure {name} has no {theme} variant"
