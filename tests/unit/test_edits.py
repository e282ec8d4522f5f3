"""Edit values: what each action changes, and that inverses undo it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from roadmap_tui.model import edits
from roadmap_tui.model.edits import MISSING, Edit, EditGroup
from roadmap_tui.model.plan import Kpi, Milestone, Point, Risk, Task

PATH = Path("plan.toml")
TODAY = dt.date(2025, 2, 10)


def milestone(**fields: object) -> Milestone:
    base: dict[str, object] = {"id": "M1", "title": "t", "due": dt.date(2025, 3, 1)}
    base.setdefault("status", "todo")
    return Milestone(**{**base, **fields})  # type: ignore[arg-type]


def changes(group: EditGroup) -> list[tuple[str, object, object]]:
    return [(edit.field, edit.old, edit.new) for edit in group]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("todo", "in_progress"),
        ("in_progress", "done"),
        ("done", "todo"),
        ("blocked", "todo"),
        ("dropped", "todo"),
    ],
)
def test_cycle_status_order(status: str, expected: str) -> None:
    group = edits.cycle_status(PATH, milestone(status=status), TODAY)
    assert group.edits[0].field == "status"
    assert (group.edits[0].old, group.edits[0].new) == (status, expected)


def test_moving_to_done_adds_done_on() -> None:
    group = edits.cycle_status(PATH, milestone(status="in_progress"), TODAY)
    assert changes(group) == [("status", "in_progress", "done"), ("done_on", MISSING, TODAY)]
    assert all(edit.kind == "milestones" and edit.item_id == "M1" for edit in group)


def test_moving_to_done_changes_an_old_done_on() -> None:
    group = edits.set_status(PATH, milestone(done_on=dt.date(2024, 1, 1)), "done", TODAY)
    assert changes(group)[1] == ("done_on", dt.date(2024, 1, 1), TODAY)


def test_moving_away_from_done_removes_done_on() -> None:
    group = edits.cycle_status(PATH, milestone(status="done", done_on=TODAY), TODAY)
    assert changes(group) == [("status", "done", "todo"), ("done_on", TODAY, MISSING)]


def test_same_status_is_an_empty_group() -> None:
    group = edits.set_status(PATH, milestone(status="blocked"), "blocked", TODAY)
    assert not group
    assert len(group) == 0


def test_group_inverse_reverses_and_inverts() -> None:
    group = edits.cycle_status(PATH, milestone(status="in_progress"), TODAY)
    undo = group.inverse()
    assert changes(undo) == [("done_on", TODAY, MISSING), ("status", "done", "in_progress")]
    assert undo.inverse() == group
    assert undo.summary.startswith("undo ")


def test_edit_inverse_and_description() -> None:
    edit = Edit(PATH, "milestones", "M2.1", "status", "todo", "done")
    assert edit.inverse() == Edit(PATH, "milestones", "M2.1", "status", "done", "todo")
    assert edit.describe() == 'M2.1 status: "todo" → "done"'
    assert (
        Edit(PATH, "milestones", "M", "done_on", MISSING, TODAY)
        .describe()
        .endswith("(absent) → 2025-02-10")
    )


def test_a_group_holds_one_file() -> None:
    edit = Edit(Path("other.toml"), "milestones", "M", "status", "todo", "done")
    with pytest.raises(ValueError, match=r"other\.toml"):
        EditGroup(PATH, (edit,))


def test_toggle_blocked_blocks_and_unblocks_to_todo() -> None:
    blocked = edits.toggle_blocked(PATH, milestone(status="in_progress"))
    assert changes(blocked) == [("status", "in_progress", "blocked")]
    unblocked = edits.toggle_blocked(PATH, milestone(status="blocked"))
    assert changes(unblocked) == [("status", "blocked", "todo")]
    from_done = edits.toggle_blocked(PATH, milestone(status="done", done_on=TODAY))
    assert changes(from_done) == [("status", "done", "blocked"), ("done_on", TODAY, MISSING)]


def test_mark_dropped() -> None:
    assert changes(edits.mark_dropped(PATH, milestone())) == [("status", "todo", "dropped")]
    assert not edits.mark_dropped(PATH, milestone(status="dropped"))


def test_due_dates() -> None:
    item = milestone()
    assert changes(edits.set_due(PATH, item, TODAY)) == [("due", dt.date(2025, 3, 1), TODAY)]
    later = edits.shift_due(PATH, item, 7)
    assert changes(later) == [("due", dt.date(2025, 3, 1), dt.date(2025, 3, 8))]
    assert changes(edits.shift_due(PATH, item, -1))[0][2] == dt.date(2025, 2, 28)
    assert not edits.shift_due(PATH, Task(id="T", title="t"), 3)
    added = edits.set_due(PATH, Task(id="T", title="t"), TODAY)
    assert changes(added) == [("due", MISSING, TODAY)]


def test_notes() -> None:
    assert changes(edits.set_note(PATH, milestone(), 'a "b"')) == [("note", MISSING, 'a "b"')]
    assert changes(edits.set_note(PATH, milestone(note="x"), "")) == [("note", "x", MISSING)]
    assert changes(edits.set_note(PATH, milestone(note="x"), "  \n")) == [("note", "x", MISSING)]
    assert not edits.set_note(PATH, milestone(note="x"), "x")
    assert not edits.set_note(PATH, milestone(), "")


def test_checklist_task_toggles_done() -> None:
    ticked = edits.toggle_task(PATH, Task(id="T", title="t", done=False), TODAY)
    assert changes(ticked) == [("done", False, True)]
    assert ticked.edits[0].kind == "tasks"
    unticked = edits.cycle_status(PATH, Task(id="T", title="t", done=True), TODAY)
    assert changes(unticked) == [("done", True, False)]
    bare = edits.toggle_task(PATH, Task(id="T", title="t"), TODAY)
    assert changes(bare) == [("done", MISSING, True)]


def test_status_task_toggles_between_done_and_todo() -> None:
    task = Task(id="T", title="t", status="in_progress")
    assert changes(edits.toggle_task(PATH, task, TODAY)) == [("status", "in_progress", "done")]
    done = Task(id="T", title="t", status="done")
    assert changes(edits.toggle_task(PATH, done, TODAY)) == [("status", "done", "todo")]
    # Tasks have no done_on.
    assert changes(edits.cycle_status(PATH, task, TODAY)) == [("status", "in_progress", "done")]


def test_checklist_task_blocked_swaps_done_for_status() -> None:
    group = edits.toggle_blocked(PATH, Task(id="T", title="t", done=False))
    assert changes(group) == [("status", MISSING, "blocked"), ("done", False, MISSING)]


@pytest.mark.parametrize(
    ("value", "delta", "expected"),
    [("中", 1, "高"), ("中", -1, "低"), (3, 1, 4), ("60%", 1, "80%"), ("high", 1, "very high")],
)
def test_step_risk_keeps_the_scale(value: object, delta: int, expected: object) -> None:
    risk = Risk(id="R1", title="r", probability=value, impact="低")  # type: ignore[arg-type]
    assert changes(edits.step_risk(PATH, risk, "probability", delta)) == [
        ("probability", value, expected)
    ]


def test_step_risk_at_the_end_of_the_scale_is_empty() -> None:
    risk = Risk(id="R1", title="r", probability="极高", impact=1)
    assert not edits.step_risk(PATH, risk, "probability", 1)
    assert not edits.step_risk(PATH, risk, "impact", -1)


def test_cycle_risk_status() -> None:
    risk = Risk(id="R1", title="r", probability=1, impact=1)
    assert changes(edits.cycle_risk_status(PATH, risk)) == [("status", "open", "mitigating")]
    closed = Risk(id="R1", title="r", probability=1, impact=1, status="closed")
    assert changes(edits.cycle_risk_status(PATH, closed))[0][2] == "open"


def test_record_actual_appends_or_replaces_today() -> None:
    first = Point(date=dt.date(2025, 1, 1), value=25.0)
    kpi = Kpi(id="p99", name="P99", actuals=(first,))
    group = edits.record_actual(PATH, kpi, TODAY, 20)
    assert changes(group) == [("actuals", (first,), (first, Point(date=TODAY, value=20.0)))]
    again = Kpi(id="p99", name="P99", actuals=(first, Point(date=TODAY, value=20.0)))
    replaced = edits.record_actual(PATH, again, TODAY, 18.5)
    assert replaced.edits[0].new == (first, Point(date=TODAY, value=18.5))
    assert "2 points" in replaced.edits[0].describe()


def test_edits_are_hashable_values() -> None:
    group = edits.record_actual(PATH, Kpi(id="k", name="k"), TODAY, 1)
    assert len({group, edits.record_actual(PATH, Kpi(id="k", name="k"), TODAY, 1)}) == 1


def test_unblocking_undoes_the_block_made_in_this_session() -> None:
    done = milestone(status="done", done_on=TODAY)
    block = edits.toggle_blocked(PATH, done)
    blocked = milestone(status="blocked")
    back = edits.toggle_blocked(PATH, blocked, [block])
    assert changes(back) == [("done_on", MISSING, TODAY), ("status", "blocked", "done")]
    assert back.summary == "M1 unblocked: back to done"
    # A status change since the block (done by hand, then blocked from the file) is not undone.
    later = edits.set_status(PATH, blocked, "todo", TODAY)
    assert changes(edits.toggle_blocked(PATH, blocked, [block, later])) == [
        ("status", "blocked", "todo")
    ]
