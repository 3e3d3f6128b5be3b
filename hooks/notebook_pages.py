"""MkDocs hook: keep mkdocs-jupyter's notebook pages offline.

nbconvert's template adds a MathJax loader with an empty src (KaTeX renders the math
instead, see katex_math.py) and a module script that imports mermaid from cdnjs when a
notebook has diagrams. Both are removed; a notebook page that still names an outside
script host after that fails the build. It also inlines about 590 KB of JupyterLab CSS
into every notebook page, nearly all of it unused here: those <style> blocks go too, and
the few rules the cells need live in docs/stylesheets/extra.css (under .jupyter-wrapper).
A code cell's source scrolls sideways when long, so it is made keyboard-focusable, and
nbconvert's heading anchors become the theme's own (shown on hover, like other pages').
Cells get ids by position: jupytext gives a .py notebook random cell ids on every read,
which would make two builds of the same lab differ. For the same reason, consecutive chunks of
one cell's printed output are joined: the kernel flushes stdout on a timer, so a cell that
prints, computes, then prints again comes out in one or two chunks depending on machine load
(done before the search index reads the page). A notebook page has no front matter, so its
meta description is the first paragraph of its first Markdown cell.

Figures: nbconvert inlines each SVG output as an <img> with neither size nor a useful
alt text. Each code cell that draws a figure says what it shows in its header, for screen
readers, and what to look at, for everyone: `# %% alt="..." caption="..."`. The hook gives
the i-th figure the i-th such pair, as a <figure> with a caption (hooks/figures.py numbers
it), and the width and height read from the SVG, so nothing shifts as the page loads. The
SVG itself leaves the page: it is written beside it as figure-N-HASH.svg (HASH from its
bytes, so a changed figure gets a new name) and loaded lazily, as chapters' figures are.
Inlined, the lab pages' two or three figures made up 60% of their HTML, which a phone
downloads before it can show the first screen.

Solutions: an exercise's solution is a cell tagged "solution" (`# %% tags=["solution"]`,
or `# %% [markdown] tags=["solution"]` for its explanation). The build runs it like any
cell; the page folds each run of consecutive solution cells into one collapsed "Solution"
block, like a chapter's `??? success "Solution"`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import os
import re
from pathlib import Path

import jupytext
from mkdocs.exceptions import PluginError

from build_state import THREAD_VARIABLES
from svg_size import svg_size_px

# Labs run in a kernel that inherits this process's environment: one thread for numpy and
# torch, as for snippets. Small models train several times faster so on a busy 2-core
# machine, and the results do not depend on the core count.
for _threads in THREAD_VARIABLES:
    os.environ.setdefault(_threads, "1")

MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
CDN_MODULE = re.compile(r'<script type="module">(?:(?!</script>).)*?https://cdnjs\.[^"]*".*?</script>', re.S)
OUTSIDE_SCRIPT = re.compile(r"""(?:src=|import\()\s*["']https?://""")
INLINE_STYLE = re.compile(r"<style\b[^>]*>.*?</style>\s*", re.S)
CELL_ID = re.compile(r'\bid="cell-id=[\w-]+"')
COPY_BUTTON_TARGET = re.compile(r'(<clipboard-copy\b[^>]*?\bfor=")cell-\d+"')
COPY_TEXT_ID = re.compile(r'(<div\b(?=[^>]*\bclass="clipboard-copy-txt")[^>]*?\bid=")cell-\d+"')
CELL_START = re.compile(r'<div\b[^>]*\bclass="jp-Cell [^>]*>')
NOTEBOOK_END = "</div> <!-- jp-Notebook -->"
CELL_TOOLBAR = re.compile(r'<div class="celltoolbar">.*?</span>\s*</span>\s*</div>\s*</div>', re.S)
SOLUTION_TAG = "solution"
CODE_SOURCE = '<div class="highlight-ipynb'
STDOUT_CHILD = (r'<div class="jp-OutputArea-child">\s*<div class="jp-RenderedText jp-OutputArea-output[^"]*" '
                r'data-mime-type="text/plain"[^>]*>\s*<pre>(?:(?!</pre>).)*</pre>\s*</div>\s*</div>\s*')
STDOUT_RUN = re.compile(f"(?:{STDOUT_CHILD}){{2,}}", re.S)
STDOUT_TEXT = re.compile(r"<pre>(.*?)</pre>", re.S)
OUTPUT_IMAGE = re.compile(r'<img\b[^>]*\bsrc="data:(?P<type>image/[\w+.-]+);base64,(?P<data>[^"]+)"[^>]*>')


def on_page_content(html_text: str, page, config, files) -> str:
    if "jupyter-wrapper" not in html_text:
        return html_text
    return STDOUT_RUN.sub(join_stdout_chunks, html_text)


def join_stdout_chunks(run: re.Match) -> str:
    """The run's first stdout block, holding the texts of all its blocks in order."""
    joined = "".join(STDOUT_TEXT.findall(run[0]))
    first_block = re.match(STDOUT_CHILD, run[0], re.S)[0]
    return STDOUT_TEXT.sub(lambda _: f"<pre>{joined}</pre>", first_block, count=1)


def on_post_page(output: str, page, config) -> str:
    if "jupyter-wrapper" not in output:
        return output
    output = INLINE_STYLE.sub("", CDN_MODULE.sub("", MATHJAX.sub("", output)))
    output = output.replace(CODE_SOURCE, '<div tabindex="0" class="highlight-ipynb')
    positions = itertools.count(1)
    output = CELL_ID.sub(lambda m: f'id="cell-{next(positions)}"', output)
    output = number_copy_buttons(output)
    cells = notebook_cells(page.file.abs_src_path)
    output = describe_figures(output.replace('class="anchor-link"', 'class="headerlink"'), cells, page,
                              Path(config["site_dir"]) if config else None)
    output = fold_solutions(output, cells, page)
    outside = OUTSIDE_SCRIPT.search(output)
    if outside:
        context = output[outside.start() : outside.start() + 120]
        raise PluginError(f"{page.file.src_uri}: the notebook page still loads from another host: {context!r}. "
                          "Strip it in hooks/notebook_pages.py.")
    return output


def number_copy_buttons(output: str) -> str:
    """The k-th code cell's copy button copies the k-th cell's hidden source text, as code-k.

    mkdocs-jupyter numbers those texts with a counter shared by every notebook the process renders (labs render side by
    side: see hooks/lab_prerender.py), and calls them cell-k, which is also the id each cell gets above; the button then
    copied the whole cell, output included."""
    buttons, texts = itertools.count(1), itertools.count(1)
    output = COPY_BUTTON_TARGET.sub(lambda m: f'{m[1]}code-{next(buttons)}"', output)
    return COPY_TEXT_ID.sub(lambda m: f'{m[1]}code-{next(texts)}"', output)


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri.endswith(".py") and not page.meta.get("description"):
        page.meta["description"] = first_paragraph(markdown, page.file.src_uri)
    return markdown


def first_paragraph(source: str, where: str) -> str:
    for cell in jupytext.reads(source, fmt="py:percent").cells:
        if cell.cell_type == "markdown":
            for paragraph in cell.source.split("\n\n"):
                if paragraph.strip() and not paragraph.lstrip().startswith(("#", "$$")):
                    return " ".join(paragraph.split())
    raise PluginError(f"docs/{where}: start the notebook with a Markdown cell holding a paragraph of text; "
                      "it becomes the page's meta description.")


def notebook_cells(source_path: str) -> list:
    return jupytext.read(source_path, fmt="py:percent").cells


def figure_texts(cells: list, where: str) -> list[tuple[str, str]]:
    """(alt, caption) of each code cell that draws a figure, in order."""
    texts = []
    for cell in cells:
        if cell.cell_type == "code" and "alt" in cell.metadata:
            if not cell.metadata.get("caption"):
                raise PluginError(f'{where}: the cell with alt="{cell.metadata["alt"][:40]}..." has no caption; add '
                                  'caption="what to look at" to its header, after the alt text.')
            texts.append((cell.metadata["alt"], cell.metadata["caption"]))
    return texts


def describe_figures(output: str, cells: list, page, site_dir: Path | None = None) -> str:
    """Each figure in a <figure> with its alt text, caption and size; its SVG written to site_dir beside the page
    (left inline without a site_dir)."""
    where = f"docs/{page.file.src_uri}"
    numbers = itertools.count(1)
    images = list(OUTPUT_IMAGE.finditer(output))
    texts = figure_texts(cells, where)
    if len(images) != len(texts):
        raise PluginError(f"{where} draws {len(images)} figure(s) but {len(texts)} code cell(s) say what they show: "
                          'give each cell that draws one figure a header like '
                          '`# %% alt="Loss against step" caption="The loss falls..."`.')
    replacements = iter(zip(images, texts))

    def sized(m: re.Match) -> str:
        _, (alt, caption) = next(replacements)
        if m["type"] != "image/svg+xml":
            raise PluginError(f'{where}: a figure is {m["type"]}; draw SVG with '
                              '%config InlineBackend.figure_formats = ["svg"].')
        svg = base64.b64decode(m["data"])
        try:
            width, height = svg_size_px(svg[:6000].decode(errors="replace"), where)
        except ValueError as err:
            raise PluginError(str(err)) from None
        src = f'data:{m["type"]};base64,{m["data"]}'
        if site_dir is not None:
            src = f"figure-{next(numbers)}-{hashlib.sha256(svg).hexdigest()[:10]}.svg"
            folder = site_dir / page.url
            folder.mkdir(parents=True, exist_ok=True)
            (folder / src).write_bytes(svg)
        image = f'<img alt="{html.escape(alt)}" width="{width}" height="{height}" loading="lazy" src="{src}">'
        return f'<figure class="lab-figure">{image}<figcaption>{html.escape(caption)}</figcaption></figure>'

    return OUTPUT_IMAGE.sub(sized, output)


def cell_starts(output: str) -> list[int]:
    """Where each cell's outermost <div> opens (mkdocs-jupyter wraps a code cell's div in another)."""
    starts, inner_from = [], -1
    for m in CELL_START.finditer(output):
        if not (starts and output[inner_from : m.start()].strip() == ""):
            starts.append(m.start())
        inner_from = m.end()
    return starts


def fold_solutions(output: str, cells: list, page) -> str:
    """Each run of consecutive cells tagged "solution" inside one collapsed Solution block."""
    where = f"docs/{page.file.src_uri}"
    starts = cell_starts(output)
    if len(starts) != len(cells):
        raise PluginError(f"{where}: the page shows {len(starts)} cells but the notebook has {len(cells)}; "
                          "hooks/notebook_pages.py cannot tell which are solutions. Remove empty cells.")
    if not any(SOLUTION_TAG in cell.metadata.get("tags", []) for cell in cells):
        return output
    end = output.index(NOTEBOOK_END, starts[-1])
    bounds = [*starts, end]
    pieces, opened = [output[: starts[0]]], False
    for i, cell in enumerate(cells):
        solution = SOLUTION_TAG in cell.metadata.get("tags", [])
        if solution and not opened:
            pieces.append('<details class="success lab-solution"><summary>Solution</summary>')
        if opened and not solution:
            pieces.append("</details>")
        opened = solution
        pieces.append(CELL_TOOLBAR.sub("", output[bounds[i] : bounds[i + 1]]))
    if opened:
        pieces.append("</details>")
    pieces.append(output[end:])
    return "".join(pieces)
