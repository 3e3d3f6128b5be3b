"""No code block in docs/ escapes pytest-codeblocks without saying why.

pytest-codeblocks collects only ``` fences whose info string is exactly python, sh or
bash. Anything else that holds code (```py, ```python title="...", ~~~python, ...) would
pass silently untested, so it must carry a skip marker with a reason on the line before.
`text` fences hold output or prose, not code, and need none.
"""

from __future__ import annotations

import re

import pytest

from sitetools import ROOT

import page_conventions as conventions

NOT_CODE = {"text"}
SKIP_WITH_REASON = re.compile(r"""^\s*<!--\s*pytest\.mark\.skip\(\s*reason\s*=\s*(["']).+\1\s*\)\s*-->\s*$""")
PAGES = sorted((ROOT / "docs").rglob("*.md"))


def uncollected_fences(markdown: str) -> list[tuple[int, str]]:
    """(line number, info string) of every fence the collector skips and no marker excuses."""
    lines = markdown.splitlines()
    found = []
    for fence in conventions.fences(lines):
        collected = fence.fence.startswith("`") and fence.info in conventions.RUN
        before = next((line for line in reversed(lines[: fence.start]) if line.strip()), "")
        if not collected and fence.info not in NOT_CODE and not SKIP_WITH_REASON.match(before):
            found.append((fence.start + 1, fence.info))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_code_block_is_collected_or_skipped_with_a_reason(page):
    bad = uncollected_fences(page.read_text())
    assert not bad, "\n".join(
        f"{page.relative_to(ROOT)}:{n}: fence '{info}' is never run by pytest-codeblocks. Use exactly "
        "```python, ```bash or ```sh (```text for output), or put <!--pytest.mark.skip(reason=\"...\")--> on the line before."
        for n, info in bad)


@pytest.mark.parametrize("fence", ['```py', '```python title="x.py"', "~~~python", "```console", "```python3"])
def test_the_check_catches_fences_the_collector_skips(fence):
    assert uncollected_fences(f"Text.\n\n{fence}\nprint(1)\n```\n") == [(3, fence.strip("`~"))]


@pytest.mark.parametrize("markdown", [
    "```python\nprint(1)\n```\n",
    "    ```bash\n    echo hi\n    ```\n",
    "```text\noutput\n```\n",
    '<!--pytest.mark.skip(reason="needs a GPU")-->\n```py\nx = 1\n```\n',
])
def test_the_check_accepts_collected_and_excused_fences(markdown):
    assert uncollected_fences(markdown) == []
