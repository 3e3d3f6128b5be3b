"""`make break-claims`: show that every claims test can fail, by breaking the values it reads.

The claims tests (tests/chapters/, tests/labs/) assert what the pages say on the values the
build recorded (site/results.json). This runs them against deliberately broken copies of that
manifest, one kind of breakage at a time, applied to every recorded value:

  negate     every number x becomes -x
  scale-up   every number becomes 10 x + 1
  scale-down every number becomes x / 10
  flip       every boolean is negated, every list is reversed
  nulls      every None becomes 0 and every 0 becomes None
  shorten    every list loses its last entry (a seed, a length, a step)
  jitter     the i-th number (in file order) is multiplied by 3 ** (i % 5 - 2): values that
             a claim relates to each other move apart

A test that still passes under every breakage does not depend on the recorded values: either
it checks behaviour by running code (listed as such: those are shown to fail by the
breakages in tests/test_tests_can_fail.py), or it cannot fail and must be rewritten.
Usage: python tools/break_claims.py [site/results.json]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from serving import ROOT

CLAIMS = ["tests/chapters", "tests/labs"]
NOT_CLAIMS = {"tests/labs/test_downloaded_notebooks.py"}  # reruns notebooks; reads no recorded value


def transform(value, number, boolean=lambda b: b, listed=lambda xs: xs, none=lambda: None):
    """value with every number, boolean, list and None rewritten (dict keys kept)."""
    if isinstance(value, bool):
        return boolean(value)
    if isinstance(value, (int, float)):
        return number(value)
    if value is None:
        return none()
    if isinstance(value, list):
        return listed([transform(v, number, boolean, listed, none) for v in value])
    if isinstance(value, dict):
        return {k: transform(v, number, boolean, listed, none) for k, v in value.items()}
    return value


BREAKAGES = {
    "negate": lambda v: transform(v, lambda x: -x),
    "scale-up": lambda v: transform(v, lambda x: 10 * x + 1),
    "scale-down": lambda v: transform(v, lambda x: x / 10),
    "flip": lambda v: transform(v, lambda x: x, boolean=lambda b: not b, listed=lambda xs: xs[::-1]),
    "nulls": lambda v: transform(v, lambda x: None if x == 0 else x, none=lambda: 0),
    "shorten": lambda v: transform(v, lambda x: x, listed=lambda xs: xs[:-1]),
    "jitter": lambda v: transform(v, jittered()),
}


def jittered():
    """A number transform that scales the i-th number it sees by 3 ** (i % 5 - 2)."""
    seen = [0]

    def scale(x):
        seen[0] += 1
        return x * 3.0 ** (seen[0] % 5 - 2)

    return scale


def outcomes(results: Path, junit: Path) -> dict[str, str]:
    """Test id -> passed / failed / skipped, for one run of the claims tests on a manifest."""
    deselect = [arg for path in sorted(NOT_CLAIMS) for arg in ("--ignore", path)]
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--results", str(results),
                    f"--junitxml={junit}", *deselect, *CLAIMS], cwd=ROOT, capture_output=True, text=True)
    found = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        kinds = {child.tag for child in case}
        found[name] = "failed" if kinds & {"failure", "error"} else "skipped" if "skipped" in kinds else "passed"
    return found


def main() -> None:
    manifest_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site" / "results.json"
    manifest = json.loads(manifest_path.read_text())
    with tempfile.TemporaryDirectory(prefix="break-claims-") as tmp:
        baseline = outcomes(manifest_path, Path(tmp) / "baseline.xml")
        broken_runs = {}
        for name, breakage in BREAKAGES.items():
            broken = Path(tmp) / f"{name}.json"
            broken.write_text(json.dumps({part: breakage(values) for part, values in manifest.items()}))
            broken_runs[name] = outcomes(broken, Path(tmp) / f"{name}.xml")
    not_passing = sorted(t for t, outcome in baseline.items() if outcome != "passed")
    if not_passing:
        print("Not passing on the unbroken manifest, left out:\n  " + "\n  ".join(not_passing) + "\n")
    survivors, passing = [], sorted(t for t in baseline if t not in not_passing)
    for test in passing:
        failed_by = [name for name, run in broken_runs.items() if run.get(test) == "failed"]
        print(f"{len(failed_by)}/{len(BREAKAGES)}  {test}  ({', '.join(failed_by) or 'no breakage'})")
        if not failed_by:
            survivors.append(test)
    print(f"\n{len(passing) - len(survivors)} of {len(passing)} claims tests fail under at least one breakage.")
    if survivors:
        print("Pass under every breakage (behaviour tests that run code, or tests that cannot fail):\n  "
              + "\n  ".join(survivors))


if __name__ == "__main__":
    main()
