"""MkDocs hook: the build report page, build-report/, in the manner of sphinx-gallery's
execution times: every snippet and lab, how long it ran, whether this build took it from
the cache, and the versions of what ran it.

Lab run times are measured by hooks/lab_prerender.py, which runs each lab beside the
snippets, and kept in .cache/lab-times/, so a cached lab still shows how long it took when
it last ran. Times are wrapped in <span class="run-time">, the only
part of the site that differs between two builds (see tools/reproducible_build.py); the
page is left out of the search index.
"""

from __future__ import annotations

import json
import platform
from importlib.metadata import version

import markdown as md
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

import lab_prerender
from build_state import state

REPORT_URI = "build-report.md"
PACKAGES = ["torch", "numpy", "matplotlib", "mkdocs", "mkdocs-material", "pymdown-extensions", "mkdocs-jupyter",
            "jupytext", "nbconvert", "ipykernel"]
PAGE = f"""---
title: Build report
description: How long each snippet and lab of this site ran when it was built, and with which versions.
search:
  exclude: true
---

# Build report

Every figure and every printed number on this site comes from running the code when the
site was built. This page lists what ran, for how long (one run, on the machine that
built the site), and whether this build reused a cached result because nothing it
depends on had changed. Each snippet runs once (its dark-scheme figures are the light ones
recoloured); snippets and labs run side by side, as many at a time as there are cores.

## Snippets

TABLE:snippets

## Measurements

What snippets measured (times, speed ratios; NAME.timing.json) and where. A measurement is
not part of what a build checks: it differs on every run, and the pages that quote it say
on which machine it was taken.

TABLE:measurements

## Labs

TABLE:labs

## Versions

TABLE:versions
"""


def on_files(files: Files, config) -> Files:
    files.append(File.generated(config, REPORT_URI, content=PAGE))
    return files


@event_priority(-100)  # after mkdocs-jupyter's on_pre_page, which swaps in the render that executes the notebook
def on_pre_page(page, config, files):
    """Lab pages render from the cache lab_prerender filled beside the snippets (and timed): check it is there."""
    if page.file.src_uri.startswith("labs/") and page.file.src_uri.endswith(".py"):
        lab_prerender.check_prerendered(page, config)
    return page


def run_time(seconds: float | None) -> str:
    return '<span class="run-time">' + ("unknown" if seconds is None else f"{seconds:.1f} s") + "</span>"


def status(cached: bool) -> str:
    return "cached" if cached else "ran"


def snippets_table(config) -> str:
    rows = [f"| [`{run.uri.removeprefix('snippets/')}`](../{run.uri}) | {', '.join(f'`{f}.svg`' for f in run.figures) or '—'} "
            f"| {run_time(run.seconds)} | {status(run.cached)} |"
            for name, run in sorted(state.snippets.items(), key=lambda item: item[1].uri)]
    return "\n".join(["| Snippet | Figures | Run time | This build |", "|---|---|--:|---|", *rows])


def flattened(values: dict, prefix: str = "") -> list[tuple[str, object]]:
    """{"a": {"16": 1.5}} -> [("a.16", 1.5)]: the keys a page quotes as NAME.timing.KEY."""
    items = []
    for key, value in values.items():
        items += flattened(value, f"{prefix}{key}.") if isinstance(value, dict) else [(f"{prefix}{key}", value)]
    return items


def measured(value) -> str:
    """A measured value for the table: each number (in a list too) marked as a run time, which
    `make reproducible` masks, as it differs on every build."""
    if isinstance(value, list):
        return "[" + ", ".join(measured(item) for item in value) + "]"
    return f'<span class="run-time">{value:.4g}</span>' if isinstance(value, float) else f"{value}"


def measurements_table(config) -> str:
    rows = []
    for stem, timing in sorted(state.snippet_timings.items()):
        values = {key: value for key, value in timing.items() if key != "machine"}
        cells = ", ".join(f"`{key}` {measured(value)}" for key, value in flattened(values))
        rows.append(f"| `{stem}.py` | {cells} | <span class=\"run-time\">{timing['machine']}</span> |")
    return "\n".join(["| Snippet | Measured (`NAME.timing.KEY`) | Machine |", "|---|---|---|", *rows])


def labs_table(config) -> str:
    rows = [f"| `docs/{uri}` | {run_time(run['seconds'])} | {status(run['cached'])} |"
            for uri, run in sorted(state.labs.items())]
    return "\n".join(["| Lab | Run time (whole notebook) | This build |", "|---|--:|---|", *rows])


def versions_table(config) -> str:
    katex = json.loads((state.root / "node_modules" / "katex" / "package.json").read_text())
    rows = [f"| Python | {platform.python_version()} |", *(f"| {name} | {version(name)} |" for name in PACKAGES),
            f"| KaTeX | {katex['version']} |", f"| Platform | {platform.machine()} {platform.system()} |"]
    return "\n".join(["| Software | Version |", "|---|---|", *rows])


TABLES = {"snippets": snippets_table, "measurements": measurements_table, "labs": labs_table,
          "versions": versions_table}  # <p>TABLE:name</p> on the page


def on_env(env, config, files):
    """All pages are rendered now, labs included: fill in the report's tables."""
    report = files.get_file_from_path(REPORT_URI)
    content = report.page.content if report and report.page else ""
    for name, table_of in TABLES.items():
        marker = f"<p>TABLE:{name}</p>"
        if marker not in content:
            raise PluginError(f"{REPORT_URI} has no {marker}; hooks/build_report.py is out of step with its page.")
        content = content.replace(marker, md.markdown(table_of(config), extensions=["tables"]))
    report.page.content = content
    return env
