"""hooks/build_state.py: what the hooks share is reset at each build."""

from __future__ import annotations

from types import SimpleNamespace

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

from build_state import BuildState

def test_the_build_state_starts_empty_each_build_but_keeps_rendered_math(tmp_path):
    state = BuildState()
    state.lab_summaries["x"] = {"a": 1}
    state.katex_html[("x", False)] = "<span>x</span>"
    state.reset(SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml")))
    assert state.lab_summaries == {} and state.root == tmp_path and state.cache == tmp_path / ".cache"
    assert state.katex_html  # formulas render the same in every build
