"""Widgets and screens sit below the app: they never import it, not even for type checking.

The app imports every widget and screen; one that imported the app back would make a cycle, and
would be reaching up for state that must come down through its ``show(...)``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "roadmap_tui"
BELOW_THE_APP = [
    *sorted((PACKAGE / "widgets").glob("*.py")),
    *sorted((PACKAGE / "screens").glob("*.py")),
    PACKAGE / "commands.py",
]


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, wherever the import statement is."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", BELOW_THE_APP, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_never_imports_the_app(path: Path) -> None:
    assert "roadmap_tui.app" not in imported(path)


def test_the_lens_imports_no_screen_library() -> None:
    """The app and the panels share the lens; it is plain data, cheap to import anywhere."""
    code = (
        "import sys, roadmap_tui.widgets.lens\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'textual', 'rich'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
