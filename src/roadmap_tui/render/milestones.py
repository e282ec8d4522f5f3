"""Milestone rows, shared by the milestone widget (a DataTable) and ``show`` (a Rich Table).

Rows are ordered by urgency across every plan given: overdue first, then upcoming by due date,
then (when asked for) done and dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rich import box
from rich.table import Table
from rich.text import Text

from roadmap_tui.model.plan import Plan
from roadmap_tui.model.timeline import MilestoneView, milestone_sort_key, milestone_views
from roadmap_tui.render.text import MUTED_STYLE, OVERDUE_STYLE, STATUS, relative_days, status_symbol

#: (plan file path, milestone id): stays the same across reloads and edits of the milestone.
RowKey = tuple[str, str]


@dataclass(frozen=True)
class MilestoneRow:
    """One milestone ready to display; ``cells`` line up with ``milestone_columns(...)``.

    The cells are made on first use: a view over thousands of milestones shows a few hundred.
    """

    key: RowKey
    view: MilestoneView
    plan_name: str
    wide: bool = False
    show_plan: bool = False

    @cached_property
    def cells(self) -> tuple[Text, ...]:
        return _cells(self.view, self.plan_name, self.wide, self.show_plan)

    @property
    def overdue(self) -> bool:
        return self.view.overdue


def milestone_columns(*, wide: bool = False, show_plan: bool = False) -> tuple[str, ...]:
    """Column headings for rows made with the same ``wide`` and ``show_plan``."""
    columns = ["", "ID", "Milestone", "Owner", "Due", "When"]
    if wide:
        columns += ["Phase", "Note"]
    if show_plan:
        columns.insert(1, "Plan")
    return tuple(columns)


def _when(view: MilestoneView) -> Text:
    status = view.milestone.status
    if status in ("done", "dropped"):
        done_on = view.milestone.done_on
        label = STATUS[status].label
        return Text(f"{label} {done_on.isoformat()}" if done_on else label, style=MUTED_STYLE)
    if view.days is None:
        return Text("no date", style=MUTED_STYLE)
    style = OVERDUE_STYLE if view.overdue else ("bold" if view.days <= 7 else "")
    return Text(relative_days(view.days), style=style)


def _cells(view: MilestoneView, plan_name: str, wide: bool, show_plan: bool) -> tuple[Text, ...]:
    milestone = view.milestone
    closed = milestone.status in ("done", "dropped")
    base = MUTED_STYLE if closed else ""
    cells = [
        status_symbol(milestone.status),
        Text(milestone.id, style=base or "bold"),
        Text(milestone.title, style=base),
        Text(milestone.owner or "", style=base),
        Text(
            milestone.due.isoformat() if milestone.due else "",
            style=OVERDUE_STYLE if view.overdue else base,
        ),
        _when(view),
    ]
    if wide:
        cells += [Text(milestone.phase or "", style=base), Text(milestone.note or "", style=base)]
    if show_plan:
        cells.insert(1, Text(plan_name, style=MUTED_STYLE))
    for cell in cells:
        # One line per row: a title with a newline must not make the row taller.
        if "\n" in cell.plain:
            cell.plain = cell.plain.replace("\n", " ")
        cell.no_wrap = True
        cell.overflow = "ellipsis"
    return tuple(cells)


def milestone_rows(
    plans: Sequence[tuple[Path, Plan]],
    today: dt.date,
    *,
    wide: bool = False,
    show_plan: bool = False,
    include_closed: bool = False,
    phase: str | None = None,
) -> list[MilestoneRow]:
    """Rows for the milestones of ``plans`` (one plan, or every plan for the All-plans view).

    Args:
        plans: (file path, plan) pairs; the path makes each row's key unique across plans.
        today: the day "overdue" and "in 5d" are measured from.
        wide: add the phase and note columns.
        show_plan: add the plan-name column (for a view over several plans).
        include_closed: also list done and dropped milestones, after the open ones.
        phase: only milestones of the phase with this id.
    """
    found: list[tuple[tuple[int, dt.date], int, MilestoneRow]] = []
    for index, (path, plan) in enumerate(plans):
        for view in milestone_views(plan, today, include_closed=include_closed, phase=phase):
            row = MilestoneRow(
                key=(str(path), view.milestone.id),
                view=view,
                plan_name=plan.name,
                wide=wide,
                show_plan=show_plan,
            )
            found.append((milestone_sort_key(view), index, row))
    # sorted() is stable, so milestones due the same day keep plan order, then file order.
    return [row for _key, _index, row in sorted(found, key=lambda item: (item[0], item[1]))]


def milestone_table(
    rows: Sequence[MilestoneRow],
    *,
    wide: bool = False,
    show_plan: bool = False,
    title: str | None = None,
    empty: str = "No open milestones in this plan.",
) -> Table:
    """A Rich table of ``rows`` (made with the same ``wide``/``show_plan``) that never wraps.

    ``empty`` is what it says when there are no rows (``render.empty.nothing_note``).

    The title column takes the room left; every cell is cut with "…" rather than wrapped.
    """
    table = Table(
        box=box.SIMPLE_HEAD,
        expand=True,
        show_edge=False,
        pad_edge=False,
        title=Text(title) if title else None,
    )
    for heading in milestone_columns(wide=wide, show_plan=show_plan):
        flexible = heading in ("Milestone", "Note")
        table.add_column(
            heading,
            no_wrap=True,
            overflow="ellipsis",
            ratio=(2 if heading == "Milestone" else 1) if flexible else None,
            min_width=8 if flexible else None,
            max_width=16 if heading in ("Owner", "Plan") else None,
        )
    for row in rows:
        table.add_row(*row.cells)
    if not rows:
        cells = [Text("") for _ in table.columns]
        cells[3 if show_plan else 2] = Text(empty, style=MUTED_STYLE)
        table.add_row(*cells)
    return table
