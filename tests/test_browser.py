"""Every page of the built site in headless Chromium, in the light and the dark scheme."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sitetools import CHROMIUM_ARGS, ROOT, chromium_path, open_page, site_pages

SCHEMES = {"light": "default", "dark": "slate"}
SEARCH_TERM = "Jacobian"
# Bytes one page may transfer, everything it loads included, read to its end in one colour scheme,
# served gzipped as static hosts do. Lighthouse's mobile preset needs pages far below the
# 1.6 MB a 100 "total byte weight" allows for its performance score; measured in the README table.
PAGE_WEIGHT_BUDGET_KIB = 400
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

RAW_MATH_JS = r"""() => {
  const clone = document.querySelector('.md-content').cloneNode(true);
  clone.querySelectorAll('.katex, pre, code, script, style').forEach(e => e.remove());
  const text = clone.textContent;
  return ['$$', '\\begin', '\\(', '\\[', '\\frac'].filter(s => text.includes(s));
}"""
# A lazy image the fast scroll passed may still be loading (seen on a loaded machine): bring each
# unfinished one into view and wait for its load or error event (at most 10 s), then report the broken ones.
# An image in a closed <details> (a folded solution) is not shown, so a lazy one loads only when opened.
BROKEN_IMAGES_JS = """async () => {
  const shown = [...document.images].filter(i => i.getClientRects().length > 0 && i.checkVisibility());
  for (const img of shown.filter(i => !i.complete)) {
    img.scrollIntoView();
    await new Promise(done => {
      img.addEventListener('load', done, {once: true});
      img.addEventListener('error', done, {once: true});
      setTimeout(done, 10000);
    });
  }
  return shown.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);
}"""
SCROLL_TO_END_JS = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise(r => setTimeout(r, 30));
  }
}"""
PAGE_WEIGHT_JS = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .reduce((total, entry) => total + entry.transferSize, 0)"""
AXE_JS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v =>
  `axe ${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s), e.g. ${v.nodes[0].target.join(' ')}`)"""


def source_page(source: Path) -> str:
    """URL path of the page built from a file in docs/ (Markdown chapter or notebook lab)."""
    rel = source.relative_to(ROOT / "docs").with_suffix("").as_posix()
    return "" if rel == "index" else rel.removesuffix("/index") + "/"


def pages_with_math() -> set[str]:
    sources = [*(ROOT / "docs").rglob("*.md"), *(ROOT / "docs" / "labs").glob("*.py")]
    return {source_page(s) for s in sources if "$" in s.read_text()}


def pytest_generate_tests(metafunc):
    if "scheme" in metafunc.fixturenames:
        metafunc.parametrize("scheme", list(SCHEMES))


@pytest.fixture(scope="module")
def pages(built_site):
    found = site_pages(built_site)
    assert "" in found and len(found) > 1, f"the built site has too few pages: {found}"
    return found


def test_every_page_renders_offline(browser, site_url, pages, scheme):
    math_pages = pages_with_math()
    failures = []
    for path in pages:
        context, page, problems = open_page(browser, site_url + path, color_scheme=scheme)
        page.evaluate(SCROLL_TO_END_JS)  # lazy figures load as they come into view
        page.wait_for_load_state("networkidle")
        problems += rendering_problems(page, SCHEMES[scheme], expect_math=path in math_pages)
        problems += weight_problems(page)
        problems += accessibility_problems(page)
        failures += [f"/{path} ({scheme}): {p}" for p in problems]
        context.close()
    assert not failures, "\n".join(failures)


def rendering_problems(page, scheme: str, expect_math: bool) -> list[str]:
    problems = []
    shown_scheme = page.get_attribute("body", "data-md-color-scheme")
    if shown_scheme != scheme:
        problems.append(f"colour scheme is {shown_scheme!r}, expected {scheme!r}")
    problems += [f"image not loaded: {src}" for src in page.evaluate(BROKEN_IMAGES_JS)]
    if page.locator(".katex-error").count():
        problems.append("KaTeX reported an error (.katex-error)")
    problems += [f"raw math left in the text: {s!r}" for s in page.evaluate(RAW_MATH_JS)]
    if expect_math and page.locator(".katex").count() == 0:
        problems.append("the source has math but the page shows no KaTeX")
    return problems


