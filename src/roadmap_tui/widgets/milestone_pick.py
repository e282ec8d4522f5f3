"""Which milestones the Milestones table lists, worked out per plan so a reload costs one plan.

Each plan's rows (most urgent first) and counts are made once per plan object; the table's
rows are the plans' rows merged in urgency order, of which only the first few hundred are
taken. A reload of one file of 200 remakes that file's rows; the merge reads as many rows as
the table shows, not all 10,000 (unless a filter is typed, which has to look at every row).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from roadmap_tui.model.plan import Plan
from roadmap_tui.model.timeline import milestone_sort_key
from roadmap_tui.render.milestones import MilestoneRow, milestone_rows


def table_key(row: MilestoneRow) -> str:
    """The row's DataTable key: ``row_key(path, id)`` without making a Path again."""
    return f"{row.key[0]}\x00{row.key[1]}"


def searchable(row: MilestoneRow) -> str:
    """What ``/`` looks through: the cells as shown ("late"), and every field behind them.

    A narrow table hides Phase and Note; the filter must find the same rows at any width.
    """
    m = row.view.milestone
    due = m.due.isoformat() if m.due else None
    fields = [row.plan_name, m.id, m.title, m.owner, due, m.phase, m.note]
    fields += [cell.plain for cell in row.cells]
    return " ".join(field or "" for field in fields).casefold()


@dataclass(frozen=True)
class PlanRows:
    """One plan's milestones as rows, most urgent first (closed last), and their counts."""

    rows: tuple[MilestoneRow, ...]
    open: int
    overdue: int
    index: dict[str, int]

    @classmethod
    def of(cls, path: Path, plan: Plan, today: dt.date, *, wide: bool, show_plan: bool) -> PlanRows:
        rows = tuple(
            milestone_rows(
                [(path, plan)], today, wide=wide, show_plan=show_plan, include_closed=True
            )
        )
        return cls(
            rows,
            sum(1 for row in rows if not row.view.closed),
            sum(1 for row in rows if row.overdue),
            {table_key(row): n for n, row in enumerate(rows)},
        )


@dataclass(frozen=True)
class Picked:
    """The rows to list, how many match in all, and how many of those are late."""

    rows: list[MilestoneRow]
    total: int
    overdue: int


def _merged(plans: Sequence[PlanRows]) -> Iterator[MilestoneRow]:
    # heapq.merge keeps equal keys in the order of the plans given: the same order a stable
    # sort of every plan's rows by urgency gives, so milestones due the same day keep plan order.
    return heapq.merge(*(p.rows for p in plans), key=lambda row: milestone_sort_key(row.view))


def pick(
    plans: Sequence[PlanRows],
    *,
    show_closed: bool,
    sticky: str | None,
    needle: str,
    keep: set[str | None],
    limit: int,
) -> Picked:
    """The rows the table lists, in urgency order.

    Args:
        plans: each plan's rows, in the order the plans are shown.
        show_closed: list done and dropped milestones too.
        sticky: the key of a row just closed with a key, listed until the cursor leaves it.
        needle: the filter typed (casefolded), or "".
        keep: keys listed even past ``limit`` (the selected row, the sticky one).
        limit: past this many rows only ``keep`` is listed.
    """

    def shown(row: MilestoneRow) -> bool:
        # A row just closed with a key stays until the cursor leaves it: the next key press
        # must act on the item the user is looking at, not on the one below it.
        listed = show_closed or not row.view.closed or table_key(row) == sticky
        return listed and (not needle or needle in searchable(row))

    if needle:  # a filter has to look at every row
        rows = [row for row in _merged(plans) if shown(row)]
        extra = [row for row in rows[limit:] if table_key(row) in keep]
        return Picked(rows[:limit] + extra, len(rows), sum(1 for row in rows if row.overdue))
    total = sum(len(p.rows) if show_closed else p.open for p in plans)
    overdue = sum(p.overdue for p in plans)
    found = {key: row for key in keep if key is not None and (row := _find(plans, key))}
    if not show_closed and sticky in found and found[sticky].view.closed:
        total += 1  # the sticky row is listed though closed
    first = list(islice(filter(shown, _merged(plans)), limit))
    if total > len(first):
        listed = {table_key(row) for row in first}
        rest = [row for key, row in found.items() if key not in listed and shown(row)]
        first += sorted(rest, key=lambda row: _position(plans, row))
    return Picked(first, total, overdue)


def _find(plans: Sequence[PlanRows], key: str) -> MilestoneRow | None:
    for p in plans:
        at = p.index.get(key)
        if at is not None:
            return p.rows[at]
    return None


def _position(plans: Sequence[PlanRows], row: MilestoneRow) -> tuple[tuple[int, dt.date], int, int]:
    """Where a row comes in the merged order: by urgency, then plan, then within its plan."""
    key = table_key(row)
    for n, p in enumerate(plans):
        if key in p.index:
            return milestone_sort_key(row.view), n, p.index[key]
    return milestone_sort_key(row.view), len(plans), 0
