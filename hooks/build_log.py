"""What this build ran, shared between hooks (MkDocs loads each hook as its own module).

hooks/snippet_runner.py fills `snippet_runs`; hooks/build_report.py fills `lab_runs` and
turns both into the build report page.
"""

from __future__ import annotations

snippet_runs: dict[str, dict] = {}  # "x.py" -> {"seconds", "cached", "figures"}
lab_runs: dict[str, dict] = {}  # "labs/x.py" -> {"seconds", "cached"}
