"""The importer is core: it imports neither textual nor rich (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import importlib, json, pkgutil, sys
import roadmap_tui.importer as package
names = [m.name for m in pkgutil.iter_modules(package.__path__, prefix="roadmap_tui.importer.")]
for name in names:
    importlib.import_module(name)
import roadmap_tui.cli.import_md
screen = sorted(n for n in sys.modules if n.split(".")[0] in ("textual", "rich"))
print(json.dumps({"modules": names, "screen": screen}))
"""


def test_importer_imports_neither_textual_nor_rich() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=60
    )
    found = json.loads(done.stdout)
    assert found["screen"] == []
    assert "roadmap_tui.importer.walk" in found["modules"]
