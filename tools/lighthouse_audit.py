"""`make audit`: Lighthouse (mobile preset) on every page of the built site, served gzipped on 127.0.0.1.

Prints a Markdown table (the four category scores, LCP, CLS, bytes) and keeps each JSON report in
audit/. Scores move with machine load, so this is a benchmark, not a test.
Usage: python tools/lighthouse_audit.py [SITE_DIR] [REPORT_DIR]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from serving import CHROMIUM_ARGS, ROOT, chromium_path, serve, site_pages

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def report_name(path: str) -> str:
    return (path.strip("/").replace("/", "--") or "home") + ".json"


def run_lighthouse(url: str, report: Path) -> dict:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    proc = subprocess.run([str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
                           f"--chrome-flags={flags}", "--only-categories=" + ",".join(CATEGORIES)],
                          env=dict(os.environ, CHROME_PATH=chromium_path()), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"Lighthouse failed on {url}:\n{proc.stderr[-3000:]}\nIs node_modules installed (npm ci)?")
    return json.loads(report.read_text())


def summary_row(path: str, result: dict) -> list[str]:
    scores = [str(round(result["categories"][c]["score"] * 100)) for c in CATEGORIES]
    audits = result["audits"]
    lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
    cls = audits["cumulative-layout-shift"]["numericValue"]
    kib = audits["total-byte-weight"]["numericValue"] / 1024
    return [f"/{path}", *scores, f"{lcp:.1f} s", f"{cls:.3f}", f"{kib:.0f} KiB"]


def main(site: Path, reports: Path) -> None:
    if not (site / "index.html").exists():
        sys.exit(f"No built site in {site}: run `make build` first.")
    reports.mkdir(parents=True, exist_ok=True)
    header = ["page", "perf.", "a11y", "best pr.", "SEO", "LCP", "CLS", "bytes"]
    rows = []
    with serve(site) as url:
        for path in site_pages(site):
            rows.append(summary_row(path, run_lighthouse(url + path, reports / report_name(path))))
            print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site"),
         Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "audit"))
