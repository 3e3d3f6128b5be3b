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
    lines = printed_lines(notebook)
    assert lines, f"docs/labs/{lab}.py printed nothing when run from its .ipynb"
    missing = unshown(notebook, (built_site / "labs" / lab / "index.html").read_text())
    assert not missing, (
        f"docs/labs/{lab}.py, run from the downloaded .ipynb with {threads or default_threads()} threads, printed "
        f"{missing[:3]}, which its page (built on 1 thread) does not show: print what does not depend on the "
        "order of a reduction")
