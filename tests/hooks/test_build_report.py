"""hooks/build_report.py: the build report lists every snippet and lab with its run time, and stays out of search."""

from __future__ import annotations

import json
import re

from sitetools import ROOT


def test_build_report_lists_every_snippet_and_lab_with_a_run_time(built_site):
    report = (built_site / "build-report" / "index.html").read_text()
    sources = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "snippets").glob("*/*.py"))]
    sources += [f"docs/labs/{p.name}" for p in sorted((ROOT / "docs" / "labs").glob("*.py"))]
    for source in sources:
        shown = source.removeprefix("snippets/") if source.startswith("snippets/") else source
        row = re.search(rf"<tr>\s*<td>[^\n]*{re.escape(shown)}.*?</tr>", report, re.S)
        assert row, f"the build report has no row for {source}"
        assert re.search(r'class="run-time">\d+\.\d s<', row[0]), f"the build report gives no run time for {source}"
    for package in ("torch", "numpy", "matplotlib", "mkdocs-material", "KaTeX"):
        assert f"<td>{package}</td>" in report, f"the build report does not say which {package} built the site"


def test_build_report_stays_out_of_search(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("build-report")], \
        "the build report (run times, versions) should not turn up in search results"


def test_every_measured_number_is_marked_as_a_run_time_lists_included():
    """tools/reproducible_build.py masks <span class="run-time">: an unmarked time makes two builds differ."""
    import build_report

    assert build_report.measured([1.25, 3.5]) == ('[<span class="run-time">1.25</span>, '
                                                  '<span class="run-time">3.5</span>]')
    assert build_report.measured(2) == "2"
