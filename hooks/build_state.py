"""The one place the build's hooks share state and settings.

MkDocs loads each hook file as its own module, in the order `hooks:` lists them in
mkdocs.yml, after the plugins. Where the order of two handlers of one event matters, the
handler says so with `@event_priority` (higher runs first). The build, event by event:

| event           | hook (priority)                  | reads / writes `state`                         |
|-----------------|----------------------------------|------------------------------------------------|
| on_config       | snippet_runner (100)             | `state.reset(config)`                          |
| on_config       | references                       | writes `bibliography`, from docs/index.md      |
| on_files        | snippet_runner                   | runs the labs (lab_prerender) and the snippets; writes `labs`, `snippets` |
| on_files        | quoted_results, build_report     | add results.json and build-report.md           |
| on_page_markdown| quoted_results (50)              | reads `snippet_results`, `snippet_timings`     |
| on_page_markdown| snippet_runner (0)               | reads `snippets`: figures, outputs, downloads  |
| on_pre_page     | build_report (-100, after mkdocs-jupyter swapped in its render) | (checks the lab ran early) |
| on_page_content | quoted_results                   | a lab's LAB-SUMMARY line into `lab_summaries`  |
| on_page_content | references                       | reads `bibliography`                           |
| on_env          | quoted_results, build_report     | read everything: results.json, the report      |
| on_post_page    | katex_math                       | `katex_html`, its memo of rendered formulas    |
| on_post_page    | notebook_pages, figures, theme_fixes | (no shared state)                          |
| on_post_build   | search_text                      | (no shared state)                              |

Nothing else is shared: every other module-level name in hooks/ is a constant.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

THEMES = ("light", "dark")  # each figure has a variant per colour scheme (hooks/matplotlibrc-THEME)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")  # what sets a library's thread count


def thread_env(threads: int | None) -> dict[str, str]:
    """This process's environment with numpy and torch on `threads` threads; None: unpinned, the libraries' default."""
    env = {name: value for name, value in os.environ.items() if name not in THREAD_VARIABLES}
    return env if threads is None else env | {name: str(threads) for name in THREAD_VARIABLES}


SNIPPET_TIMEOUT_S = 300  # the build's hang guard, generous for slow laptops; run times go to the build report


@dataclass
class SnippetRun:
    """One snippet's cached run: what it printed, wrote and recorded."""

    file: Path  # snippets/CHAPTER/NAME.py
    dir: Path  # its cache entry: light/ and dark/ hold what each run wrote
    stdout: str
    figures: list[str]  # NAME or NAME.PART, written as .svg
    data: list[str]  # NAME or NAME.PART, written as .json (results excluded)
    results: dict | None  # what it recorded in NAME.results.json
    timing: dict | None  # what it measured in NAME.timing.json, with "machine": where (light run's)
    seconds: float
    cached: bool

    @property
    def uri(self) -> str:
        """Where the site serves the script, e.g. snippets/lstm/lstm_numpy.py."""
        return f"snippets/{self.file.parent.name}/{self.file.name}"


@dataclass
class BuildState:
    root: Path = Path(".")
    snippets: dict[str, SnippetRun] = field(default_factory=dict)  # by file name, "lstm_numpy.py"
    labs: dict[str, dict] = field(default_factory=dict)  # "labs/x.py" -> {"seconds", "cached"}
    lab_summaries: dict[str, dict] = field(default_factory=dict)  # lab name -> what its LAB-SUMMARY printed
    bibliography: dict[str, str] = field(default_factory=dict)  # KEY -> the work's reference, as HTML
    katex_html: dict[tuple[str, bool], str] = field(default_factory=dict)  # (tex, display) -> HTML; kept across
    # rebuilds under `mkdocs serve` (a formula renders the same whatever the page)

    def reset(self, config) -> None:
        self.root = Path(config.config_file_path).parent
        self.snippets.clear()
        self.labs.clear()
        self.lab_summaries.clear()

    @property
    def snippet_results(self) -> dict[str, dict]:
        """Snippet stem -> the values it recorded in NAME.results.json (what chapters quote)."""
        return {run.file.stem: run.results for run in self.snippets.values() if run.results is not None}

    @property
    def snippet_timings(self) -> dict[str, dict]:
        """Snippet stem -> what it measured in NAME.timing.json, plus the machine that measured it."""
        return {run.file.stem: run.timing for run in self.snippets.values() if run.timing is not None}

    @property
    def cache(self) -> Path:
        return self.root / ".cache"


state = BuildState()
