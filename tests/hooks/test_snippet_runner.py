"""hooks/snippet_runner.py: snippets run alone, fail loudly, are cached, and their files are named after them."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import snippet_runner
from build_state import SnippetRun, state


def test_a_failing_snippet_fails_naming_itself_with_its_traceback(tmp_path, write_snippet):
    snippet = write_snippet(tmp_path / "snippets" / "ch", "broken.py", '"""Fails."""\nraise RuntimeError("boom")\n')
    with pytest.raises(PluginError, match=r"(?s)snippets/ch/broken\.py failed.*Traceback.*RuntimeError: boom"):
        snippet_runner.run_once(snippet, "light", tmp_path / "run")


def run_into_cache(tmp_path, snippet):
    (tmp_path / "cache").mkdir(exist_ok=True)
    snippet_runner.run_snippet(snippet, tmp_path / "cache" / f"{snippet.stem}-x")
    return tmp_path / "cache" / f"{snippet.stem}-x"


def test_the_dark_figure_is_the_light_one_in_the_dark_styles_colours(tmp_path, write_snippet):
    """One run under the light style; the dark variant swaps each colour of that style for the dark one."""
    code = ('"""Draws one line."""\nimport matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.title("t")\n'
            'plt.savefig("line.svg", metadata={"Date": None})\nprint("drawn")\n')
    entry = run_into_cache(tmp_path, write_snippet(tmp_path / "ch", "line.py", code))
    light, dark = ((entry / theme / "line.svg").read_text() for theme in ("light", "dark"))
    colours = snippet_runner.dark_colour_map()
    first_cycle, text = snippet_runner.rc_colours("light")["axes.prop_cycle"][0], snippet_runner.rc_colours("light")["text.color"][0]
    assert first_cycle in light and text in light and colours[first_cycle] not in light
    assert colours[first_cycle] in dark and colours[text] in dark and first_cycle not in dark
    assert snippet_runner.dark_variant(light, colours) == dark and (entry / "stdout.txt").read_text() == "drawn\n"


@pytest.mark.parametrize("name", ["other.svg", "numbers.json", "data_x.json", "data.png", "data.results.txt"])
def test_a_file_not_named_after_its_snippet_fails_the_build(tmp_path, write_snippet, name):
    snippet = write_snippet(tmp_path / "ch", "data.py", f'"""Writes a file."""\nopen("{name}", "w").write("1")\n')
    with pytest.raises(PluginError, match=rf"ch/data\.py wrote {name}; every figure and data file .* named after it"):
        run_into_cache(tmp_path, snippet)


def test_data_figures_and_results_are_told_apart_and_cached(tmp_path, write_snippet):
    code = ('"""Writes data, a figure and results."""\nopen("data.json", "w").write("[1, 2]")\n'
            'open("data.part.svg", "w").write("<svg/>")\nopen("data.results.json", "w").write(\'{"x": 1}\')\n')
    entry = run_into_cache(tmp_path, write_snippet(tmp_path / "ch", "data.py", code))
    meta = (entry / "meta.json").read_text()
    assert '"figures": ["data.part"]' in meta and '"data": ["data"]' in meta and '"results": "data.results.json"' in meta
    assert (entry / "light" / "data.json").read_text() == "[1, 2]"


def test_a_second_build_reuses_the_cache_and_reads_the_results(tmp_path, monkeypatch, write_snippet):
    project = tmp_path / "project"
    code = '"""Says hello."""\nimport json\nprint("hello")\njson.dump({"n": 3}, open("hello.results.json", "w"))\n'
    snippet = write_snippet(project / "snippets" / "ch", "hello.py", code)
    (project / "requirements.txt").write_text("numpy\n")
    (project / ".cache").mkdir()
    first = snippet_runner.load_or_run(snippet, project / ".cache", project)
    monkeypatch.setattr(snippet_runner, "run_snippet", lambda *a: pytest.fail("ran again although cached"))
    second = snippet_runner.load_or_run(snippet, project / ".cache", project)
    assert (first.cached, second.cached) == (False, True)
    assert second.stdout == "hello\n" and second.results == {"n": 3} and second.uri == "snippets/ch/hello.py"


def test_a_snippet_outside_a_chapter_folder_fails(tmp_path, write_snippet):
    write_snippet(tmp_path / "snippets", "loose.py", '"""Loose."""\n')
    with pytest.raises(PluginError, match=r"snippets/loose\.py: a snippet lives in the folder of the page"):
        snippet_runner.find_snippets(tmp_path)


def test_two_snippets_with_one_name_fail(tmp_path, write_snippet):
    for chapter in ("a", "b"):
        write_snippet(tmp_path / "snippets" / chapter, "same.py", '"""Same."""\n')
    with pytest.raises(PluginError, match=r"snippets/a/same\.py and snippets/b/same\.py have the same name"):
        snippet_runner.find_snippets(tmp_path)


@pytest.fixture
def one_snippet(tmp_path, monkeypatch):
    (tmp_path / "light").mkdir()
    (tmp_path / "light" / "demo.svg").write_text('<svg width="288pt" height="144pt"></svg>')
    run = SnippetRun(file=tmp_path / "snippets" / "ch" / "demo.py", dir=tmp_path, stdout="loss 0.5\n",
                     figures=["demo"], data=[], results=None, timing=None, seconds=1.0, cached=True)
    monkeypatch.setattr(state, "snippets", {"demo.py": run})
    return run


def test_pages_get_figures_outputs_and_download_links(one_snippet, page):
    markdown = ("![A line](figures/demo.svg)\n\n```python\n--8<-- \"snippets/ch/demo.py:plot\"\n```\n"
                "<!-- output: demo.py -->\n")
    out = snippet_runner.on_page_markdown(markdown, page("ch.md"), None, None)
    assert '![A line](figures/demo-light.svg#only-light){ width="384" height="192" loading="lazy" }' in out
    assert "figures/demo-dark.svg#only-dark" in out
    assert '[:material-download: demo.py](snippets/ch/demo.py){ .snippet-download download' in out
    assert '```text title="Output of demo.py, printed when this site was built"\nloss 0.5\n```' in out


def test_markers_inside_a_fence_are_left_alone(one_snippet, page):
    markdown = "````text\n<!-- output: demo.py -->\n![x](figures/demo.svg)\n````\n"
    assert snippet_runner.on_page_markdown(markdown, page("ch.md"), None, None) == markdown


@pytest.mark.parametrize("markdown, error", [
    ("![](figures/demo.svg)", r"docs/ch\.md:1: figures/demo\.svg needs alt text"),
    ("text\n![A plot](figures/nobody.svg)", r"docs/ch\.md:2 shows figures/nobody\.svg, but no snippet writes"),
    ("<!-- output: missing.py -->", r"docs/ch\.md:1: there is no snippet missing\.py"),
])
def test_page_mistakes_fail_naming_page_and_line(one_snippet, page, markdown, error):
    with pytest.raises(PluginError, match=error):
        snippet_runner.on_page_markdown(markdown, page("ch.md"), None, None)


def test_a_measurement_may_differ_between_runs_and_is_kept_with_the_machine(tmp_path, write_snippet):
    """NAME.timing.json and stderr are measurements: they differ on every run without failing the build."""
    project = tmp_path / "project"
    code = ('"""Times itself."""\nimport json, sys, time\nt = time.time_ns()\nprint("same every run")\n'
            'print(t, file=sys.stderr)\njson.dump({"ns": t}, open("clock.timing.json", "w"))\n')
    snippet = write_snippet(project / "snippets" / "ch", "clock.py", code)
    (project / "requirements.txt").write_text("numpy\n")
    (project / ".cache").mkdir()
    run = snippet_runner.load_or_run(snippet, project / ".cache", project)
    assert run.stdout == "same every run\n" and run.data == [] and run.results is None
    assert isinstance(run.timing["ns"], int) and "cores" in run.timing["machine"]


@pytest.fixture(scope="module")
def fork_servers():
    servers = snippet_runner.ForkServers(1)
    yield servers
    servers.close()


def test_a_forked_run_prints_writes_and_fails_as_a_fresh_interpreter_does(tmp_path, write_snippet, fork_servers):
    code = ('"""Prints, writes, checks it runs as a script."""\nimport sys\nassert __name__ == "__main__"\n'
            'print("out", sys.argv)\nprint("err", file=sys.stderr)\nopen("both.json", "w").write("[1]")\n')
    snippet = write_snippet(tmp_path / "snippets" / "ch", "both.py", code)
    forked = fork_servers.run(snippet, tmp_path / "forked" / "light")
    fresh = snippet_runner.run_once(snippet, "light", tmp_path / "fresh" / "light")
    assert forked == fresh == "out ['both.py']\n"
    assert sorted(p.name for p in (tmp_path / "forked" / "light").iterdir()) == ["both.json"]
    broken = write_snippet(tmp_path / "snippets" / "ch", "broken.py", '"""Fails."""\nraise RuntimeError("boom")\n')
    with pytest.raises(PluginError, match=r"(?s)snippets/ch/broken\.py failed \(exit 1\).*RuntimeError: boom"):
        fork_servers.run(broken, tmp_path / "broken" / "light")
    endless = write_snippet(tmp_path / "snippets" / "ch", "endless.py", '"""Never ends."""\nwhile True:\n    pass\n')
    with pytest.raises(PluginError, match=r"snippets/ch/endless\.py ran over 1 s and was stopped"):
        fork_servers.run(endless, tmp_path / "endless" / "light", timeout=1)
    assert fork_servers.run(snippet, tmp_path / "again" / "light") == fresh  # the server outlives a failed run
