"""The timeline's words: the detail line for a selected row, and the notes under a printed chart.

Every figure says what it is: "due 2025-03-10 (in 5d)", "slack 3 d", "slipped +35 d (3 moves)
from 2025-02-03", a flag's reason in full. Plan text goes into ``Text`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from rich.text import Text

from roadmap_tui.model.schedule import CriticalPath, DependencyFlag, Node
from roadmap_tui.model.slips import Slip
from roadmap_tui.render.changes import markdown_escape
from roadmap_tui.render.text import plural, relative_days
from roadmap_tui.render.timeline import (
    CRITICAL_STYLE,
    FLAG_STYLE,
    Marks,
    PlanInfo,
    Row,
    Timeline,
    TimelineFrame,
    look,
)

SEPARATOR = " · "
#: What the chart's marks mean, printed under it.
LEGEND = (
    "◆ milestone · ◇ where it was first committed · ▒ phase · │ today",
    "░▓█ task todo/in progress/done · * critical path · ! flagged dependency",
)


def marks_for(timeline: Timeline, row: Row | None) -> Marks:
    """The selected row's direct prerequisites and dependents, to mark on other rows."""
    if row is None or row.kind in ("plan", "phase"):
        return Marks()
    info = timeline.plans[row.path]
    node = info.schedule.graph.get(row.item_id)
    if node is None:
        return Marks()
    return Marks(frozenset(node.depends_on), frozenset(info.schedule.following(row.item_id)))


def _join(parts: Sequence[Text]) -> Text:
    return Text(SEPARATOR, no_wrap=True).join(p for p in parts if p.plain)


def path_text(path: CriticalPath) -> str:
    """``3 milestones on the critical path, slack 0 d``."""
    milestones = sum(1 for n in path.items if n.kind == "milestones")
    tasks = len(path.items) - milestones
    parts = []
    if milestones:
        parts.append(plural(milestones, "milestone"))
    if tasks:
        parts.append(plural(tasks, "task"))
    return f"{' and '.join(parts)} on the critical path, slack {path.slack} d"


def flag_text(flag: DependencyFlag, graph: Mapping[str, Node]) -> str:
    """Why a dependency is flagged, with the dates or the status that contradict it."""
    pre, node = graph[flag.prerequisite], graph[flag.dependent]
    if flag.kind == "due_after" and pre.due is not None and node.due is not None:
        days = (pre.due - node.due).days
        return (
            f"{pre.id} is due {pre.due.isoformat()}, {days} d after {node.id} "
            f"({node.due.isoformat()}), which depends on it"
        )
    state = pre.status.replace("_", " ")
    return f"{node.id} is done but its prerequisite {pre.id} is not ({state})"


def slip_text(slip: Slip) -> str:
    """``slipped +35 d (3 moves)``, ``pulled in 5 d (1 move)``, or back where it began."""
    moves = plural(slip.moves, "move")
    if slip.days > 0:
        return f"slipped +{slip.days} d ({moves})"
    if slip.days < 0:
        return f"pulled in {-slip.days} d ({moves})"
    if slip.moves:
        return f"back on its baseline ({moves})"
    return "on its baseline"


def _path_note(path: CriticalPath) -> str:
    return f"{' → '.join(path.ids)}: {path_text(path)}"


def detail(timeline: Timeline, row: Row | None) -> tuple[Text, Text]:
    """Two lines about the selected row: what and when, with its dependencies and slack; then
    what is wrong or has moved (flagged dependencies with their reasons, the slip)."""
    if row is None:
        return Text(""), Text("")
    info = timeline.plans[row.path]
    if row.kind == "plan":
        return _plan_detail(info)
    if row.kind == "phase":
        return _phase_detail(info, row), Text("")
    parts = [Text(row.item_id, style="bold")]
    status = look(row.status)
    parts.append(Text(f"{status.symbol} {status.label}", style=status.style))
    parts.append(_when(row, timeline.today))
    node = info.schedule.graph.get(row.item_id)
    if node is not None and node.depends_on:
        parts.append(Text("after " + ", ".join(node.depends_on)))
    following = info.schedule.following(row.item_id)
    if following:
        parts.append(Text("before " + ", ".join(following)))
    if row.item_id in info.schedule.slack:
        parts.append(Text(f"slack {info.schedule.slack[row.item_id]} d"))
    if row.item_id in info.schedule.critical:
        parts.append(Text("critical path", style=CRITICAL_STYLE))
    notes = [
        Text(f"! {flag_text(flag, info.schedule.graph)}", style=FLAG_STYLE)
        for flag in info.schedule.flags_of(row.item_id)
    ]
    slip = info.slips.get(row.item_id)
    if slip is not None and slip.moved:
        notes.append(Text(f"{slip_text(slip)} from {slip.baseline.isoformat()}"))
    return _join(parts), _join(notes)


