"""MkDocs hook: every figure is numbered and carries a visible caption.

A chapter writes a figure as
    <figure markdown="span">
      ![alt text for screen readers](figures/NAME.svg)
      <figcaption markdown="span">What to look at.</figcaption>
    </figure>
and a lab gives the cell that draws it a `caption="..."` beside its `alt="..."`
(hooks/notebook_pages.py turns that into the same <figure>). On each page the hook numbers
the figures in order: the caption starts with "Figure N.", and a figure without an id gets
`id="figure-N"`. A link whose text is "Figure" and whose target is a figure's id,
`[Figure](#fig-NAME)`, gets the number as its text, so prose never types a figure number.
A figure without a caption, or a link to a figure that is not on the page, fails the build.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

FIGURE = re.compile(r"<figure\b(?P<attrs>[^>]*)>(?P<body>.*?)</figure>", re.S)
CAPTION = re.compile(r"(?:<br\s*/?>\s*)?(<figcaption\b[^>]*>)")
ID = re.compile(r'\bid="(?P<id>[^"]+)"')
FIGURE_LINK = re.compile(r'<a href="#(?P<id>[\w-]+)">Figure</a>')
DRAWN = re.compile(r'<img\b[^>]*\bsrc="(?:[^"]*/)?(?:figures/[^"]+|data:image/[^"]{0,40})')  # a figure a snippet or lab drew


def on_post_page(output: str, page, config) -> str:
    where = f"docs/{page.file.src_uri}"
    numbers: dict[str, int] = {}

    def numbered(m: re.Match) -> str:
        number = len(numbers) + 1
        attrs, body = m["attrs"], m["body"]
        if "<figcaption" not in body:
            raise PluginError(f"{where}: figure {number} has no caption. Add "
                              '<figcaption markdown="span">what to look at</figcaption> inside its <figure>.')
        found = ID.search(attrs)
        if found:
            figure_id = found["id"]
        else:
            figure_id = f"figure-{number}"
            attrs = f' id="{figure_id}"{attrs}'
        numbers[figure_id] = number
        label = f'<span class="figure-number">Figure {number}.</span> '
        body = CAPTION.sub(lambda c: c[1] + label, body, count=1)
        return f"<figure{attrs}>{body}</figure>"

    output = FIGURE.sub(numbered, output)
    bare = DRAWN.search(FIGURE.sub("", output))
    if bare:
        raise PluginError(f"{where}: a figure is not inside a <figure> with a caption ({bare[0][:80]}...). Write it as "
                          '<figure markdown="span"> ![alt](figures/NAME.svg) <figcaption markdown="span">...'
                          "</figcaption></figure>, or, in a lab, give its cell a caption=\"...\".")

    def link_text(m: re.Match) -> str:
        if m["id"] not in numbers:
            raise PluginError(f"{where} links [Figure](#{m['id']}), but no figure on the page has that id.")
        return f'<a href="#{m["id"]}">Figure {numbers[m["id"]]}</a>'

    return FIGURE_LINK.sub(link_text, output)
