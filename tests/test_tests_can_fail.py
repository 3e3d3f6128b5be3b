"""The snippet checks of tests/test_snippets.py fail on a snippet that breaks what they guard.

Each check is called on a deliberately broken snippet, written to a temporary folder, and
must fail. (The claims tests are shown to fail by tools/break_claims.py, which breaks the
recorded values they read.)
"""

from __future__ import annotations

import pytest

import test_snippets as checks

GOOD = '"""Prints a seeded random number, as a snippet should."""\nimport torch\n\ntorch.manual_seed(0)\nprint(torch.rand(1))\n'

BROKEN = [
    (checks.test_imports_only_stdlib_numpy_torch_matplotlib, GOOD + "import scipy\n", r"imports \['scipy'\]"),
    (checks.test_opens_with_a_docstring, GOOD.replace('"""Prints a seeded random number, as a snippet should."""\n', ""),
     "must open with a docstring"),
    (checks.test_seeds_what_it_uses, GOOD.replace("torch.manual_seed(0)\n", ""), "uses torch but never seeds it"),
    (checks.test_seeds_what_it_uses, GOOD + "import numpy as np\nprint(np.random.rand())\n",
     "uses numpy's random numbers but never seeds it"),
    (checks.test_leaves_global_torch_state_alone, GOOD + "torch.set_num_threads(2)\n", "calls torch.set_num_threads"),
    (checks.test_records_its_results_outside_the_sections_a_page_shows,
     GOOD + '# --8<-- [start:main]\nopen("x.results.json", "w").write("{}")\n# --8<-- [end:main]\n',
     r"writes its results inside section\(s\) \['main'\]"),
]


@pytest.mark.parametrize("check, code, message", BROKEN, ids=lambda v: getattr(v, "__name__", None) or "")
def test_a_snippet_check_fails_on_a_snippet_that_breaks_it(check, code, message, tmp_path):
    snippet = tmp_path / "x.py"
    snippet.write_text(GOOD)
    check(snippet)  # the good snippet passes ...
    snippet.write_text(code)
    with pytest.raises(AssertionError, match=message):  # ... the broken one does not
        check(snippet)


def test_the_rerun_check_fails_when_a_snippet_prints_something_else(tmp_path, monkeypatch):
    """Break the build's recorded output: the standalone rerun must notice."""
    import snippet_runner as snippet_hook

    snippet = checks.SNIPPETS[0]
    site = tmp_path / "site"
    (site / snippet.relative_to(checks.ROOT)).parent.mkdir(parents=True)
    (site / snippet.relative_to(checks.ROOT)).write_bytes(snippet.read_bytes())
    entry = tmp_path / "entry"
    entry.mkdir()
    workdir = tmp_path / "rerun"
    workdir.mkdir()
    (entry / "stdout.txt").write_text("not what it prints\n")
    monkeypatch.setattr(snippet_hook, "cache_entry", lambda *args: entry)
    monkeypatch.setattr(checks, "default_threads", lambda: 1)
    stdout = checks.rerun(snippet, None, site, workdir.resolve())
    with pytest.raises(AssertionError, match=f"{snippet.name} printed something else with 1 threads"):
        checks.check_rerun(snippet, None, site, workdir.resolve(), stdout)
