"""The built site keeps the teaching conventions: key ideas first, a summary and a "What next"
that agrees with the footer, numbered captions, citations that stay on the page, one notation."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin

from html.parser import HTMLParser

import pytest

from sitetools import ROOT, site_pages

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(?P<body>.*?)</article>', re.S)
H2 = re.compile(r'<h2 id="(?P<id>[^"]+)"')
HREF = re.compile(r'<a href="(?P<href>[^"]+)"')
FOOTER_NEXT = re.compile(r'<a href="(?P<href>[^"]+)" class="md-footer__link md-footer__link--next"')
KEY_IDEAS = re.compile(r'<div class="admonition abstract">\s*<p class="admonition-title">Key ideas</p>\s*<ul>(?P<items>.*?)</ul>', re.S)
FIGURE = re.compile(r"<figure\b[^>]*>(?P<body>.*?)</figure>", re.S)
CAPTION = re.compile(r'<figcaption\b[^>]*><span class="figure-number">Figure (?P<n>\d+)\.</span>\s*(?P<text>.+?)</figcaption>', re.S)
CHAPTERS = sorted(p.stem for p in (ROOT / "docs").glob("*.md") if p.stem != "index")
LABS = sorted(p.stem for p in (ROOT / "docs" / "labs").glob("*.py"))
# Anchors of /vanishing-gradients/ before it was split in two (issue 15); links to them must still land.
VANISHING_ANCHORS = ["a-recurrent-network-and-backpropagation-through-time", "the-chain-rule-through-time",
                     "the-linear-case-eigenvalues-decide", "with-a-nonlinearity-a-bound-on-each-step",
                     "measuring-the-decay", "drag-the-radius-yourself", "why-a-vanishing-gradient-is-a-problem",
                     "what-it-does-to-a-language-model", "not-only-a-recurrent-network-problem", "exercises", "summary"]
# Symbols that once had two meanings, or the slides' names that the site does not use (docs/index.md#notation).
RETIRED_SYMBOLS = {r"J_j|J_\{j": "a one-step Jacobian is written out, ∂h^(j)/∂h^(j-1); J is only the loss",
                   r"\bT\(x\)": "the highway transform gate is τ(x); T is the sequence length"}


# A first read skips folded blocks, code, figures and formulas; at about 150 words a minute for
# technical prose, 3,000 words is the 20 minutes.
FIRST_READ_WORDS = 3000
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}


class FirstRead(HTMLParser):
    """Counts the words of running text, outside <details>, <pre>, <figure> and KaTeX's formulas."""

    SKIP = {"details", "pre", "figure", "script", "style"}

    def __init__(self):
        super().__init__()
        self.open: list[bool] = []
        self.skipping = 0
        self.words = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        skip = tag in self.SKIP or (tag == "span" and (dict(attrs).get("class") or "").split()[:1] == ["katex"])
        self.open.append(skip)
        self.skipping += skip

    def handle_endtag(self, tag):
        if tag not in VOID and self.open:
            self.skipping -= self.open.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.words += len(data.split())


def body_of(page_html: str) -> str:
    return ARTICLE.search(page_html)["body"]


def article(built_site, url: str) -> str:
    return body_of((built_site / url / "index.html").read_text())


def section(body: str, section_id: str) -> str:
    start = body.index(f'<h2 id="{section_id}"')
    following = H2.search(body, start + 1)
    return body[start : following.start() if following else len(body)]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_opens_with_key_ideas_and_ends_with_a_summary_and_what_next(built_site, chapter):
    body = article(built_site, f"{chapter}/")
    ideas = KEY_IDEAS.search(body)
    assert ideas, f"docs/{chapter}.md: open with !!! abstract \"Key ideas\" (3 to 5 bullets)"
    assert 3 <= ideas["items"].count("<li>") <= 5, f"docs/{chapter}.md: give 3 to 5 key ideas"
    first_h2 = H2.search(body)
    assert ideas.start() < first_h2.start(), f"docs/{chapter}.md: the key ideas come before the first section"
    ids = H2.findall(body)
    assert "summary" in ids and "what-next" in ids, f"docs/{chapter}.md: end with ## Summary and ## What next"
    assert ids.index("summary") < ids.index("what-next"), f"docs/{chapter}.md: Summary comes before What next"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_first_read_takes_at_most_twenty_minutes(built_site, chapter):
    body = article(built_site, f"{chapter}/")
    counter = FirstRead()
    counter.feed(body.split('<h2 id="references"')[0])
    assert counter.words <= FIRST_READ_WORDS, (
        f"docs/{chapter}.md: a first read is {counter.words} words (outside folded blocks, code, figures and math), "
        f"more than {FIRST_READ_WORDS}, about 20 minutes: fold derivations and checks, or split the chapter")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_what_next_names_the_page_the_footer_goes_to(built_site, chapter):
    page = (built_site / chapter / "index.html").read_text()
    footer = FOOTER_NEXT.search(page)
    if footer is None:
        return  # the last page of the navigation
    links = HREF.findall(section(body_of(page), "what-next"))
    url = f"https://site.invalid/{chapter}/"
    assert links and urljoin(url, links[0]) == urljoin(url, footer["href"]), (
        f"docs/{chapter}.md: the first link of What next ({links[:1]}) is not the footer's Next ({footer['href']}); "
        "follow the nav in mkdocs.yml")


@pytest.mark.parametrize("lab", LABS)
def test_a_lab_points_to_the_page_after_it(built_site, lab):
    page = (built_site / "labs" / lab / "index.html").read_text()
    footer = FOOTER_NEXT.search(page)
    url = f"https://site.invalid/labs/{lab}/"
    body = body_of(page)
    body = body[: body.find('<h2 id="references"') if '<h2 id="references"' in body else len(body)]
    targets = {urljoin(url, html.unescape(h)) for h in HREF.findall(body[-6000:])}
    assert footer and urljoin(url, footer["href"]) in targets, (
        f"docs/labs/{lab}.py: end with a link to the next page of the navigation ({footer and footer['href']})")


