"""MkDocs hook: keep mkdocs-jupyter's notebook pages offline.

nbconvert's template adds a MathJax loader with an empty src (KaTeX renders the math
instead, see math.py) and a module script that imports mermaid from cdnjs when a
notebook has diagrams. Both are removed; a notebook page that still names an outside
script host after that fails the build. A notebook page has no front matter, so its
meta description is the first paragraph of its first Markdown cell.

Figures: nbconvert inlines each SVG output as an <img> with neither size nor a useful
alt text. Each code cell that draws a figure says what it shows in its header,
`# %% alt="..."`; the hook gives the i-th figure the i-th such text, and the width and
height read from the SVG, so nothing shifts as the page loads.
"""

from __future__ import annotations

import base64
import html
import re

import jupytext
from mkdocs.exceptions import PluginError

from svg_size import svg_size_px

MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
CDN_MODULE = re.compile(r'<script type="module">(?:(?!</script>).)*?https://cdnjs\.[^"]*".*?</script>', re.S)
OUTSIDE_SCRIPT = re.compile(r"""(?:src=|import\()\s*["']https?://""")
OUTPUT_IMAGE = re.compile(r'<img\b[^>]*\bsrc="data:(?P<type>image/[\w+.-]+);base64,(?P<data>[^"]+)"[^>]*>')


def on_post_page(output: str, page, config) -> str:
    if "jupyter-wrapper" not in output:
        return output
    output = describe_figures(CDN_MODULE.sub("", MATHJAX.sub("", output)), page)
    outside = OUTSIDE_SCRIPT.search(output)
    if outside:
        context = output[outside.start() : outside.start() + 120]
        raise PluginError(f"{page.file.src_uri}: the notebook page still loads from another host: {context!r}. "
                          "Strip it in hooks/notebooks.py.")
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
