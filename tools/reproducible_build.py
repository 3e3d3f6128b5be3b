"""`make reproducible`: build the site twice from clean copies of the sources (no caches) and
check that the two site/ trees are byte-identical.

The one allowed difference is the run times on the build report page, inside
<span class="run-time">…</span>: they are measurements, not content. Run by .ci/run.
Usage: python tools/reproducible_build.py
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from serving import ROOT

from reproducible import source_date_epoch  # hooks/, put on sys.path by serving

RUN_TIME = re.compile(rb'<span class="run-time"[^>]*>[^<]*</span>')  # measurements, also quoted on pages (kept out of the search index)
LINKED = (".venv", "node_modules")  # installed tools, shared by both copies


def source_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    return [f for f in listed if f and (ROOT / f).is_file() and not f.startswith(LINKED)]


def clean_copy(target: Path) -> Path:
    for name in source_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    for name in LINKED:
        (target / name).symlink_to(ROOT / name)
    return target


def build(project: Path, env: dict) -> Path:
    site = project / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=project, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"mkdocs build failed in {project}:\n{proc.stderr[-4000:]}")
    return site


def differences(a: Path, b: Path) -> list[str]:
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    found = [f"only in one build: {name}" for name in sorted(files_a ^ files_b)]
    for name in sorted(files_a & files_b):
        if filecmp.cmp(a / name, b / name, shallow=False):
            continue
        bytes_a, bytes_b = (RUN_TIME.sub(b"", (root / name).read_bytes()) for root in (a, b))
        if bytes_a != bytes_b:
            # the first byte that differs; if one file is a prefix of the other, where the shorter ends
            at = next((i for i, (x, y) in enumerate(zip(bytes_a, bytes_b)) if x != y), min(len(bytes_a), len(bytes_b)))
            found.append(f"{name} differs at byte {at}: {bytes_a[max(0, at - 60):at + 60]!r}\n"
                         f"{' ' * len(name)}   vs {bytes_b[max(0, at - 60):at + 60]!r}")
    return found


def main() -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(ROOT))
    with tempfile.TemporaryDirectory(prefix="reproducible-") as tmp:
        sites = [build(clean_copy(Path(tmp) / name), env) for name in ("first", "second")]
        found = differences(*sites)
    if found:
        sys.exit("Two clean builds differ (find what stamps a date, a random id or a path):\n" + "\n".join(found))
    print(f"Two clean builds are byte-identical (run times on the build report aside); "
          f"SOURCE_DATE_EPOCH={env['SOURCE_DATE_EPOCH']}.")


if __name__ == "__main__":
    main()
