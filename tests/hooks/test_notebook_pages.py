"""hooks/notebook_pages.py: notebook pages lose CDN scripts, keep stable ids and one block per cell's stdout."""

from __future__ import annotations

import base64
import re

import pytest
from mkdocs.exceptions import PluginError

from sitetools import ROOT  # noqa: F401  (puts hooks/ on sys.path)

import notebook_pages


def stdout_block(text: str) -> str:
    return ('<div class="jp-OutputArea-child">\n<div class="jp-RenderedText jp-OutputArea-output highlight" '
            f'data-mime-type="text/plain">\n<pre>{text}</pre>\n</div>\n</div>\n')


def test_a_cells_printed_output_is_one_block_however_the_kernel_flushed_it():
    """The kernel flushes stdout on a timer: under load one cell's prints arrive in two chunks."""
    page = '<div class="jupyter-wrapper"><div class="jp-OutputArea">\n{}</div></div>'
    split = page.format(stdout_block(" RNN: 1\nLSTM: 2\n") + stdout_block(" GRU: 3\n"))
    whole = page.format(stdout_block(" RNN: 1\nLSTM: 2\n GRU: 3\n"))
    assert notebook_pages.on_page_content(split, None, None, None) == whole
    assert notebook_pages.on_page_content(whole, None, None, None) == whole


def test_the_stdout_pattern_matches_the_notebook_template_in_use(built_site):
    lab_page = (built_site / "labs" / "adding_problem" / "index.html").read_text()
    assert re.search(notebook_pages.STDOUT_CHILD, lab_page, re.S), (
        "hooks/notebook_pages.py STDOUT_CHILD no longer matches nbconvert's output blocks: update it, or "
        "two builds of a lab may differ in how its printed output is split")


def test_a_lab_needs_a_first_paragraph_for_its_description():
    assert notebook_pages.first_paragraph("# %% [markdown]\n# # Title\n#\n# What it does.\n", "labs/x.py") == "What it does."
    with pytest.raises(PluginError, match=r"docs/labs/x\.py: start the notebook with a Markdown cell"):
        notebook_pages.first_paragraph("# %%\nx = 1\n", "labs/x.py")


LAB = '''# %% [markdown]
# # Lab
#
# Text.

# %% alt="Loss against step" caption="The loss falls."
plot()

# %% [markdown]
# ## Exercises
#
# 1. Do it.

# %% [markdown] tags=["solution"]
# Because.

# %% tags=["solution"]
print(1)

# %% [markdown]
# The end.
'''


def cell(kind: str, body: str, extra: str = "") -> str:
    inner = f'<div class="jp-Cell jp-{kind}Cell jp-Notebook-cell"><div class="jp-Cell-inputWrapper">{body}</div></div>'
    if kind == "Code":  # mkdocs-jupyter wraps a code cell's div in another
        inner = f'<div class="jp-Cell jp-CodeCell jp-Notebook-cell  {extra}">\n{inner}\n</div>'
    return inner


def lab_page(tmp_path):
    source = tmp_path / "lab.py"
    source.write_text(LAB)
    return type("Page", (), {"file": type("F", (), {"src_uri": "labs/lab.py", "abs_src_path": str(source)})})()


def test_solution_cells_fold_into_one_collapsed_block(tmp_path):
    toolbar = ('<div class="celltoolbar"><div class="button_container tags_button_container"><span class="tag-container">'
               '<span class="cell-tag">solution</span></span></div></div>')
    cells = [cell("Markdown", "Lab"), cell("Code", "plot"), cell("Markdown", "Exercises"), cell("Markdown", "Because"),
             cell("Code", toolbar + "print", "celltag_solution"), cell("Markdown", "The end")]
    html = "<div>" + "\n".join(cells) + "\n</div> <!-- jp-Notebook -->"
    page = lab_page(tmp_path)
    out = notebook_pages.fold_solutions(html, notebook_pages.notebook_cells(page.file.abs_src_path), page)
    folded = re.search(r'<details class="success lab-solution"><summary>Solution</summary>(.*?)</details>', out, re.S)
    assert folded and "Because" in folded[1] and "print" in folded[1] and "Exercises" not in folded[1]
    assert "The end" in out[folded.end():] and "celltoolbar" not in out


def test_a_lab_figure_gets_its_caption_and_a_missing_one_fails_the_build(tmp_path):
    page = lab_page(tmp_path)
    cells = notebook_pages.notebook_cells(page.file.abs_src_path)
    assert notebook_pages.figure_texts(cells, "docs/labs/lab.py") == [("Loss against step", "The loss falls.")]
    (tmp_path / "lab.py").write_text(LAB.replace(' caption="The loss falls."', ""))
    with pytest.raises(PluginError, match=r'docs/labs/lab\.py: the cell with alt=.*has no caption; add caption="what to look at"'):
        notebook_pages.figure_texts(notebook_pages.notebook_cells(page.file.abs_src_path), "docs/labs/lab.py")


def test_a_lab_figure_is_written_beside_the_page_and_loaded_lazily(tmp_path):
    page = lab_page(tmp_path)
    page.url = "labs/lab/"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="150pt"></svg>'
    output = f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}">'
    cells = notebook_pages.notebook_cells(page.file.abs_src_path)
    out = notebook_pages.describe_figures(output, cells, page, tmp_path / "site")
    written = sorted((tmp_path / "site" / "labs" / "lab").glob("figure-1-*.svg"))
    assert len(written) == 1 and written[0].read_bytes() == svg
    assert f'loading="lazy" src="{written[0].name}"' in out and "base64" not in out
    assert '<figcaption>The loss falls.</figcaption>' in out and 'width="400" height="200"' in out


def test_copy_buttons_are_numbered_on_the_page_whatever_mkdocs_jupyters_counter_said():
    """The counter behind the hidden code texts is shared by every notebook a build renders (labs render side by side)."""
    html = ('<clipboard-copy for="cell-1"></clipboard-copy><div class="clipboard-copy-txt" id="cell-7">a</div>'
            '<clipboard-copy for="cell-2"></clipboard-copy><div id="cell-3" class="clipboard-copy-txt">b</div>')
    assert notebook_pages.number_copy_buttons(html) == (
        '<clipboard-copy for="code-1"></clipboard-copy><div class="clipboard-copy-txt" id="code-1">a</div>'
        '<clipboard-copy for="code-2"></clipboard-copy><div id="code-2" class="clipboard-copy-txt">b</div>')
