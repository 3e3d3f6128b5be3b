"""pytest set-up shared by the whole suite (`make test`, `make check`).

Every ```python and ```bash fence in docs/ is a test. Blocks are read with
pytest-codeblocks' public `extract_from_file` (which also reads its markers: skip, xfail,
expected-output, cont), and run by the small collector below. Pages include snippet code
with pymdownx.snippets lines (--8<-- "snippets/CHAPTER/NAME.py:SECTION"); each is replaced
by what pymdownx.snippets itself puts there, configured as in mkdocs.yml
(hooks/page_conventions.py), and the sections one page shows of the same snippet are
joined, in page order, into one program: the code a reader copies from the page, in
order, is the code tested. Each Python block runs alone, as __main__ (as in a notebook), in
a fork of one of the build's fork servers (hooks/snippet_zygote.py, which has torch, numpy
and matplotlib imported once), and bash blocks in bash: in an empty temporary folder, so
figures it saves land there, with matplotlib's non-interactive backend (only there: the
site build that the tests start must not inherit it, or notebook figures would not be
drawn). At the first code block of a session every
block that is not skipped is started, as many at a time as there are cores (one thread
each); each test then waits for its own, so the slow ones (the LSTM-vs-GRU comparison,
about 110 s) run beside the rest instead of after them.

numpy and torch run on one thread in the suite, as the build runs snippets: the models
are small, and several threads per process on a busy 2-core machine is far slower.
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT / "hooks"))
from build_state import SNIPPET_TIMEOUT_S, THREAD_VARIABLES  # noqa: E402  (imports neither numpy nor torch)

for _threads in THREAD_VARIABLES:
    os.environ.setdefault(_threads, "1")  # before anything imports numpy or torch

import pytest  # noqa: E402
import pytest_codeblocks  # noqa: E402

import page_conventions as conventions  # noqa: E402
from snippet_runner import ForkServers  # noqa: E402

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


class CodeBlockFailed(Exception):
    """A block exited non-zero; the message is its stderr (the traceback)."""


def run_block(block, name: str, servers) -> tuple[int | None, str, str]:
    """(exit code, stdout, stderr) of a block run alone in an empty scratch folder with matplotlib's Agg backend:
    Python as a file `name`, as __main__, in a fork of one of the build's servers (torch already imported), bash
    and sh in a shell."""
    with tempfile.TemporaryDirectory(prefix="codeblock-") as scratch:
        if block.syntax == "python":
            run_dir = Path(scratch) / "run"
            run_dir.mkdir()
            (run_dir / name).write_text(block.code)
            return servers.execute(run_dir, name, SNIPPET_TIMEOUT_S)
        done = subprocess.run(["/bin/bash" if block.syntax == "bash" else "/bin/sh", "-s"], input=block.code,
                              cwd=scratch, capture_output=True, text=True, env=dict(os.environ, MPLBACKEND="Agg"))
        return done.returncode, done.stdout, done.stderr


def is_skipped(item) -> bool:
    return (item.get_closest_marker("skip") is not None or item.block.importorskip is not None
            or any(mark.args and mark.args[0] for mark in item.iter_markers("skipif")))


class BlockRuns:
    """The session's code blocks, all started at the first one's test, as many at a time as there are cores."""

    def __init__(self):
        cores = os.cpu_count() or 1
        self.pool, self.servers = ThreadPoolExecutor(max_workers=cores), ForkServers(cores)
        self.started: dict[str, Future] = {}

    def result(self, item) -> tuple[int | None, str, str]:
        if not self.started:
            for other in item.session.items:
                if isinstance(other, CodeBlockItem) and not is_skipped(other):
                    self.started[other.nodeid] = self.pool.submit(run_block, other.block, other.file_name, self.servers)
        job = self.started.get(item.nodeid) or self.pool.submit(run_block, item.block, item.file_name, self.servers)
        return job.result()

    def close(self):
        for job in self.started.values():
            job.cancel()
        self.pool.shutdown(wait=True)
        self.servers.close()


BLOCK_RUNS = BlockRuns()


def pytest_unconfigure(config):
    BLOCK_RUNS.close()


class CodeBlockItem(pytest.Item):
    def __init__(self, *, block, **kwargs):
        super().__init__(**kwargs)
        self.block = block
        self.file_name = f"{self.path.stem}_line_{block.lineno}.py"  # tracebacks name the page and the line

    def runtest(self):
        block = self.block
        if block.importorskip is not None:
            pytest.importorskip(block.importorskip)
        code, stdout, stderr = BLOCK_RUNS.result(self)
        if code != 0:
            why = f"ran over {SNIPPET_TIMEOUT_S} s" if code == -signal.SIGALRM else f"exit code {code}"
            raise CodeBlockFailed(f"{why}\n{stderr[-6000:]}")
        if block.expected_output is not None and stdout != block.expected_output:
            raise AssertionError(f"expected output\n{block.expected_output}\nbut got\n{stdout}")

    def repr_failure(self, excinfo):
        block = self.block
        numbered = "\n".join(f"{n:4} {line}" for n, line in enumerate(block.code.split("\n"), start=1))
        why = str(excinfo.value) if excinfo.errisinstance(CodeBlockFailed) else excinfo.getrepr(style="short")
        return f"{self.path.relative_to(ROOT)}, code block at line {block.lineno}:\n{numbered}\n\n{why}"

    def reportinfo(self):
        return self.path, max(self.block.lineno - 1, 0), f"code block at line {self.block.lineno}"
