"""MkDocs hook: pages quote the values their code recorded; the build publishes them all.

A snippet records named values by writing NAME.results.json (standard library json, after
the sections a page shows); a lab by printing one line `LAB-SUMMARY {json}` in its last
cell. A chapter pastes a value with `{{ SOURCE.PATH:SPEC }}`, e.g.
`{{ exploding_training.clipped.max_loss:.3g }}` (hooks/page_conventions.py). Quotes are
replaced in the page's Markdown before it is converted, so the search index, the KaTeX
pass, alt texts and captions all see the number. An unknown source or key, or a value
that its format spec cannot format, fails the build with the page, the line and a fix.

A measurement (a time, a speed ratio) is not a result: a snippet writes it to
NAME.timing.json, which the build never compares between runs, and a page quotes it as
`{{ NAME.timing.KEY:SPEC }}`, `{{ NAME.timing.machine }}` being where it was measured. It
is rendered inside <span class="run-time">, the part of the site allowed to differ between
two builds (tools/reproducible_build.py), and is not in /results.json: no claims test can
depend on a timing.

Chapters quote snippets' results (lab pages run after the chapters, and quote none).
Every recorded value, of snippets and labs, is published as /results.json: the manifest the
claims tests in tests/chapters/ read.
"""

from __future__ import annotations

import html
import json
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

import page_conventions as conventions
from build_state import state

MANIFEST_URI = "results.json"
LAB_SUMMARY = re.compile(r"LAB-SUMMARY (\{[^<\n]*\})")


def on_files(files: Files, config) -> Files:
    files.append(File.generated(config, MANIFEST_URI, content="{}"))  # filled in on_env
    return files


def quoted(m: re.Match, recorded: dict, measured: dict, place: str) -> str:
    key, spec = m["key"], (m["spec"] or "").strip()
    source, _, path = key.partition(".")
    is_timing = path.split(".")[0] == conventions.TIMING_PART
    try:
        if is_timing:
            timing_path = path.removeprefix(conventions.TIMING_PART).lstrip(".")
            value = conventions.lookup(measured, f"{source}.{timing_path}" if timing_path else source)
        else:
            value = conventions.lookup(recorded, key)
    except KeyError as err:
        raise PluginError(f"{place}: cannot quote {m[0]}: {err.args[0]}. Record the value in the snippet's "
                          f"results (json.dump to NAME.results.json) or fix the key.") from None
    if isinstance(value, (dict, list)) and not spec:
        raise PluginError(f"{place}: {m[0]} is a {type(value).__name__}; quote one of its entries, e.g. {{{{ {key}.0 }}}}.")
    try:
        text = format(value, spec)
        return f'<span class="run-time" data-search-exclude>{text}</span>' if is_timing else text
    except (ValueError, TypeError) as err:
        raise PluginError(f"{place}: {m[0]}: the value is a {type(value).__name__} ({value!r}), which the format "
                          f"spec '{spec}' cannot format ({err}). Use a spec for a {type(value).__name__}, or record "
                          "a number.") from None


def quote_values(markdown: str, recorded: dict, page_path: str, measured: dict | None = None) -> str:
    def quote_line(line: str, number: int) -> str:
        return conventions.QUOTE.sub(lambda m: quoted(m, recorded, measured or {}, f"{page_path}:{number}"), line)

    return conventions.rewrite_outside_fences(markdown, quote_line)


@event_priority(50)  # before snippet_runner copies alt texts into the figure markup
def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".md"):
        return markdown
    return quote_values(markdown, state.snippet_results, f"docs/{page.file.src_uri}", state.snippet_timings)


def lab_summary(content: str, src_uri: str) -> dict:
    found = LAB_SUMMARY.findall(content)
    if len(found) != 1:
        raise PluginError(f"docs/{src_uri} shows {len(found)} LAB-SUMMARY lines; end the lab with a cell printing "
                          "exactly one: print('LAB-SUMMARY', json.dumps({...})).")
    return json.loads(html.unescape(found[0]))


def on_page_content(content: str, page, config, files) -> str:
    src_uri = page.file.src_uri
    if src_uri.startswith("labs/") and src_uri.endswith(".py"):
        state.lab_summaries[src_uri.removeprefix("labs/").removesuffix(".py")] = lab_summary(content, src_uri)
    return content


def manifest() -> str:
    return json.dumps({"snippets": state.snippet_results, "labs": state.lab_summaries}, indent=1, sort_keys=True) + "\n"


def on_env(env, config, files):
    files.get_file_from_path(MANIFEST_URI).content_string = manifest()
    return env
