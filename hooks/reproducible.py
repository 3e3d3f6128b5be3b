"""MkDocs hook: the same sources build the same site, byte for byte.

MkDocs stamps the build date into sitemap.xml (and the gzip header of sitemap.xml.gz), and
matplotlib into SVG metadata, unless SOURCE_DATE_EPOCH is set. When it is not set, it is
taken from the last commit (or, outside a git checkout, the newest source file), so two
builds of one commit agree. tools/reproducible_build.py checks it.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.reproducible")
SOURCES = ("docs", "snippets", "hooks", "mkdocs.yml", "requirements.txt")


def source_date_epoch(root: Path) -> str:
    try:
        commit_time = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                                     text=True, check=True).stdout.strip()
        if commit_time:
            return commit_time
    except (OSError, subprocess.CalledProcessError):
        pass
    paths = [p for name in SOURCES for p in [root / name, *(root / name).rglob("*")] if p.is_file()]
    return str(int(max(p.stat().st_mtime for p in paths)))


def on_config(config):
    if "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(Path(config.config_file_path).parent)
        log.info(f"SOURCE_DATE_EPOCH={os.environ['SOURCE_DATE_EPOCH']} (from the sources)")
    return config
