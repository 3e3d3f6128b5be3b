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

COLLECTED = {"python", "sh", "bash"}
NOT_CODE = {"text"}
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
SKIP_WITH_REASON = re.compile(r"""^\s*<!--\s*pytest\.mark\.skip\(\s*reason\s*=\s*(["']).+\1\s*\)\s*-->\s*$""")
PAGES = sorted((ROOT / "docs").rglob("*.md"))


def uncollected_fences(markdown: str) -> list[tuple[int, str]]:
    """(line number, info string) of every fence the collector skips and no marker excuses."""
    found, previous, closing = [], "", None
    for number, line in enumerate(markdown.splitlines(), start=1):
        m = FENCE.match(line)
        if closing is not None:
            if m and m["fence"].startswith(closing) and not m["info"].strip():
                closing = None
        elif m:
            closing, info = m["fence"], m["info"].strip()
            collected = m["fence"].startswith("`") and info in COLLECTED
            if not collected and info not in NOT_CODE and not SKIP_WITH_REASON.match(previous):
                found.append((number, info))
        if line.strip():
            previous = line
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
