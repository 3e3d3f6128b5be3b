"""Every file in snippets/ is a standalone script a student can copy alone into coursework."""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import pytest

from sitetools import ROOT, default_threads  # also puts hooks/ on sys.path

import snippet_runner as snippet_hook

SNIPPETS = sorted((ROOT / "snippets").glob("*/*.py"))
ALLOWED_IMPORTS = set(sys.stdlib_module_names) | {"numpy", "torch", "matplotlib"}
# (what, a use of it, the seeding that must accompany that use)
RANDOMNESS = [
    ("torch", r"^(?:import|from) torch\b", r"torch\.manual_seed\(\d+\)"),
    ("numpy's random numbers", r"\bnp\.random\.|\bnumpy\.random\b", r"default_rng\(\d+\)|np\.random\.seed\(\d+\)"),
    ("the random module", r"^import random\b", r"random\.seed\(\d+\)"),
]


@pytest.fixture(params=SNIPPETS, ids=lambda p: p.name)
def snippet(request) -> Path:
    return request.param


def test_there_are_snippets():
    assert SNIPPETS, "snippets/ holds no .py files"


def imported_modules(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or "").split(".")[0]


def test_imports_only_stdlib_numpy_torch_matplotlib(snippet):
    outside = set(imported_modules(ast.parse(snippet.read_text()))) - ALLOWED_IMPORTS
    assert not outside, f"{snippet.name} imports {sorted(outside)}; a snippet may import only the standard library, numpy, torch and matplotlib"


def test_opens_with_a_docstring(snippet):
    docstring = ast.get_docstring(ast.parse(snippet.read_text()))
    assert docstring and len(docstring.split()) >= 5, f"{snippet.name} must open with a docstring saying what it shows"


def test_seeds_what_it_uses(snippet):
    source = snippet.read_text()
    for what, use, seed in RANDOMNESS:
        if re.search(use, source, re.M):
            assert re.search(seed, source), f"{snippet.name} uses {what} but never seeds it (expected {seed})"


GLOBAL_STATE = re.compile(r"torch\.(set_default_dtype|set_default_device|set_default_tensor_type|set_num_threads(?!\(1\))"
                          r"|use_deterministic_algorithms|set_grad_enabled)\(")


def test_leaves_global_torch_state_alone(snippet):
    """Readers paste a page's code blocks into one notebook: one snippet's global setting would leak into the next.
    One thread, torch.set_num_threads(1), is allowed: the build runs on one thread anyway, and it makes a training
    run's numbers the same on any core count."""
    found = GLOBAL_STATE.search(snippet.read_text())
    assert not found, f"{snippet.name} calls {found[0]}...): give dtypes per tensor (dtype=torch.float64) instead"


SECTION = re.compile(r"^\s*# --8<-- \[start:(?P<name>[\w-]+)\]\s*$(?P<body>.*?)^\s*# --8<-- \[end:(?P=name)\]", re.M | re.S)


def test_records_its_results_outside_the_sections_a_page_shows(snippet):
    """The lines writing NAME.results.json are for the build; a reader copying a section never sees them."""
    shown = [m["name"] for m in SECTION.finditer(snippet.read_text()) if ".results.json" in m["body"]]
    assert not shown, f"{snippet.name} writes its results inside section(s) {shown}; move those lines after the sections"


# The libraries' default thread count, and 2 threads where that is not the default: each differs from the build's 1.
THREAD_COUNTS = [None] + ([2] if default_threads() != 2 else [])


def rerun(snippet: Path, threads: int | None, built_site: Path, workdir: Path) -> str:
    """The file the site serves, downloaded alone into an empty folder and run there: what it printed (its files
    land in workdir/run). Started for every selected test at once by the `reruns` fixture (tests/conftest.py)."""
    downloaded = workdir / snippet.name
    downloaded.write_bytes((built_site / snippet.relative_to(ROOT)).read_bytes())
    return snippet_hook.run_once(downloaded, "light", workdir / "run", threads=threads)


def check_rerun(snippet: Path, threads: int | None, built_site: Path, workdir: Path, stdout: str) -> None:
    how = f"with {threads or default_threads()} threads"
    entry = snippet_hook.cache_entry(snippet, ROOT / ".cache" / "snippets", ROOT)
    assert stdout == (entry / "stdout.txt").read_text(), (
        f"{snippet.name} printed something else {how} than the build did on 1 thread: print what does not "
        "depend on the order of a reduction (fewer digits, a float64 computation), or move a measurement to stderr")
    for svg in sorted((workdir / "run").glob("*.svg")):
        built = built_site / "figures" / f"{svg.stem}-light.svg"
        assert svg.read_bytes() == built.read_bytes(), f"{svg.name} from {snippet.name} differs {how} from the build's: set svg.hashsalt and metadata={{'Date': None}}, and plot what is the same on any thread count"
    for data in sorted((workdir / "run").glob("*.json")):
        if data.name.endswith(".timing.json"):
            continue  # a measurement
        if data.name.endswith(".results.json"):
            built_results = json.loads((built_site / "results.json").read_text())["snippets"][snippet.stem]
            assert json.loads(data.read_text()) == built_results, f"{snippet.name} recorded other results {how} than the build's"
            continue
        built = built_site / "figures" / data.name
        assert data.read_bytes() == built.read_bytes(), f"{data.name} from {snippet.name} differs {how} from the build's: seed it and write it in a fixed order"


@pytest.mark.rerun
@pytest.mark.parametrize("threads", THREAD_COUNTS, ids=lambda t: "default-threads" if t is None else f"{t}-threads")
def test_runs_alone_and_reproduces_the_build(snippet, threads, built_site, reruns, request):
    """The file the site serves, downloaded alone into an empty folder and run there with the libraries'
    default thread count, and with 2 threads, prints, draws and writes exactly what the build got
    (which ran it on 1 thread). Measurements (stderr, NAME.timing.json) are not compared."""
    stdout, workdir = reruns(request)
    check_rerun(snippet, threads, built_site, workdir, stdout)
