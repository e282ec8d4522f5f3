"""One item in full, for the detail screen (``enter``): every field the plan gives it.

Fields the plan leaves out are not shown as if known; a milestone without a date says it is
never late. Checklists (deliverables, acceptance criteria) are listed by ``checklist_line`` so
the screen can make them tickable; ticks are not work and say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from rich.console import RenderableType
from rich.text import Text

from roadmap_tui.model.plan import Check, Milestone, Phase, Plan, Risk, Task
from roadmap_tui.model.timeline import CLOSED, phase_items, phase_progress
from roadmap_tui.render.risks import risk_detail
from roadmap_tui.render.text import (
    MUTED_STYLE,
    OVERDUE_STYLE,
    STATUS,
    label_value,
    percent,
    plural,
    relative_days,
)

Scheduled = Milestone | Task


def _facts(pairs: Iterable[tuple[str, str | Text | None]]) -> list[Text]:
    """``Label value`` lines for the fields that have a value."""
    return [label_value(label, value) for label, value in pairs if value not in (None, "")]


def _status(status: str) -> Text:
    look = STATUS[status]  # type: ignore[index]
    return Text(f"{look.symbol} {look.label}", style=look.style)


def _due(item: Scheduled, today: dt.date) -> Text:
    if item.due is None:
        kind = "milestone" if isinstance(item, Milestone) else "task"
        return Text(f"no date given: this {kind} is never late", style=MUTED_STYLE)
    status = item.status if isinstance(item, Milestone) else item.effective_status
    days = (item.due - today).days
    text = Text(item.due.isoformat())
    if status not in CLOSED:
        late = days < 0
        text.append(f"  {relative_days(days)}", style=OVERDUE_STYLE if late else MUTED_STYLE)
    return text


def _dependencies(plan: Plan, ids: Sequence[str]) -> list[Text]:
    """Each id this item depends on, with that item's title and status when it is known."""
    known: dict[str, Scheduled] = {m.id: m for m in plan.milestones}
    known.update({t.id: t for t in plan.tasks})
    lines = []
    for ident in ids:
        line = Text("  ")
        other = known.get(ident)
        if other is None:
            line.append(ident, style="bold")
            line.append("  (not in this plan)", style=OVERDUE_STYLE)
        else:
            status = other.status if isinstance(other, Milestone) else other.effective_status
            line.append(STATUS[status].symbol + " ", style=STATUS[status].style)
            line.append(ident, style="bold")
            line.append("  ")
            line.append(other.title)
        lines.append(line)
    return lines


def checklist_line(check: Check) -> Text:
    """``[x] text`` or ``[ ] text``: the tick is a symbol, not only a colour."""
    line = Text("[x] " if check.done else "[ ] ", style="green" if check.done else "")
    line.append(check.text, style=MUTED_STYLE if check.done else "")
    return line


def checklist_heading(name: str, checks: Sequence[Check]) -> Text:
    """``Deliverables 2/5 ticked (ticks are not work)``."""
    ticked = sum(check.done for check in checks)
    heading = Text(name, style="bold")
    heading.append(f"  {ticked}/{len(checks)} ticked", style=MUTED_STYLE)
    return heading


def phase_detail(plan: Plan, phase: Phase, today: dt.date) -> list[RenderableType]:
    """A phase in full (its checklists are listed by the screen)."""
    lines: list[RenderableType] = [_title(phase.id, phase.name)]
    progress = phase_progress(plan, phase, today)
    milestones, tasks = phase_items(plan, phase.id)
    work = f"{percent(progress.work)} ({progress.done}/{progress.total} milestones and tasks)"
    budget = phase.budget if isinstance(phase.budget, str | None) else f"{phase.budget:,}"
    lines += _facts(
        [
            ("Dates", f"{phase.start.isoformat()} → {phase.end.isoformat()}"),
            ("Theme", phase.theme),
            ("Time", percent(progress.elapsed)),
            ("Work", work),
            ("Budget", budget),
            ("Headcount", f"{phase.headcount:g}" if phase.headcount is not None else None),
            ("Release", phase.version),
            ("Items", f"{plural(len(milestones), 'milestone')}, {plural(len(tasks), 'task')}"),
        ]
    )
    if phase.goals:
        lines.append(Text("Goals", style="bold"))
        lines += [Text("• ", style=MUTED_STYLE).append(goal) for goal in phase.goals]
    return lines


def _title(ident: str, title: str) -> Text:
    heading = Text(ident, style="bold")
    heading.append("  ")
    heading.append(title, style="bold")
    return heading


def scheduled_detail(plan: Plan, item: Scheduled, today: dt.date) -> list[RenderableType]:
    """A milestone or task in full (a milestone's checklists are listed by the screen)."""
    lines: list[RenderableType] = [_title(item.id, item.title)]
    if isinstance(item, Milestone):
        lines += _facts(
            [
                ("Status", _status(item.status)),
                ("Due", _due(item, today)),
                ("Done on", item.done_on.isoformat() if item.done_on else None),
                ("Phase", item.phase),
                ("Owner", item.owner),
                ("Priority", item.priority),
                ("Release", item.version),
            ]
        )
        tasks = [t for t in plan.tasks if t.milestone == item.id]
        if tasks:
            open_tasks = sum(t.effective_status not in CLOSED for t in tasks)
            lines += _facts([("Tasks", f"{len(tasks)} ({open_tasks} open)")])
    else:
        hours = f"{item.estimate_hours:g} h" if item.estimate_hours is not None else None
        lines += _facts(
            [
                ("Status", _status(item.effective_status)),
                ("Due", _due(item, today)),
                ("Start", item.start.isoformat() if item.start else None),
                ("Phase", item.phase or ("No phase" if item.milestone is None else None)),
                ("Milestone", item.milestone),
                ("Owner", item.owner),
                ("Priority", item.priority),
                ("Estimate", hours),
            ]
        )
        if item.files:
            lines.append(Text("Files", style="bold"))
            lines += [Text("  ").append(path) for path in item.files]
    if item.depends_on:
        lines.append(Text("Depends on", style="bold"))
        lines += _dependencies(plan, item.depends_on)
    if item.note:
        lines.append(label_value("Note", item.note))
    return lines


def risk_full(risk: Risk) -> list[RenderableType]:
    """A risk in full: the panel's detail plus what it leaves out (priority, overall level)."""
    lines: list[RenderableType] = [risk_detail(risk)]
    if not risk.rated:
        lines.append(Text("Unrated: not placed in the matrix", style="bold"))
    lines += _facts(
        [
            ("Overall level", str(risk.level) if risk.level is not None else None),
            ("Priority", risk.priority),
        ]
    )
    return lines
