"""MkDocs hook: every page lists the works it cites, so a citation never leaves the page.

The bibliography is the "## References" list on the home page, docs/index.md, one item per
work, each opening with its key: `- <a id="KEY"></a>Authors (Year). Title. ... [arXiv:…](…)`.
A page cites a work with a link to that key, `[Author et al. (Year)](index.md#KEY)` (a lab
notebook writes the link to the home page, `../../#KEY`). For each page but the home page the
hook

- points every such citation at the page's own references section, `#ref-KEY`, with the
  work's full reference as the link's title (shown on hover);
- appends that section, "References", listing the cited works in the home page's order,
  and adds it to the page's table of contents.

A citation of a key the home page does not list fails the build, naming the page and the key.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

from build_state import state

BIBLIOGRAPHY = "docs/index.md"
SECTION = re.compile(r"^## References\s*$(?P<body>.*?)(?=^## |\Z)", re.S | re.M)
ENTRY = re.compile(r'^- <a id="(?P<key>[\w-]+)"></a>(?P<text>.*?)(?=^- |\Z)', re.S | re.M)
# A link to the home page's anchor KEY, as MkDocs writes it from any page: ../#KEY, ../../#KEY, ./#KEY.
CITATION = re.compile(r'<a href="(?:\./|(?:\.\./)+)#(?P<key>[\w-]+)"')
TAG = re.compile(r"<[^>]+>")
SECTION_ID = "references"


def read_bibliography(path: Path) -> dict[str, str]:
    """KEY -> the entry's Markdown, in the order of the home page's list."""
    section = SECTION.search(path.read_text(encoding="utf-8"))
    if not section:
        raise PluginError(f"{BIBLIOGRAPHY} has no '## References' section; the hook references.py reads the "
                          "bibliography from it.")
    entries = {m["key"]: " ".join(m["text"].split()) for m in ENTRY.finditer(section["body"])}
    if not entries:
        raise PluginError(f"{BIBLIOGRAPHY}: the References section lists no work as "
                          '`- <a id="KEY"></a>Authors (Year). Title.`')
    return entries


def entry_html(text: str) -> str:
    rendered = markdown.markdown(text)
    return rendered.removeprefix("<p>").removesuffix("</p>")


def plain(text_html: str) -> str:
    return html.escape(html.unescape(TAG.sub("", text_html)), quote=True)


def on_config(config):
    entries = read_bibliography(state.root / BIBLIOGRAPHY)
    state.bibliography = {key: entry_html(text) for key, text in entries.items()}
    return config


def cited_keys(content: str, where: str) -> list[str]:
    keys = {m["key"] for m in CITATION.finditer(content)}
    works = [key for key in keys if key in state.bibliography or re.fullmatch(r"[a-z]+-\d{4}[a-z]?", key)]
    unknown = sorted(key for key in works if key not in state.bibliography)
    if unknown:
        raise PluginError(f"{where} cites {', '.join(unknown)}, which {BIBLIOGRAPHY} does not list: add the work to "
                          "its References section or fix the key.")
    return [key for key in state.bibliography if key in works]


def references_section(keys: list[str]) -> str:
    items = "".join(f'<li id="ref-{key}">{state.bibliography[key]}</li>' for key in keys)
    return (f'<h2 id="{SECTION_ID}">References<a class="headerlink" href="#{SECTION_ID}" '
            f'title="Permanent link">&para;</a></h2>\n<ul class="references">{items}</ul>\n')


def on_page_content(content: str, page, config, files) -> str:
    if page.file.src_uri == "index.md":
        return content
    keys = cited_keys(content, f"docs/{page.file.src_uri}")
    if not keys:
        return content
    if f'id="{SECTION_ID}"' in content:
        raise PluginError(f"docs/{page.file.src_uri} has its own '{SECTION_ID}' anchor; the hook references.py adds "
                          "the References section: remove the page's own.")

    def local(m: re.Match) -> str:
        key = m["key"]
        if key not in keys:
            return m[0]
        return f'<a href="#ref-{key}" title="{plain(state.bibliography[key])}"'

    add_to_toc(page)
    return CITATION.sub(local, content) + references_section(keys)


def add_to_toc(page) -> None:
    link = AnchorLink("References", SECTION_ID, 2)
    items = page.toc.items
    if len(items) == 1 and items[0].level == 1:
        items[0].children.append(link)
    else:
        items.append(link)
