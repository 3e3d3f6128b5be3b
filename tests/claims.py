"""Fixtures for the claims tests: the values the build recorded, read from its manifest.

The build publishes every value a snippet recorded (snippets/CHAPTER/NAME.py writes
NAME.results.json) and every lab's LAB-SUMMARY as /results.json. A claims test asserts, on
those values, what a page says in words. `pytest --results site/results.json tests/chapters`
checks an existing build's manifest (or a deliberately broken copy) without building.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def manifest(request) -> dict:
    given = request.config.getoption("--results")
    path = Path(given) if given else request.getfixturevalue("built_site") / "results.json"
    return json.loads(path.read_text())


@pytest.fixture(scope="session")
def recorded(manifest):
    """recorded("exploding_training"): what snippets/*/exploding_training.py recorded."""

    def values_of(snippet_stem: str) -> dict:
        found = manifest["snippets"].get(snippet_stem)
        if found is None:
            pytest.fail(f"the build's results.json has nothing from {snippet_stem}.py: it must write "
                        f"{snippet_stem}.results.json (see hooks/quoted_results.py)", pytrace=False)
        return found

    return values_of


@pytest.fixture(scope="session")
def lab(manifest):
    """lab("adding_problem"): the LAB-SUMMARY docs/labs/adding_problem.py printed."""

    def summary_of(name: str) -> dict:
        found = manifest["labs"].get(name)
        if found is None:
            pytest.fail(f"the build's results.json has no summary of docs/labs/{name}.py", pytrace=False)
        return found

    return summary_of
