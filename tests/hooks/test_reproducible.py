"""hooks/reproducible.py: a fixed SOURCE_DATE_EPOCH from the sources."""

from __future__ import annotations

import os

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import reproducible

def test_source_date_epoch_outside_git_is_the_newest_source(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("a")
    os.utime(tmp_path / "docs" / "a.md", (1_700_000_000, 1_700_000_000))
    assert reproducible.source_date_epoch(tmp_path) == "1700000000"
