"""Helpers shared by the tests: opening a page in Chromium, a snippet's path and globals, LSTM comparisons.

Serving a site and finding Chromium live in tools/serving.py, shared with the benchmarks."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from serving import CHROMIUM_ARGS, ROOT, chromium_path, free_port, serve, site_pages  # noqa: E402,F401


@functools.cache
def default_threads() -> int:
    """How many threads torch uses when nothing pins them."""
    from build_state import thread_env

    return int(subprocess.run([sys.executable, "-c", "import torch; print(torch.get_num_threads())"], env=thread_env(None),
                              capture_output=True, text=True, check=True).stdout)


def open_page(browser, url: str, console: tuple[str, ...] = ("error",), **context_options):
    """Load a page in a new browser context; returns (context, page, problems), problems being everything
    the browser reported while loading: console messages of the given types, page errors, failed or
    off-host requests, HTTP errors. Close the context when done."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    problems: list[str] = []
    own_host = urlsplit(url).netloc
    page.on("console", lambda m: m.type in console and problems.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.on("request", lambda r: urlsplit(r.url).netloc not in (own_host, "")
            and not r.url.startswith(("data:", "blob:")) and problems.append(f"request to another host: {r.url}"))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, problems


def snippet_path(snippet_name: str) -> Path:
    """snippets/CHAPTER/<snippet_name>, wherever its chapter is."""
    found = sorted((ROOT / "snippets").glob(f"*/{snippet_name}"))
    if len(found) != 1:
        pytest.fail(f"expected one snippets/*/{snippet_name}, found {len(found)}")
    return found[0]


def snippet_namespace(snippet_name: str, workdir: Path) -> dict:
    """Run snippets/<snippet_name> in workdir (its figures land there) and return its globals,
    so a test can call the functions it defines."""
    import runpy

    import matplotlib

    matplotlib.use("Agg")
    cwd = Path.cwd()
    workdir.mkdir(parents=True, exist_ok=True)
    os.chdir(workdir)
    try:
        return runpy.run_path(str(snippet_path(snippet_name)), run_name="__main__")
    finally:
        os.chdir(cwd)
        import matplotlib.pyplot as plt

        plt.close("all")


def parameters_of(module) -> dict:
    """{name: tensor} of a torch module's parameters, detached: the weights a from-scratch layer takes."""
    return {name: p.detach() for name, p in module.named_parameters()}


def gap_to_nn_lstm(run_ours, lstm, xs) -> float:
    """Largest |ours - nn.LSTM| over the outputs, h_n and c_n: run_ours(xs, parameters_of(lstm)) against lstm(xs)."""
    import torch

    ours, (h_n, c_n) = run_ours(xs, parameters_of(lstm))
    with torch.no_grad():
        theirs, (h_n_torch, c_n_torch) = lstm(xs)
    return max((a - b).abs().max().item() for a, b in zip([ours, h_n, c_n], [theirs, h_n_torch, c_n_torch]))
