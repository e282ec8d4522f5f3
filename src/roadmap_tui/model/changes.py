"""What changed in a plan between two versions of it, item by item, matched by ``id``.

``diff_plans(old, new)`` compares two ``Plan`` values (``None`` for a file that did not exist)
and returns one ``Change`` per thing a standup cares about: a status moved, a due date slipped,
a risk's probability or impact changed level, a KPI got a new actual, an item was added,
removed, renamed or handed to someone else. ``by_owner`` groups changes per person.

Pure: no I/O; ``store.history`` supplies the versions, with who made each change and when;
``render.changes`` says them in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, TypeAlias

import msgspec

from roadmap_tui.model.levels import level_of
from roadmap_tui.model.plan import Kpi, Milestone, Plan, Point, Risk, Task

ChangeKind: TypeAlias = Literal[
    "added",
    "removed",
    "status",
    "due",
    "title",
    "owner",
    "probability",
    "impact",
    "risk_status",
    "kpi_actual",
]
Section: TypeAlias = Literal["milestone", "task", "risk", "kpi"]
#: An old or new value as the file gives it: a status, a date, a level as written, a KPI point.
Value: TypeAlias = str | int | float | dt.date | Point | None

#: The ``who`` of a change found in the working tree rather than in a commit.
UNCOMMITTED = "uncommitted"

SECTIONS: tuple[Section, ...] = ("milestone", "task", "risk", "kpi")

_Item: TypeAlias = Milestone | Task | Risk | Kpi
_LEVEL_KINDS: tuple[Literal["probability", "impact"], ...] = ("probability", "impact")


class Change(msgspec.Struct, frozen=True):
    """One change to one plan item.

    ``field`` is the file's key that changed (``None`` for added/removed). ``old``/``new`` are
    the values as written; for ``kpi_actual`` they are the ``Point`` before (``None`` when the
    date is new) and after. ``when``/``who`` come from the commit (``who`` is ``UNCOMMITTED``
    and ``when`` is ``None`` for the working tree).
    """

    kind: ChangeKind
    section: Section
    item_id: str
    title: str
    field: str | None
    old: Value
    new: Value
    plan: str
    owner: str | None
    when: dt.datetime | None = None
    who: str | None = None
    path: Path | None = None
    #: The KPI's unit, for ``kpi_actual`` changes.
    unit: str | None = None

    @property
    def days(self) -> int | None:
        """For a due date move: days later (positive, a slip) or earlier (negative)."""
        if self.kind != "due" or not (
            isinstance(self.old, dt.date) and isinstance(self.new, dt.date)
        ):
            return None
        return (self.new - self.old).days


class FileChanges(msgspec.Struct, frozen=True):
    """The changes found in one plan file's history, and why some could not be found.

    ``notices`` are one-line messages for people (not a git repository, a shallow clone, a
    version that did not parse and was skipped). ``plan`` is the plan's name now, or the file's
    name when the current version cannot be read; ``readable`` is False in that case.
    """

    path: Path
    plan: str
    changes: tuple[Change, ...] = ()
    notices: tuple[str, ...] = ()
    readable: bool = True
    #: False when the history could not be read at all (no git, not a repository …).
    has_history: bool = True


class ChangeReport(msgspec.Struct, frozen=True):
    """Changes in every plan file since one point in the past."""

    since: str
    files: tuple[FileChanges, ...] = ()

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(change for file in self.files for change in file.changes)

    @property
    def notices(self) -> tuple[str, ...]:
        return tuple(notice for file in self.files for notice in file.notices)


def _items(plan: Plan | None, section: Section) -> dict[str, _Item]:
    if plan is None:
        return {}
    items: Sequence[_Item]
    if section == "milestone":
        items = plan.milestones
    elif section == "task":
        items = plan.tasks
    elif section == "risk":
        items = plan.risks
    else:
        items = plan.kpis
    return {item.id: item for item in items}


def _title(item: _Item) -> str:
    return item.name if isinstance(item, Kpi) else item.title


def _owner(item: _Item) -> str | None:
    return None if isinstance(item, Kpi) else item.owner


def _status(item: Milestone | Task) -> str:
    return item.effective_status if isinstance(item, Task) else item.status


class _Context(msgspec.Struct, frozen=True):
    section: Section
    plan: str
    when: dt.datetime | None
    who: str | None
    path: Path | None

    def change(
        self, kind: ChangeKind, item: _Item, key: str | None, old: Value, new: Value
    ) -> Change:
        return Change(
            kind=kind,
            section=self.section,
            item_id=item.id,
            title=_title(item),
            field=key,
            old=old,
            new=new,
            plan=self.plan,
            owner=_owner(item),
            when=self.when,
            who=self.who,
            path=self.path,
            unit=item.unit if isinstance(item, Kpi) else None,
        )


def _item_changes(context: _Context, old: _Item, new: _Item) -> list[Change]:
    """Changes between two versions of one item (same section, same id)."""
    found: list[Change] = []
    if _title(old) != _title(new):
        found.append(context.change("title", new, _title_key(new), _title(old), _title(new)))
    if _owner(old) != _owner(new):
        found.append(context.change("owner", new, "owner", _owner(old), _owner(new)))
    if isinstance(old, Milestone | Task) and isinstance(new, Milestone | Task):
        if _status(old) != _status(new):
            found.append(context.change("status", new, "status", _status(old), _status(new)))
        if old.due != new.due:
            found.append(context.change("due", new, "due", old.due, new.due))
    elif isinstance(old, Risk) and isinstance(new, Risk):
        for key in _LEVEL_KINDS:
            before, after = getattr(old, key), getattr(new, key)
            if level_of(before) != level_of(after):
                found.append(context.change(key, new, key, before, after))
        if old.status != new.status:
            found.append(context.change("risk_status", new, "status", old.status, new.status))
    elif isinstance(old, Kpi) and isinstance(new, Kpi):
        before = {point.date: point for point in old.actuals}
        for point in new.actuals:
            previous = before.get(point.date)
            if previous is None or previous.value != point.value:
                found.append(context.change("kpi_actual", new, "actuals", previous, point))
    return found


def _title_key(item: _Item) -> str:
    return "name" if isinstance(item, Kpi) else "title"


def diff_plans(
    old: Plan | None,
    new: Plan | None,
    *,
    when: dt.datetime | None = None,
    who: str | None = None,
    path: Path | None = None,
) -> tuple[Change, ...]:
    """Every change from ``old`` to ``new``, matching items by ``id`` within each section.

    Args:
        old: the earlier version, or None when the file did not exist then.
        new: the later version, or None when the file no longer exists.
        when: when the later version was made (a commit's author date).
        who: who made it (a commit's author, or ``UNCOMMITTED``).
        path: the plan file, so a change can be traced to a row on screen.

    Returns:
        Changes in section order (milestones, tasks, risks, KPIs); within a section, items in
        the new file's order, then removed items in the old file's order.
    """
    source = new if new is not None else old
    plan = source.name if source is not None else ""
    found: list[Change] = []
    for section in SECTIONS:
        context = _Context(section, plan, when, who, path)
        before, after = _items(old, section), _items(new, section)
        for ident, item in after.items():
            previous = before.get(ident)
            if previous is None:
                found.append(context.change("added", item, None, None, None))
            else:
                found.extend(_item_changes(context, previous, item))
        for ident, item in before.items():
            if ident not in after:
                found.append(context.change("removed", item, None, None, None))
    return tuple(found)


def by_owner(changes: Iterable[Change]) -> dict[str | None, tuple[Change, ...]]:
    """Changes per item owner: owners in alphabetical order, items without an owner last."""
    grouped: dict[str | None, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.owner, []).append(change)
    named = sorted((owner for owner in grouped if owner is not None), key=str.casefold)
    order: list[str | None] = [*named]
    if None in grouped:
        order.append(None)
    return {owner: tuple(grouped[owner]) for owner in order}


def changed_items(changes: Iterable[Change]) -> frozenset[tuple[Path | None, Section, str]]:
    """``(path, section, id)`` of every item that changed: what rows get a marker."""
    return frozenset((change.path, change.section, change.item_id) for change in changes)
