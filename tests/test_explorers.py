"""The in-page explorers (docs/javascripts/explorers.js), driven in Chromium by keyboard.

Each control is reached by its accessible name, moved with the keys a keyboard user would
press, and after every move the plot must change and the plotted numbers must agree with
the numbers the snippets computed at build time (figures/*.json).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from sitetools import open_page

RTOL = 1e-9  # the browser repeats the snippets' float64 arithmetic in another order
PHONE = {"width": 390, "height": 844}

PLOT_JS = "() => [...document.querySelectorAll('.explorer__plot path')].map(p => p.getAttribute('d')).join(' | ')"
SETTLED_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
TABLE_JS = """() => [...document.querySelectorAll('.explorer__table tbody tr')]
  .map(row => [...row.querySelectorAll('td')].map(td => Number(td.dataset.value)))"""


@pytest.fixture(scope="module")
def built_json(built_site):
    return lambda name: json.loads((built_site / "figures" / name).read_text())


def open_explorer(browser, url: str, **context_options):
    context, page, problems = open_page(browser, url, console=("error", "warning"), **context_options)
    page.locator(".explorer").scroll_into_view_if_needed()  # explorers start when they come near the screen
    page.wait_for_selector(".explorer__ui", timeout=10_000)
    assert not problems, f"{url}: the explorer page reported: {problems}"
    return context, page


def plotted(page) -> list[list[float]]:
    """The explorer's table: one row per x, one column per plotted line, unrounded."""
    return page.evaluate(TABLE_JS)


def press(page, control, key: str, times: int = 1) -> None:
    """Press a key on a control the way a keyboard user would, and wait for the plot to redraw."""
    before = page.evaluate(PLOT_JS)
    control.focus()
    for _ in range(times):
        page.keyboard.press(key)
    try:
        page.wait_for_function(f"before => ({PLOT_JS})() !== before", arg=before, timeout=5000)
    except Exception:
        pytest.fail(f"pressing {key} x{times} on {control} did not change the plot")
    page.evaluate(SETTLED_JS)  # the explorer redraws once per frame: let the last key's redraw run


def assert_close(got, expected, what: str) -> None:
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    assert got.shape == expected.shape, f"{what}: the explorer plots {got.shape[0]} points, expected {expected.shape[0]}"
    worst = np.max(np.abs(got - expected) / np.maximum(np.abs(expected), 1e-300))
    assert worst <= RTOL, f"{what}: the explorer differs from the build-time numbers by up to {worst:.1e} (relative)"


# ------------------------------------------------------------------ vanishing / exploding


def reference_curve(reference: dict, activation: str, radius: float, steps: int) -> list[float]:
    for curve in reference["curves"]:
        if (curve["activation"], curve["radius"], curve["steps"]) == (activation, radius, steps):
            return curve["norms"]
    raise AssertionError(f"vanishing_explorer.reference.json has no curve for {activation}, {radius}, T = {steps}: "
                         "add the setting to the grid in snippets/vanishing-gradients/vanishing_explorer.py")


def test_vanishing_explorer_follows_every_control_and_agrees_with_the_snippet(browser, site_url, built_json):
    model, reference = built_json("vanishing_explorer.json"), built_json("vanishing_explorer.reference.json")
    context, page = open_explorer(browser, site_url + "vanishing-gradients/")
    radius = page.get_by_role("slider", name="Spectral radius")
    steps = page.get_by_role("slider", name="Steps T")
    tanh = page.get_by_role("radio", name="tanh")

    def check(activation: str, rho: float, T: int) -> None:
        rows = plotted(page)
        what = f"{activation} RNN, radius {rho}, T = {T}"
        assert_close([r[0] for r in rows], reference_curve(reference, activation, rho, T), what)
        bound = [(model["gamma"][activation] * rho * model["norm_A"]) ** k for k in range(1, T + 1)]
        assert_close([r[1] for r in rows], bound, what + " (bound)")

    check("tanh", 0.9, 50)                      # the explorer opens on these settings
    press(page, radius, "ArrowRight", 2)        # step 0.05
    check("tanh", 1.0, 50)
    press(page, tanh, "ArrowRight")             # radio group: next option
    assert page.get_by_role("radio", name="sigmoid").is_checked()
    check("sigmoid", 1.0, 50)
    press(page, steps, "End")
    check("sigmoid", 1.0, 100)
    press(page, steps, "Home")
    press(page, steps, "ArrowRight")            # step 10: T = 20
    check("sigmoid", 1.0, 20)
    press(page, radius, "Home")
    check("sigmoid", 0.5, 20)
    press(page, page.get_by_role("radio", name="sigmoid"), "ArrowRight")  # wraps round to linear
    press(page, radius, "End")
    check("linear", 1.5, 20)
    context.close()


