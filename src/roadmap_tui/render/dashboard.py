"""The whole dashboard as one Rich renderable, for ``roadmap-tui show``.

Each plan gets its four panels: current phase, milestones, risks and KPIs. A plan that failed to
load gets a panel listing its problems instead, one ``file:line:col: message`` per line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from roadmap_tui.model.owners import only_owner
from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_name
from roadmap_tui.model.timeline import CLOSED, risk_matrix
from roadmap_tui.render.current import current_panel
from roadmap_tui.render.empty import nothing_note
from roadmap_tui.render.kpis import kpi_reasons, kpi_rows, kpi_table
from roadmap_tui.render.milestones import MilestoneRow, milestone_rows, milestone_table
from roadmap_tui.render.risks import risk_grid, risk_table, unrated_lines
from roadmap_tui.render.text import MUTED_STYLE, OVERDUE_STYLE, plural
from roadmap_tui.store.loader import LoadResult

#: From this width on, panels sit side by side and milestones show phase and note.
WIDE = 120


def _panel(body: RenderableType, title: str | Text, style: str = "blue") -> Panel:
    heading = title if isinstance(title, Text) else Text(title, style="bold")
    return Panel(body, title=heading, title_align="left", border_style=style)


def failed_panel(result: LoadResult) -> Panel:
    """A plan file that did not load: every problem, errors and warnings, located."""
    name = safe_name(result.path)  # a file name is outside text: controls shown escaped
    lines = [Text(f"✗ could not load {name}", style=OVERDUE_STYLE)]
    for problem in result.problems:
        style = "yellow" if problem.severity == "warning" else ""
        lines.append(Text(str(problem), style=style, overflow="fold"))
    return _panel(Group(*lines), Text(name, style="bold red"), style="red")


def _risks(plan: Plan, full: Plan, owner: str | None) -> RenderableType:
    if not plan.risks:
        return Text(nothing_note("risks", len(full.risks), owner=owner), style=MUTED_STYLE)
    matrix = risk_matrix(plan.risks)
    closed = [risk for risk in plan.risks if risk.status == "closed"]
    if not matrix.placed and not matrix.unplaced:
        return Text(f"No open risks ({plural(len(closed), 'closed risk')}).", style=MUTED_STYLE)
    parts: list[RenderableType] = [risk_grid(matrix, closed=closed), Text("")]
    if matrix.placed:
        parts.append(risk_table(matrix.placed))
    parts += unrated_lines(risk for risk in matrix.unrated if risk.status != "closed")
    return Group(*parts)


#: The most milestones ``show`` prints per plan (the most urgent first, as the app's table):
#: a Rich table takes about a millisecond a row, and a plan of 100,000 would print for minutes.
SHOWN_ROWS = 1000


def _milestones_shown(rows: Sequence[MilestoneRow], wide: bool, empty: str) -> RenderableType:
    if len(rows) <= SHOWN_ROWS:
        return milestone_table(rows, wide=wide, empty=empty)
    more = len(rows) - SHOWN_ROWS
    note = Text(
        f"… and {more:,} more open milestones, less urgent than these; "
        "`roadmap-tui open` finds any of them with /",
        style=MUTED_STYLE,
    )
    return Group(milestone_table(rows[:SHOWN_ROWS], wide=wide), note)


def _kpis(path: Path, plan: Plan, today: dt.date) -> RenderableType:
    rows = kpi_rows(path, plan, today)
    table = kpi_table(rows, empty=nothing_note("KPIs", 0))
    return Group(table, *kpi_reasons(rows)) if rows else table


def plan_panels(
    result: LoadResult, today: dt.date, width: int, *, owner: str | None = None
) -> RenderableType:
    """The four panels of one loaded plan (or its problems when it did not load).

    With ``owner``, milestones, tasks and risks are narrowed to that person's, as in the app.
    """
    full = result.plan
    if full is None:
        return failed_panel(result)
    plan = full if owner is None else only_owner(full, owner)
    wide = width >= WIDE
    heading = Text(plan.name, style="bold underline")
    heading.append(f"  {safe_name(result.path)}", style=MUTED_STYLE)
    if result.warnings:
        heading.append(f"  ({plural(len(result.warnings), 'warning')})", style="yellow")

    rows = milestone_rows([(result.path, plan)], today, wide=wide)
    overdue = sum(row.overdue for row in rows)
    title = Text("Milestones", style="bold")
    title.append(f" {len(rows)} open")
    if overdue:
        title.append(f", {overdue} overdue", style=OVERDUE_STYLE)
    open_total = sum(m.status not in CLOSED for m in full.milestones)
    empty = nothing_note("open milestones", open_total, owner=owner)
    current = _panel(current_panel(plan, today), "Current phase")
    milestones = _panel(_milestones_shown(rows, wide, empty), title)
    risks = _panel(_risks(plan, full, owner), "Risks")
    kpis = _panel(_kpis(result.path, plan, today), "KPIs")
    if not wide:
        return Group(heading, current, milestones, risks, kpis)
    top = Table.grid(expand=True)
    top.add_column(ratio=1)
    top.add_column(ratio=1)
    top.add_row(current, risks)
    return Group(heading, top, milestones, kpis)


def dashboard(
    results: Sequence[LoadResult],
    today: dt.date,
    width: int,
    *,
    owner: str | None = None,
    as_of_plans: bool = False,
) -> Group:
    """Every plan's panels, one plan after another, for a console ``width`` cells wide.

    With ``as_of_plans`` (the samples), a plan with ``[plan] as_of`` is shown as of that day,
    and says so.
    """
    parts: list[RenderableType] = []
    for index, result in enumerate(results):
        if index:
            parts.append(Text(""))
        as_of = result.plan.plan.as_of if result.plan is not None and as_of_plans else None
        if as_of is not None:
            parts.append(Text(f"As of {as_of.isoformat()}, the plan's own date", style="bold"))
        parts.append(plan_panels(result, as_of or today, width, owner=owner))
    return Group(*parts)
