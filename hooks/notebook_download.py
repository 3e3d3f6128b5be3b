"""MkDocs hook: offer every lab as a Jupyter notebook and as a script to download.

A lab is a jupytext percent-format script (`docs/labs/NAME.py`) that mkdocs-jupyter runs and
renders as a page. This hook converts each lab with jupytext into `NAME.ipynb`, without
outputs (the student runs it), and serves it with the unchanged `NAME.py` next to the page
(`labs/NAME/`), as files MkDocs knows about, so `mkdocs serve` has them too. A line under
the page title links to both.

The notebook is the same bytes on every build: cells are numbered `cell-1`, `cell-2`, ...
instead of jupytext's random ids, and nothing records a time. Relative links in the
Markdown cells (`../../lstm/`) work on the site but not in a downloaded notebook, so the
notebook's links are made absolute with `site_url`.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin

import jupytext
import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
          "language_info": {"name": "python"}}
RELATIVE_LINK = re.compile(r"(\]\()(?![a-z][a-z0-9+.-]*:|#|/)([^)\s]+)(\))")
FIRST_H1_END = re.compile(r"</h1>")


def on_files(files, config):
    for lab in [f for f in files if is_lab(f, config)]:
        folder = download_folder(lab.src_uri)
        stem = posixpath.splitext(posixpath.basename(lab.src_uri))[0]
        page_url = urljoin(site_url(config, lab.src_uri), folder + "/")
        files.append(File.generated(config, f"{folder}/{stem}.ipynb", content=notebook_bytes(lab.abs_src_path, page_url)))
        files.append(File.generated(config, f"{folder}/{stem}.py", content=Path(lab.abs_src_path).read_bytes()))
    return files


def is_lab(file, config) -> bool:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        raise PluginError("hooks/notebook_download.py needs the mkdocs-jupyter plugin (it decides which .py files are "
                          "labs): add it to `plugins:` in mkdocs.yml or drop this hook.")
    return file.src_uri.endswith(".py") and jupyter.should_include(file)


def download_folder(src_uri: str) -> str:
    """labs/NAME.py -> labs/NAME: the folder of the page's index.html (with directory URLs, as here)."""
    return posixpath.splitext(src_uri)[0]


def site_url(config, where: str) -> str:
    if not config.site_url:
        raise PluginError(f"docs/{where}: set `site_url` in mkdocs.yml; the downloadable notebook's links to the "
                          "site are made absolute with it.")
    return config.site_url if config.site_url.endswith("/") else config.site_url + "/"


def notebook_bytes(lab_path: str, page_url: str) -> bytes:
    """The lab as an nbformat-4 notebook without outputs, the same bytes for the same source."""
    try:
        notebook = jupytext.read(lab_path, fmt="py:percent")
    except Exception as err:
        raise PluginError(f"{lab_path}: jupytext cannot read it as a percent-format script ({err}); "
                          "fix the `# %%` cell markers.") from None
    notebook.metadata = nbformat.from_dict(KERNEL)
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
        if cell.cell_type == "markdown":
            cell.source = absolute_links(cell.source, page_url)
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as err:
        raise PluginError(f"{lab_path}: the notebook made of it is not valid nbformat 4: {err.message}; "
                          "fix notebook_bytes() in hooks/notebook_download.py.") from None
    return nbformat.writes(notebook, version=4).encode() + b"\n"


def absolute_links(markdown: str, page_url: str) -> str:
    """Resolve relative Markdown links against the page's URL: ](../../lstm/) -> ](https://site/lstm/)."""
    return RELATIVE_LINK.sub(lambda m: m[1] + urljoin(page_url, m[2]) + m[3], markdown)


def on_page_content(content: str, page, config, files) -> str:
    if not is_lab(page.file, config):
        return content
    links = download_links(page, config, files)
    heading_end = FIRST_H1_END.search(content)
    if heading_end is None:
        return links + content
    return content[: heading_end.end()] + links + content[heading_end.end() :]


def download_links(page, config, files) -> str:
    """A line of two buttons: the notebook and the script, both served next to the page."""
    folder = download_folder(page.file.src_uri)
    stem = posixpath.splitext(posixpath.basename(page.file.src_uri))[0]
    buttons = []
    for name, label in [(f"{stem}.ipynb", "Download the notebook"), (f"{stem}.py", "Download the script")]:
        served = files.get_file_from_path(f"{folder}/{name}")
        if served is None:
            raise PluginError(f"docs/{page.file.src_uri}: no {folder}/{name} to link to; "
                              "hooks/notebook_download.py adds it in on_files, check that it ran.")
        href = html.escape(served.url_relative_to(page.file))
        buttons.append((f'<a class="md-button md-button--primary lab-download" href="{href}" download="{name}" '
                        f'style="margin: 0 0.5em 0.5em 0">{label} ({name})</a>'))
    return '<p class="lab-downloads">' + " ".join(buttons) + "</p>"
