"""`make serve` really live-reloads: an edit to a chapter reloads the open page in the browser.

MkDocs 1.6.1 turned live reload off by default with some click releases, so this runs
the Makefile's own serve target, on a copy of the project, and edits a page of the copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request

import pytest

from sitetools import ROOT, free_port

COPIED = ["docs", "snippets", "hooks", "mkdocs.yml", "requirements.txt", "package.json", "package-lock.json", "Makefile"]


def copy_project(dest):
    for name in COPIED:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    if (ROOT / ".cache").is_dir():  # warm caches, so the copy does not re-run every snippet
        shutil.copytree(ROOT / ".cache", dest / ".cache")


def wait_until_serving(url: str, server: subprocess.Popen, seconds: float = 240):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"make serve exited early:\n{server.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"make serve did not answer on {url} within {seconds} s")


@pytest.fixture
def served_copy(tmp_path):
    copy_project(tmp_path)
    port = free_port()
    venv = ROOT / ".venv"
    command = ["make", "--no-print-directory", "serve", f"VENV={venv}", f"PORT={port}",
               "-o", f"{venv}/bin/.installed", "-o", "node_modules/.installed"]
    server = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, server)
        yield tmp_path, url
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_editing_a_page_reloads_it_in_the_browser(browser, served_copy):
    project, url = served_copy
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    token = f"Live reload check {time.time_ns()}"
    page.wait_for_timeout(1000)  # let the live-reload script connect
    home = project / "docs" / "index.md"
    home.write_text(home.read_text() + f"\n\n{token}\n")
    # textContent, not innerText: the token lands in the page's last block, which content-visibility
    # skips until it is scrolled near, and innerText leaves out text that is not rendered.
    page.wait_for_function(f"document.body.textContent.includes({token!r})", timeout=60000)
    context.close()
