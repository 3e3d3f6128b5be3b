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
alt text. Each code cell that draws a figure says what it shows in its header,
`# %% alt="..."`; the hook gives the i-th figure the i-th such text, and the width and
height read from the SVG, so nothing shifts as the page loads.
"""

from __future__ import annotations

import base64
import html
import itertools
import os
import re

import jupytext
from mkdocs.exceptions import PluginError

from svg_size import svg_size_px

# Labs run in a kernel that inherits this process's environment: one thread for numpy and
# torch, as for snippets. Small models train several times faster so on a busy 2-core
# machine, and the results do not depend on the core count.
for _threads in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
CDN_MODULE = re.compile(r'<script type="module">(?:(?!</script>).)*?https://cdnjs\.[^"]*".*?</script>', re.S)
OUTSIDE_SCRIPT = re.compile(r"""(?:src=|import\()\s*["']https?://""")
INLINE_STYLE = re.compile(r"<style\b[^>]*>.*?</style>\s*", re.S)
CELL_ID = re.compile(r'\bid="cell-id=[\w-]+"')
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
    output = describe_figures(output.replace('class="anchor-link"', 'class="headerlink"'), page)
    outside = OUTSIDE_SCRIPT.search(output)
    if outside:
        context = output[outside.start() : outside.start() + 120]
        raise PluginError(f"{page.file.src_uri}: the notebook page still loads from another host: {context!r}. "
                          "Strip it in hooks/notebook_pages.py.")
    return output


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


def figure_alts(source_path: str) -> list[str]:
    cells = jupytext.read(source_path, fmt="py:percent").cells
    return [cell.metadata["alt"] for cell in cells if cell.cell_type == "code" and "alt" in cell.metadata]


def describe_figures(output: str, page) -> str:
    where = f"docs/{page.file.src_uri}"
    images = list(OUTPUT_IMAGE.finditer(output))
    alts = figure_alts(page.file.abs_src_path)
    if len(images) != len(alts):
        raise PluginError(f"{where} draws {len(images)} figure(s) but {len(alts)} code cell(s) say what they show: "
                          'give each cell that draws one figure a header like `# %% alt="Loss against step"`.')
    replacements = iter(zip(images, alts))

    def sized(m: re.Match) -> str:
        _, alt = next(replacements)
        if m["type"] != "image/svg+xml":
            raise PluginError(f'{where}: a figure is {m["type"]}; draw SVG with '
                              '%config InlineBackend.figure_formats = ["svg"].')
        try:
            width, height = svg_size_px(base64.b64decode(m["data"][:6000]).decode(errors="replace"), where)
        except ValueError as err:
            raise PluginError(str(err)) from None
        return f'<img alt="{html.escape(alt)}" width="{width}" height="{height}" src="data:{m["type"]};base64,{m["data"]}">'

    return OUTPUT_IMAGE.sub(sized, output)
