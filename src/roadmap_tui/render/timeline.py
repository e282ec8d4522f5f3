"""The timeline as rows of text: phases as bands, milestones as markers, tasks as bars.

``build_timeline`` turns plans into a ``Timeline``: its rows in reading order (a plan, its
phases by start, each phase's milestones by due date with their tasks under them) and each
plan's schedule (dependency flags, critical paths, slack) and slips. ``TimelineFrame`` draws
what a view ``width`` cells wide shows at a zoom and a horizontal scroll: two axis lines and any
row asked for, one at a time, so a widget draws only the rows on screen.

Reading a row: ``↑``/``↓`` in the first cell mark a prerequisite/dependent of the selected
item; ``!`` a dependency the plan contradicts, ``*`` the critical path; then the status symbol.
On the chart ``◆`` is a milestone, ``◇`` where it was first committed (its baseline), ``░▓█``
a task's bar by status, ``▒`` a phase, ``│`` today, ``◀``/``▶`` something out of view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeAlias

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from roadmap_tui.model.plan import Milestone, Plan, Task
from roadmap_tui.model.schedule import Schedule, schedule
from roadmap_tui.model.slips import DueVersion, Slip, slips
from roadmap_tui.model.timeline import plan_span
from roadmap_tui.model.timeline_layout import Axis, Zoom, axis_for, clip, ticks, today_column
from roadmap_tui.render.text import OVERDUE_STYLE, STATUS, StatusLook, fit

RowKind: TypeAlias = Literal["plan", "phase", "milestone", "task"]
#: (plan path, item id): a row's identity across reloads; the plan row's id is "".
Key: TypeAlias = tuple[Path, str]

#: The widest the whole timeline gets; past it, more columns would only add empty time.
MAX_WIDTH = 200
FLAG_STYLE = "bold red"
CRITICAL_STYLE = "bold magenta"
TODAY_STYLE = "bold cyan"
GHOST_STYLE = "dim"
PHASE_STYLE = "blue"
BAR_FILL = {"done": "█", "in_progress": "▓", "blocked": "█", "dropped": "─"}


#: Text and the style it is drawn in (a Rich style string, "" for none).
Run: TypeAlias = tuple[str, str]


def cut_runs(runs: Sequence[Run], limit: int, width: int) -> list[Run]:
    """``runs`` on one line: cut by cell to ``limit`` cells with "…" when longer (a wide CJK
    character is never split), then padded with spaces to ``width`` cells."""
    result: list[Run] = []
    used = 0
    for text, style in runs:
        text = text.replace("\n", " ").replace("\t", " ")
        size = cell_len(text)
        if used + size <= limit:
            result.append((text, style))
            used += size
            continue
        kept = ""
        for char in text:
            if used + cell_len(char) > limit - 1:
                break
            kept += char
            used += cell_len(char)
        result += [(kept, style), ("…", style)]
        used += 1
        break
    if used < width:
        result.append((" " * (width - used), ""))
    return result


@lru_cache(maxsize=512)
def style_of(name: str) -> Style:
    """A run's style as a Rich ``Style``, parsed once."""
    return Style.parse(name) if name else Style.null()


def look(status: str | None) -> StatusLook:
    """How a status is drawn; one this version does not know looks like ``todo``."""
    return STATUS.get(status, STATUS["todo"]) if status else STATUS["todo"]  # type: ignore[call-overload]


@dataclass(frozen=True)
class Row:
    """One line of the timeline. Dates are None where the plan gives none."""

    kind: RowKind
    path: Path
    item_id: str
    title: str
    status: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def key(self) -> Key:
        return (self.path, self.item_id)


@dataclass
class PlanInfo:
    """What the timeline knows of one plan beyond its rows."""

    plan: Plan
    schedule: Schedule
    slips: dict[str, Slip] = field(default_factory=dict)


@dataclass
class Timeline:
    """Every row of the plans shown, their span, and each plan's schedule."""

    rows: list[Row]
    plans: dict[Path, PlanInfo]
    span: tuple[dt.date, dt.date]
    today: dt.date

    def index_of(self, key: Key) -> int | None:
        for index, row in enumerate(self.rows):
            if row.key == key:
                return index
        return None


def _milestone_row(path: Path, m: Milestone) -> Row:
    return Row("milestone", path, m.id, m.title, m.status, m.due, m.due)


def _task_row(path: Path, t: Task) -> Row:
    return Row("task", path, t.id, t.title, t.effective_status, t.start or t.due, t.due or t.start)


def _by_due(items: Sequence[Milestone]) -> list[Milestone]:
    # Undated milestones are listed after the dated ones, in the order written.
    return sorted(items, key=lambda m: (m.due is None, m.due or dt.date.min))