def weight_problems(page) -> list[str]:
    kib = page.evaluate(PAGE_WEIGHT_JS) / 1024
    if kib <= PAGE_WEIGHT_BUDGET_KIB:
        return []
    return [f"transferred {kib:.0f} KiB, over the budget of {PAGE_WEIGHT_BUDGET_KIB} KiB (PAGE_WEIGHT_BUDGET_KIB "
            "in tests/test_browser.py): shrink figures (fewer points, rasterize dense plots) or split the page"]


# Off-screen blocks are skipped by `content-visibility: auto` (docs/stylesheets/extra.css); axe
# would read their boxes at placeholder size (dequelabs/axe-core#2768). Render them all first.
RENDER_EVERYTHING_CSS = "* { content-visibility: visible !important; }"


def accessibility_problems(page) -> list[str]:
    """Every axe-core rule (WCAG 2 A/AA and best practices), run on the whole page, every block rendered."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does).")
    page.add_style_tag(content=RENDER_EVERYTHING_CSS)
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_JS)


SEARCH_PREVIEWS_JS = """() => [...document.querySelectorAll('.md-search-result__item')].map(i => i.textContent)"""
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


def search_previews(browser, site_url, term: str) -> list[str]:
    """The text of each result the site's search shows for term, typed on the home page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url, wait_until="load")
    page.click("label.md-search__icon, .md-search__input", timeout=5000)
    page.locator("input.md-search__input").press_sequentially(term, delay=50)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    previews = page.evaluate(SEARCH_PREVIEWS_JS)
    context.close()
    return previews


def test_search_finds_a_chapter_term(browser, site_url):
    hits = len(search_previews(browser, site_url, SEARCH_TERM))
    assert hits > 0, f"searching for {SEARCH_TERM!r} found nothing"


RESOURCES_JS = "() => performance.getEntriesByType('resource').map(e => e.name)"
SEARCH_INDEX = "/search/search_index.json"


def shown_within(page, selector: str, seconds: float) -> bool:
    try:
        page.wait_for_selector(selector, timeout=seconds * 1000)
        return True
    except PlaywrightTimeout:
        return False


def test_the_search_index_loads_when_search_opens_or_a_result_is_followed(browser, site_url):
    """hooks/theme_fixes_early.js holds the index's request (the largest of a page) until search is opened."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site_url + "lstm/", wait_until="load")
    page.wait_for_timeout(1000)
    fetched_at_load = [n for n in page.evaluate(RESOURCES_JS) if n.endswith(SEARCH_INDEX)]
    page.click("label.md-header__button[for='__search']", timeout=5000)
    page.locator("input.md-search__input").press_sequentially("forget gate", delay=50)
    found_after_opening = shown_within(page, ".md-search-result__item", 15)
    page.goto(site_url + "lstm/?h=forget", wait_until="load")
    highlighted = shown_within(page, "mark[data-md-highlight]", 15)
    context.close()
    assert not fetched_at_load, f"/lstm/ fetched {fetched_at_load} at load, before search was opened"
    assert found_after_opening, "on a phone, search opened from the header found nothing for 'forget gate' in 15 s"
    assert highlighted, "/lstm/?h=forget (a search result followed) highlighted no 'forget' in 15 s"


# Attribute writes that change a value on <html> or <body>, or a color-scheme <meta>'s content,
# recorded from before any page script runs. A write is the theme bundle's when the bundle's
# <script> is already in the page as the record is delivered (hooks/theme_fixes_early.js's
# own writes are delivered before the parser reaches it).
WRITES_INIT_JS = """
window.__writes = [];
new MutationObserver(records => records.forEach(r => {
  const t = r.target, now = t.getAttribute(r.attributeName);
  const watched = t === document.documentElement || t === document.body || (t.localName === 'meta' && t.name === 'color-scheme');
  if (watched && r.oldValue !== now)
    __writes.push({by: document.querySelector('script[src*="bundle."]') ? 'theme' : 'early',
                   on: t.localName, name: r.attributeName, from: r.oldValue, to: now});
})).observe(document, {attributes: true, attributeOldValue: true, subtree: true});
"""
COLOR_SCHEME_JS = "() => document.querySelector('meta[name=color-scheme][content]').content"


def test_the_theme_restyles_nothing_at_load_and_its_toggle_still_switches(browser, site_url):
    """Each value the theme's bundle changes on <html>/<body>, and each color-scheme <meta> it adds: a restyle."""
    context = browser.new_context(color_scheme="light")
    context.add_init_script(WRITES_INIT_JS)
    page = context.new_page()
    page.goto(site_url + "vanishing-gradients/", wait_until="load")
    page.wait_for_timeout(300)
    at_load = [w for w in page.evaluate("__writes") if w["by"] == "theme"]
    scheme_metas = page.evaluate("document.querySelectorAll('meta[name=color-scheme]').length")
    meta_before = page.evaluate(COLOR_SCHEME_JS)
    page.click("label[for='__palette_1']")
    page.wait_for_timeout(300)
    scheme, meta_after = page.get_attribute("body", "data-md-color-scheme"), page.evaluate(COLOR_SCHEME_JS)
    switched = {w["name"] for w in page.evaluate("__writes") if w["by"] == "theme"}
    context.close()
    assert not at_load, (f"the theme's bundle changed {at_load} at load, each a restyle of the whole page: "
                         "hooks/theme_fixes_early.js should set that state first (or skip the write)")
    assert scheme_metas == 1, (f"{scheme_metas} color-scheme <meta>s in the page: adding one restyles every element "
                               "(hooks/theme_fixes_early.js keeps the theme's own out of <head>)")
    assert scheme == "slate", "clicking the dark-mode toggle did not switch to the dark scheme"
    assert (meta_before, meta_after) == ("light", "dark"), (
        f"the color-scheme <meta> went {meta_before!r} -> {meta_after!r} on the toggle, not 'light' -> 'dark'")
    assert "data-md-color-switching" in switched, "the toggle no longer marks the switch (the theme's no-transition rule)"


