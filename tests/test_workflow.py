"""The GitHub Actions workflow that tests and publishes the site cannot run here: lint it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sitetools import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


@pytest.fixture(params=WORKFLOWS, ids=lambda p: p.name)
def workflow(request) -> Path:
    return request.param


def lint(tool: str, *args: str) -> None:
    proc = subprocess.run([str(BIN / tool), *args], capture_output=True, text=True)
    assert proc.returncode == 0, f"{tool} rejects the workflow:\n{proc.stdout}\n{proc.stderr}"


def test_there_is_a_publishing_workflow():
    assert WORKFLOWS, "no workflow in .github/workflows: the site is built and published by one"


def test_matches_github_workflow_schema(workflow):
    lint("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow))


def test_passes_zizmor_security_audit(workflow):
    lint("zizmor", "--offline", "--no-progress", str(workflow))


def test_runs_the_same_gates_as_ci(workflow):
    text = workflow.read_text()
    for gate in ("make test", "make reproducible"):
        assert f"run: {gate}" in text, f"{workflow.name} must run `{gate}` before it publishes"