def test_every_figure_is_numbered_with_a_caption(built_site):
    problems = []
    for url in site_pages(built_site):
        body = article(built_site, url)
        numbers = []
        for figure in FIGURE.finditer(body):
            caption = CAPTION.search(figure["body"])
            if not caption or len(re.sub(r"<[^>]+>", "", caption["text"]).split()) < 5:
                problems.append(f"/{url}: a figure without a caption that says what to look at")
            else:
                numbers.append(int(caption["n"]))
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"/{url}: figures numbered {numbers}")
        if re.search(r'<img\b[^>]*src="[^"]*(?:figures/|data:image)', FIGURE.sub("", body)):
            problems.append(f"/{url}: a drawn figure outside a <figure>")
    assert not problems, "\n".join(problems)


def test_citations_stay_on_the_page_and_every_reference_links_out(built_site):
    home = article(built_site, "")
    keys = re.findall(r'<li><a id="([\w-]+)"></a>', section(home, "references"))
    assert keys, "the home page lists no references"
    unlinked = [k for k in keys if not re.search(rf'<li><a id="{k}"></a>(?:(?!</li>).)*href="https://', home, re.S)]
    assert not unlinked, f"references without a DOI, arXiv or publisher link: {unlinked}"
    problems = []
    for url in site_pages(built_site):
        if not url:
            continue
        body = article(built_site, url)
        away = [k for k in re.findall(r'<a href="(?:\.\./)+#([\w-]+)"', body) if k in keys]
        problems += [f"/{url}: the citation of {k} leaves the page" for k in away]
        cited = set(re.findall(r'<a href="#ref-([\w-]+)"', body))
        problems += [f"/{url}: cites {k} but does not list it" for k in cited if f'<li id="ref-{k}">' not in body]
    assert not problems, "\n".join(problems)


def test_the_search_index_holds_text_not_tex(built_site):
    docs = json.loads((built_site / "search" / "search_index.json").read_text())["docs"]
    prose = {d["location"]: re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", d["text"], flags=re.S) for d in docs}
    tex = [where for where, text in prose.items() if re.search(r"\\\(|\\\[|\\[a-zA-Z]{2,}\{|\$[^$\s]", text)]
    pilcrows = [d["location"] for d in docs if "¶" in d["title"]]
    assert not tex, f"search previews would show TeX source: {tex[:5]}"
    assert not pilcrows, f"search titles end in ¶: {pilcrows[:5]}"


def test_the_build_report_is_built_but_out_of_the_reading_path(built_site):
    assert (built_site / "build-report" / "index.html").is_file()
    home = (built_site / "index.html").read_text()
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):home.index("</nav>", home.index('md-nav--primary'))]
    assert "build-report" not in nav, "the build report is in the navigation; link it from the home page's About"
    assert 'href="build-report/"' in section(article(built_site, ""), "about-this-site")


def test_the_old_anchors_of_the_split_vanishing_chapter_still_resolve(built_site):
    page = (built_site / "vanishing-gradients" / "index.html").read_text()
    missing = [a for a in VANISHING_ANCHORS if f'id="{a}"' not in page]
    assert not missing, f"/vanishing-gradients/ lost anchors that links may point to: {missing}"


def test_the_home_page_maps_the_lecture_and_points_to_further_reading(built_site):
    home = article(built_site, "")
    lecture_map = section(home, "lecture-map")
    for chapter in CHAPTERS:
        assert f'href="{chapter}/' in lecture_map, f"the lecture map does not name /{chapter}/"
    reading = section(home, "further-reading")
    for site in ("colah.github.io", "deeplearningbook.org", "web.stanford.edu/class/cs224n"):
        assert site in reading, f"further reading lacks {site}"


@pytest.mark.parametrize("source", [*(f"docs/{c}.md" for c in CHAPTERS), *(f"docs/labs/{lab}.py" for lab in LABS)])
def test_retired_symbols_are_not_used(source):
    text = (ROOT / source).read_text()
    math = " ".join(re.findall(r"\$\$.+?\$\$|\$[^$\n]+\$", text, re.S))
    found = [f"{pattern!r}: {why}" for pattern, why in RETIRED_SYMBOLS.items() if re.search(pattern, math)]
    assert not found, f"{source}:\n" + "\n".join(found)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solutions_show_what_they_print(built_site, chapter):
    body = article(built_site, f"{chapter}/")
    solutions = re.findall(r'<details class="success">(.*?)</details>', body, re.S)
    assert solutions, f"docs/{chapter}.md has no exercise solutions"
    silent = [i + 1 for i, s in enumerate(solutions) if "Output of" not in s]
    assert not silent, f"docs/{chapter}.md: solutions {silent} show no output (add <!-- output: NAME.py -->)"


@pytest.mark.parametrize("lab", LABS)
def test_every_lab_exercise_has_a_folded_solution(built_site, lab):
    """An exercise starts with its bold number, **1. Title.**, and cells tagged "solution" follow it."""
    exercises = section(article(built_site, f"labs/{lab}/"), "exercises")
    between = re.split(r'<details class="success lab-solution">.*?</details>', exercises, flags=re.S)
    asked = [len(re.findall(r"<strong>\d+\.", text)) for text in between]
    assert len(between) > 1 and asked == [1] * (len(between) - 1) + [0], (
        f"docs/labs/{lab}.py: between its solution blocks the Exercises section asks {asked} exercise(s); start each "
        'exercise with its bold number, **1. Title.**, and follow it with its own cell tagged "solution"')