# What a phone lays out at load: the elements not inside a block that content-visibility skips.
RENDERED_AT_LOAD_JS = """() => { const all = document.querySelectorAll('*');
  return {all: all.length, rendered: [...all].filter(e => e.checkVisibility({contentVisibilityAuto: true})
                                                        || getComputedStyle(e).display === 'none').length}; }"""
RENDERED_AT_LOAD_BUDGET = 2300  # elements (1,860 measured on the adding lab); the longest chapter has 17,000 in all
# Render-blocking requests (Chromium's renderBlockingStatus): the theme's two stylesheets,
# KaTeX's and ours. Each one a phone waits for before the first paint.
RENDER_BLOCKING_BUDGET = 4
BLOCKING_JS = """() => performance.getEntriesByType('resource')
  .filter(e => e.renderBlockingStatus === 'blocking').map(e => e.name)"""


def test_a_phone_lays_out_only_the_first_screens_and_waits_for_few_requests(browser, site_url, pages):
    failures = []
    for path in pages:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(site_url + path, wait_until="load")
        counts, blocking = page.evaluate(RENDERED_AT_LOAD_JS), page.evaluate(BLOCKING_JS)
        context.close()
        if counts["rendered"] > RENDERED_AT_LOAD_BUDGET:
            failures.append(f"/{path}: {counts['rendered']} of {counts['all']} elements laid out at load, over "
                            f"{RENDERED_AT_LOAD_BUDGET}: is the content-visibility rule of extra.css still applied?")
        if len(blocking) > RENDER_BLOCKING_BUDGET:
            failures.append(f"/{path}: {len(blocking)} render-blocking requests, over {RENDER_BLOCKING_BUDGET}: {blocking}")
    assert not failures, "\n".join(failures)


# KaTeX's MathML, what a screen reader reads, sits off-screen to the left so that content-visibility
# skips laying it out (docs/stylesheets/extra.css); it must stay in the accessibility tree.
MATHML_JS = """() => { const maths = [...document.querySelectorAll('.katex-mathml > math')];
  return {all: maths.length, laidOut: maths.filter(m => m.checkVisibility({contentVisibilityAuto: true})).length,
          sideways: document.scrollingElement.scrollWidth - innerWidth}; }"""


def screen_reader_roles(browser, url: str, selector: str) -> list[str]:
    """The role Chromium's accessibility tree gives each element that matches `selector`, in a Chromium that builds
    the whole tree as it does for a screen reader (--force-renderer-accessibility; without it Chromium leaves out
    what it has not rendered)."""
    reader = browser.browser_type.launch(executable_path=chromium_path(), headless=True,
                                         args=CHROMIUM_ARGS + ["--force-renderer-accessibility"])
    page = reader.new_context(**PHONE).new_page()
    page.goto(url, wait_until="load")
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    roles = []
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
        ignored = [reason["name"] for reason in tree[0].get("ignoredReasons", [])]
        roles.append(f"ignored ({', '.join(ignored)})" if tree[0].get("ignored") else tree[0]["role"]["value"])
    reader.close()
    return roles


