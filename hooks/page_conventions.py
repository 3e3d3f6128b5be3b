"""The conventions a page of docs/ is written in, parsed in one place for the build and the tests.

| In the Markdown                                   | What it means                                        |
|---------------------------------------------------|------------------------------------------------------|
| a fence holding `--8<-- "snippets/CH/FILE.py:SEC"` | show section SEC of a snippet (pymdownx.snippets)    |
| `<!-- output: FILE.py -->` on its own line        | what FILE.py printed when the site was built         |
| `![alt](figures/NAME.svg)`                        | the figure a snippet saved as NAME.svg               |
| `{{ KEY }}` or `{{ KEY:SPEC }}`                   | a value a snippet recorded, formatted with SPEC      |

KEY is `SOURCE.PATH`: SOURCE a snippet's file stem (or a lab's name), PATH the dotted path
into what it recorded; a number in PATH indexes a list. SPEC is a Python format spec, as
after the colon in an f-string (`.3g`, `.1%`, `,d`).

Only text outside fences is rewritten. The build (hooks/) and the tests (conftest.py,
tests/) both read pages through these functions; the sections an include line names are
extracted by pymdownx.snippets itself (`include_expander`), as the build does.

Files a snippet writes are named after it: `STEM.svg`, `STEM.json`, or with a part after a
dot, `STEM.PART.svg`. `STEM.results.json` holds the values it records for the page to quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

FENCE_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<path>snippets/(?:[\w-]+/)*(?P<file>[\w-]+\.py))(?::(?P<section>[\w-]+))?"\s*$')
OUTPUT = re.compile(r"^(?P<indent>[ \t]*)<!--\s*output:\s*(?P<file>[\w-]+\.py)\s*-->[ \t]*$")
FIGURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<dir>(?:\.\./)*figures/)(?P<name>[\w.-]+)\.svg\)")
QUOTE = re.compile(r"\{\{\s*(?P<key>[\w-]+(?:\.[\w-]+)*)\s*(?::(?P<spec>[^{}]*?))?\s*\}\}")
OUTPUT_FILE = re.compile(r"^(?P<stem>[\w-]+)(?:\.(?P<part>[\w-]+))?\.(?P<suffix>svg|json)$")
RESULTS_PART = "results"
TIMING_PART = "timing"  # STEM.timing.json: measured times, never compared between runs (quoted as STEM.timing.KEY)
RUN = {"python", "sh", "bash"}  # fences the suite runs (as pytest-codeblocks would); tests/test_fences.py flags the rest


@dataclass
class Fence:
    """A fenced block: lines[start] opens it, lines[end] closes it (end == len(lines) if never closed)."""

    start: int
    end: int
    indent: str
    fence: str
    info: str
    body: list[str]


def fences(lines: list[str]) -> list[Fence]:
    """Every fenced block of a page, outermost only, in order (line indices are 0-based)."""
    found, i = [], 0
    while i < len(lines):
        m = FENCE_LINE.match(lines[i])
        if not m:
            i += 1
            continue
        end = i + 1
        while end < len(lines):
            close = FENCE_LINE.match(lines[end])
            if close and close["fence"].startswith(m["fence"][0]) and len(close["fence"]) >= len(m["fence"]) \
                    and not close["info"].strip():
                break
            end += 1
        found.append(Fence(i, end, m["indent"], m["fence"], m["info"].strip(), lines[i + 1 : end]))
        i = end + 1
    return found


def outside_fences(lines: list[str]) -> Iterator[int]:
    """Indices of the lines that are not part of a fenced block."""
    inside = {n for f in fences(lines) for n in range(f.start, min(f.end, len(lines) - 1) + 1)}
    return (n for n in range(len(lines)) if n not in inside)


def includes(fence: Fence) -> list[re.Match]:
    return [m for line in fence.body if (m := INCLUDE.match(line))]


def output_marker(line: str) -> re.Match | None:
    return OUTPUT.match(line)


def rewrite_outside_fences(markdown: str, rewrite: Callable[[str, int], str]) -> str:
    """Apply rewrite(line, line number from 1) to every line outside a fence."""
    lines = markdown.split("\n")
    for n in outside_fences(lines):
        lines[n] = rewrite(lines[n], n + 1)
    return "\n".join(lines)


def output_file(name: str) -> re.Match | None:
    """NAME.svg / NAME.json / NAME.PART.svg as (stem, part, suffix); None if the name breaks the rule."""
    return OUTPUT_FILE.match(name)


def lookup(recorded: dict, key: str):
    """The value at KEY = SOURCE.PATH in {source: values}; raises KeyError(message) naming what is known."""
    source, *path = key.split(".")
    if source not in recorded:
        raise KeyError(f"no snippet or lab named '{source}' records results (known: {', '.join(sorted(recorded)) or 'none'})")
    value, walked = recorded[source], source
    for part in path:
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            keys = (f"indices 0 to {len(value) - 1}" if isinstance(value, list)
                    else ", ".join(sorted(value)) if isinstance(value, dict) else "none, it is a single value")
            raise KeyError(f"'{walked}' has no '{part}' (it has: {keys})")
        walked += f".{part}"
    return value


def include_expander(root: Path) -> Callable[[list[str]], list[str]]:
    """lines -> lines with every include line replaced by what pymdownx.snippets puts there,
    configured as in mkdocs.yml (paths resolved from the project root)."""
    import markdown
    from mkdocs.utils import yaml_load

    config = yaml_load((root / "mkdocs.yml").read_text())
    options = {}
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            options = dict(entry["pymdownx.snippets"] or {})
    options["base_path"] = [str(root / base) for base in options.get("base_path", ["."])]
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    preprocessor = md.preprocessors["snippet"]
    return preprocessor.run