def plan_rows(path: Path, plan: Plan) -> list[Row]:
    """A plan's rows: the plan, then each phase with its milestones and their dated tasks."""
    rows = [Row("plan", path, "", plan.name)]
    tasks_of: dict[str | None, list[Task]] = {}
    for task in plan.tasks:
        if task.start is not None or task.due is not None:
            tasks_of.setdefault(task.milestone, []).append(task)
    known = {phase.id for phase in plan.phases}
    placed: set[str] = set()

    def add_milestones(items: Sequence[Milestone]) -> None:
        for m in _by_due(items):
            rows.append(_milestone_row(path, m))
            rows.extend(_task_row(path, t) for t in tasks_of.get(m.id, []))
            placed.update(t.id for t in tasks_of.get(m.id, []))

    for phase in sorted(plan.phases, key=lambda p: p.start):
        rows.append(Row("phase", path, phase.id, phase.name, None, phase.start, phase.end))
        add_milestones([m for m in plan.milestones if m.phase == phase.id])
        for task in tasks_of.get(None, []):
            if task.phase == phase.id and task.id not in placed:
                rows.append(_task_row(path, task))
                placed.add(task.id)
    loose = [m for m in plan.milestones if m.phase not in known]
    rest = [t for t in tasks_of.get(None, []) if t.id not in placed]
    if loose or rest:
        rows.append(Row("phase", path, "", "(no phase)"))
        add_milestones(loose)
        rows.extend(_task_row(path, t) for t in rest)
    return rows


def _dates(rows: Sequence[Row], infos: Mapping[Path, PlanInfo]) -> list[dt.date]:
    found = [d for row in rows for d in (row.start, row.end) if d is not None]
    for info in infos.values():
        found.extend(slip.baseline for slip in info.slips.values())
        span = plan_span(info.plan)
        if span:
            found.extend(span)
    return found


def build_timeline(
    plans: Sequence[tuple[Path, Plan]],
    today: dt.date,
    versions: Mapping[Path, Sequence[DueVersion]] | None = None,
) -> Timeline:
    """The timeline of these plans; ``versions`` are their committed due dates, if read."""
    rows: list[Row] = []
    infos: dict[Path, PlanInfo] = {}
    for path, plan in plans:
        rows.extend(plan_rows(path, plan))
        history = (versions or {}).get(path)
        infos[path] = PlanInfo(plan, schedule(plan), slips(history, plan) if history else {})
    dates = _dates(rows, infos) or [today]
    return Timeline(rows, infos, (min(dates), max(dates)), today)


# ─── Drawing ───────────────────────────────────────────────────────────────────