def test_on_a_phone_formulas_are_read_from_mathml_that_is_never_laid_out(browser, site_url):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site_url + "gru/", wait_until="load")
    page.wait_for_timeout(300)  # content-visibility decides what is near the screen after the first frame
    counts = page.evaluate(MATHML_JS)
    context.close()
    assert counts["all"] > 50, f"/gru/ has {counts['all']} KaTeX formulas with MathML; pick a page with more"
    assert counts["laidOut"] == 0, (f"{counts['laidOut']} of {counts['all']} formulas' MathML laid out at load: is the "
                                    ".katex-mathml rule of docs/stylesheets/extra.css still applied?")
    assert counts["sideways"] <= 0, f"the page scrolls {counts['sideways']} px sideways at phone width"
    # A closed fold (<details>) hides its content from screen readers too, until it is opened.
    roles = screen_reader_roles(browser, site_url + "gru/", ".katex-mathml > math:not(details:not([open]) *)")
    unread = [i for i, role in enumerate(roles) if role != "MathMLMath"]
    assert not unread, (f"{len(unread)} of {len(roles)} formulas missing from the accessibility tree (e.g. formula "
                        f"{unread[0]}, role {roles[unread[0]]!r}): screen readers would skip them")


def test_search_previews_show_no_tex(browser, site_url):
    previews = search_previews(browser, site_url, "forget gate")
    assert previews, "searching for 'forget gate' found nothing"
    tex = [p[:120] for p in previews if any(s in p for s in ("\\(", "\\[", "\\sigma", "\\tilde", "$", "¶"))]
    assert not tex, f"search previews show TeX source or ¶: {tex}"


# Each element that scrolls sideways inside its box at phone width, and whether it shows that it
# does: the scroll-shadow gradients of docs/stylesheets/extra.css.
SIDEWAYS_JS = """() => [...document.querySelectorAll(
    '.md-content .katex-display, .md-content .md-typeset__scrollwrap, .md-content pre > code, '
    + '.md-content .highlight-ipynb, .md-content .jp-OutputArea-output')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => ({what: e.className || e.tagName, cue: getComputedStyle(e).backgroundImage.includes('gradient')}))"""


@pytest.mark.parametrize("url", ["vanishing-gradients/", "lstm/", "labs/adding_problem/"])
def test_on_a_phone_what_scrolls_sideways_shows_that_it_does(browser, site_url, url):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site_url + url, wait_until="load")
    wide = page.evaluate(SIDEWAYS_JS)
    context.close()
    assert wide, f"/{url}: nothing scrolls sideways at 390 px; pick a page with a wide formula or code block"
    silent = [w["what"] for w in wide if not w["cue"]]
    assert not silent, f"/{url}: at 390 px these scroll sideways with no cue: {silent}"


def test_a_first_visit_in_the_dark_loads_only_the_dark_figures(browser, site_url):
    """No stored scheme: the page starts in the system's scheme, not in light until the theme's script runs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + "skip-connections/", wait_until="load")
    page.wait_for_timeout(500)
    scheme = page.get_attribute("body", "data-md-color-scheme")
    light = [name for name in page.evaluate(RESOURCES_JS) if name.endswith("-light.svg#only-light")]
    context.close()
    assert scheme == "slate", f"a dark system got scheme {scheme!r}"
    assert not light, f"a first visit in the dark downloaded light figures too: {light}"


SMALL_TEXT_JS = """() => [...document.querySelectorAll('.md-content details, .md-content .admonition')]
  .map(e => parseFloat(getComputedStyle(e).fontSize)).filter(size => size < 12)"""


def test_on_a_phone_folded_blocks_keep_a_legible_font_size(browser, site_url):
    """Lighthouse's best-practices audit wants most text at 12 px or more; chapters fold much of theirs."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site_url + "skip-connections/", wait_until="load")
    small = page.evaluate(SMALL_TEXT_JS)
    context.close()
    assert not small, f"/skip-connections/: folded blocks and admonitions at {sorted(set(small))} px on a phone, below 12"
