"""Ticking a deliverable or acceptance criterion: one value changes, byte for byte, and undoes."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_tui.model import edits
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.writer import WriteRefused, apply_edits

PLAN = """\
[plan]
name = "Ticks"

[[phases]]
id = "P1"
name = "Phase one"
start = 2025-01-01
end = 2025-03-31
deliverables = [
    { text = "Parser", done = false },  # the comment stays
    { text = "Docs" },
]

[[milestones]]
id = "M1"
title = "Ship"
due = 2025-02-01
status = "todo"
acceptance = [{ text = "Fast", done = true }, {text = "Small"}]
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "ticks.toml"
    path.write_bytes(PLAN.encode("utf-8"))
    return path


def _loaded(path: Path):  # type: ignore[no-untyped-def]
    result = load_file(path)
    assert result.plan is not None, result.problems
    return result.plan


@pytest.mark.parametrize(
    ("kind", "checklist", "index", "before", "after"),
    [
        ("phases", "deliverables", 0, '"Parser", done = false }', '"Parser", done = true }'),
        ("phases", "deliverables", 1, '{ text = "Docs" }', '{ text = "Docs", done = true }'),
        ("milestones", "acceptance", 0, '"Fast", done = true }', '"Fast", done = false }'),
        ("milestones", "acceptance", 1, '{text = "Small"}', '{text = "Small", done = true}'),
    ],
)
def test_a_tick_changes_that_line_only_and_its_undo_gives_the_bytes_back(
    plan: Path, kind: str, checklist: str, index: int, before: str, after: str
) -> None:
    loaded = _loaded(plan)
    item = loaded.phases[0] if kind == "phases" else loaded.milestones[0]
    group = edits.tick_check(plan, item, checklist, index)  # type: ignore[arg-type]
    result = apply_edits(group, None)
    assert plan.read_bytes() == PLAN.replace(before, after).encode("utf-8")
    # The item's status never moves: ticks are not work.
    assert _loaded(plan).milestones[0].status == "todo"
    apply_edits(result.applied.inverse(), None)
    assert plan.read_bytes() == PLAN.encode("utf-8")


def test_a_line_gone_from_the_file_is_refused(plan: Path) -> None:
    loaded = _loaded(plan)
    group = edits.tick_check(plan, loaded.milestones[0], "acceptance", 1)
    plan.write_text(PLAN.replace(', {text = "Small"}', ""), encoding="utf-8")
    with pytest.raises(WriteRefused, match="no acceptance line 2"):
        apply_edits(group, None)
