"""A reader who downloads a lab's .ipynb and runs it sees the page's numbers.

The build executes each lab on one thread. Here the notebook the site serves is executed in a
fresh kernel, in an empty folder, with the libraries' default thread count (as a reader's
Jupyter runs it) and with 2 threads, and everything it prints must be what the page shows.
"""

from __future__ import annotations

import html
import re

import pytest

from sitetools import ROOT, default_threads

import snippet_runner as snippet_hook  # THREAD_VARIABLES; hooks/ is on sys.path via sitetools

LABS = sorted(p.stem for p in (ROOT / "docs" / "labs").glob("*.py"))
TAG = re.compile(r"<[^>]+>")


def page_text(page_html: str) -> str:
    return html.unescape(TAG.sub("", page_html))


def printed_chunks(notebook) -> list[str]:
    return [output["text"] for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.get("outputs", []) if output.get("output_type") == "stream" and output["name"] == "stdout"]


@pytest.mark.rerun
@pytest.mark.parametrize("threads", [None, 2], ids=["default-threads", "2-threads"])
@pytest.mark.parametrize("lab", LABS)
def test_the_downloaded_notebook_prints_what_the_page_shows(lab, threads, built_site, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    if threads == default_threads():
        pytest.skip(f"the default thread count here is {threads}: the default-threads run covered it")
    for name in snippet_hook.THREAD_VARIABLES:  # the kernel inherits this environment
        if threads is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, str(threads))
    notebook = nbformat.read(built_site / "labs" / lab / f"{lab}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = page_text((built_site / "labs" / lab / "index.html").read_text())
    chunks = printed_chunks(notebook)
    assert chunks, f"docs/labs/{lab}.py printed nothing when run from its .ipynb"
    for chunk in chunks:
        for line in chunk.strip().splitlines():
            assert line.strip() in shown, (
                f"docs/labs/{lab}.py, run from the downloaded .ipynb with {threads or default_threads()} threads, "
                f"printed {line.strip()!r}, which its page (built on 1 thread) does not show: print what does not "
                "depend on the order of a reduction")