def test_vanishing_explorer_marks_where_radius_is_one_over_gamma(browser, site_url, built_json):
    model = built_json("vanishing_explorer.json")
    context, page = open_explorer(browser, site_url + "vanishing-gradients/")
    marks = page.locator(".explorer__marker")
    at = page.evaluate("""() => [...document.querySelectorAll('.explorer__marker')]
      .map(m => [m.textContent, m.hidden, parseFloat(m.style.getPropertyValue('--at'))])""")
    expected_tanh = {"ρ = 1/γ": 1.0, "‖W_h‖ = 1/γ": 1 / model["norm_A"]}
    for text, hidden, fraction in at:
        assert not hidden, f"tanh: the mark {text!r} should be on the slider"
        assert math.isclose(0.5 + fraction, expected_tanh[text], rel_tol=1e-9), f"{text} is drawn at the wrong radius"
    press(page, page.get_by_role("radio", name="tanh"), "ArrowRight")  # sigmoid: 1/γ = 4
    assert all(marks.nth(i).is_hidden() for i in range(marks.count())), "sigmoid: 1/γ = 4 is off the slider"
    assert "beyond this slider" in page.locator(".explorer__note").inner_text()
    context.close()


# ------------------------------------------------------------------ LSTM memory


def rnn_memory(inputs: list[float], w_h: float) -> np.ndarray:
    """|dh(k)/dh(0)| of h(t) = tanh(w_h h(t-1) + x(t)), h(0) = 0: the product of w_h tanh'(z(t))."""
    h, grads = 0.0, [1.0]
    for x in inputs[1:]:
        h = math.tanh(w_h * h + x)
        grads.append(grads[-1] * w_h * (1 - h * h))
    return np.abs(grads)


def test_lstm_memory_explorer_follows_every_control_and_agrees_with_the_snippet(browser, site_url, built_json):
    data = built_json("lstm_memory.json")
    context, page = open_explorer(browser, site_url + "lstm/")
    forget = page.get_by_role("slider", name="Forget gate")
    input_gate = page.get_by_role("slider", name="Input gate")
    weight = page.get_by_role("slider", name="RNN weight")

    def check(f: str, i: float, lstm_reference=None, rnn_reference=None) -> None:
        rows = plotted(page)
        lstm = lstm_reference or [i * float(f) ** k for k in range(data["steps"] + 1)]
        assert_close([r[0] for r in rows], lstm, f"LSTM cell with f = {f}, i = {i}")
        assert_close([r[1] for r in rows], rnn_reference, "vanilla RNN")

    rnn_built = data["rnn_remaining"]          # w_h = 1, the static figure's setting
    check("0.9", 1.0, data["lstm_remaining"]["0.9"], rnn_built)
    press(page, forget, "ArrowRight", 9)       # step 0.01
    check("0.99", 1.0, data["lstm_remaining"]["0.99"], rnn_built)
    press(page, forget, "End")
    check("1.0", 1.0, data["lstm_remaining"]["1.0"], rnn_built)
    press(page, forget, "Home")
    press(page, forget, "ArrowRight", 50)
    press(page, input_gate, "ArrowLeft", 10)   # step 0.05: i = 0.5
    check("0.5", 0.5, rnn_reference=rnn_built)
    press(page, weight, "ArrowRight", 5)       # step 0.1: w_h = 1.5
    check("0.5", 0.5, rnn_reference=rnn_memory(data["inputs"], 1.5))
    context.close()


