"""hooks/page_conventions.py: the one reading of a page's conventions, shared by the build and the tests."""

from __future__ import annotations

import pytest

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import page_conventions as conventions


def test_fences_are_found_with_their_lines_indent_and_info():
    lines = ["text", "```python", "x = 1", "```", "    ~~~~text", "    a ``` b", "    ~~~~", "end"]
    found = conventions.fences(lines)
    assert [(f.start, f.end, f.indent, f.info, f.body) for f in found] == [
        (1, 3, "", "python", ["x = 1"]), (4, 6, "    ", "text", ["    a ``` b"])]
    assert list(conventions.outside_fences(lines)) == [0, 7]


def test_a_longer_fence_holds_a_shorter_one():
    lines = ["````text", "```python", "--8<-- \"snippets/ch/a.py:x\"", "```", "````"]
    found = conventions.fences(lines)
    assert len(found) == 1 and found[0].end == 4


def test_an_unclosed_fence_runs_to_the_end():
    assert conventions.fences(["```python", "x = 1"])[0].end == 2


def test_include_lines_name_the_path_file_and_section():
    fence = conventions.fences(['```python', '--8<-- "snippets/lstm/lstm_numpy.py:cell"', '```'])[0]
    (m,) = conventions.includes(fence)
    assert (m["path"], m["file"], m["section"]) == ("snippets/lstm/lstm_numpy.py", "lstm_numpy.py", "cell")


@pytest.mark.parametrize("name, stem", [("a.svg", "a"), ("a.json", "a"), ("a.part.svg", "a"), ("a.results.json", "a"),
                                         ("a_b.svg", "a_b")])
def test_output_files_are_named_after_their_snippet(name, stem):
    assert conventions.output_file(name)["stem"] == stem


@pytest.mark.parametrize("name", ["a.png", "a.b.c.svg", "a.txt", "a"])
def test_other_file_names_break_the_rule(name):
    assert conventions.output_file(name) is None


def test_the_include_expander_is_pymdownx_snippets_with_the_sites_settings(tmp_path):
    expand = conventions.include_expander(ROOT)
    lines = expand(['--8<-- "snippets/vanishing-gradients/rnn_bptt.py:imports"'])
    assert lines and any(line.startswith("import") for line in lines)
    assert not any("--8<--" in line for line in lines)
