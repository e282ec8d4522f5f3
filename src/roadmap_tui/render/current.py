"""The current-phase panel: which phase today is in, how far along it is, and what it aims at."""

from __future__ import annotations

import datetime as dt

import msgspec
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from roadmap_tui.model.plan import Phase, Plan
from roadmap_tui.model.timeline import CurrentPhase, Progress, current_phase, plan_progress
from roadmap_tui.render.text import MUTED_STYLE, OVERDUE_STYLE, bar, fit, percent, plural

_BAR_MIN = 6
_BAR_MAX = 30
#: "Time " + " 100%" around a bar.
_BAR_EXTRA = 10


def _when(current: CurrentPhase) -> Text:
    """The phase's dates and where today stands relative to them."""
    phase = current.phase
    assert phase is not None
    text = Text(f"{phase.start.isoformat()} → {phase.end.isoformat()}", style=MUTED_STYLE)
    text.append("  ")
    if current.state == "current" and current.days_left is not None:
        left = "last day" if current.days_left == 0 else f"{plural(current.days_left, 'day')} left"
        text.append(left)
    elif current.state in ("before", "between") and current.starts_in is not None:
        text.append(f"starts in {plural(current.starts_in, 'day')}", style="bold")
    elif current.state == "after" and current.ended_ago is not None:
        text.append(f"ended {plural(current.ended_ago, 'day')} ago", style="bold")
        text.append("  ")
        style = OVERDUE_STYLE if current.undone else "green"
        text.append(f"{current.undone} left undone", style=style)
    return text


def _heading(current: CurrentPhase) -> str:
    return {"before": "Next", "between": "Next", "after": "Last"}.get(current.state, "")


def progress_bars(progress: Progress, width: int) -> list[Text]:
    """Time elapsed beside work done; one line when ``width`` allows, else two."""
    work_note = f" {progress.done}/{progress.total}" if progress.total else ""
    side_by_side = width >= 2 * (_BAR_MIN + _BAR_EXTRA) + len(work_note) + 2
    room = (width - len(work_note) - 2) // 2 if side_by_side else width - len(work_note)
    size = max(_BAR_MIN, min(_BAR_MAX, room - _BAR_EXTRA))

    def one(label: str, fraction: float | None, style: str, note: str = "") -> Text:
        line = Text(f"{label:<5}", style="bold", no_wrap=True)
        line.append_text(bar(fraction, size, style))
        line.append(f" {percent(fraction):>4}")
        line.append(note, style=MUTED_STYLE)
        return line

    time = one("Time", progress.elapsed, "blue")
    work = one("Work", progress.work, "green", work_note)
    if side_by_side:
        return [Text("  ", no_wrap=True).join([time, work])]
    return [time, work]


def _facts(phase: Phase) -> Text | None:
    parts: list[Text] = []
    if phase.budget is not None:
        budget = phase.budget if isinstance(phase.budget, str) else f"{phase.budget:,}"
        parts.append(Text("Budget ", style="bold") + Text(budget))
    if phase.headcount is not None:
        parts.append(Text("Headcount ", style="bold") + Text(f"{phase.headcount:g}"))
    if phase.version:
        parts.append(Text("Release ", style="bold") + Text(phase.version))
    return Text("  ·  ").join(parts) if parts else None


class CurrentPanel(msgspec.Struct, frozen=True):
    """The current phase of ``plan`` on ``today``, laid out for whatever width it is given."""

    plan: Plan
    today: dt.date
    show_goals: bool = True

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        current = current_phase(self.plan, self.today)
        phase = current.phase
        if phase is None or current.progress is None:
            yield Text("No phases in this plan.", style=MUTED_STYLE)
        else:
            heading = _heading(current)
            title = Text(f"{heading}: " if heading else "", style="bold", no_wrap=True)
            title.append_text(Text(phase.name, style="bold"))
            yield fit(title, width)
            yield fit(_when(current), width)
            if phase.theme:
                yield fit(Text(phase.theme, style="italic"), width)
            yield from progress_bars(current.progress, width)
            facts = _facts(phase)
            if facts is not None:
                yield fit(facts, width)
            if self.show_goals and phase.goals:
                yield Text("Goals", style="bold")
                for goal in phase.goals:
                    line = Text("• ", style=MUTED_STYLE)
                    line.append(goal)
                    yield line
        overall = plan_progress(self.plan, self.today)
        if overall.elapsed is not None or overall.total:
            line = Text("Plan ", style="bold", no_wrap=True)
            line.append(f"time {percent(overall.elapsed)}, work {percent(overall.work)}")
            if overall.total:
                line.append(f" ({overall.done}/{overall.total})", style=MUTED_STYLE)
            if current.state != "after" and current.undone:
                line.append(f", {current.undone} open", style=MUTED_STYLE)
            yield fit(line, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(options.max_width, 30), options.max_width)


def current_panel(plan: Plan, today: dt.date, *, show_goals: bool = True) -> CurrentPanel:
    """The current-phase renderable for ``plan`` on ``today``."""
    return CurrentPanel(plan, today, show_goals)