def label_width(width: int) -> int:
    """The cells the titles get: about three tenths of the width, 20 to 36."""
    return max(20, min(36, width * 3 // 10))


@dataclass
class Marks:
    """What the selection makes of other rows: its prerequisites and its dependents."""

    before: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()


class _Cells:
    """A chart line being drawn: one character and style per cell."""

    def __init__(self, width: int) -> None:
        self.chars = [" "] * width
        self.styles = [""] * width

    def put(self, column: int, char: str, style: str = "") -> None:
        if 0 <= column < len(self.chars):
            self.chars[column], self.styles[column] = char, style

    def fill(self, first: int, last: int, char: str, style: str = "") -> None:
        for column in range(first, last + 1):
            self.put(column, char, style)

    def runs(self) -> list[Run]:
        """The cells as runs of one style: ``(text, style)``."""
        found: list[Run] = []
        start = 0
        chars, styles = self.chars, self.styles
        for column in range(1, len(styles) + 1):
            if column == len(styles) or styles[column] != styles[start]:
                found.append(("".join(chars[start:column]), styles[start]))
                start = column
        return found

    def text(self) -> Text:
        """The cells as one ``Text``, a span per run of one style."""
        result = Text(no_wrap=True)
        for text, style in self.runs():
            result.append(text, style=style or None)
        return result


@dataclass
class TimelineFrame:
    """The timeline as a view ``width`` cells wide shows it at ``zoom``, scrolled ``left``."""

    timeline: Timeline
    width: int
    zoom: Zoom
    left: int = 0
    axis: Axis = field(init=False)

    def __post_init__(self) -> None:
        self.width = min(self.width, MAX_WIDTH)
        self.axis = axis_for(*self.timeline.span, self.zoom)

    @property
    def labels(self) -> int:
        return label_width(self.width)

    @property
    def chart(self) -> int:
        return max(1, self.width - self.labels)

    def header(self) -> tuple[Text, Text]:
        """The axis: tick labels, then a rule with the labelled today line."""
        top, rule = _Cells(self.chart), _Cells(self.chart)
        rule.fill(0, self.chart - 1, "─", "dim")
        for tick in ticks(self.axis, self.left, self.chart):
            for offset, char in enumerate(tick.label):
                top.put(tick.column + offset, char, "bold")
            rule.put(tick.column, "┬", "dim")
        now = today_column(self.axis, self.timeline.today, self.left, self.chart)
        if now is not None:
            label = f"▼ today {self.timeline.today.isoformat()}"
            start = now if now + len(label) <= self.chart else now - len(label) + 1
            for offset, char in enumerate(label):
                rule.put(start + offset, char, TODAY_STYLE)
            rule.put(now, "▼", TODAY_STYLE)
        head = Text(f"{self.zoom.label} · < >", style="dim", no_wrap=True)
        return (
            fit(head, self.labels - 1) + Text(" " * (self.labels - head.cell_len)) + top.text(),
            Text(" " * self.labels) + rule.text(),
        )

    def row(self, index: int, *, selected: bool = False, marks: Marks | None = None) -> Text:
        """Row ``index`` as one line ``width`` cells wide."""
        runs = self.row_runs(index, selected=selected, marks=marks)
        result = Text(no_wrap=True)
        for text, style in runs:
            result.append(text, style=style or None)
        return result

    def row_runs(
        self, index: int, *, selected: bool = False, marks: Marks | None = None, extra: str = ""
    ) -> list[Run]:
        """Row ``index`` as runs of one style, ``width`` cells in all: the label cut by cell
        to its column (selected: reversed; ``extra`` styles it further), then the chart."""
        row = self.timeline.rows[index]
        info = self.timeline.plans[row.path]
        label = cut_runs(self._label(row, info, marks or Marks()), self.labels - 1, self.labels)
        more = " ".join(part for part in ("reverse" if selected else "", extra) if part)
        if more:
            label = [(text, f"{style} {more}".strip()) for text, style in label]
        return label + self._chart(row, info).runs()

    def _label(self, row: Row, info: PlanInfo, marks: Marks) -> list[Run]:
        if row.kind == "plan":
            return [(row.title, "bold underline")]
        if row.kind == "phase":
            return [("▌", PHASE_STYLE), (row.title, "bold")]
        relation = " "
        if row.item_id in marks.before:
            relation = "↑"
        elif row.item_id in marks.after:
            relation = "↓"
        runs: list[Run] = [(relation, "bold cyan")]
        if info.schedule.flags_of(row.item_id):
            runs.append(("!", FLAG_STYLE))
        elif row.item_id in info.schedule.critical:
            runs.append(("*", CRITICAL_STYLE))
        else:
            runs.append((" ", ""))
        if row.kind == "task":
            runs.append((" ", ""))  # a task sits under its milestone
        status = look(row.status)
        runs += [(status.symbol, status.style), (" ", ""), (row.item_id, "dim"), (" ", "")]
        runs.append((row.title, ""))
        return runs

    def _chart(self, row: Row, info: PlanInfo) -> _Cells:
        cells = _Cells(self.chart)
        now = today_column(self.axis, self.timeline.today, self.left, self.chart)
        if row.start is not None and row.end is not None:
            first, last = self.axis.span(row.start, row.end)
            if row.kind == "phase":
                self._span(cells, first, last, "▒", PHASE_STYLE)
            elif row.kind == "task":
                fill = BAR_FILL.get(row.status or "", "░")
                self._span(cells, first, last, fill, self._style(row, info))
            elif row.kind == "milestone":
                self._milestone(cells, row, info, last)
        if now is not None and cells.chars[now] == " ":
            cells.put(now, "│", TODAY_STYLE)
        return cells

    def _style(self, row: Row, info: PlanInfo) -> str:
        style = look(row.status).style
        late = row.end is not None and row.end < self.timeline.today
        if late and row.status not in ("done", "dropped"):
            # Red as in the Milestones panel; left of the today line says it without colour.
            style = OVERDUE_STYLE
        if info.schedule.flags_of(row.item_id):
            return FLAG_STYLE
        if row.item_id in info.schedule.critical:
            return f"{style} reverse".strip()
        return style

    def _span(self, cells: _Cells, first: int, last: int, char: str, style: str) -> None:
        shown = clip(first, last, self.left, self.chart)
        if shown is None:
            # Out of view: an arrow at the edge says which way it is.
            cells.put(0 if last < self.left else self.chart - 1, "◀" if last < self.left else "▶")
            return
        cells.fill(shown[0], shown[1], char, style)

    def _milestone(self, cells: _Cells, row: Row, info: PlanInfo, column: int) -> None:
        slip = info.slips.get(row.item_id)
        if slip is not None and slip.baseline != row.end:
            ghost = self.axis.column(slip.baseline)
            low, high = sorted((ghost, column))
            shown = clip(low, high, self.left, self.chart)
            if shown is not None:
                cells.fill(shown[0], shown[1], "┄", GHOST_STYLE)
            cells.put(ghost - self.left, "◇", GHOST_STYLE)
        self._span(cells, column, column, "◆", self._style(row, info))


def visible_rows(count: int, top: int, height: int) -> range:
    """The rows a view ``height`` lines tall shows from row ``top``."""
    top = max(0, min(top, max(0, count - height)))
    return range(top, min(count, top + height))


def zoom_for(timeline: Timeline, width: int) -> Zoom:
    """The finest zoom at which the whole span fits the chart of a ``width``-cell view."""
    from roadmap_tui.model.timeline_layout import fit_zoom

    chart = min(width, MAX_WIDTH) - label_width(min(width, MAX_WIDTH))
    return fit_zoom(*timeline.span, chart)


__all__ = [
    "MAX_WIDTH",
    "Key",
    "Marks",
    "PlanInfo",
    "Row",
    "Timeline",
    "TimelineFrame",
    "build_timeline",
    "label_width",
    "look",
    "plan_rows",
    "visible_rows",
    "zoom_for",
]
