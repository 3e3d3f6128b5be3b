"""The labs' notebooks run in the build's pool, beside the snippets, before any page renders.

mkdocs-jupyter executes a notebook when its page renders, and pages render one after
another: the labs ran in sequence after every snippet had finished. Here each lab whose
page mkdocs-jupyter has not cached is rendered early, by mkdocs-jupyter's own on_pre_page
and render on a stand-in page, which writes its cache (.cache/mkdocs-jupyter); the real page
then renders from that cache. hooks/snippet_runner.py submits these jobs to its pool first,
as a lab runs longer than most snippets. Each lab's run time is measured here and kept in
.cache/lab-times/, so a cached lab still shows in the build report how long it took when it
last ran. (The kernels run on one thread: hooks/notebook_pages.py sets it for this process.)

Not a hook itself (mkdocs.yml does not list it): snippet_runner calls jobs() from on_files,
build_report calls check_prerendered() on each lab page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

from mkdocs.exceptions import PluginError
from mkdocs_jupyter import plugin as jupyter_plugin

from build_state import state

PLUGIN = "mkdocs-jupyter"


def notebook_plugin(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config["cache"] or plugin.config["execute_ignore"]:
        raise PluginError(f"mkdocs.yml: hooks/lab_prerender.py expects the {PLUGIN} plugin with cache: true and no "
                          "execute_ignore (it runs the labs early into that cache); restore those settings.")
    return plugin


def cache_path(plugin, file) -> Path:
    """Where mkdocs-jupyter keeps this notebook's rendered page: the key its own on_pre_page computes."""
    key = jupyter_plugin._compute_cache_key(file.abs_src_path, plugin.config, plugin.config["execute"])
    return Path(jupyter_plugin._get_cache_path(plugin.config["cache_dir"], key))


def times_record(file) -> Path:
    return state.cache / "lab-times" / (hashlib.sha256(Path(file.abs_src_path).read_bytes()).hexdigest()[:16] + ".json")


def jobs(config, files) -> list[Callable[[], None]]:
    """One job per lab page: render it into mkdocs-jupyter's cache unless it is there already."""
    plugin = notebook_plugin(config)
    return [functools.partial(prerender, plugin, file, config, files) for file in files if plugin.should_include(file)]


def prerender(plugin, file, config, files) -> None:
    record = times_record(file)
    cached = cache_path(plugin, file).exists()
    if not cached:
        page = SimpleNamespace(file=file, abs_url="/" + file.url)  # what mkdocs-jupyter's render reads and writes
        plugin.on_pre_page(page, config=config, files=files)
        start = time.perf_counter()
        page.render(config, files)
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"seconds": round(time.perf_counter() - start, 1)}))
    seconds = json.loads(record.read_text())["seconds"] if record.exists() else None
    state.labs[file.src_uri] = {"seconds": seconds, "cached": cached}


def check_prerendered(page, config) -> None:
    """A lab page about to render must find its cache: otherwise mkdocs-jupyter would run it again, alone."""
    if not cache_path(notebook_plugin(config), page.file).exists():
        raise PluginError(f"docs/{page.file.src_uri}: the lab was not rendered into {PLUGIN}'s cache before its page "
                          f"rendered (its cache key may have changed with a new {PLUGIN}): update hooks/lab_prerender.py.")
