"""One tab's dashboard: a banner for errors or a stale view, and the four panels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_name
from roadmap_tui.model.timeline import CLOSED
from roadmap_tui.render.empty import nothing_note
from roadmap_tui.widgets.current import CurrentPanel
from roadmap_tui.widgets.kpis import KpiPanel, KpiTable
from roadmap_tui.widgets.lens import Lens, Narrowed, PerPlan
from roadmap_tui.widgets.milestones import MilestonePanel, MilestoneTable, row_key
from roadmap_tui.widgets.risks import RiskMatrix, RiskPanel
from roadmap_tui.widgets.row_table import Once, built_when_needed
from roadmap_tui.workspace.slots import PlanSlot

if TYPE_CHECKING:
    from roadmap_tui.widgets.timeline import TimelineChart

#: Below this size the panels stack in one scrolling column.
MIN_WIDTH, MIN_HEIGHT = 70, 20
MAX_PROBLEMS_SHOWN = 4


def banner(slots: Sequence[PlanSlot], combined: bool) -> Text | None:
    """What is wrong with the plans behind a view, or None when nothing is."""
    lines: list[Text] = []
    reading = [slot for slot in slots if slot.state == "loading"]
    if reading:
        # Read in the background after the first frame: not an error, and not empty either.
        what = safe_name(reading[0].path.name) if len(reading) == 1 else f"{len(reading)} plans"
        lines.append(Text(f"… Reading {what}; shown as soon as read.", style="italic"))
    for slot in slots:
        state = slot.state
        if state in ("ok", "loading"):
            continue
        name = safe_name(slot.path.name)  # a file name is outside text: controls shown escaped
        head = Text(no_wrap=True)
        if state == "stale":
            head.append("⚠ STALE ", style="bold reverse")
            head.append(f" {name} no longer loads; showing its last good version:")
        elif state == "removed":
            head.append("✗ FILE REMOVED ", style="bold reverse")
            head.append(f" {name} is gone; showing its last content until it is back.")
        else:
            head.append("✗ ERROR ", style="bold reverse")
            head.append(f" {name} could not be loaded:")
        lines.append(head)
        if state != "removed":
            errors = [p for p in slot.problems if p.severity == "error"]
            limit = MAX_PROBLEMS_SHOWN if combined or state == "stale" else len(errors)
            # The file's name, not its whole path: the place must fit on a line at 80 columns.
            for problem in errors[:limit]:
                where = name
                if problem.line is not None:
                    where += f":{problem.line}:{problem.col}"
                lines.append(Text(f"{where}: {problem.message}"))
            if len(errors) > limit:
                lines.append(Text(f"… and {len(errors) - limit} more", style="italic"))
    if not lines:
        return None
    return Text("\n").join(lines)


def _open_milestones(plan: Plan) -> int:
    return sum(m.status not in CLOSED for m in plan.milestones)


class PlanView(Vertical):
    """The dashboard of one plan, or of every plan (``combined``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "toggle_timeline", "Timeline", show=False),
    ]

    def __init__(self, *, path: Path | None = None, combined: bool = False) -> None:
        super().__init__()
        self.path = path
        self.combined = combined
        self._slots: list[PlanSlot] = []
        self._want_focus: str | None = None
        self._want_select: tuple[Path | None, str, str] | None = None
        self._today = dt.date.today()
        self._lens = Lens()
        self._narrowed = Narrowed()
        self._banner = Once()
        self._open_counts: PerPlan[int] = PerPlan()

    def compose(self) -> ComposeResult:
        yield Static(id="banner")
        with Horizontal(id="panels"):
            with Vertical(id="left"):
                yield CurrentPanel(combined=self.combined)
                yield RiskPanel()
            with Vertical(id="right"):
                yield MilestonePanel(show_plan=self.combined)
                yield KpiPanel()
        # The timeline (``t``) is built the first time it is asked for.

    def show(self, slots: Sequence[PlanSlot], today: dt.date, lens: Lens | None = None) -> None:
        """Show these plans as they are now: last good content, marked when stale.

        Args:
            slots: the plan files behind this view (one, or every one in All plans).
            today: the day everything is measured from.
            lens: whose items to show and which to mark as changed (None: everyone's, none).
        """
        self._slots = list(slots)
        self._today = today
        self._lens = lens or Lens()
        plans = [slot.plan for slot in self._slots if slot.plan is not None]
        self._narrowed.keep_only(plans)
        self._open_counts.keep_only(plans)
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        if not self.query("#banner"):
            return  # mounted but not yet composed: on_mount draws
        panels: tuple[type[Widget], ...] = (CurrentPanel, MilestoneTable, KpiTable)
        if not all(self.query(panel) for panel in panels):
            # Mounted, but the panels inside the layout containers are not yet (a loaded
            # machine can paint in between): draw once they are.
            self.call_after_refresh(self._draw)
            return
        slots, today = self._slots, self._today
        plans = self._plans()
        state = "ok"
        if not self.combined and slots:
            state = slots[0].state
            if state in ("stale", "failed", "removed") and slots[0].plan is None:
                state = "failed"
        for name in ("stale", "failed", "removed"):
            self.set_class(state == name, name)
        message = banner(slots, self.combined)
        if self._banner.changed(message):
            self.query_one("#banner", Static).update(message or "")
        if self.combined:
            # One plan's view got its class from its state above; this must not clear it.
            self.set_class(message is not None, "stale")
        self._set_empty_notes()
        self.query_one(CurrentPanel).show(plans, today)
        self.query_one(MilestoneTable).show(plans, today, self._lens.changed)
        self.query_one(RiskPanel).show(plans)
        self.query_one(KpiTable).show(plans, today)
        if self.has_class("-timeline"):
            self._chart().show(plans, today)

    def _set_empty_notes(self) -> None:
        """What each panel says when it has nothing to list: the same words as ``show``."""
        person = self._lens.owner
        full = [slot.plan for slot in self._slots if slot.plan is not None]
        many = len(full)
        open_milestones = sum(
            self._open_counts.get(p, None, partial(_open_milestones, p)) for p in full
        )
        risks = sum(len(p.risks) for p in full)
        kpis = sum(len(p.kpis) for p in full)
        self.query_one(MilestoneTable).empty_note = nothing_note(
            "open milestones", open_milestones, owner=person, plans=many
        )
        self.query_one(RiskMatrix).empty_note = nothing_note(
            "risks", risks, owner=person, plans=many
        )
        self.query_one(KpiTable).empty_note = nothing_note("KPIs", kpis, plans=many)

    def _plans(self) -> list[tuple[Path, Plan]]:
        """The plans to show, narrowed to one person's items under owner focus."""
        person = self._lens.owner
        return [
            (slot.path, self._narrowed(slot.plan, person))
            for slot in self._slots
            if slot.plan is not None
        ]

    def on_mount(self) -> None:
        if self._want_focus is not None:
            self.call_after_refresh(self._focus_if_shown, self._want_focus)
            self._want_focus = None
        if self._slots:
            self._draw()
        if self._want_select is not None:
            self.call_after_refresh(self.select_item, *self._want_select)
            self._want_select = None

    def on_resize(self) -> None:
        narrow = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        self.set_class(narrow, "-narrow")
        # The tables refit on their own resize; only the Current panel's layout depends on
        # the room it has (goals shown or not), so that is all a resize redraws here.
        if self._slots and self.is_mounted:
            self.query_one(CurrentPanel).show(self._plans(), self._today)

    def _focus_if_shown(self, name: str) -> None:
        # Focus activates the tab it is in: a tab left in the meantime must not come back.
        pane = self.parent
        for node in self.ancestors:
            if isinstance(node, ContentSwitcher):
                if pane is None or node.current != pane.id:
                    return
                break
        self.focus_panel(name)

    def focus_panel(self, name: str) -> None:
        """Focus one of the four panels (``current``, ``milestones``, ``risks``, ``kpis``)."""
        if not self.is_mounted:
            self._want_focus = name  # built on first show: focus it once it is
            return
        if self.has_class("-timeline"):
            if name == "milestones":  # the timeline stands in for the milestones
                self.screen.set_focus(self._chart())
                return
            self.action_toggle_timeline()
        targets = {
            "current": "#task-table",
            "milestones": "#milestone-table",
            "risks": "#risk-grid",
            "kpis": "#kpi-table",
        }
        widget = self.query_one(targets[name])
        if name == "current" and not widget.display:
            widget = self.query_one(CurrentPanel)
        # At once, not on a later turn: a key typed right after the digit goes to this panel.
        self.screen.set_focus(widget)
        if name == "current":
            # Focus scrolls the task list into view, and the phase summary above it out:
            # the summary is what the panel is for, so it comes back to the top.
            panel = self.query_one(CurrentPanel)
            panel.call_after_refresh(panel.scroll_home, animate=False)
        # The footer lists the focused panel's keys; a focus set while tabs were switching
        # could leave it showing the keys of none.
        self.app.refresh_bindings()

    def select_item(self, path: Path | None, kind: str, item_id: str) -> None:
        """Put the cursor on one item (the command palette's jump)."""
        if not self.is_mounted:
            self._want_select = (path, kind, item_id)  # built on first show: once it is
            return
        if kind == "risks":
            grid = self.query_one(RiskMatrix)
            grid.select(path, item_id)
            grid.focus()
            return
        table = self.query_one(MilestoneTable)
        table.focus()
        if path is not None:
            table.reveal(row_key(path, item_id))
            if self.has_class("-timeline"):
                chart = self._chart()
                chart.select(path, item_id)
                chart.focus()

    def action_toggle_timeline(self) -> None:
        """Show the timeline in place of the panels, or the panels again (``t``).

        The selection goes with it: the milestone selected in one is selected in the other.
        """
        table, chart = self.query_one(MilestoneTable), self._chart()
        showing = not self.has_class("-timeline")
        self.set_class(showing, "-timeline")
        if showing:
            chart.show(self._plans(), self._today)
            picked = table.selected()
            if picked is not None:
                chart.select(picked[0], picked[1].id)
            self.screen.set_focus(chart)
        else:
            row = chart.selected_row()
            if row is not None and row.kind == "milestone":
                table.reveal(row_key(row.path, row.item_id))
            self.screen.set_focus(table)
        self.app.refresh_bindings()

    def _chart(self) -> TimelineChart:
        """The timeline, built (and its module imported) the first time it is needed."""
        from roadmap_tui.widgets.timeline import TimelineChart

        return built_when_needed(self, TimelineChart, TimelineChart)


__all__ = ["Group", "PlanView"]
