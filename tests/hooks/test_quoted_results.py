"""hooks/quoted_results.py: {{ KEY:SPEC }} pastes recorded values anywhere outside code; mistakes fail the build."""

from __future__ import annotations

import json

import pytest
from mkdocs.exceptions import PluginError

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import quoted_results
from build_state import SnippetRun, state

RECORDED = {"training": {"clipped": {"max_loss": 1.4567, "steps": [10, 20]}, "cell": "tanh", "ok": True}}


def quote(markdown: str) -> str:
    return quoted_results.quote_values(markdown, RECORDED, "docs/ch.md")


@pytest.mark.parametrize("markdown, expected", [
    ("The largest loss is {{ training.clipped.max_loss:.3g }}.", "The largest loss is 1.46."),
    ("| run | {{training.clipped.max_loss:.2f}} |", "| run | 1.46 |"),
    ('!!! note "After {{ training.clipped.steps.1:d }} steps"\n    loss {{ training.clipped.max_loss:.1f }}',
     '!!! note "After 20 steps"\n    loss 1.5'),
    ("![Loss peaks at {{ training.clipped.max_loss:.3g }}](figures/training.svg)",
     "![Loss peaks at 1.46](figures/training.svg)"),
    ("<figcaption>The {{ training.cell }} RNN</figcaption>", "<figcaption>The tanh RNN</figcaption>"),
    (r"$\max_t L_t = {{ training.clipped.max_loss:.3g }}$ and $$k = {{ training.clipped.steps.0 }}$$",
     r"$\max_t L_t = 1.46$ and $$k = 10$$"),
    ("{{ training.clipped.max_loss:.0%}} {{ training.ok }}", "146% True"),
])
def test_a_quote_is_pasted_in_prose_tables_admonitions_alt_text_captions_and_math(markdown, expected):
    assert quote(markdown) == expected


def test_a_measurement_is_quoted_as_a_run_time_and_never_from_the_results():
    measured = {"training": {"ratio": {"16": 2.345}, "machine": "a CPU"}}
    quoted = quoted_results.quote_values("r = {{ training.timing.ratio.16:.2f }} on {{ training.timing.machine }}",
                                         RECORDED, "docs/ch.md", measured)
    span = '<span class="run-time" data-search-exclude>'  # kept out of the search index, masked by make reproducible
    assert quoted == f'r = {span}2.35</span> on {span}a CPU</span>'
    with pytest.raises(PluginError, match=r"docs/ch\.md:1: cannot quote \{\{ training\.timing\.cell \}\}"):
        quoted_results.quote_values("{{ training.timing.cell }}", RECORDED, "docs/ch.md", measured)


def test_code_fences_are_left_alone():
    markdown = "```python\nprint('{{ training.cell }}')\n```\n"
    assert quote(markdown) == markdown


@pytest.mark.parametrize("markdown, error", [
    ("{{ nothing.x }}", r"docs/ch\.md:2: cannot quote \{\{ nothing\.x \}\}: no snippet or lab named 'nothing'"),
    ("{{ training.clipped.min_loss:.3g }}", r"docs/ch\.md:2: .*'training\.clipped' has no 'min_loss' \(it has: max_loss, steps\)"),
    ("{{ training.clipped.steps.2 }}", r"docs/ch\.md:2: .*has no '2' \(it has: indices 0 to 1\)"),
    ("{{ training.cell:.3g }}", r"docs/ch\.md:2: .*the value is a str \('tanh'\), which the format spec '\.3g' cannot"),
    ("{{ training.clipped.max_loss:d }}", r"docs/ch\.md:2: .*the value is a float .* spec 'd' cannot"),
    ("{{ training.clipped }}", r"docs/ch\.md:2: .*is a dict; quote one of its entries"),
])
def test_an_unknown_key_or_a_wrong_type_fails_with_page_line_and_fix(markdown, error):
    with pytest.raises(PluginError, match=error):
        quote("Some prose.\n" + markdown)


def test_the_hook_reads_the_builds_recorded_values(page, monkeypatch, tmp_path):
    run = SnippetRun(file=tmp_path / "ch" / "training.py", dir=tmp_path, stdout="", figures=[], data=[],
                     results=RECORDED["training"], timing=None, seconds=1.0, cached=True)
    monkeypatch.setattr(state, "snippets", {"training.py": run})
    assert quoted_results.on_page_markdown("{{ training.cell }}", page("ch.md"), None, None) == "tanh"
    assert quoted_results.on_page_markdown("{{ training.cell }}", page("labs/x.py"), None, None) == "{{ training.cell }}"


def test_a_lab_summary_is_recorded_under_the_labs_name(page, monkeypatch):
    monkeypatch.setattr(state, "snippets", {})
    monkeypatch.setattr(state, "lab_summaries", {})
    html = '<pre>LAB-SUMMARY {&quot;mse&quot;: [0.1, 0.2]}\n</pre>'
    quoted_results.on_page_content(html, page("labs/adding.py"), None, None)
    assert json.loads(quoted_results.manifest()) == {"labs": {"adding": {"mse": [0.1, 0.2]}}, "snippets": {}}
    with pytest.raises(PluginError, match=r"docs/labs/twice\.py shows 2 LAB-SUMMARY lines"):
        quoted_results.on_page_content(html + html, page("labs/twice.py"), None, None)


def test_the_published_manifest_holds_what_every_snippet_recorded(built_site):
    published = json.loads((built_site / "results.json").read_text())
    for results_file in sorted((ROOT / ".cache" / "snippets").glob("*/light/*.results.json")):
        stem = results_file.name.removesuffix(".results.json")
        assert published["snippets"].get(stem) == json.loads(results_file.read_text()), \
            f"results.json does not hold what {stem}.py recorded"
    assert set(published["labs"]) == {p.stem for p in (ROOT / "docs" / "labs").glob("*.py")}
