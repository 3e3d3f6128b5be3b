"""pytest set-up shared by the whole suite (`make test`).

pytest-codeblocks runs every ```python and ```bash fence in docs/. Pages include snippet
code with pymdownx.snippets lines (--8<-- "snippets/NAME.py:SECTION"), which the plugin
would run literally. So, before collection, each include line is replaced by the text it
includes, and the sections one page shows of the same snippet are joined, in page order,
into one program: the code a reader copies from the page, in order, is the code tested.
Code blocks run in an empty temporary folder, so figures they save land there, with
matplotlib's non-interactive backend (set only around them: the site build that the
tests start must not inherit it, or notebook figures would not be drawn).

numpy and torch run on one thread in the suite, as the build runs snippets: the models
are small, and several threads per process on a busy 2-core machine is far slower.
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from pathlib import Path

for _threads in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")  # before anything imports numpy or torch

import pytest  # noqa: E402
import pytest_codeblocks.plugin as codeblocks  # noqa: E402

ROOT = Path(__file__).parent
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\s*$')
MARKER = re.compile(r"^\s*#\s*--8<--\s*\[(?P<kind>start|end):(?P<name>[\w-]+)\]\s*$")

def included_text(path: str, section: str | None, page: Path) -> str:
    """The text pymdownx.snippets puts in place of an include line."""
    source = ROOT / path
    if not source.is_file():
        raise pytest.UsageError(f"{page}: includes {path}, which does not exist.")
    lines = source.read_text().splitlines(keepends=True)
    if section is None:
        return "".join(line for line in lines if not MARKER.match(line))
    starts = [i for i, line in enumerate(lines) if (m := MARKER.match(line)) and m.groups() == ("start", section)]
    ends = [i for i, line in enumerate(lines) if (m := MARKER.match(line)) and m.groups() == ("end", section)]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise pytest.UsageError(f"{page}: section '{section}' of {path} needs one '# --8<-- [start:{section}]' "
                                f"and one '# --8<-- [end:{section}]' line, in that order.")
    body = [line for line in lines[starts[0] + 1 : ends[0]] if not MARKER.match(line)]
    return textwrap.dedent("".join(body))


def expand_includes(blocks, page: Path):
    """Replace include lines by their text; join the blocks that only include one snippet into the first."""
    first_block_of: dict[str, object] = {}
    kept = []
    for block in blocks:
        lines = block.code.splitlines()
        matches = [INCLUDE.match(line) for line in lines]
        if not any(matches):
            kept.append(block)
            continue
        only_includes = all(m or not line.strip() for m, line in zip(matches, lines))
        sources = {m["path"] for m in matches if m}
        block.code = "".join(included_text(m["path"], m["section"], page) if m else line + "\n"
                             for m, line in zip(matches, lines))
        source = sources.pop() if only_includes and len(sources) == 1 else None
        if source in first_block_of:
            first_block_of[source].code += block.code
            continue
        if source is not None:
            first_block_of[source] = block
        kept.append(block)
    return kept


_extract = codeblocks.extract_from_file


def extract_with_includes(path, *args, **kwargs):
    return expand_includes(_extract(path, *args, **kwargs), Path(path).relative_to(ROOT))


codeblocks.extract_from_file = extract_with_includes


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if not isinstance(item, codeblocks.TestBlock):
        return (yield)
    cwd, backend = os.getcwd(), os.environ.get("MPLBACKEND")
    with tempfile.TemporaryDirectory(prefix="codeblock-") as scratch:
        os.chdir(scratch)
        os.environ["MPLBACKEND"] = "Agg"
        try:
            return (yield)
        finally:
            os.chdir(cwd)
            if backend is None:
                del os.environ["MPLBACKEND"]
            else:
                os.environ["MPLBACKEND"] = backend
