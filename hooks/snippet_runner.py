"""MkDocs hook: run every snippet at build time and put what it makes on the site.

Each file in snippets/ is run as a student would run it: copied alone into an empty
folder and started with this Python. It runs twice, once under a light and once under
a dark matplotlib style (hooks/matplotlibrc-light, -dark), so every figure has a variant
for each of the site's colour schemes. Results are cached in .cache/snippets/ by a
content hash of the snippet, requirements.txt and the styles, so a rebuild after a
prose edit runs nothing. The hook then

- adds each SVG a snippet wrote, NAME.svg, as figures/NAME-light.svg and figures/NAME-dark.svg;
- adds each JSON file a snippet wrote, NAME.json, as figures/NAME.json (the data behind an
  in-page explorer; both runs must write the same bytes);
- adds each snippet as snippets/FILE.py, the standalone file that pages link to;
- rewrites page Markdown:
  ![alt](figures/NAME.svg)   -> the light and dark variants, with width and height;
  a fence including a section of snippets/FILE.py -> followed by a link to download FILE.py;
  <!-- output: FILE.py -->   -> a text block with what FILE.py printed.

A snippet that fails, or prints different things on its two runs, fails the build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import build_log
from svg_size import svg_size_px

log = logging.getLogger("mkdocs.hooks.snippet_runner")

HERE = Path(__file__).parent
THEMES = ("light", "dark")
TIMEOUT_S = 300  # the build's hang guard, generous for slow laptops; run times go to the build report
RUNNER_VERSION = "2"  # bump to invalidate every cached result

FIGURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<dir>(?:\.\./)*figures/)(?P<name>[\w.-]+)\.svg\)")
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})[^\n]*\n(?P<body>.*?)^(?P=indent)(?P=ticks)[ \t]*$", re.M | re.S)
INCLUDE = re.compile(r'--8<--\s+"snippets/(?P<file>[\w.-]+\.py)(?::[\w-]+)?"')
OUTPUT = re.compile(r"^(?P<indent>[ \t]*)<!--\s*output:\s*(?P<file>[\w.-]+\.py)\s*-->[ \t]*$", re.M)

results: dict[str, dict] = {}  # snippet file name -> {"dir", "stdout", "figures", "data", "seconds", "cached"}


# ---------------------------------------------------------------- running snippets


def project_root(config) -> Path:
    return Path(config.config_file_path).parent


def cache_key(snippet: Path, root: Path) -> str:
    digest = hashlib.sha256(RUNNER_VERSION.encode())
    for path in (snippet, root / "requirements.txt", *(HERE / f"matplotlibrc-{t}" for t in THEMES)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_once(snippet: Path, theme: str, out_dir: Path, timeout: float = TIMEOUT_S) -> str:
    """Run a copy of the snippet alone in out_dir under a theme's style; return its stdout."""
    out_dir.mkdir(parents=True)
    shutil.copy(snippet, out_dir / snippet.name)
    env = dict(os.environ, MPLBACKEND="Agg", MATPLOTLIBRC=str(HERE / f"matplotlibrc-{theme}"),
               PYTHONHASHSEED="0", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    try:
        proc = subprocess.run([sys.executable, snippet.name], cwd=out_dir, env=env,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PluginError(f"snippets/{snippet.name} ran over {timeout} s and was stopped: make it lighter "
                          "(fewer steps, smaller sizes) or look for an endless loop.")
    if proc.returncode != 0:
        raise PluginError(f"snippets/{snippet.name} failed (exit {proc.returncode}):\n{proc.stderr}\n"
                          f"Reproduce with: python snippets/{snippet.name}")
    (out_dir / snippet.name).unlink()
    return proc.stdout


def run_snippet(snippet: Path, entry: Path) -> None:
    """Run both themes into a fresh cache entry; write meta.json last, so a half-made entry is never used."""
    scratch = Path(tempfile.mkdtemp(prefix=f"{snippet.stem}-", dir=entry.parent))
    start = time.perf_counter()
    stdout = {theme: run_once(snippet, theme, scratch / theme) for theme in THEMES}
    seconds = (time.perf_counter() - start) / len(THEMES)
    if stdout["light"] != stdout["dark"]:
        raise PluginError(f"snippets/{snippet.name} printed different output on two runs: "
                          "seed every random generator so it is deterministic.")
    figures = written(snippet, scratch, "svg")
    data = written(snippet, scratch, "json")
    for name in data:
        if (scratch / "light" / f"{name}.json").read_bytes() != (scratch / "dark" / f"{name}.json").read_bytes():
            raise PluginError(f"snippets/{snippet.name} wrote a different {name}.json on its two runs: "
                              "seed every random generator and write the data in a fixed order.")
    (scratch / "stdout.txt").write_text(stdout["light"])
    (scratch / "meta.json").write_text(json.dumps({"figures": figures, "data": data, "seconds": round(seconds, 2)}))
    shutil.rmtree(entry, ignore_errors=True)
    scratch.rename(entry)


def written(snippet: Path, scratch: Path, suffix: str) -> list[str]:
    """Names of the .suffix files the snippet wrote, the same on both runs."""
    names = {theme: sorted(p.stem for p in (scratch / theme).glob(f"*.{suffix}")) for theme in THEMES}
    if names["light"] != names["dark"]:
        raise PluginError(f"snippets/{snippet.name} wrote different .{suffix} files on its two runs: {names}")
    return names["light"]


def cache_entry(snippet: Path, cache: Path, root: Path) -> Path:
    return cache / f"{snippet.stem}-{cache_key(snippet, root)}"


def load_or_run(snippet: Path, cache: Path, root: Path) -> dict:
    entry = cache_entry(snippet, cache, root)
    cached = (entry / "meta.json").is_file()
    if not cached:
        for stale in cache.glob(f"{snippet.stem}-*"):
            shutil.rmtree(stale)
        run_snippet(snippet, entry)
    meta = json.loads((entry / "meta.json").read_text())
    log.info(f"snippets/{snippet.name}: " + ("cached" if cached else f"ran in {meta['seconds']:.1f} s"))
    return dict(meta, dir=entry, stdout=(entry / "stdout.txt").read_text(), cached=cached, file=snippet)


def run_all(root: Path) -> dict[str, dict]:
    snippets = sorted((root / "snippets").glob("*.py"))
    cache = root / ".cache" / "snippets"
    cache.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        done = list(pool.map(lambda s: load_or_run(s, cache, root), snippets))
    return {r["file"].name: r for r in done}


def on_files(files: Files, config) -> Files:
    results.clear()
    results.update(run_all(project_root(config)))
    build_log.snippet_runs.clear()
    build_log.snippet_runs.update({name: {key: r[key] for key in ("seconds", "cached", "figures")}
                                   for name, r in results.items()})
    owner: dict[str, str] = {}
    for name, result in results.items():
        files.append(File.generated(config, f"snippets/{name}", abs_src_path=str(result["file"])))
        outputs = [f"{figure}.svg" for figure in result["figures"]] + [f"{data}.json" for data in result["data"]]
        for output in outputs:
            if output in owner:
                raise PluginError(f"snippets/{name} and snippets/{owner[output]} both write {output}: rename one.")
            owner[output] = name
        for figure in result["figures"]:
            for theme in THEMES:
                svg = result["dir"] / theme / f"{figure}.svg"
                files.append(File.generated(config, f"figures/{figure}-{theme}.svg", abs_src_path=str(svg)))
        for data in result["data"]:
            json_file = result["dir"] / "light" / f"{data}.json"
            files.append(File.generated(config, f"figures/{data}.json", abs_src_path=str(json_file)))
    return files


# ---------------------------------------------------------------- rewriting pages


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".md"):
        return markdown  # notebook pages are not Markdown
    where = f"docs/{page.file.src_uri}"
    markdown = FIGURE.sub(lambda m: figure_markdown(m, where), markdown)
    markdown = FENCE.sub(lambda m: fence_with_download(m, page.file.src_uri, where), markdown)
    return OUTPUT.sub(lambda m: output_block(m, where), markdown)


def figure_owner(name: str, where: str) -> dict:
    for result in results.values():
        if name in result["figures"]:
            return result
    raise PluginError(f"{where} shows figures/{name}.svg, but no snippet writes {name}.svg.")


def figure_markdown(m: re.Match, where: str) -> str:
    name, alt = m["name"], m["alt"].strip()
    if not alt:
        raise PluginError(f"{where}: figures/{name}.svg needs alt text saying what it shows.")
    result = figure_owner(name, where)
    try:
        width, height = svg_size_px((result["dir"] / "light" / f"{name}.svg").read_text(), where)
    except ValueError as err:
        raise PluginError(str(err)) from None
    return " ".join(
        f'![{alt}]({m["dir"]}{name}-{theme}.svg#only-{theme}){{ width="{width}" height="{height}" loading="lazy" }}'
        for theme in THEMES
    )


def fence_with_download(m: re.Match, src_uri: str, where: str) -> str:
    included = sorted({i["file"] for i in INCLUDE.finditer(m["body"])})
    links = []
    for name in included:
        if name not in results:
            raise PluginError(f"{where} includes snippets/{name}, which does not exist.")
        href = posixpath.relpath(f"snippets/{name}", posixpath.dirname(src_uri) or ".")
        links.append(f'{m["indent"]}[:material-download: {name}]({href}){{ .snippet-download download title="Download the standalone script {name}" }}')
    return m[0] + "".join(f"\n\n{link}" for link in links)


def output_block(m: re.Match, where: str) -> str:
    name, indent = m["file"], m["indent"]
    if name not in results:
        raise PluginError(f"{where} shows the output of snippets/{name}, which does not exist.")
    lines = [f'```text title="Output of {name}, printed when this site was built"', *results[name]["stdout"].rstrip("\n").splitlines(), "```"]
    return "\n".join(indent + line for line in lines)
