"""The Current panel: the phase containing today, its progress, and its checklist of tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from roadmap_tui.messages import DetailWanted, OpenInEditor, request_edit
from roadmap_tui.model.plan import Phase, Plan, Task
from roadmap_tui.model.timeline import (
    CLOSED,
    current_phase,
    phase_items,
    plan_progress,
    unphased_tasks,
)
from roadmap_tui.render.current import current_panel
from roadmap_tui.render.text import MUTED_STYLE, OVERDUE_STYLE, fit, percent, status_symbol
from roadmap_tui.widgets.lens import PerPlan
from roadmap_tui.widgets.milestones import row_key
from roadmap_tui.widgets.row_table import Once, RowTable, sized_like, update_in_place
from roadmap_tui.workspace.intents import Target, ToggleTask

#: The key of the "No phase" line between the phase's tasks and the tasks of no phase.
NO_PHASE_KEY = "\x00no-phase"
#: The key of the last line, the phase itself: enter there shows the phase in full.
PHASE_KEY = "\x00phase"


class TaskTable(RowTable):
    """The current phase's tasks, open ones first; space ticks one off."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_task", "Task done"),
        Binding("enter", "detail", "Details"),
        Binding("e", "open_editor", "Edit file", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="task-table")
        self.show_header = False
        self._tasks: dict[str, tuple[Path, Task]] = {}
        self._items: list[tuple[Path, Task]] = []
        self._unphased: list[tuple[Path, Task]] = []
        self._phase: tuple[Path, Phase] | None = None
        self._today = dt.date.today()

    def show(
        self,
        items: Sequence[tuple[Path, Task]],
        unphased: Sequence[tuple[Path, Task]] = (),
        phase: tuple[Path, Phase] | None = None,
    ) -> None:
        """The phase (a line of its own), its tasks, then the tasks of no phase."""
        self._items = list(items)
        self._unphased = list(unphased)
        self._phase = phase
        self._rebuild()

    def on_resize(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        sized = sized_like(self)
        width = max(10, sized.scrollable_content_region.width if sized else 40)
        owner_width = min(10, max((cell_len(t.owner or "") for _p, t in self._all()), default=0))
        owner_width = owner_width + 1 if owner_width else 0
        due_width = 6 if any(t.due for _p, t in self._all()) else 0
        title_width = max(6, width - 2 - owner_width - due_width)
        self._tasks = {}
        rows: list[tuple[str, list[Text]]] = []
        for group, items in (("", self._items), ("No phase", self._unphased)):
            if group and items:
                heading = [Text(""), Text(group, style="bold"), Text(""), Text("")]
                rows.append((NO_PHASE_KEY, heading))
            for path, task in sorted(items, key=lambda item: item[1].effective_status in CLOSED):
                key = row_key(path, task.id)
                self._tasks[key] = (path, task)
                rows.append((key, self._cells(task, title_width, owner_width, due_width)))
        if self._phase is not None:
            # Last, so the first row is still the first task: 1 then space ticks it.
            name = fit(Text(f"{self._phase[1].name}: details", style="bold"), title_width - 1)
            rows.append((PHASE_KEY, [Text("▸", style="bold"), name, Text(""), Text("")]))
        columns: list[tuple[str, int | None]] = [
            ("", 2),
            ("Task", title_width),
            ("Owner", owner_width),
            ("Due", due_width),
        ]
        self.set_rows(columns, rows)
        if self.selected_key == NO_PHASE_KEY and self.cursor_row + 1 < self.row_count:
            # A heading is not an item: the cursor starts on the task under it.
            self.move_cursor(row=self.cursor_row + 1, animate=False)

    def _all(self) -> list[tuple[Path, Task]]:
        return self._items + self._unphased

    def _cells(self, task: Task, title: int, owner: int, due: int) -> list[Text]:
        status = task.effective_status
        muted = MUTED_STYLE if status in CLOSED else ""
        cells = [status_symbol(status), fit(Text(task.title, style=muted), title - 1)]
        cells.append(fit(Text(task.owner or "", style=MUTED_STYLE), owner - 1))
        when = Text(task.due.strftime("%m-%d") if task.due else "", style=MUTED_STYLE)
        if task.due and task.due < self._today and status not in CLOSED:
            when.stylize(OVERDUE_STYLE)
        cells.append(when)
        return cells

    def selected(self) -> tuple[Path, Task] | None:
        key = self.selected_key
        return self._tasks.get(key) if key else None

    def action_toggle_task(self) -> None:
        picked = self.selected()
        if picked is None:
            self.app.bell()
            return
        request_edit(self, ToggleTask(Target(picked[0], "tasks", picked[1].id)))

    def action_detail(self) -> None:
        if self.selected_key == PHASE_KEY and self._phase is not None:
            path, phase = self._phase
            self.post_message(DetailWanted(path, "phases", phase.id))
            return
        picked = self.selected()
        if picked is None:
            self.app.bell()
            return
        self.post_message(DetailWanted(picked[0], "tasks", picked[1].id))

    def action_open_editor(self) -> None:
        picked = self.selected()
        if picked is not None:
            self.post_message(OpenInEditor(picked[0], "tasks", picked[1].id))


def portfolio_lines(
    plans: Sequence[tuple[Path, Plan]],
    today: dt.date,
    width: int,
    cache: PerPlan[Text] | None = None,
) -> Group:
    """All plans view: one line per plan — its phase, % done, overdue count.

    The figures at the end always show; the plan's name and its phase share what room is left.
    A ``cache`` keeps each plan's line while the plan object lives: a reload remakes one.
    """
    cache = cache if cache is not None else PerPlan()
    return Group(
        *(
            cache.get(plan, (today, width), partial(portfolio_line, plan, today, width))
            for _path, plan in plans
        )
    )


def portfolio_line(plan: Plan, today: dt.date, width: int) -> Text:
    """One plan's line in the All plans view's Current panel."""
    current = current_phase(plan, today)
    progress = plan_progress(plan, today)
    overdue = sum(1 for m in plan.milestones if m.due and m.due < today and m.status not in CLOSED)
    # Narrow panels drop the word "done" to leave the phase a few more cells.
    done = " done" if width >= 40 else ""
    tail = Text(f" · {percent(progress.work)}{done}", no_wrap=True)
    if overdue:
        tail.append(f" · {overdue} late", style="bold red")
    phase = Text(no_wrap=True)
    if current.phase is not None:
        phase.append(current.phase.name)
        if current.state != "current":
            phase.append(f" ({current.state})", style=MUTED_STYLE)
    room = width - tail.cell_len
    name = Text(plan.name, style="bold")
    name_room = min(name.cell_len, max(8, room * 2 // 5)) if phase else room
    line = fit(name, name_room)
    phase_room = room - line.cell_len - 3
    if phase and phase_room >= 4:
        line.append(" · ")
        line.append_text(fit(phase, phase_room))
    line.append_text(tail)
    return fit(line, width)


class CurrentPanel(VerticalScroll, can_focus=True):
    """The bordered panel: phase summary above, task checklist below."""

    DEFAULT_CSS = """
    CurrentPanel > #summary { height: auto; }
    CurrentPanel > #task-table { height: auto; margin-top: 1; }
    """

    def __init__(self, *, combined: bool = False) -> None:
        super().__init__(classes="panel")
        self.combined = combined
        self.border_title = "1 Current"
        self._lines: PerPlan[Text] = PerPlan()
        self._summary = Once()

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield TaskTable()

    def show(self, plans: Sequence[tuple[Path, Plan]], today: dt.date) -> None:
        summary = self.query_one("#summary", Static)
        tasks = self.query_one(TaskTable)
        width = max(10, self.size.width - 2)
        if self.combined:
            self.border_title = "1 Current · all plans"
            self._lines.keep_only(plan for _path, plan in plans)
            lines = portfolio_lines(plans, today, width, self._lines)
            if self._summary.changed(tuple(lines.renderables)):
                update_in_place(summary, lines)
            tasks.display = False
            return
        if not plans:
            if self._summary.changed(None):
                summary.update(Text("Nothing loaded.", style=MUTED_STYLE))
            tasks.show([])
            return
        path, plan = plans[0]
        compact = self.size.height and self.size.height < 14
        if self._summary.changed(plan, today, compact):
            update_in_place(summary, current_panel(plan, today, show_goals=not compact))
        current = current_phase(plan, today)
        items: list[tuple[Path, Task]] = []
        if current.phase is not None:
            _milestones, phase_tasks = phase_items(plan, current.phase.id)
            items = [(path, task) for task in phase_tasks]
        unphased = [(path, task) for task in unphased_tasks(plan)]
        phase = (path, current.phase) if current.phase is not None else None
        tasks.display = bool(items or unphased or phase)
        tasks._today = today
        tasks.show(items, unphased, phase)
