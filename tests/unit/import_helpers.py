"""Shared by the import tests: where the seeds are, and running an import end to end."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from roadmap_tui.importer import ImportResult, import_markdown
from roadmap_tui.store.loader import LoadResult, load_bytes

ROOT = Path(__file__).resolve().parents[2]
#: The seed documents (shared/ sits beside the checkout).
SEEDS = ROOT.parent / "shared" / "seeds"
DATA = ROOT / "tests" / "data" / "import"


def seed_path(prefix: str) -> Path:
    """The seed file; a skip here, but a failure in CI, where the seeds must be present."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        message = f"seed {prefix} not found in {SEEDS}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found[0]


def run_import(path: Path, anchor: dt.date | None = None) -> ImportResult:
    return import_markdown(path.read_text(encoding="utf-8"), path.name, anchor)


def check(result: ImportResult, tmp_path: Path) -> LoadResult:
    """What ``roadmap-tui check`` finds in the imported plan."""
    assert result.text is not None
    target = tmp_path / "imported.toml"
    target.write_text(result.text, encoding="utf-8")
    return load_bytes(target.read_bytes(), target)
