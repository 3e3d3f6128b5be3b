"""A reader who downloads a lab's .ipynb and runs it sees the page's numbers.

The build executes each lab on one thread. Here the notebook the site serves is executed in a
fresh kernel, in an empty folder, with the libraries' default thread count (as a reader's
Jupyter runs it) and with 2 threads, and everything it prints must be what the page shows.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from sitetools import ROOT, default_threads

from build_state import thread_env  # hooks/ is on sys.path via sitetools


LABS = sorted(p.stem for p in (ROOT / "docs" / "labs").glob("*.py"))
TAG = re.compile(r"<[^>]+>")


def page_text(page_html: str) -> str:
    return html.unescape(TAG.sub("", page_html))


def printed_lines(notebook) -> list[str]:
    """Every non-empty line the notebook's code cells printed on stdout."""
    chunks = [output["text"] for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.get("outputs", []) if output.get("output_type") == "stream" and output["name"] == "stdout"]
    return [line.strip() for chunk in chunks for line in chunk.strip().splitlines() if line.strip()]


def unshown(notebook, page_html: str) -> list[str]:
    """The printed lines that the page does not show."""
    shown = page_text(page_html)
    return [line for line in printed_lines(notebook) if line not in shown]


def test_a_line_the_page_does_not_show_is_found():
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="loss 0.25\nsteps 3 < 4\n")])])
    assert unshown(notebook, "<pre>loss 0.25\nsteps 3 &lt; 4</pre>") == []
    assert unshown(notebook, "<pre>loss 0.26\nsteps 3 &lt; 4</pre>") == ["loss 0.25"]


# The libraries' default thread count, and 2 threads where that is not the default: each differs from the build's 1.
THREAD_COUNTS = [None] + ([2] if default_threads() != 2 else [])


def rerun(lab: str, threads: int | None, built_site: Path, workdir: Path):
    """The notebook the site serves, executed in a fresh kernel in an empty folder with `threads` threads (None: the
    libraries' default). Started for every selected test at once by the `reruns` fixture (tests/conftest.py)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(built_site / "labs" / lab / f"{lab}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, resources={"metadata": {"path": str(workdir)}}).execute(env=thread_env(threads))
    return notebook


@pytest.mark.rerun
@pytest.mark.parametrize("threads", THREAD_COUNTS, ids=lambda t: "default-threads" if t is None else f"{t}-threads")
@pytest.mark.parametrize("lab", LABS)
def test_the_downloaded_notebook_prints_what_the_page_shows(lab, threads, built_site, reruns, request):
    notebook, _ = reruns(request)
    lines = printed_lines(notebook)
    assert lines, f"docs/labs/{lab}.py printed nothing when run from its .ipynb"
    missing = unshown(notebook, (built_site / "labs" / lab / "index.html").read_text())
    assert not missing, (
        f"docs/labs/{lab}.py, run from the downloaded .ipynb with {threads or default_threads()} threads, printed "
        f"{missing[:3]}, which its page (built on 1 thread) does not show: print what does not depend on the "
        "order of a reduction")
