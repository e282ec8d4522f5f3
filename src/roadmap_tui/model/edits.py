"""Edits: what one action changes in a plan file (old → new), and how to undo it.

An ``Edit`` names one value of one item (``milestones[M2.1].status``) with the value it should
hold now and the value it will hold after. ``MISSING`` stands for "the key is absent", so adding
``done_on`` is ``old=MISSING`` and removing it is ``new=MISSING``. A KPI's ``actuals`` are edited
as a whole tuple of points; recording an actual is "the same points plus one at the end", which
the writer turns into appending one element.

An ``EditGroup`` is what one key press does: one or more edits to one file, written together
(a status moving to ``done`` also adds ``done_on``). Its ``inverse()`` is the undo.

The constructors below make the groups for the product's actions from the model items the app
shows. They never read files; ``store.writer`` checks each ``old`` against the disk.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final, Literal, TypeAlias

from roadmap_tui.model.levels import step_level
from roadmap_tui.model.plan import (
    Kpi,
    Milestone,
    Phase,
    Point,
    Risk,
    RiskStatus,
    Status,
    Task,
)
from roadmap_tui.model.safe_text import safe_text
from roadmap_tui.model.values import number_problem, shift_date


class Missing(enum.Enum):
    """The type of ``MISSING``: a key that is absent from the item."""

    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = Missing.MISSING

Kind: TypeAlias = Literal["phases", "milestones", "tasks", "risks", "kpis"]
#: The checklists a phase or milestone may hold; their lines can be ticked.
ChecklistName: TypeAlias = Literal["deliverables", "acceptance"]
#: A value an edit writes: a TOML scalar, or a KPI's points.
Value: TypeAlias = str | int | float | bool | dt.date | tuple[Point, ...]
Item: TypeAlias = Phase | Milestone | Task | Risk | Kpi
Scheduled: TypeAlias = Milestone | Task
LevelField: TypeAlias = Literal["probability", "impact"]

_KINDS: dict[type[Item], Kind] = {
    Phase: "phases",
    Milestone: "milestones",
    Task: "tasks",
    Risk: "risks",
    Kpi: "kpis",
}
_NEXT_STATUS: dict[Status, Status] = {
    "todo": "in_progress",
    "planned": "in_progress",
    "in_progress": "done",
    "done": "todo",
    "blocked": "todo",
    "dropped": "todo",
}
_NEXT_RISK_STATUS: dict[RiskStatus, RiskStatus] = {
    "open": "mitigating",
    "mitigating": "closed",
    "closed": "open",
}


@dataclass(frozen=True)
class Edit:
    """One value of one item in one plan file, changing from ``old`` to ``new``.

    The last three fields are layout hints, None unless the writer filled them in on the edit
    it applied, so that undoing it gives back the very same text:

    - ``after``: for an added key, the key it goes after (where it was before it was removed);
      None puts it after the item's last key.
    - ``old_text``, ``new_text``: the values as written in the file (``'single'`` quotes,
      ``0.60``, an escape). A value is written as its text when that text means the value.
    - ``old_line``, ``new_line``: for a key removed (or put back), the exact text that went
      with it (its key's quoting, alignment, trailing comment, separator), so that the undo
      puts back those very bytes.
    """

    path: Path
    kind: Kind
    item_id: str
    field: str
    old: Value | Missing
    new: Value | Missing
    after: str | None = None
    old_text: str | None = None
    new_text: str | None = None
    old_line: str | None = None
    new_line: str | None = None

    @property
    def label(self) -> str:
        """The value's name in messages: ``M2.1 status``."""
        return f"{self.item_id} {self.field}"

    def inverse(self) -> Edit:
        """The edit that undoes this one."""
        return replace(
            self,
            old=self.new,
            new=self.old,
            old_text=self.new_text,
            new_text=self.old_text,
            old_line=self.new_line,
            new_line=self.old_line,
        )

    def describe(self) -> str:
        """``M2.1 status: "todo" → "done"``, for logs and the undo history."""
        return f"{self.label}: {show_value(self.old)} → {show_value(self.new)}"


@dataclass(frozen=True)
class EditGroup:
    """Edits to one file that are written together, in order; may be empty (nothing to do)."""

    path: Path
    edits: tuple[Edit, ...] = ()
    summary: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for edit in self.edits:
            if edit.path != self.path:
                raise ValueError(f"edit of {edit.path} in a group for {self.path}")
        if not self.summary and self.edits:
            object.__setattr__(self, "summary", self.edits[0].describe())

    def __iter__(self) -> Iterator[Edit]:
        return iter(self.edits)

    def __len__(self) -> int:
        return len(self.edits)

    def __bool__(self) -> bool:
        return bool(self.edits)

    def inverse(self) -> EditGroup:
        """The group that undoes this one: each edit's inverse, last first."""
        edits = tuple(edit.inverse() for edit in reversed(self.edits))
        return EditGroup(self.path, edits, f"undo {self.summary}" if self.summary else "")


def show_value(value: Value | Missing) -> str:
    """A value written as TOML would write it (``"done"``, ``2025-02-10``), or ``(absent)``."""
    if value is MISSING:
        return "(absent)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        if not value:
            return "no points"
        last = value[-1]
        return f"{len(value)} points, last {last.date.isoformat()} = {show_value(last.value)}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _present(value: Value | None) -> Value | Missing:
    return MISSING if value is None else value


def _edit(path: Path, item: Item, name: str, old: Value | Missing, new: Value | Missing) -> Edit:
    """One edit, refused (ValueError) when ``new`` is a value the loader would reject."""
    check_value(new)
    return Edit(path, _KINDS[type(item)], item.id, name, old, new)


def check_value(value: Value | Missing) -> None:
    """Raise a ValueError saying why, if ``value`` breaks the loader's rule (``model.values``).

    Every edit passes here before anything is written: the app never writes a value that would
    make its own file fail to load.
    """
    points = value if isinstance(value, tuple) else ()
    for point in points:
        problem = number_problem(point.value)
        if problem is not None:
            raise ValueError(f"{point.date.isoformat()}: {problem}")
    problem = None if isinstance(value, tuple | Missing) else number_problem(value)
    if problem is not None:
        raise ValueError(problem)


def _group(path: Path, *edits: Edit) -> EditGroup:
    return EditGroup(path, tuple(edit for edit in edits if edit.old != edit.new))


def _status_edits(path: Path, item: Scheduled, status: Status, today: dt.date | None) -> EditGroup:
    if isinstance(item, Task):
        return _task_status(path, item, status)
    if item.status == status:
        return EditGroup(path)
    edits = [_edit(path, item, "status", item.status, status)]
    if status == "done":
        if today is None:
            raise ValueError("moving to done needs today's date for done_on")
        edits.append(_edit(path, item, "done_on", _present(item.done_on), today))
    elif item.status == "done" and item.done_on is not None:
        edits.append(_edit(path, item, "done_on", item.done_on, MISSING))
    return _group(path, *edits)


def _task_status(path: Path, task: Task, status: Status) -> EditGroup:
    """A task's status change, in whichever form the task is written.

    A task written with ``status`` keeps using it. A checklist task (``done = true/false``, or
    neither) stays a checklist task for todo and done; any other status replaces its ``done``
    key with a ``status`` key, since a task with both warns that ``status`` wins.
    """
    if task.status is not None:
        return _group(path, _edit(path, task, "status", task.status, status))
    if status in ("todo", "done"):
        if task.effective_status == status:
            return EditGroup(path)
        return _group(path, _edit(path, task, "done", _present(task.done), status == "done"))
    edits = [_edit(path, task, "status", MISSING, status)]
    if task.done is not None:
        edits.append(_edit(path, task, "done", task.done, MISSING))
    return _group(path, *edits)


def set_status(path: Path, item: Scheduled, status: Status, today: dt.date) -> EditGroup:
    """Give a milestone or task ``status``.

    A milestone moving to ``done`` gets ``done_on = today`` (added, or changed if it had one);
    one moving away from ``done`` loses its ``done_on``. Setting the status it already has is an
    empty group.
    """
    return _status_edits(path, item, status, today)


def cycle_status(path: Path, item: Scheduled, today: dt.date) -> EditGroup:
    """The next status: todo (or planned) → in_progress → done → todo; blocked and dropped go
    back to todo.

    A checklist task (written with ``done``, no ``status``) toggles between todo and done.
    """
    if isinstance(item, Task) and item.status is None:
        return toggle_task(path, item, today)
    current = item.status
    assert current is not None
    return _status_edits(path, item, _NEXT_STATUS[current], today)


def toggle_blocked(path: Path, item: Scheduled, history: Sequence[EditGroup] = ()) -> EditGroup:
    """Block an item, or unblock a blocked one back to what it was before.

    The file does not say what an item was before it was blocked, but the session's edit
    ``history`` (the undo stack, oldest first) does when the block was made in it: unblocking is
    then the inverse of that block, which gives back the status and ``done_on`` exactly as they
    were written. An item blocked before the session (in the file, or by another editor) goes
    back to ``todo``, which claims no progress that may not have happened.
    Blocking a ``done`` milestone removes its ``done_on``.
    """
    current = item.effective_status if isinstance(item, Task) else item.status
    if current != "blocked":
        return _status_edits(path, item, "blocked", None)
    blocked = _block_of(path, item, history)
    if blocked is not None:
        olds = {e.field: e.old for e in blocked if e.item_id == item.id}
        status, done = olds.get("status"), olds.get("done")
        back = status if isinstance(status, str) else "done" if done is True else "todo"
        summary = f"{item.id} unblocked: back to {back}"
        return EditGroup(path, blocked.inverse().edits, summary)
    return _status_edits(path, item, "todo", None)


def _block_of(path: Path, item: Scheduled, history: Sequence[EditGroup]) -> EditGroup | None:
    """The latest group in ``history`` that blocked ``item``, if nothing changed it since."""
    kind = _KINDS[type(item)]
    for group in reversed(history):
        if group.path != path:
            continue
        mine = [e for e in group if e.kind == kind and e.item_id == item.id]
        if not mine:
            continue
        if any(e.field == "status" and e.new == "blocked" for e in mine):
            return group
        if any(e.field in ("status", "done", "done_on") for e in mine):
            return None  # its status changed after: that block is not the one to undo
    return None


def mark_dropped(path: Path, item: Scheduled) -> EditGroup:
    """Drop a milestone or task (no longer planned); empty if it already is dropped."""
    return _status_edits(path, item, "dropped", None)


def toggle_task(path: Path, task: Task, today: dt.date) -> EditGroup:
    """Tick or untick a task: its ``done`` flips, or its ``status`` goes done ↔ todo.

    ``today`` is accepted for symmetry with milestones; tasks carry no ``done_on``.
    """
    target: Status = "todo" if task.effective_status == "done" else "done"
    return _status_edits(path, task, target, today)


def set_due(path: Path, item: Scheduled, due: dt.date) -> EditGroup:
    """Set a milestone's or task's due date (a task without one gets one)."""
    return _group(path, _edit(path, item, "due", _present(item.due), due))


def shift_due(path: Path, item: Scheduled, days: int) -> EditGroup:
    """Move the due date ``days`` later (negative: earlier); empty if the item has no due date.

    Raises ValueError when the new date would be past the calendar's ends (9999-12-31, 0001-01-01).
    """
    if item.due is None or days == 0:
        return EditGroup(path)
    return set_due(path, item, shift_date(item.due, days))


def shift_together(path: Path, items: list[Scheduled], days: int, summary: str) -> EditGroup:
    """Move several items ``days`` later (negative: earlier) as ONE group, undone as one.

    Each item's due date moves, and a task's start with it, so a bar keeps its length; items
    without a due date are left as they are.
    """
    edits: list[Edit] = []
    for item in items:
        if item.due is None or days == 0:
            continue
        step = dt.timedelta(days=days)
        if isinstance(item, Task) and item.start is not None:
            edits.append(_edit(path, item, "start", item.start, item.start + step))
        edits.append(_edit(path, item, "due", item.due, item.due + step))
    group = _group(path, *edits)
    return EditGroup(path, group.edits, summary) if group else group


def set_note(path: Path, item: Milestone | Task | Risk | Kpi, text: str) -> EditGroup:
    """Set an item's note; text that is empty or only whitespace removes the note.

    Control characters (a paste may carry escape sequences) are dropped before anything is
    written, as the loader would drop them on reading.
    """
    text = safe_text(text)
    new: Value | Missing = text if text.strip() else MISSING
    return _group(path, _edit(path, item, "note", _present(item.note), new))


def step_risk(path: Path, risk: Risk, which: LevelField, delta: int) -> EditGroup:
    """Raise (delta=1) or lower (-1) a risk's probability or impact, in the file's own scale.

    Empty when the level is already at the end of its scale, or the risk does not rate it
    (stepping would invent a level the plan does not give).
    """
    old = risk.probability if which == "probability" else risk.impact
    if old is None:
        return EditGroup(path)
    new = step_level(old, delta)
    if new == old and type(new) is type(old):
        return EditGroup(path)
    return _group(path, _edit(path, risk, which, old, new))


def cycle_risk_status(path: Path, risk: Risk) -> EditGroup:
    """The risk's next status: open → mitigating → closed → open."""
    new = _NEXT_RISK_STATUS[risk.status]
    return _group(path, _edit(path, risk, "status", risk.status, new))


def check_field(checklist: ChecklistName, index: int) -> str:
    """The field name of one checklist line's tick: ``deliverables[2].done``."""
    return f"{checklist}[{index}].done"


def tick_check(
    path: Path, item: Phase | Milestone, checklist: ChecklistName, index: int
) -> EditGroup:
    """Tick or untick one deliverable or acceptance criterion of a phase or milestone.

    Only that line's ``done`` changes (added when the line had none); the item's own status
    never does: ticks are not work.
    """
    checks = item.deliverables if checklist == "deliverables" else item.acceptance
    if not 0 <= index < len(checks):
        raise ValueError(f"{item.id} has no {checklist} line {index + 1}")
    done = checks[index].done
    edit = _edit(path, item, check_field(checklist, index), done, not done)
    verb = "unticked" if done else "ticked"
    return EditGroup(path, (edit,), f"{item.id} {checklist} {index + 1} {verb}")


def record_actual(path: Path, kpi: Kpi, today: dt.date, value: float) -> EditGroup:
    """Record a KPI's measured value for today.

    Appends a point; a second record on the same day replaces that day's point instead.
    Raises ValueError for a value the loader would reject (nan, inf, beyond 1e15).
    """
    point = Point(date=today, value=float(value))
    old = kpi.actuals
    same_day = bool(old) and old[-1].date == today
    new = (*old[:-1], point) if same_day else (*old, point)
    return _group(path, _edit(path, kpi, "actuals", old, new))


__all__ = [
    "MISSING",
    "Edit",
    "EditGroup",
    "Kind",
    "Missing",
    "Value",
    "check_value",
    "cycle_risk_status",
    "cycle_status",
    "mark_dropped",
    "record_actual",
    "set_due",
    "set_note",
    "set_status",
    "shift_due",
    "shift_together",
    "show_value",
    "step_risk",
    "tick_check",
    "toggle_blocked",
    "toggle_task",
]
