"""The core knows no screen: ``model`` and ``store`` import neither textual nor rich.

Checked in a fresh interpreter, since this test process has long since imported both.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys

    imported = []
    for name in ("roadmap_tui.model", "roadmap_tui.store"):
        package = importlib.import_module(name)
        imported.append(name)
        for module in pkgutil.iter_modules(package.__path__, prefix=name + "."):
            importlib.import_module(module.name)
            imported.append(module.name)
    screen = sorted(
        name for name in sys.modules if name.split(".")[0] in ("textual", "rich")
    )
    print(json.dumps({"imported": imported, "screen": screen}))
    """
)


def test_model_and_store_import_neither_textual_nor_rich() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, timeout=60
    )
    found = json.loads(done.stdout)
    assert found["screen"] == []
    # The walk really covered the packages, not just their __init__.
    assert {
        "roadmap_tui.model.plan",
        "roadmap_tui.model.levels",
        "roadmap_tui.store.loader",
        "roadmap_tui.store.locate",
    } <= set(found["imported"])


def test_the_check_command_does_not_load_the_ui() -> None:
    # ``roadmap-tui check`` runs in CI and pre-commit hooks; it should not pay for Textual.
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from roadmap_tui.cli import main\n"
        "CliRunner().invoke(main, ['check', 'sample_plans'])\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root
    )
    assert done.stdout.strip() == "[]"
