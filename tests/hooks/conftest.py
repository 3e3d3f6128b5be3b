"""Helpers for the build modules' tests: a fake page, a snippet written to a folder."""

from __future__ import annotations

from types import SimpleNamespace

import pytest


@pytest.fixture
def page():
    """page("lstm.md"): the little of mkdocs' Page that the hooks read."""
    return lambda src_uri: SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), meta={})


@pytest.fixture
def write_snippet():
    def write(folder, name: str, code: str):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(code)
        return folder / name

    return write
