"""The architecture holds: the contracts in pyproject.toml (``[tool.importlinter]``) are kept.

The core (model, store, workspace, importer) imports neither textual nor rich; each layer imports
only the layers below it (cli > app > screens > widgets > render > workspace > store > model);
no package's modules import each other in a cycle. Run in a fresh interpreter, as ``lint-imports``
would be, so its report is what a developer sees on the command line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

RUN = (
    "import sys\n"
    "from importlinter.cli import lint_imports\n"
    "sys.exit(lint_imports(no_cache=True, no_logo=True))\n"
)


def lint() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"},
    )


def test_the_import_contracts_are_kept() -> None:
    done = lint()
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    # All three contracts ran (a contract dropped from the config would pass silently).
    assert "Contracts: 3 kept, 0 broken." in report, report
