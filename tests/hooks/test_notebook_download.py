"""Every lab page offers its notebook and its script; the notebook is valid, deterministic, and the lab's code."""

from __future__ import annotations

import html
import re

import jupytext
import nbformat
import pytest

import notebook_download
from sitetools import ROOT

LABS = sorted((ROOT / "docs" / "labs").glob("*.py"))
PAGE_URL = "https://fancy-rnns.github.io/labs/{}/"


def lab_id(lab) -> str:
    return lab.stem


def served(built_site, lab, suffix: str):
    path = built_site / "labs" / lab.stem / f"{lab.stem}{suffix}"
    assert path.is_file(), f"the site does not serve {path.relative_to(built_site)}: hooks/notebook_download.py adds it"
    return path


def code_cells(notebook) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("lab", LABS, ids=lab_id)
def test_the_served_notebook_is_valid_nbformat_4_and_holds_the_labs_code(built_site, lab):
    notebook = nbformat.reads(served(built_site, lab, ".ipynb").read_text(), as_version=nbformat.NO_CONVERT)
    assert notebook.nbformat == 4, f"labs/{lab.stem}.ipynb is nbformat {notebook.nbformat}, expected 4"
    nbformat.validate(notebook)
    expected = code_cells(jupytext.read(lab, fmt="py:percent"))
    assert code_cells(notebook) == expected, f"the code cells of labs/{lab.stem}.ipynb differ from docs/labs/{lab.name}"
    assert all(not cell.outputs for cell in notebook.cells if cell.cell_type == "code"), \
        f"labs/{lab.stem}.ipynb carries outputs; the download is meant to be run by the student"


@pytest.mark.parametrize("lab", LABS, ids=lab_id)
def test_the_served_script_is_the_lab_as_it_is(built_site, lab):
    assert served(built_site, lab, ".py").read_bytes() == lab.read_bytes(), f"the site serves a changed {lab.name}"


@pytest.mark.parametrize("lab", LABS, ids=lab_id)
def test_the_lab_page_links_to_both_downloads(built_site, lab):
    page = (built_site / "labs" / lab.stem / "index.html").read_text()
    hrefs = {html.unescape(h) for h in re.findall(r'<a class="[^"]*\blab-download\b[^"]*" href="([^"]+)" download', page)}
    assert hrefs == {f"{lab.stem}.ipynb", f"{lab.stem}.py"}, \
        f"labs/{lab.stem}/ links to {sorted(hrefs)}, expected the notebook and the script next to the page"


@pytest.mark.parametrize("lab", LABS, ids=lab_id)
def test_the_notebook_is_the_same_bytes_on_every_build(built_site, lab):
    first = notebook_download.notebook_bytes(str(lab), PAGE_URL.format(lab.stem))
    second = notebook_download.notebook_bytes(str(lab), PAGE_URL.format(lab.stem))
    assert first == second, f"converting {lab.name} twice gave different notebooks (random cell ids or a timestamp?)"
    assert served(built_site, lab, ".ipynb").read_bytes() == first, \
        f"the served labs/{lab.stem}.ipynb is not what notebook_bytes() makes of {lab.name}"


@pytest.mark.parametrize("lab", LABS, ids=lab_id)
def test_the_notebooks_links_work_outside_the_site(built_site, lab):
    notebook = nbformat.reads(served(built_site, lab, ".ipynb").read_text(), as_version=4)
    relative = [link for cell in notebook.cells if cell.cell_type == "markdown"
                for link in re.findall(r"\]\(([^)\s]+)\)", cell.source) if not link.startswith(("https://", "#"))]
    assert not relative, f"labs/{lab.stem}.ipynb keeps relative links that break once downloaded: {relative}"


def test_relative_links_resolve_against_the_page_and_others_stay():
    page = "https://fancy-rnns.github.io/labs/agreement/"
    source = "[LSTM](../../lstm/), [refs](../../#linzen-2016), [up](#step-1), [paper](https://arxiv.org/abs/1)"
    assert notebook_download.absolute_links(source, page) == (
        "[LSTM](https://fancy-rnns.github.io/lstm/), [refs](https://fancy-rnns.github.io/#linzen-2016), "
        "[up](#step-1), [paper](https://arxiv.org/abs/1)")
