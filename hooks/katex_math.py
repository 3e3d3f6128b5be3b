"""MkDocs hook: math rendered by KaTeX at build time, served from the site itself.

- on_files adds KaTeX's stylesheet and WOFF2 fonts, taken from the pinned npm package in
  node_modules/katex, to the site as generated files under assets/katex/.
- on_post_page renders every formula of a page to HTML with KaTeX (through node and
  katex_render.cjs), so readers download no math script and nothing shifts once a page
  has loaded. It handles pymdownx.arithmatex's generic output, \\( \\) and \\[ \\] inside
  <span|div class="arithmatex">, and the raw $...$ and $$...$$ that nbconvert leaves in
  the Markdown cells of mkdocs-jupyter notebook pages.
  A page with math also preloads the fonts its first screen uses: KaTeX_Main (digits and
  operators) and KaTeX_Math (italic letters) on nearly every page, the big-delimiter and
  other fonts where the first ten blocks (those docs/stylesheets/extra.css always renders)
  need them. Found late, the main two re-wrapped the text above the fold (Lighthouse
  measured a layout shift of 0.24 without them); KaTeX's text stays invisible until its font
  has loaded, so a late Size2 font held the first screen's largest paint back by up to 1 s.
A formula KaTeX cannot parse fails the build, naming the page and the formula.
"""

from __future__ import annotations

import html
import html.parser
import json
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from build_state import state

RENDERER = Path(__file__).with_name("katex_render.cjs")
ASSET_DIR = "assets/katex"

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])\s*</(?P=tag)>',
    re.S,
)
NOTEBOOK_MARKDOWN = re.compile(r'(<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
DOLLARS = re.compile(r"\$\$(?P<display>.+?)\$\$|\$(?P<inline>[^$]+?)\$", re.S)
CODE = re.compile(r"(<(?:code|pre)\b.*?</(?:code|pre)>)", re.S)

# font file -> a class KaTeX gives the text set in it (katex.min.css; .katex itself is KaTeX_Main)
PRELOADED_FONTS = {
    "KaTeX_Main-Regular": ['class="katex"'], "KaTeX_Math-Italic": ["mathnormal"], "KaTeX_Main-Bold": ["mathbf"],
    "KaTeX_Math-BoldItalic": ["boldsymbol"], "KaTeX_Main-Italic": ["mathit"], "KaTeX_AMS-Regular": ["amsrm", "mathbb"],
    "KaTeX_Caligraphic-Regular": ["mathcal"], "KaTeX_Size1-Regular": ["delimsizing size1", "delim-size1", "small-op"],
    "KaTeX_Size2-Regular": ["delimsizing size2", "large-op"], "KaTeX_Size3-Regular": ["delimsizing size3"],
    "KaTeX_Size4-Regular": ["delimsizing size4", "delim-size4"],
}
# The blocks extra.css always renders: the first ten of a chapter's article, or of a lab's notebook.
FIRST_SCREEN_BLOCKS = 10
CONTAINERS = ('class="md-content__inner', 'class="jp-Notebook')


class BlockEnds(html.parser.HTMLParser):
    """Where, in a page, the (FIRST_SCREEN_BLOCKS + 1)-th child of the first container begins."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, container: str):
        super().__init__(convert_charrefs=False)
        self.container, self.depth, self.children, self.line = container, None, 0, None

    def handle_starttag(self, tag, attrs):
        if self.depth is None:
            if self.container in self.get_starttag_text():
                self.depth = 0
            return
        if self.depth < 0:
            return  # past the container: its blocks are all counted
        if self.depth == 0:
            self.children += 1
            if self.children > FIRST_SCREEN_BLOCKS and self.line is None:
                self.line = self.getpos()
        if tag not in self.VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):  # <br/>, <path .../>: a void tag opens nothing to close
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.depth is None or self.depth < 0 or tag in self.VOID:
            return
        self.depth -= 1  # from 0 to -1: the container closed


def first_screen(page_html: str) -> str:
    """The page up to its first block that may be skipped; the whole page if it has fewer blocks."""
    container = next((c for c in CONTAINERS[::-1] if c in page_html), None)
    if container is None:
        return page_html
    parser = BlockEnds(container)
    parser.feed(page_html)
    if parser.line is None:
        return page_html
    line, column = parser.line
    lines = page_html.split("\n")
    return "\n".join(lines[: line - 1] + [lines[line - 1][:column]])


def katex_dist(config) -> Path:
    dist = state.root / "node_modules" / "katex" / "dist"
    if not (dist / "katex.min.css").is_file():
        raise PluginError(f"KaTeX not found in {dist}: run `npm ci` (make does it for you).")
    return dist


def on_files(files: Files, config) -> Files:
    dist = katex_dist(config)
    for path in [dist / "katex.min.css", *sorted((dist / "fonts").glob("*.woff2"))]:
        uri = f"{ASSET_DIR}/{path.relative_to(dist).as_posix()}"
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_post_page(output: str, page, config) -> str:
    found: list[tuple[str, bool]] = []
    map_formulas(output, lambda m: found.append(formula_key(m)) or m[0])
    rendered = render(found, page.file.src_uri)
    return with_font_preloads(map_formulas(output, lambda m: rendered[formula_key(m)]), page.url)


def with_font_preloads(page_html: str, page_url: str) -> str:
    shown_first = first_screen(page_html)
    links = "".join(
        f'<link rel="preload" href="{get_relative_url(f"{ASSET_DIR}/fonts/{font}.woff2", page_url)}" '
        'as="font" type="font/woff2" crossorigin>'
        for font, classes in PRELOADED_FONTS.items() if any(c in shown_first for c in classes)
    )
    return page_html.replace("</title>", "</title>" + links, 1) if links else page_html


def formula_key(m: re.Match) -> tuple[str, bool]:
    display = m.group("display") is not None
    return html.unescape(m.group("display" if display else "inline")).strip(), display


def map_formulas(page_html: str, replace) -> str:
    """Apply replace(match) to every formula: arithmatex output, and $-math in notebook Markdown cells."""
    page_html = ARITHMATEX.sub(replace, page_html)

    def in_cell(cell: re.Match) -> str:
        parts = CODE.split(cell[2])  # odd items are <code>/<pre> elements: left alone
        text = "".join(p if i % 2 else DOLLARS.sub(replace, p) for i, p in enumerate(parts))
        return cell[1] + text + cell[3]

    return NOTEBOOK_MARKDOWN.sub(in_cell, page_html)


def render(formulas: list[tuple[str, bool]], page_path: str) -> dict[tuple[str, bool], str]:
    """{(tex, display): KaTeX's HTML} for the formulas; those not rendered before take one call to node."""
    done = state.katex_html
    todo = sorted(set(formulas) - done.keys())
    if not todo:
        return done
    node = shutil.which("node")
    if node is None:
        raise PluginError("node not found: install Node.js, which renders the math (KaTeX).")
    request = json.dumps([{"tex": tex, "display": display} for tex, display in todo])
    proc = subprocess.run([node, str(RENDERER)], input=request, capture_output=True, text=True, cwd=RENDERER.parent)
    if proc.returncode != 0:
        raise PluginError(f"KaTeX renderer failed on {page_path}:\n{proc.stderr}")
    for key, result in zip(todo, json.loads(proc.stdout)):
        if "error" in result:
            raise PluginError(f"{page_path}: KaTeX cannot render {key[0]!r}: {result['error']}. Fix the formula.")
        done[key] = result["html"]
    return done
