"""The whole dashboard as one Rich renderable, for ``roadmap-tui show``.

Each plan gets its four panels: current phase, milestones, risks and KPIs. A plan that failed to
load gets a panel listing its problems instead, one ``file:line:col: message`` per line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_name
from roadmap_tui.model.timeline import risk_matrix
from roadmap_tui.render.current import current_panel
from roadmap_tui.render.kpis import kpi_rows, kpi_table
from roadmap_tui.render.milestones import MilestoneRow, milestone_rows, milestone_table
from roadmap_tui.render.risks import risk_grid, risk_table
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


def _risks(plan: Plan) -> RenderableType:
    matrix = risk_matrix(plan.risks)
    if not matrix.placed and not matrix.unplaced:
        closed = sum(risk.status == "closed" for risk in plan.risks)
        note = f"No open risks ({plural(closed, 'closed risk')})." if closed else "No risks."
        return Text(note, style=MUTED_STYLE)
    return Group(risk_grid(matrix), Text(""), risk_table(matrix.placed))


#: The most milestones ``show`` prints per plan (the most urgent first, as the app's table):
#: a Rich table takes about a millisecond a row, and a plan of 100,000 would print for minutes.
SHOWN_ROWS = 1000


def _milestones_shown(rows: Sequence[MilestoneRow], wide: bool) -> RenderableType:
    if len(rows) <= SHOWN_ROWS:
        return milestone_table(rows, wide=wide)
    more = len(rows) - SHOWN_ROWS
    note = Text(
        f"… and {more:,} more open milestones, less urgent than these; "
        "`roadmap-tui open` finds any of them with /",
        style=MUTED_STYLE,
    )
    return Group(milestone_table(rows[:SHOWN_ROWS], wide=wide), note)


def plan_panels(result: LoadResult, today: dt.date, width: int) -> RenderableType:
    """The four panels of one loaded plan (or its problems when it did not load)."""
    plan = result.plan
    if plan is None:
        return failed_panel(result)
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
    current = _panel(current_panel(plan, today), "Current phase")
    milestones = _panel(_milestones_shown(rows, wide), title)
    risks = _panel(_risks(plan), "Risks")
    kpis = _panel(kpi_table(kpi_rows(result.path, plan, today)), "KPIs")
    if not wide:
        return Group(heading, current, milestones, risks, kpis)
    top = Table.grid(expand=True)
    top.add_column(ratio=1)
    top.add_column(ratio=1)
    top.add_row(current, risks)
    return Group(heading, top, milestones, kpis)


def dashboard(results: Sequence[LoadResult], today: dt.date, width: int) -> Group:
    """Every plan's panels, one plan after another, for a console ``width`` cells wide."""
    parts: list[RenderableType] = []
    for index, result in enumerate(results):
        if index:
            parts.append(Text(""))
        parts.append(plan_panels(result, today, width))
    return Group(*parts)
