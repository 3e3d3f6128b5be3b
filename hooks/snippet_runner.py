"""MkDocs hook: run every snippet at build time and put what it makes on the site.

Snippets live in one folder per chapter, snippets/CHAPTER/NAME.py, CHAPTER being the page
(docs/CHAPTER.md) that shows them; NAME is unique across the site. Each is run as a student
would run it: copied alone into an empty folder and run there as __main__, on one thread,
under the light matplotlib style (hooks/matplotlibrc-light), in a fork of a server that has
imported torch and matplotlib once (hooks/snippet_zygote.py; a fresh interpreter per
snippet spent more time importing than most snippets compute). Each figure's dark variant is the
light SVG with every colour of that style swapped for its counterpart in hooks/matplotlibrc-dark
(text, axes, grid, the colour cycle): the same drawing a run under the dark style makes, for
half the build's CPU. (tests/test_snippets.py reruns every snippet and compares it with the
build, so a snippet that prints or draws something else on another run still fails.) Results are cached in
.cache/snippets/ by a content hash of the snippet, requirements.txt and the styles, so a
rebuild after a prose edit runs nothing. Every file a snippet writes is named after it
(hooks/page_conventions.py): NAME.svg, NAME.json, NAME.PART.svg, NAME.results.json. The hook

- adds each SVG, NAME.svg, as figures/NAME-light.svg and figures/NAME-dark.svg;
- adds each JSON file, NAME.json, as figures/NAME.json (the data behind an in-page explorer);
- keeps NAME.results.json, the values the snippet records, on its run in `state.snippets`
  for the pages to quote (hooks/quoted_results.py);
- keeps NAME.timing.json, what it measured (times, speed ratios), with the machine that ran
  it: a measurement, the one file allowed to differ between the two runs;
- adds each snippet as snippets/CHAPTER/NAME.py, the standalone file that pages link to;
- rewrites page Markdown (outside fences):
  ![alt](figures/NAME.svg)   -> the light and dark variants, with width and height;
  a fence including a section of a snippet -> followed by a link to download it;
  <!-- output: NAME.py -->   -> a text block with what NAME.py printed.

A snippet that fails, or writes a file not named after it, fails the build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import posixpath
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Callable

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

import page_conventions as conventions
import lab_prerender
from build_state import SNIPPET_TIMEOUT_S, THEMES, SnippetRun, state, thread_env
from svg_size import svg_size_px

log = logging.getLogger("mkdocs.hooks.snippet_runner")

HERE = Path(__file__).parent
RUNNER_VERSION = "5"  # bump to invalidate every cached result


# ---------------------------------------------------------------- finding and running snippets


def find_snippets(root: Path) -> list[Path]:
    """snippets/CHAPTER/NAME.py, with NAME unique; a snippet elsewhere fails the build."""
    folder = root / "snippets"
    stray = sorted(p.relative_to(root).as_posix() for p in folder.rglob("*.py") if p.parent.parent != folder)
    if stray:
        raise PluginError(f"{', '.join(stray)}: a snippet lives in the folder of the page that shows it, "
                          "snippets/CHAPTER/NAME.py (CHAPTER as in docs/CHAPTER.md); move it there.")
    snippets = sorted(folder.glob("*/*.py"))
    seen: dict[str, Path] = {}
    for snippet in snippets:
        if snippet.name in seen:
            raise PluginError(f"{seen[snippet.name].relative_to(root)} and {snippet.relative_to(root)} have the "
                              "same name; figures and quoted results are named after it: rename one.")
        seen[snippet.name] = snippet
    return snippets


def cache_key(snippet: Path, root: Path) -> str:
    digest = hashlib.sha256(RUNNER_VERSION.encode())
    for path in (snippet, root / "requirements.txt", *(HERE / f"matplotlibrc-{t}" for t in THEMES)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def where(snippet: Path) -> str:
    return f"snippets/{snippet.parent.name}/{snippet.name}"


def snippet_env(theme: str, threads: int | None) -> dict[str, str]:
    """The environment of a snippet's run: the theme's style, no display, fixed hashes, `threads` threads (None: the default)."""
    return thread_env(threads) | {"MPLBACKEND": "Agg", "MATPLOTLIBRC": str(HERE / f"matplotlibrc-{theme}"),
                                  "PYTHONHASHSEED": "0"}


def check_exit(snippet: Path, code: int, stderr: str, timeout: float) -> None:
    if code == -signal.SIGALRM or code is None:
        raise PluginError(f"{where(snippet)} ran over {timeout} s and was stopped: make it lighter "
                          "(fewer steps, smaller sizes) or look for an endless loop.")
    if code != 0:
        raise PluginError(f"{where(snippet)} failed (exit {code}):\n{stderr}\n"
                          f"Reproduce with: python {where(snippet)}")


def run_once(snippet: Path, theme: str, out_dir: Path, timeout: float = SNIPPET_TIMEOUT_S, threads: int | None = 1) -> str:
    """Run a copy of the snippet alone in out_dir, in a fresh interpreter, under a theme's style; return its stdout.

    threads=None leaves the libraries their default, as a student's run does (tests/test_snippets.py checks it
    agrees with the build's one-thread run)."""
    out_dir.mkdir(parents=True)
    shutil.copy(snippet, out_dir / snippet.name)
    try:
        proc = subprocess.run([sys.executable, snippet.name], cwd=out_dir, env=snippet_env(theme, threads),
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        check_exit(snippet, None, "", timeout)
    check_exit(snippet, proc.returncode, proc.stderr, timeout)
    (out_dir / snippet.name).unlink()
    return proc.stdout


class ForkServers:
    """hooks/snippet_zygote.py processes, one per core, each with torch and matplotlib imported once: the build runs
    a snippet in a fork of one (a copy of it that runs the file as __main__ in its own folder, then exits), which
    saves the seconds of starting Python and importing per snippet. Started on the first run, stopped on close()."""

    def __init__(self, count: int):
        self.count, self.idle, self.started = count, queue.Queue(), []
        self.lock = threading.Lock()

    def _take(self) -> subprocess.Popen:
        with self.lock:
            if self.idle.empty() and len(self.started) < self.count:
                server = subprocess.Popen([sys.executable, str(HERE / "snippet_zygote.py")], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, text=True, env=snippet_env("light", 1))
                self.started.append(server)
                return server
        return self.idle.get()

    def execute(self, out_dir: Path, script: str, timeout: float) -> tuple[int | None, str, str]:
        """Run out_dir/script as __main__ in a fork of a server, in out_dir, on one thread: (exit code, stdout,
        stderr), the code negative for a signal (-SIGALRM on timeout), None if the server itself stopped."""
        stdout, stderr = out_dir.parent / "stdout.run", out_dir.parent / "stderr.run"
        server = self._take()
        try:
            server.stdin.write(json.dumps({"dir": str(out_dir), "script": script, "stdout": str(stdout),
                                           "stderr": str(stderr), "timeout": timeout}) + "\n")
            server.stdin.flush()
            answer = server.stdout.readline()
        finally:
            self.idle.put(server)
        if not answer.strip():
            return None, "", f"the fork server stopped (exit {server.poll()})"
        try:
            return int(answer), stdout.read_text(), stderr.read_text()
        finally:
            stdout.unlink()
            stderr.unlink()

    def run(self, snippet: Path, out_dir: Path, timeout: float = SNIPPET_TIMEOUT_S) -> str:
        """As run_once(snippet, "light", out_dir) on one thread, in a fork of a server."""
        out_dir.mkdir(parents=True)
        shutil.copy(snippet, out_dir / snippet.name)
        code, stdout, stderr = self.execute(out_dir, snippet.name, timeout)
        if code is None:
            raise PluginError(f"{stderr} while running {where(snippet)}: run python {where(snippet)} to see why.")
        check_exit(snippet, code, stderr, timeout)
        (out_dir / snippet.name).unlink()
        return stdout

    def close(self) -> None:
        for server in self.started:
            server.stdin.close()
            server.wait()
        self.started.clear()


def written_files(snippet: Path, run_dir: Path) -> list[str]:
    """Names of the files one run wrote, each checked to be named after the snippet."""
    names = sorted(p.name for p in run_dir.iterdir() if p.name != "__pycache__")
    for name in names:
        m = conventions.output_file(name)
        if not m or m["stem"] != snippet.stem:
            raise PluginError(f"{where(snippet)} wrote {name}; every figure and data file a snippet writes is "
                              f"named after it: {snippet.stem}.svg, {snippet.stem}.json or {snippet.stem}.PART.svg "
                              "(only .svg and .json).")
    return names


def rc_colours(theme: str) -> dict[str, list[str]]:
    """Each setting of hooks/matplotlibrc-THEME that holds colours -> those colours, '#rrggbb'."""
    found = {}
    for line in (HERE / f"matplotlibrc-{theme}").read_text().splitlines():
        key, _, value = line.partition(":")
        colours = re.findall(r"(?<![0-9a-fA-F])[0-9a-fA-F]{6}(?![0-9a-fA-F])", value)
        if not line.startswith("#") and colours:
            found[key.strip()] = ["#" + c.lower() for c in colours]
    return found


def dark_colour_map() -> dict[str, str]:
    """Light colour -> dark colour: each colour setting of hooks/matplotlibrc-light and -dark paired up."""
    light, dark = rc_colours("light"), rc_colours("dark")
    unpaired = sorted(k for k in light.keys() | dark.keys() if len(light.get(k, [])) != len(dark.get(k, [])))
    if unpaired:
        raise PluginError(f"hooks/matplotlibrc-light and -dark differ in the colours of {unpaired}: give both styles "
                          "the same colour settings (and as many cycle colours), so each light colour has a dark one.")
    pairs = {a: b for key in light for a, b in zip(light[key], dark[key]) if a != b}
    clashes = sorted(set(pairs) & set(pairs.values()))
    if clashes:
        raise PluginError(f"hooks/matplotlibrc-dark uses {clashes}, which the light style also uses for something else; "
                          "pick another shade so each colour is swapped once.")
    return pairs


def dark_variant(svg: str, colours: dict[str, str]) -> str:
    """The light SVG with each colour of the light style replaced by the dark style's."""
    pattern = re.compile("|".join(map(re.escape, colours)), re.I)
    return pattern.sub(lambda m: colours[m[0].lower()], svg)


def run_snippet(snippet: Path, entry: Path, servers: ForkServers | None = None) -> None:
    """Run once (in a fork of a server, or a fresh interpreter without one) into a fresh cache entry, derive the dark
    figures; write meta.json last, so a half-made entry is never used."""
    scratch = Path(tempfile.mkdtemp(prefix=f"{snippet.stem}-", dir=entry.parent))
    start = time.perf_counter()
    stdout = servers.run(snippet, scratch / "light") if servers else run_once(snippet, "light", scratch / "light")
    seconds = time.perf_counter() - start
    names = written_files(snippet, scratch / "light")
    colours = dark_colour_map()
    (scratch / "dark").mkdir()
    for name in names:
        if name.endswith(".svg"):
            svg = (scratch / "light" / name).read_text()
            (scratch / "dark" / name).write_text(dark_variant(svg, colours))
    timing_name = f"{snippet.stem}.{conventions.TIMING_PART}.json"
    stems = [name.rsplit(".", 1) for name in names]
    results_name = f"{snippet.stem}.{conventions.RESULTS_PART}"
    meta = {"figures": [stem for stem, suffix in stems if suffix == "svg"],
            "data": [stem for stem, suffix in stems if suffix == "json" and f"{stem}.json" not in (f"{results_name}.json", timing_name)],
            "results": f"{results_name}.json" if [results_name, "json"] in stems else None,
            "timing": timing_name if timing_name in names else None,
            "machine": machine(), "seconds": round(seconds, 2)}
    (scratch / "stdout.txt").write_text(stdout)
    (scratch / "meta.json").write_text(json.dumps(meta))
    shutil.rmtree(entry, ignore_errors=True)
    scratch.rename(entry)


def machine() -> str:
    """The machine a measurement was taken on, for the page and the build report."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                    if line.startswith("model name")), cpu)
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (f"{cpu}, {os.cpu_count()} cores{load}; Python {platform.python_version()}, "
            f"torch {version('torch')}, {platform.system()}")


def cache_entry(snippet: Path, cache: Path, root: Path) -> Path:
    return cache / f"{snippet.stem}-{cache_key(snippet, root)}"


def json_object(snippet: Path, entry: Path, name: str | None) -> dict | None:
    """The JSON object the light run wrote as `name` (NAME.results.json, NAME.timing.json); None if no name."""
    if name is None:
        return None
    value = json.loads((entry / "light" / name).read_text())
    if not isinstance(value, dict):
        raise PluginError(f"{where(snippet)} wrote {name} holding a {type(value).__name__}; record a JSON "
                          "object, {\"name\": value, ...}, so the page can quote its keys.")
    return value


def load_or_run(snippet: Path, cache: Path, root: Path, servers: ForkServers | None = None) -> SnippetRun:
    entry = cache_entry(snippet, cache, root)
    cached = (entry / "meta.json").is_file()
    if not cached:
        for stale in cache.glob(f"{snippet.stem}-*"):
            shutil.rmtree(stale)
        run_snippet(snippet, entry, servers)
    meta = json.loads((entry / "meta.json").read_text())
    log.info(f"{where(snippet)}: " + ("cached" if cached else f"ran in {meta['seconds']:.1f} s"))
    results = json_object(snippet, entry, meta["results"])
    timing = json_object(snippet, entry, meta["timing"])
    if timing is not None:
        timing["machine"] = meta["machine"]
    return SnippetRun(file=snippet, dir=entry, stdout=(entry / "stdout.txt").read_text(), figures=meta["figures"],
                      data=meta["data"], results=results, timing=timing, seconds=meta["seconds"], cached=cached)


def run_all(root: Path, cache: Path, first: list[Callable[[], None]] = ()) -> dict[str, SnippetRun]:
    """Every snippet, loaded from the cache or run, as many at a time as there are cores; the jobs in `first` (the labs,
    which run longest) are started before them in the same pool."""
    snippets = find_snippets(root)
    cache.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    servers = ForkServers(cores)
    try:
        with ThreadPoolExecutor(max_workers=cores) as pool:
            started = [pool.submit(job) for job in first]
            done = list(pool.map(lambda s: load_or_run(s, cache, root, servers), snippets))
            for job in started:
                job.result()
    finally:
        servers.close()
    return {run.file.name: run for run in done}


@event_priority(100)
def on_config(config):
    state.reset(config)
    return config


def on_files(files: Files, config) -> Files:
    state.snippets.update(run_all(state.root, state.cache / "snippets", first=lab_prerender.jobs(config, files)))
    for run in state.snippets.values():
        files.append(File.generated(config, run.uri, abs_src_path=str(run.file)))
        for figure in run.figures:
            for theme in THEMES:
                svg = run.dir / theme / f"{figure}.svg"
                files.append(File.generated(config, f"figures/{figure}-{theme}.svg", abs_src_path=str(svg)))
        for data in run.data:
            files.append(File.generated(config, f"figures/{data}.json", abs_src_path=str(run.dir / "light" / f"{data}.json")))
    return files


# ---------------------------------------------------------------- rewriting pages


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".md"):
        return markdown  # notebook pages are not Markdown
    page_path = f"docs/{page.file.src_uri}"
    lines = markdown.split("\n")
    for fence in reversed(conventions.fences(lines)):
        links = download_links(fence, page.file.src_uri, page_path)
        lines[fence.end + 1 : fence.end + 1] = [line for link in links for line in ("", link)]
    markdown = "\n".join(lines)

    def rewrite(line: str, number: int) -> str:
        marker = conventions.output_marker(line)
        if marker:
            return output_block(marker, f"{page_path}:{number}")
        return conventions.FIGURE.sub(lambda m: figure_markdown(m, f"{page_path}:{number}"), line)

    return conventions.rewrite_outside_fences(markdown, rewrite)


def snippet_named(name: str, place: str) -> SnippetRun:
    if name not in state.snippets:
        raise PluginError(f"{place}: there is no snippet {name} (snippets/*/{name}); fix the name or add the snippet.")
    return state.snippets[name]


def figure_owner(name: str, place: str) -> SnippetRun:
    for run in state.snippets.values():
        if name in run.figures:
            return run
    raise PluginError(f"{place} shows figures/{name}.svg, but no snippet writes {name}.svg.")


def figure_markdown(m, place: str) -> str:
    name, alt = m["name"], m["alt"].strip()
    if not alt:
        raise PluginError(f"{place}: figures/{name}.svg needs alt text saying what it shows.")
    run = figure_owner(name, place)
    try:
        width, height = svg_size_px((run.dir / "light" / f"{name}.svg").read_text(), place)
    except ValueError as err:
        raise PluginError(str(err)) from None
    return " ".join(
        f'![{alt}]({m["dir"]}{name}-{theme}.svg#only-{theme}){{ width="{width}" height="{height}" loading="lazy" }}'
        for theme in THEMES
    )


def download_links(fence: conventions.Fence, src_uri: str, page_path: str) -> list[str]:
    links = []
    for name in sorted({m["file"] for m in conventions.includes(fence)}):
        run = snippet_named(name, f"{page_path}:{fence.start + 1}")
        href = posixpath.relpath(run.uri, posixpath.dirname(src_uri) or ".")
        links.append(f'{fence.indent}[:material-download: {name}]({href}){{ .snippet-download download '
                     f'title="Download the standalone script {name}" }}')
    return links


def output_block(m, place: str) -> str:
    name, indent = m["file"], m["indent"]
    run = snippet_named(name, place)
    lines = [f'```text title="Output of {name}, printed when this site was built"', *run.stdout.rstrip("\n").splitlines(), "```"]
    return "\n".join(indent + line for line in lines)
