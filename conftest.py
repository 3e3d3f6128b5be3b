"""pytest set-up shared by the whole suite (`make test`, `make check`).

Every ```python and ```bash fence in docs/ is a test. Blocks are read with
pytest-codeblocks' public `extract_from_file` (which also reads its markers: skip, xfail,
expected-output, cont), and run by the small collector below. Pages include snippet code
with pymdownx.snippets lines (--8<-- "snippets/CHAPTER/NAME.py:SECTION"); each is replaced
by what pymdownx.snippets itself puts there, configured as in mkdocs.yml
(hooks/page_conventions.py), and the sections one page shows of the same snippet are
joined, in page order, into one program: the code a reader copies from the page, in
order, is the code tested. Code blocks run in an empty temporary folder, so figures they
save land there, with matplotlib's non-interactive backend (set only around them: the site
build that the tests start must not inherit it, or notebook figures would not be drawn).

numpy and torch run on one thread in the suite, as the build runs snippets: the models
are small, and several threads per process on a busy 2-core machine is far slower.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

for _threads in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")  # before anything imports numpy or torch

import pytest  # noqa: E402
import pytest_codeblocks  # noqa: E402

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT / "hooks"))
import page_conventions as conventions  # noqa: E402

expand_includes = functools.cache(lambda: conventions.include_expander(ROOT))  # one Markdown instance per session


def pytest_addoption(parser):
    parser.addoption("--results", metavar="RESULTS_JSON",
                     help="claims tests (tests/chapters/, tests/labs/) read this manifest instead of the "
                          "results.json of a fresh build, e.g. site/results.json after `make build`")


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".md" and (ROOT / "docs") in file_path.parents:
        return DocPage.from_parent(parent, path=file_path)


def joined_by_snippet(blocks, expand) -> list:
    """Replace include lines by their text; join the blocks that only include one snippet into the first."""
    first_block_of: dict[str, object] = {}
    kept = []
    for block in blocks:
        lines = block.code.rstrip("\n").split("\n")
        found = [conventions.INCLUDE.match(line) for line in lines]
        if not any(found):
            kept.append(block)
            continue
        only_includes = all(m or not line.strip() for m, line in zip(found, lines))
        sources = {m["path"] for m in found if m}
        block.code = "\n".join(expand(lines)) + "\n"
        source = sources.pop() if only_includes and len(sources) == 1 else None
        if source in first_block_of:
            first_block_of[source].code += block.code
            continue
        if source is not None:
            first_block_of[source] = block
        kept.append(block)
    return kept


class DocPage(pytest.File):
    def collect(self):
        try:
            blocks = joined_by_snippet(pytest_codeblocks.extract_from_file(self.path), expand_includes())
        except Exception as err:  # pymdownx.snippets: a missing file or section
            raise pytest.UsageError(f"{self.path.relative_to(ROOT)}: {err}") from None
        for block in blocks:
            if block.syntax not in conventions.RUN:
                continue
            item = CodeBlockItem.from_parent(self, name=f"line {block.lineno}", block=block)
            for mark in block.marks:
                item.add_marker(eval(mark, {"sys": sys, "pytest": pytest}))
            yield item


@contextlib.contextmanager
def scratch_folder_with_agg_backend():
    cwd, backend = os.getcwd(), os.environ.get("MPLBACKEND")
    with tempfile.TemporaryDirectory(prefix="codeblock-") as scratch:
        os.chdir(scratch)
        os.environ["MPLBACKEND"] = "Agg"
        try:
            yield
        finally:
            os.chdir(cwd)
            if backend is None:
                del os.environ["MPLBACKEND"]
            else:
                os.environ["MPLBACKEND"] = backend


class CodeBlockItem(pytest.Item):
    def __init__(self, *, block, **kwargs):
        super().__init__(**kwargs)
        self.block = block

    def runtest(self):
        block = self.block
        if block.importorskip is not None:
            pytest.importorskip(block.importorskip)
        with scratch_folder_with_agg_backend():
            if block.syntax == "python":
                stdout = io.StringIO()
                with contextlib.redirect_stdout(stdout):
                    exec(compile(block.code, f"{self.path.name}:{block.lineno}", "exec"), {"__name__": "__codeblock__"})
                output = stdout.getvalue()
            else:
                output = subprocess.run(block.code, shell=True, check=True, capture_output=True, text=True,
                                        executable="/bin/bash" if block.syntax == "bash" else None).stdout
        if block.expected_output is not None and output != block.expected_output:
            raise AssertionError(f"expected output\n{block.expected_output}\nbut got\n{output}")

    def repr_failure(self, excinfo):
        block = self.block
        numbered = "\n".join(f"{n:4} {line}" for n, line in enumerate(block.code.split("\n"), start=1))
        return f"{self.path.relative_to(ROOT)}, code block at line {block.lineno}:\n{numbered}\n\n{excinfo.getrepr(style='short')}"

    def reportinfo(self):
        return self.path, max(self.block.lineno - 1, 0), f"code block at line {self.block.lineno}"