def _when(row: Row, today: dt.date) -> Text:
    if row.end is None:
        return Text("no due date", style="dim")
    days = (row.end - today).days
    if row.kind == "task" and row.start is not None and row.start != row.end:
        return Text(f"{row.start.isoformat()} → {row.end.isoformat()} ({relative_days(days)})")
    return Text(f"due {row.end.isoformat()} ({relative_days(days)})")


def _plan_detail(info: PlanInfo) -> tuple[Text, Text]:
    path = info.schedule.plan_path
    parts = [
        Text(info.plan.name, style="bold"),
        Text(_path_note(path) if path else "no dated milestones or tasks"),
    ]
    flags = len(info.schedule.flags)
    note = Text("")
    if flags:
        note = Text(f"! {flags} dependenc{'ies' if flags != 1 else 'y'} flagged", FLAG_STYLE)
    return _join(parts), note


def _phase_detail(info: PlanInfo, row: Row) -> Text:
    parts = [Text(row.title, style="bold")]
    if row.start is not None and row.end is not None:
        parts.append(Text(f"{row.start.isoformat()} → {row.end.isoformat()}"))
    path = info.schedule.phase_paths.get(row.item_id)
    if path is not None:
        parts.append(Text(_path_note(path)))
    return _join(parts)


def notes(timeline: Timeline) -> list[Text]:
    """What a printed timeline says under its chart: per plan, the critical paths, every
    flagged dependency with its reason, and every milestone that moved since first committed."""
    lines: list[Text] = []
    for info in timeline.plans.values():
        lines.append(Text(info.plan.name, style="bold"))
        if info.schedule.plan_path is not None:
            lines.append(Text(f"  Critical path, plan: {_path_note(info.schedule.plan_path)}"))
        for phase in info.plan.phases:
            path = info.schedule.phase_paths.get(phase.id)
            if path is not None:
                lines.append(Text(f"  Critical path, {phase.name}: {_path_note(path)}"))
        for flag in info.schedule.flags:
            lines.append(Text(f"  ! {flag_text(flag, info.schedule.graph)}", style=FLAG_STYLE))
        for item_id, slip in info.slips.items():
            if slip.moved:
                lines.append(
                    Text(f"  {item_id} {slip_text(slip)} from {slip.baseline.isoformat()}")
                )
    return lines


def chart_lines(frame: TimelineFrame) -> list[Text]:
    """The whole chart: its axis, then every row, then what its marks mean."""
    rows = [frame.row(i) for i in range(len(frame.timeline.rows))]
    return [*frame.header(), *rows, *(Text(line, style="dim") for line in LEGEND)]


def markdown(frame: TimelineFrame) -> str:
    """The chart in a fenced block, and the notes as a list under it."""
    chart = "\n".join(line.plain.rstrip() for line in chart_lines(frame))
    fence = "````" if "```" in chart else "```"
    out = [f"{fence}text", chart, fence, ""]
    for line in notes(frame.timeline):
        text = line.plain
        if not text.startswith("  "):
            out.append(f"### {markdown_escape(text)}")
            out.append("")
        else:
            out.append(f"- {markdown_escape(text.strip())}")
    return "\n".join(out).rstrip("\n") + "\n"


__all__ = ["LEGEND", "chart_lines", "detail", "markdown", "marks_for", "notes"]
