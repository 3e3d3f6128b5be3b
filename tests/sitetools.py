"""Helpers shared by the tests: paths, free ports, the Chromium to drive, the pages of a built site."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import socket
import sys
import threading
from urllib.parse import urlsplit
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


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder the way static hosts such as GitHub Pages do: text gzipped, no access log."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".py", ".ipynb")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects /page to /page/
            path = path / "index.html"
        if (not path.is_file() or not path.name.endswith(self.COMPRESSED)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve a built site on a free port of 127.0.0.1; yields its base URL and stops it afterwards."""
    handler = functools.partial(CompressingHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
