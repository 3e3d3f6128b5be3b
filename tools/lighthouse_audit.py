"""`make audit`: Lighthouse (mobile preset) on every page of the built site, served gzipped on 127.0.0.1.

Runs every page RUNS times (3; AUDIT_RUNS=N to change), interleaved (page 1, 2, ..., then again), and
prints a Markdown table of the medians: the four category scores (performance with its range),
total blocking time, LCP, CLS, bytes, and the first paint Lighthouse observed (unthrottled). Keeps each
JSON report in audit/. AUDIT_RENDER_DOCUMENT=1 runs Chromium with RenderDocument on (see chrome_flags).
Scores move with machine load, so this is a benchmark, not a test.
Usage: python tools/lighthouse_audit.py [SITE_DIR] [REPORT_DIR]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from serving import CHROMIUM_ARGS, ROOT, chromium_path, serve, site_pages

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUNS = int(os.environ.get("AUDIT_RUNS", "3"))
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def report_name(path: str, run: int) -> str:
    return (path.strip("/").replace("/", "--") or "home") + f".{run}.json"


# chrome-launcher's (Lighthouse's launcher's) own list of Chromium features it turns off.
LAUNCHER_DISABLED = ("import('chrome-launcher').then(m => console.log(m.Launcher.defaultFlags()"
                     ".find(f => f.startsWith('--disable-features='))))")


def chrome_flags(render_document: bool = False) -> str:
    """Our Chromium flags (tools/serving.py) and new headless; Lighthouse adds its launcher's defaults.

    render_document=True (AUDIT_RENDER_DOCUMENT=1) turns back on Chromium's RenderDocument, which Chromium enables
    by default and chrome-launcher turns off (Lighthouse's own CI failed with it). With it off, headless runs on
    this machine held the first paint back by one or two whole seconds in most runs (GoogleChrome/lighthouse#17148),
    and Lighthouse's simulation counts everything before that paint into FCP and LCP; with it on, the first paint
    came before DOMContentLoaded in every run, but Lighthouse misread DOMContentLoaded (0-1 ms) in some. The
    default stays Lighthouse's. Chromium keeps only the last --disable-features, hence the whole list."""
    flags = ["--headless=new", *CHROMIUM_ARGS]
    if render_document:
        found = subprocess.run(["node", "-e", LAUNCHER_DISABLED], cwd=ROOT, capture_output=True, text=True).stdout
        if not found.startswith("--disable-features="):
            sys.exit("Could not read chrome-launcher's default flags from node_modules: is it installed (npm ci)?")
        flags.append(",".join(f for f in found.strip().split(",") if f != "RenderDocument"))
    return " ".join(flags)


def run_lighthouse(url: str, report: Path, flags: str) -> dict:
    proc = subprocess.run([str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
                           f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)],
                          env=dict(os.environ, CHROME_PATH=chromium_path()), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"Lighthouse failed on {url}:\n{proc.stderr[-3000:]}\nIs node_modules installed (npm ci)?")
    return json.loads(report.read_text())


def measures(result: dict) -> dict:
    audits = result["audits"]
    found = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    found.update(tbt=audits["total-blocking-time"]["numericValue"], lcp=audits["largest-contentful-paint"]["numericValue"],
                 cls=audits["cumulative-layout-shift"]["numericValue"], kib=audits["total-byte-weight"]["numericValue"] / 1024,
                 first_paint=audits["metrics"]["details"]["items"][0]["observedFirstContentfulPaint"])
    return found


def summary_row(path: str, runs: list[dict]) -> list[str]:
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    perf = [run["performance"] for run in runs]
    spread = f" ({min(perf)}–{max(perf)})" if len(runs) > 1 else ""
    return [f"/{path}", f"{median['performance']:.0f}{spread}", *(f"{median[c]:.0f}" for c in CATEGORIES[1:]),
            f"{median['tbt']:.0f} ms", f"{median['lcp'] / 1000:.1f} s", f"{median['cls']:.3f}", f"{median['kib']:.0f} KiB",
            f"{median['first_paint']:.0f} ms"]


def main(site: Path, reports: Path) -> None:
    if not (site / "index.html").exists():
        sys.exit(f"No built site in {site}: run `make build` first.")
    reports.mkdir(parents=True, exist_ok=True)
    pages = site_pages(site)
    runs: dict[str, list[dict]] = {path: [] for path in pages}
    flags = chrome_flags(render_document=os.environ.get("AUDIT_RENDER_DOCUMENT") == "1")
    with serve(site) as url:
        for run in range(RUNS):
            for path in pages:
                runs[path].append(measures(run_lighthouse(url + path, reports / report_name(path, run), flags)))
                print(f"run {run + 1}/{RUNS} /{path}: {runs[path][-1]}", file=sys.stderr, flush=True)
    header = ["page", f"perf. (median of {RUNS}, range)", "a11y", "best pr.", "SEO", "TBT", "LCP", "CLS", "bytes",
              "first paint seen"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for path in pages:
        print("| " + " | ".join(summary_row(path, runs[path])) + " |")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site"),
         Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "audit"))
