"""Typed intents: what a key asks to change, one frozen struct per action.

A widget names the item it acts on with a ``Target`` and posts one of the intents below; the
workspace finds the item in the plan as it is now (``find_item``) and turns the intent into the
``EditGroup`` the writer applies (``edits_for``). Each intent carries its argument with the
type the ``model.edits`` constructor takes, so mypy checks every key's payload, and
``edits_for`` ends with ``assert_never``: an intent added here and not handled there fails the
type check.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias, assert_never

import msgspec

from roadmap_tui.model import edits as edit_rules
from roadmap_tui.model.edits import ChecklistName, EditGroup, Item, LevelField, Scheduled
from roadmap_tui.model.plan import Kpi, Milestone, Phase, Plan, Risk, Status, Task

#: The plan sections that hold items with an ``id``: one name for the concept, shared with
#: ``model.edits``.
ItemKind: TypeAlias = edit_rules.Kind


class Target(msgspec.Struct, frozen=True):
    """The item an intent acts on: its plan file, its section, its id."""

    path: Path
    kind: ItemKind
    item_id: str


class CycleStatus(msgspec.Struct, frozen=True):
    """A milestone's or task's next status (todo → in_progress → done → todo)."""

    target: Target


class SetStatus(msgspec.Struct, frozen=True):
    """Give a milestone or task this status."""

    target: Target
    status: Status


class ToggleBlocked(msgspec.Struct, frozen=True):
    """Block a milestone or task, or unblock it back to what it was."""

    target: Target


class SetDue(msgspec.Struct, frozen=True):
    """Set a milestone's or task's due date."""

    target: Target
    due: dt.date


class ShiftDue(msgspec.Struct, frozen=True):
    """Move a milestone's or task's due date ``days`` later (negative: earlier)."""

    target: Target
    days: int


class ShiftWithDependents(msgspec.Struct, frozen=True):
    """Move an item and everything that depends on it ``days`` later, as one undo."""

    target: Target
    days: int


class SetNote(msgspec.Struct, frozen=True):
    """Set an item's note; an empty or blank note removes it."""

    target: Target
    note: str


class ToggleTask(msgspec.Struct, frozen=True):
    """Tick or untick a task."""

    target: Target


class StepRisk(msgspec.Struct, frozen=True):
    """Raise (``delta`` 1) or lower (-1) a risk's probability or impact."""

    target: Target
    field: LevelField
    delta: int


class CycleRiskStatus(msgspec.Struct, frozen=True):
    """A risk's next status (open → mitigating → closed → open)."""

    target: Target


class TickCheck(msgspec.Struct, frozen=True):
    """Tick or untick line ``index`` (from 0) of a phase's or milestone's checklist."""

    target: Target
    checklist: ChecklistName
    index: int


class RecordActual(msgspec.Struct, frozen=True):
    """Record a KPI's measured value for today."""

    target: Target
    value: float


Intent: TypeAlias = (
    CycleStatus
    | SetStatus
    | ToggleBlocked
    | SetDue
    | ShiftDue
    | ShiftWithDependents
    | SetNote
    | ToggleTask
    | StepRisk
    | CycleRiskStatus
    | TickCheck
    | RecordActual
)


def edits_for(
    intent: Intent,
    item: Item,
    today: dt.date,
    *,
    plan: Plan,
    history: Sequence[EditGroup],
) -> EditGroup:
    """The edits ``intent`` means for ``item`` (the target as it is in ``plan`` now).

    Args:
        intent: what the key asked for.
        item: the intent's target, found in ``plan`` (``find_item``).
        today: the date a status moving to done, or a KPI's actual, is recorded on.
        plan: the item's plan, for edits that reach other items (``ShiftWithDependents``).
        history: the session's undo stack, oldest first: unblocking restores what a block
            there replaced.

    Raises:
        ValueError: the intent does not apply to this kind of item, or its value is one the
            loader would reject; the message says which.
    """
    path = intent.target.path
    match intent:
        case CycleStatus():
            return edit_rules.cycle_status(path, _scheduled(item), today)
        case SetStatus(status=status):
            return edit_rules.set_status(path, _scheduled(item), status, today)
        case ToggleBlocked():
            return edit_rules.toggle_blocked(path, _scheduled(item), history)
        case SetDue(due=due):
            return edit_rules.set_due(path, _scheduled(item), due)
        case ShiftDue(days=days):
            return edit_rules.shift_due(path, _scheduled(item), days)
        case ShiftWithDependents(days=days):
            # The dependency graph is needed by this one key: not at start-up.
            from roadmap_tui.workspace.schedule_edits import shift_with_dependents

            return shift_with_dependents(path, plan, _scheduled(item), days)
        case SetNote(note=note):
            return edit_rules.set_note(path, _noted(item), note)
        case ToggleTask():
            return edit_rules.toggle_task(path, _task(item), today)
        case StepRisk(field=field, delta=delta):
            return edit_rules.step_risk(path, _risk(item), field, delta)
        case CycleRiskStatus():
            return edit_rules.cycle_risk_status(path, _risk(item))
        case TickCheck(checklist=checklist, index=index):
            return edit_rules.tick_check(path, _checked(item), checklist, index)
        case RecordActual(value=value):
            return edit_rules.record_actual(path, _kpi(item), today, value)
        case _:
            assert_never(intent)


def find_item(plan: Plan, target: Target) -> Item | None:
    """The item ``target`` names in ``plan``, or None when the plan no longer holds it."""
    return next((item for item in _section(plan, target.kind) if item.id == target.item_id), None)


def _section(plan: Plan, kind: ItemKind) -> Sequence[Item]:
    match kind:
        case "phases":
            return plan.phases
        case "milestones":
            return plan.milestones
        case "tasks":
            return plan.tasks
        case "risks":
            return plan.risks
        case "kpis":
            return plan.kpis
        case _:
            assert_never(kind)


_NAMES: dict[type[Item], str] = {
    Phase: "a phase",
    Milestone: "a milestone",
    Task: "a task",
    Risk: "a risk",
    Kpi: "a KPI",
}


def _refuse(item: Item, applies_to: str) -> ValueError:
    return ValueError(f"this edit applies to {applies_to}, not to {_NAMES[type(item)]}")


def _scheduled(item: Item) -> Scheduled:
    if isinstance(item, Milestone | Task):
        return item
    raise _refuse(item, "milestones and tasks")


def _noted(item: Item) -> Milestone | Task | Risk | Kpi:
    if isinstance(item, Milestone | Task | Risk | Kpi):
        return item
    raise _refuse(item, "milestones, tasks, risks and KPIs")


def _checked(item: Item) -> Phase | Milestone:
    if isinstance(item, Phase | Milestone):
        return item
    raise _refuse(item, "phases and milestones")


def _task(item: Item) -> Task:
    if isinstance(item, Task):
        return item
    raise _refuse(item, "tasks")


def _risk(item: Item) -> Risk:
    if isinstance(item, Risk):
        return item
    raise _refuse(item, "risks")


def _kpi(item: Item) -> Kpi:
    if isinstance(item, Kpi):
        return item
    raise _refuse(item, "KPIs")
