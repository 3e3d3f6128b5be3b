"""The build hooks fail loudly and cache what they should."""

from __future__ import annotations

import re

import pytest
from mkdocs.exceptions import PluginError

from sitetools import ROOT  # also puts hooks/ on sys.path

import katex_math
import notebook_pages
import snippet_runner


def write_snippet(folder, name: str, code: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(code)
    return folder / name


def test_a_failing_snippet_fails_naming_itself_with_its_traceback(tmp_path):
    snippet = write_snippet(tmp_path / "src", "broken.py", '"""Fails."""\nraise RuntimeError("boom")\n')
    with pytest.raises(PluginError, match=r"(?s)snippets/broken\.py failed.*Traceback.*RuntimeError: boom"):
        snippet_runner.run_once(snippet, "light", tmp_path / "run")


def test_a_nondeterministic_snippet_fails_the_build(tmp_path):
    snippet = write_snippet(tmp_path / "src", "clock.py", '"""Prints the time."""\nimport time\nprint(time.time_ns())\n')
    (tmp_path / "cache").mkdir()
    with pytest.raises(PluginError, match="not deterministic|different output"):
        snippet_runner.run_snippet(snippet, tmp_path / "cache" / "clock-x")


def test_a_snippet_writing_different_data_each_run_fails_the_build(tmp_path):
    snippet = write_snippet(tmp_path / "src", "clock_data.py",
                            '"""Writes the time."""\nimport time\nopen("now.json", "w").write(str(time.time_ns()))\n')
    (tmp_path / "cache").mkdir()
    with pytest.raises(PluginError, match=r"snippets/clock_data\.py wrote a different now\.json"):
        snippet_runner.run_snippet(snippet, tmp_path / "cache" / "clock_data-x")


def test_the_data_a_snippet_writes_is_cached_with_it(tmp_path):
    snippet = write_snippet(tmp_path / "src", "data.py", '"""Writes data."""\nopen("numbers.json", "w").write("[1, 2]")\n')
    (tmp_path / "cache").mkdir()
    snippet_runner.run_snippet(snippet, tmp_path / "cache" / "data-x")
    assert (tmp_path / "cache" / "data-x" / "light" / "numbers.json").read_text() == "[1, 2]"
    assert '"data": ["numbers"]' in (tmp_path / "cache" / "data-x" / "meta.json").read_text()


def test_a_second_build_reuses_the_cache(tmp_path, monkeypatch):
    project = tmp_path / "project"
    snippet = write_snippet(project / "snippets", "hello.py", '"""Says hello."""\nprint("hello")\n')
    (project / "requirements.txt").write_text("numpy\n")
    (project / ".cache").mkdir()
    first = snippet_runner.load_or_run(snippet, project / ".cache", project)
    monkeypatch.setattr(snippet_runner, "run_snippet", lambda *a: pytest.fail("ran again although cached"))
    second = snippet_runner.load_or_run(snippet, project / ".cache", project)
    assert (first["cached"], second["cached"]) == (False, True) and second["stdout"] == "hello\n"


def test_a_figure_without_alt_text_fails():
    m = snippet_runner.FIGURE.search("![](figures/anything.svg)")
    with pytest.raises(PluginError, match="alt text"):
        snippet_runner.figure_markdown(m, "docs/page.md")


def test_katex_renders_and_reports_bad_formulas():
    katex_math.render([(r"\frac{1}{4}", False)], "docs/page.md")
    assert 'class="katex"' in katex_math._rendered[(r"\frac{1}{4}", False)]
    with pytest.raises(PluginError, match=r"docs/page\.md.*KaTeX cannot render"):
        katex_math.render([(r"\frac{1}{", True)], "docs/page.md")


def test_notebook_dollar_math_is_found_outside_code_only():
    cell = '<div class="jp-RenderedMarkdown">Cost $x^2$ and <code>$not$</code> $$y$$</div>'
    found = []
    katex_math.map_formulas(cell, lambda m: found.append(katex_math.formula_key(m)) or m[0])
    assert found == [("x^2", False), ("y", True)]


def stdout_block(text: str) -> str:
    return ('<div class="jp-OutputArea-child">\n<div class="jp-RenderedText jp-OutputArea-output highlight" '
            f'data-mime-type="text/plain">\n<pre>{text}</pre>\n</div>\n</div>\n')


def test_a_cells_printed_output_is_one_block_however_the_kernel_flushed_it():
    """The kernel flushes stdout on a timer: under load one cell's prints arrive in two chunks."""
    page = '<div class="jupyter-wrapper"><div class="jp-OutputArea">\n{}</div></div>'
    split = page.format(stdout_block(" RNN: 1\nLSTM: 2\n") + stdout_block(" GRU: 3\n"))
    whole = page.format(stdout_block(" RNN: 1\nLSTM: 2\n GRU: 3\n"))
    assert notebook_pages.on_page_content(split, None, None, None) == whole
    assert notebook_pages.on_page_content(whole, None, None, None) == whole


def test_the_stdout_pattern_matches_the_notebook_template_in_use(built_site):
    lab_page = (built_site / "labs" / "adding_problem" / "index.html").read_text()
    assert re.search(notebook_pages.STDOUT_CHILD, lab_page, re.S), (
        "hooks/notebook_pages.py STDOUT_CHILD no longer matches nbconvert's output blocks: update it, or "
        "two builds of a lab may differ in how its printed output is split")
