"""Fixtures: the site built once per test session, served on 127.0.0.1, and a Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from claims import lab, manifest, recorded  # noqa: F401  (fixtures of tests/chapters and tests/labs)
from sitetools import CHROMIUM_ARGS, ROOT, chromium_path, default_threads, serve, snippet_namespace


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """`mkdocs build --strict` into a fresh folder; any warning (broken link or anchor) fails it."""
    site = tmp_path_factory.mktemp("site")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stderr[-6000:]}", pytrace=False)
    return site


@pytest.fixture(scope="session")
def reruns(request, built_site, tmp_path_factory):
    """reruns(request) -> (what the test module's rerun(**params, built_site=, workdir=) returned, workdir).

    At a module's first call, the rerun of each of its selected `rerun` tests (a snippet in a fresh interpreter, a
    lab in a fresh kernel) is started, in the order the tests run, as many at a time as fit the cores with the
    libraries' default thread count each; each test then waits for its own. One at a time on 2 cores with 2 threads
    by default: two at once, 4 threads on 2 cores, made exploding_training.py run over 220 s against 17 s alone on
    one thread. Per module, so no rerun runs ahead into other tests (the browser tests) and competes with them."""
    items = [item for item in request.session.items if item.get_closest_marker("rerun") and hasattr(item, "callspec")]
    started = {}

    def start(module) -> None:
        for item in (item for item in items if item.module is module):
            workdir = tmp_path_factory.mktemp("rerun")
            job = pool.submit(item.module.rerun, built_site=built_site, workdir=workdir, **item.callspec.params)
            started[item.nodeid] = (job, workdir)

    def result(test):
        if test.node.nodeid not in started:
            start(test.node.module)
        job, workdir = started[test.node.nodeid]
        return job.result(), workdir

    with ThreadPoolExecutor(max_workers=max(1, (os.cpu_count() or 1) // default_threads())) as pool:
        yield result
        for job, _ in started.values():
            job.cancel()


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on a free port of 127.0.0.1, gzipped as static hosts do."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def snippet_globals(tmp_path_factory):
    """snippet_globals("x.py"): the globals of snippets/x.py, run once per session however
    many tests call into it (figures land in a temporary folder)."""
    loaded: dict[str, dict] = {}

    def load(name: str) -> dict:
        if name not in loaded:
            loaded[name] = snippet_namespace(name, tmp_path_factory.mktemp(name.removesuffix(".py")))
        return loaded[name]

    return load



def pytest_collection_modifyitems(items):
    """Every test that uses the browser fixture is a browser test (`make check` leaves them out)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
