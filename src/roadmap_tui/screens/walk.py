"""The standup walk: one person at a time, their late, blocked, in-progress and upcoming items.

Readable on a projector: groups are spelled out in words, nothing is shown only in dim colour.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from roadmap_tui.messages import request_edit
from roadmap_tui.model.plan import Milestone, Plan
from roadmap_tui.model.standup import (
    Stop,
    WalkItem,
    format_elapsed,
    group_counts,
    items_for_stop,
)
from roadmap_tui.render.text import OVERDUE_STYLE, fit, relative_days, status_symbol
from roadmap_tui.widgets.dialogs import ChoiceDialog
from roadmap_tui.widgets.key_bar import KeyBar
from roadmap_tui.widgets.milestones import row_key
from roadmap_tui.widgets.row_table import RowTable
from roadmap_tui.workspace.intents import CycleStatus, Intent, Target, ToggleBlocked, ToggleTask

GROUP_STYLE = {
    "overdue": "bold red",
    "blocked": "bold magenta",
    "in progress": "bold yellow",
    "due soon": "bold cyan",
}


class WalkTable(RowTable):
    """The current person's items; status keys work on them as in the Milestones panel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "cycle_status", "Status"),
        Binding("b", "toggle_blocked", "Blocked"),
    ]

    def __init__(self) -> None:
        super().__init__(id="walk-table")
        self.items: dict[str, WalkItem] = {}

    def show_items(
        self, items: list[WalkItem], today_width: int, show_plan: bool, today: dt.date
    ) -> None:
        width = max(30, self.scrollable_content_region.width or today_width)
        columns: list[tuple[str, int | None]] = [("Why", 12), ("", 2), ("ID", 11)]
        if show_plan:
            columns.append(("Plan", 14))
        columns += [("Due", 11), ("", 0)]
        title_width = max(10, width - sum(w or 0 for _, w in columns))
        columns[-1] = ("Item", title_width)
        self.items = {}
        rows: list[tuple[str, list[Text]]] = []
        for walk_item in items:
            item = walk_item.item
            key = row_key(walk_item.path, f"{walk_item.kind}:{item.id}")
            self.items[key] = walk_item
            status = item.status if isinstance(item, Milestone) else item.effective_status
            due = item.due
            due_text = Text("")
            if due is not None:
                due_text = Text(
                    relative_days((due - today).days),
                    style=OVERDUE_STYLE if walk_item.group == "overdue" else "",
                )
            cells = [
                Text(walk_item.group, style=GROUP_STYLE[walk_item.group]),
                status_symbol(status or "todo"),
                fit(Text(item.id, style="bold"), 10),
            ]
            if show_plan:
                cells.append(fit(Text(walk_item.plan_name), 13))
            cells += [due_text, fit(Text(item.title), title_width - 1)]
            rows.append((key, cells))
        self.set_rows(columns, rows)

    def _request(
        self,
        milestone: Callable[[Target], Intent],
        task: Callable[[Target], Intent] | None,
    ) -> None:
        """Post ``milestone``'s intent for a milestone, ``task``'s for a task (None: the key
        does nothing to a task here)."""
        key = self.selected_key
        walk_item = self.items.get(key) if key is not None else None
        intent = milestone if walk_item is not None and walk_item.kind == "milestones" else task
        if walk_item is None or intent is None:
            self.app.bell()
            return
        target = Target(walk_item.path, walk_item.kind, walk_item.item.id)
        request_edit(self, intent(target))

    def action_cycle_status(self) -> None:
        self._request(CycleStatus, task=ToggleTask)

    def action_toggle_blocked(self) -> None:
        self._request(ToggleBlocked, task=None)


