"""Static checks on the built site: what it serves and what it refers to."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

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


def test_snippets_are_served_as_they_are_in_their_chapter_folder(built_site):
    snippets = sorted((ROOT / "snippets").glob("*/*.py"))
    assert snippets, "snippets/ holds no snippets/CHAPTER/NAME.py"
    for snippet in snippets:
        served = built_site / snippet.relative_to(ROOT)
        assert served.is_file() and served.read_bytes() == snippet.read_bytes(), \
            f"the site does not serve {snippet.relative_to(ROOT)} as-is, at the same path"


def test_every_snippet_folder_is_a_page(built_site):
    """snippets/CHAPTER/ holds the scripts of docs/CHAPTER.md, which shows or links each of them."""
    texts = {doc: doc.read_text() for doc in sorted((ROOT / "docs").glob("*.md"))}
    for folder in sorted(p for p in (ROOT / "snippets").iterdir() if p.is_dir()):
        page = ROOT / "docs" / f"{folder.name}.md"
        assert page.is_file(), f"snippets/{folder.name}/ is named after no page: docs/{folder.name}.md does not exist"
        # the chapter, and any page split off it that includes the folder's scripts
        text = " ".join(t for doc, t in texts.items() if doc == page or f"snippets/{folder.name}/" in t)
        unused = [s.name for s in sorted(folder.glob("*.py")) if s.name not in text and s.stem not in text]
        assert not unused, f"docs/{folder.name}.md never shows, links or quotes {unused} from its snippet folder"


def test_every_figure_has_a_light_and_a_dark_variant(built_site):
    figures = {p.name.rsplit("-", 1)[0] for p in (built_site / "figures").glob("*.svg")}
    assert figures, "the site has no figures"
    for name in figures:
        for theme in ("light", "dark"):
            assert (built_site / "figures" / f"{name}-{theme}.svg").is_file(), f"figure {name} has no {theme} variant"


THEME_BUNDLE = re.compile(r"(?:\.\./)*assets/javascripts/bundle\.\w+\.min\.js$")


def test_no_render_blocking_script_but_the_theme(html_files):
    """A classic <script src> stops the parser until it has loaded; only the theme's bundle may."""
    blocking = [f"{html.name if html.parent.name == '' else html.parent.name}: {attrs['src']}"
                for html in html_files for tag, attrs in parsed(html)
                if tag == "script" and attrs.get("src") and not {"async", "defer"} & attrs.keys()
                and attrs.get("type") != "module" and not THEME_BUNDLE.search(attrs["src"])]
    assert not blocking, f"render-blocking scripts (add defer: true in mkdocs.yml's extra_javascript): {blocking}"


def test_pages_with_math_on_their_first_screen_preload_katex_main_font(built_site, html_files):
    """Found late, KaTeX's fonts re-wrap the text above the fold (a layout shift), and KaTeX's text stays
    invisible until its font arrives: a page whose first screen has math preloads them."""
    from katex_math import first_screen

    problems, checked = [], 0
    for html in html_files:
        if 'class="katex"' not in first_screen(html.read_text()):
            continue
        checked += 1
        preloads = [attrs["href"] for tag, attrs in parsed(html) if tag == "link" and attrs.get("rel") == "preload"]
        if not any(href.endswith("KaTeX_Main-Regular.woff2") for href in preloads):
            problems.append(f"{html.relative_to(built_site)}: no preload of KaTeX_Main-Regular.woff2")
        problems += [f"{html.relative_to(built_site)}: preloads {href}, which the site does not have"
                     for href in preloads if not (html.parent / href).resolve().is_file()]
    assert checked >= 5, f"only {checked} page(s) have math on their first screen: is katex_math.first_screen broken?"
    assert not problems, "see with_font_preloads() in hooks/katex_math.py:\n" + "\n".join(problems)


# Links: MkDocs checks the links of Markdown pages, not those inside a rendered notebook


@pytest.mark.parametrize("lab", sorted(p.stem for p in (ROOT / "docs" / "labs").glob("*.py")))
def test_the_labs_links_reach_a_page_and_anchor_of_the_site(built_site, lab):
    page_url = f"https://site.invalid/labs/{lab}/"
    content = (built_site / "labs" / lab / "index.html").read_text()
    content = content[content.index('<div class="jupyter-wrapper">'):]
    broken = []
    for href in set(re.findall(r'<a href="(\.\./[^"]+)"', content)):
        url = urlsplit(urljoin(page_url, html.unescape(href)))
        target = built_site / url.path.lstrip("/") / "index.html"
        if not target.is_file() or (url.fragment and f'id="{url.fragment}"' not in target.read_text()):
            broken.append(href)
    assert not broken, (f"labs/{lab}/ links to missing pages or anchors: {broken}; in a lab write links as the "
                        "built page sees them, e.g. ../../#linzen-2016 or ../../lstm/")


def test_every_id_is_unique_and_each_lab_copy_button_copies_its_cells_code(html_files):
    """A copy button (<clipboard-copy for=ID>) copies the element with that id: an id used twice copies the wrong one."""
    problems = []
    for page in html_files:
        tags = parsed(page)
        ids = [attrs["id"] for _, attrs in tags if attrs.get("id")]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            problems.append(f"{page}: ids used more than once: {twice[:5]}")
        classes = {attrs["id"]: attrs.get("class", "") for _, attrs in tags if attrs.get("id")}
        for _, attrs in (t for t in tags if t[0] == "clipboard-copy"):
            if "clipboard-copy-txt" not in classes.get(attrs.get("for"), "").split():
                problems.append(f"{page}: a copy button copies #{attrs.get('for')}, not a cell's code text")
    assert not problems, "see number_copy_buttons() in hooks/notebook_pages.py:\n" + "\n".join(problems[:20])
