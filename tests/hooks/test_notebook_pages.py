"""hooks/notebook_pages.py: notebook pages lose CDN scripts, keep stable ids and one block per cell's stdout."""

from __future__ import annotations

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
