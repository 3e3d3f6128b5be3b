"""Helpers shared by the tests: paths, free ports, the Chromium to drive, the pages of a built site."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))  # the tests reuse the hooks' own functions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("No Chromium found for the browser tests. `make test` installs Debian's package when run as "
                    "root; otherwise `sudo apt-get install chromium` or set CHROMIUM=/path/to/chrome.")
    return found


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def site_pages(site: Path) -> list[str]:
    """URL paths of every HTML page of a built site, e.g. '', 'vanishing-gradients/'."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def build_output(snippet_name: str) -> str:
    """What snippets/<snippet_name> printed during the build; request the built_site fixture first."""
    import snippet_runner

    entry = snippet_runner.cache_entry(ROOT / "snippets" / snippet_name, ROOT / ".cache" / "snippets", ROOT)
    stdout = entry / "stdout.txt"
    if not stdout.exists():
        pytest.fail(f"No build output for snippets/{snippet_name}: request the built_site fixture before build_output().")
    return stdout.read_text()


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
        return runpy.run_path(str(ROOT / "snippets" / snippet_name), run_name="__main__")
    finally:
        os.chdir(cwd)
        import matplotlib.pyplot as plt

        plt.close("all")
