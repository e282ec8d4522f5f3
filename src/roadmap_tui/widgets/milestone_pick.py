"""Which milestones the Milestones table lists (worked out per plan, so a reload costs one
plan), and how wide its columns are.

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

from rich.text import Text

from roadmap_tui.model.plan import Plan
from roadmap_tui.model.timeline import milestone_sort_key
from roadmap_tui.render.milestones import MilestoneRow, milestone_rows

#: Below this inner width the table drops to the compact columns.
WIDE_FROM = 90
#: The narrowest a title (or note) column gets: its heading and one cell of gap.
MIN_TITLE = len("Milestone") + 1
#: A title this wide reads; past it, spare cells show owners in full, up to ``OWNER_MAX``.
READABLE_TITLE, OWNER_MAX = 12, 17


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


def column_widths(labels: Sequence[str], rows: Sequence[list[Text]], width: int) -> list[int]:
    """Column widths (each with one cell of gap) so the table fits ``width`` exactly."""
    caps = {"": 3, "ID": 10, "Plan": 10, "Owner": 7, "Due": 11, "When": 10, "Phase": 8}
    if width >= WIDE_FROM:
        caps.update({"Owner": 13, "Plan": 16, "ID": 12})
    widths = []
    for index, label in enumerate(labels):
        if label in ("Milestone", "Note"):
            widths.append(0)
            continue
        longest = max((cells[index].cell_len for cells in rows), default=0)
        widths.append(min(caps.get(label, 10), max(longest, len(label)) + 1))
    flexible = [i for i, label in enumerate(labels) if label in ("Milestone", "Note")]
    # The title column keeps room for its heading and a gap; narrow tables give up cells of
    # the owner, then of the id, rather than run past the edge and clip the "When" column.
    least = MIN_TITLE * len(flexible)
    for label, floor in (("Owner", 4), ("Plan", 6), ("ID", 7)):
        if label in labels and sum(widths) + least > width:
            index = labels.index(label)
            widths[index] = max(floor, widths[index] - (sum(widths) + least - width))
    # Room to spare past a readable title (12 cells) goes to owners first, up to in full.
    if "Owner" in labels:
        owner = labels.index("Owner")
        longest = max((cells[owner].cell_len for cells in rows), default=0) + 1
        room = width - sum(widths) - (READABLE_TITLE + 1) * len(flexible)
        widths[owner] = max(widths[owner], min(longest, OWNER_MAX, widths[owner] + room))
    # Below that, the title still gets a few cells: "启动Re…" says more than nothing.
    spare = max(6 * len(flexible), width - sum(widths))
    if len(flexible) == 1:
        widths[flexible[0]] = spare
    else:
        title, note = flexible
        widths[title] = spare * 3 // 5
        widths[note] = spare - widths[title]
    return widths