class WalkScreen(Screen[bool]):
    """Walk the team stop by stop (each person, Unassigned, the team) with a timer per stop.

    Stops with nothing to discuss are skipped; ``a`` shows them too. The app hands it the plans
    at the start and again after every change (``show``); it is dismissed with True when the
    walk ends (escape): the standup took place.
    """

    DEFAULT_CSS = """
    WalkScreen > Vertical { padding: 0 1; }
    WalkScreen #walk-head { height: auto; }
    WalkScreen #walk-counts { height: auto; margin-bottom: 1; }
    WalkScreen #walk-table { height: 1fr; }
    WalkScreen #walk-empty { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,right", "step(1)", "Next"),
        Binding("p,left", "step(-1)", "Previous"),
        Binding("a", "toggle_everyone", "Show everyone"),
        Binding("escape", "end", "End walk"),
        Binding("q", "confirm_quit", "Quit"),
    ]

    def __init__(
        self,
        stops: Sequence[Stop | str],
        *,
        timebox: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        plans: Sequence[tuple[Path, Plan]] = (),
        today: dt.date | None = None,
        edit_count: Callable[[], int] = lambda: 0,
    ) -> None:
        """Walk ``stops`` over ``plans`` as of ``today``.

        Args:
            stops: the stops in order (a name is one person's stop).
            timebox: seconds per stop before the timer says "over time".
            clock: where the timer reads the time.
            plans: (file, plan) of every plan open.
            today: the day "overdue" and "due this week" are measured from.
            edit_count: how many edits the app has made so far (the walk reports its own).
        """
        super().__init__()
        self.stops = [Stop("person", (s,)) if isinstance(s, str) else s for s in stops]
        self.index = 0
        self.show_everyone = False
        self.timebox = timebox
        self.clock = clock
        self.started = clock()
        self.visited: set[int] = set()
        self._plans = list(plans)
        self._today = today or dt.date.today()
        self._edit_count = edit_count
        self._edits_at_start = edit_count()

    def show(self, plans: Sequence[tuple[Path, Plan]], today: dt.date) -> None:
        """Show the plans as they are now (read again after a change)."""
        self._plans = list(plans)
        self._today = today
        if self.is_mounted:
            self.rebuild()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="walk-head")
            yield Static(id="walk-counts")
            yield WalkTable()
            yield Static(id="walk-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        shown = self._shown()
        self.index = shown[0] if shown else 0
        if shown:
            self.visited.add(self.index)
        self.set_interval(1.0, self._tick)
        self.rebuild()
        self.query_one(WalkTable).focus()

    def _items(self, index: int) -> list[WalkItem]:
        return items_for_stop(self.stops[index], self._plans, self._today)

    def _shown(self) -> list[int]:
        """The stops the walk goes through: those with something to discuss (or all)."""
        every = range(len(self.stops))
        if self.show_everyone:
            return list(every)
        return [i for i in every if self._items(i)]

    @property
    def stop(self) -> Stop | None:
        return self.stops[self.index] if self.stops else None

    @property
    def person(self) -> str | None:
        """The current stop's name as shown ("Ann", "Unassigned", "全体 / 全团队")."""
        stop = self.stop
        return stop.label if stop is not None else None

    def elapsed(self) -> float:
        return self.clock() - self.started

    def _tick(self) -> None:
        self.query_one("#walk-head", Static).update(self._head())

    def _head(self) -> Text:
        head = Text()
        head.append("STANDUP ", style="bold reverse")
        shown = self._shown()
        if self.stop is None or (not shown and not self.show_everyone):
            head.append(" nothing late, blocked, in progress or due this week for anyone")
            return head
        place = shown.index(self.index) + 1 if self.index in shown else 0
        head.append(f" {place}/{len(shown)}  " if place else "  ", style="bold")
        head.append(Text(self.stop.label, style="bold underline"))
        elapsed = self.elapsed()
        over = self.timebox is not None and elapsed > self.timebox
        head.append("   ⏱ ")
        head.append(format_elapsed(elapsed), style="bold black on yellow" if over else "bold")
        if self.timebox is not None:
            head.append(f" / {format_elapsed(self.timebox)}")
            if over:
                head.append("  over time", style="bold")
        skipped = len(self.stops) - len(shown)
        if skipped:
            head.append(f"   {skipped} skipped, nothing to discuss (a)")
        return head

    def rebuild(self) -> None:
        """Show the current stop's items as they are now."""
        self._tick()
        items = self._items(self.index) if self.stops else []
        counts = Text()
        for group, number in group_counts(items).items():
            counts.append(f"{number} {group}", style=GROUP_STYLE[group] if number else "")
            counts.append("   ")
        self.query_one("#walk-counts", Static).update(counts)
        show_plan = len({item.path for item in items}) > 1
        self.query_one(WalkTable).show_items(items, self.size.width - 2, show_plan, self._today)
        self.query_one("#walk-empty", Static).update(
            Text("Nothing late, blocked, in progress or due this week.") if not items else ""
        )

    def action_step(self, step: int) -> None:
        shown = self._shown()
        if not shown:
            return
        if self.index in shown:
            position = (shown.index(self.index) + step) % len(shown)
        else:  # the current stop has just run out of items: go on from where it was
            later = [i for i in shown if (i - self.index) * step > 0]
            position = shown.index(later[0 if step > 0 else -1]) if later else 0
        self.index = shown[position]
        self.visited.add(self.index)
        self.started = self.clock()
        self.rebuild()

    def action_toggle_everyone(self) -> None:
        self.show_everyone = not self.show_everyone
        self.rebuild()

    def summary(self) -> str:
        changed = self._edit_count() - self._edits_at_start
        total = len(self._shown() if not self.show_everyone else self.stops)
        covered = len(self.visited)
        return (
            f"Standup over: {covered} of {max(total, covered)} stops covered, "
            f"{changed} item change{'s' if changed != 1 else ''} during it. "
            "Changes now start from here."
        )

    def action_end(self) -> None:
        self.app.notify(self.summary(), title="Standup", timeout=8, markup=False)
        self.dismiss(True)

    def action_confirm_quit(self) -> None:
        def chosen(answer: bool | None) -> None:
            if answer:
                self.app.exit()

        self.app.push_screen(
            ChoiceDialog(
                "A standup walk is running. Quit?",
                [(Text("No, keep walking"), False), (Text("Yes, quit"), True)],
            ),
            chosen,
        )