def test_lstm_memory_claim_no_rnn_weight_on_the_slider_keeps_a_millionth_for_50_steps(built_json):
    """docs/lstm.md: 'no weight on the slider keeps even 10^-6 of h(0) for 50 steps'."""
    inputs = built_json("lstm_memory.json")["inputs"]
    kept = {round(w, 1): rnn_memory(inputs, w)[50] for w in np.arange(0.5, 3.0001, 0.1)}
    assert max(kept.values()) < 1e-6, f"the page's claim fails: {max(kept.items(), key=lambda kv: kv[1])}"


# ------------------------------------------------------------------ both explorers


EXPLORER_PAGES = ["vanishing-gradients/", "lstm/"]


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_without_javascript_the_static_figure_stays(browser, site_url, path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + path, wait_until="load")
    explorer = page.locator(".explorer")
    assert explorer.count() == 1 and page.locator(".explorer__ui").count() == 0
    assert explorer.locator(".explorer-static").is_visible(), "without JavaScript the explorer's text must show"
    assert explorer.locator("a.explorer-data").is_visible(), "the data link must show without JavaScript"
    figure = "vanishing_explorer" if path.startswith("vanishing") else "lstm_memory"
    assert page.locator(f"img[src*='{figure}-light.svg']").is_visible(), f"/{path}: the static figure {figure} is hidden"
    context.close()


@pytest.mark.parametrize("path", EXPLORER_PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_explorer_fits_a_phone_and_its_lines_contrast_in_each_scheme(browser, site_url, path, scheme):
    context, page = open_explorer(browser, site_url + path, viewport=PHONE, color_scheme=scheme)
    layout = page.evaluate("""() => {
      const ui = document.querySelector('.explorer__ui'), plot = ui.querySelector('.explorer__plot');
      const line = getComputedStyle(ui.querySelector('path.explorer__line--main')).stroke;
      const bg = getComputedStyle(document.querySelector('.md-main')).backgroundColor;
      const body = getComputedStyle(document.body).backgroundColor;
      return {page: document.documentElement.scrollWidth, ui: ui.getBoundingClientRect().right,
              plot: plot.getBoundingClientRect().width, line, bg: bg === 'rgba(0, 0, 0, 0)' ? body : bg,
              static: [...document.querySelectorAll('.explorer-static img, .explorer-static > p')]
                        .some(e => e.getClientRects().length > 0)};
    }""")
    assert layout["page"] <= PHONE["width"] and layout["ui"] <= PHONE["width"], f"/{path} overflows a phone: {layout}"
    assert layout["plot"] >= 0.8 * (PHONE["width"] - 60), f"/{path}: the plot is squeezed on a phone: {layout}"
    assert not layout["static"], "with JavaScript the static stand-in should make way for the explorer (its caption stays)"
    ratio = contrast(layout["line"], layout["bg"])
    assert ratio >= 3, f"/{path} ({scheme}): the plotted line has contrast {ratio:.1f} with the page, below 3:1"
    context.close()


def contrast(css_a: str, css_b: str) -> float:
    """WCAG contrast ratio of two rgb()/rgba() colours (alpha ignored)."""
    def luminance(css: str) -> float:
        channels = [float(v) / 255 for v in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(css_a), luminance(css_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_explorer_loads_its_data_only_when_scrolled_near(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: "/figures/" in r.url and r.url.endswith(".json") and fetched.append(r.url))
    page.goto(site_url + "lstm/", wait_until="networkidle")
    assert not fetched and page.locator(".explorer__ui").count() == 0, f"fetched before scrolling: {fetched}"
    page.locator(".explorer").scroll_into_view_if_needed()
    page.wait_for_selector(".explorer__ui", timeout=10_000)
    assert [url.rsplit("/", 1)[1] for url in fetched] == ["lstm_memory.json"]
    context.close()
