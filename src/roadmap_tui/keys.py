"""The dashboard's keys: what each does, on top of presenter mode and the themes.

``RoadmapApp`` builds the screen and follows the workspace; the actions here act on them. Every
notification passes the terminal-text gate (``notify``).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.timer import Timer

from roadmap_tui.messages import (
    DetailWanted,
    EditRequested,
    HistoryWanted,
    KpiWanted,
    OpenInEditor,
    SlipChart,
)
from roadmap_tui.model.changes import Section
from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_text
from roadmap_tui.presenter import PresenterMode
from roadmap_tui.render import notices
from roadmap_tui.screens.help import HelpScreen
from roadmap_tui.widgets.lens import Lens
from roadmap_tui.widgets.plan_tabs import PlanTabs
from roadmap_tui.widgets.plan_view import PlanView
from roadmap_tui.workspace.workspace import Workspace

#: How long a write may take before the title says it is under way (seconds).
SAVING_SHOWN_AFTER = 0.3
#: The most notices shown at once (each toast takes 3 to 5 lines).
MAX_TOASTS = 3


class DashboardKeys(PresenterMode):
    """The key actions of the dashboard, and the keys that call them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        # ctrl+c quits as q does (not a hint to press ctrl+q); ctrl+z hands the shell back.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+z", "suspend_process", "Suspend", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("left_square_bracket", "cycle_plan(-1)", "Prev plan", key_display="["),
        Binding("right_square_bracket", "cycle_plan(1)", "Next plan", key_display="]"),
        *(
            Binding(str(n), f"focus_panel('{name}')", name.title(), show=False)
            for n, name in enumerate(("current", "milestones", "risks", "kpis"), 1)
        ),
        Binding("o", "pick_owner", "Owner"),
        Binding("S", "standup", "Standup"),
        Binding("c", "show_changes", "Changes"),
        Binding("escape", "clear_owner", "Clear owner", show=False),
        Binding("L", "toggle_lock", "Lock"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r,U", "redo", "Redo", key_display="^r"),
        *(
            Binding(f"alt+{n}", f"show_plan({n})", f"Plan tab {n}", show=False)
            for n in range(1, 10)
        ),
    ]

    workspace: Workspace
    owner_focus: str | None
    read_only: bool
    locked: bool
    standup_order: list[str]
    timebox: float | None
    history_read: bool
    notice: str | None
    #: The plan file a write has been busy with for a while (the title says so), if any.
    saving: Path | None = None
    _saving_timer: Timer | None = None
    fixed_today: dt.date | None
    as_of_plans: bool
    changed_items: frozenset[tuple[Path | None, Section, str]]
    _slip_charts: dict[int, SlipChart]

    @property
    def tabs(self) -> PlanTabs:
        return self.query_one(PlanTabs)

    @property
    def today(self) -> dt.date:
        """The date everything is computed from: ``--today``, or the real date."""
        return self.fixed_today or dt.date.today()

    def today_for(self, path: Path | None) -> dt.date:
        """The day one plan's tab is computed for: its ``as_of`` when opened as of it (or, for
        a document that gives no date, its ``anchor``, the day its dates count from)."""
        slot = self.workspace.slot(path) if path is not None else None
        plan = slot.plan if slot is not None else None
        if self.as_of_plans and self.fixed_today is None and plan:
            return plan.plan.as_of or plan.plan.anchor or self.today
        return self.today

    def update_subtitle(self) -> None:
        shown = self.tabs.shown_path if self.query(PlanTabs) else None
        as_of = why = None
        if shown is not None and self.today_for(shown) != self.today:
            slot = self.workspace.slot(shown)
            plan = slot.plan if slot is not None else None
            as_of = self.today_for(shown).isoformat()
            why = notices.NO_DATE if plan is not None and plan.plan.as_of is None else None
        owner = safe_text(self.owner_focus, one_line=True) if self.owner_focus else None
        self.sub_title = notices.subtitle(
            self.today.isoformat(),
            as_of=as_of,
            as_of_why=why,
            read_only=self.read_only,
            owner=owner,
            notice=self.notice,
            saving=self.saving.name if self.saving is not None else None,
        )

    def saving_started(self, path: Path) -> None:
        """A write began. One that takes a while (a very large plan) says so in the title, so
        that the row not yet changed is not taken for the truth; a quick one never flickers."""
        if self._saving_timer is not None:
            self._saving_timer.stop()
        show = partial(self._show_saving, path)
        self._saving_timer = self.set_timer(SAVING_SHOWN_AFTER, show)

    def _show_saving(self, path: Path) -> None:
        self.saving = path
        self.update_subtitle()

    def saving_done(self) -> None:
        # The timer of a quick write must not fire during the next one (keys 0.3 s apart).
        if self._saving_timer is not None:
            self._saving_timer.stop()
            self._saving_timer = None
        if self.saving is not None:
            self.saving = None
            self.update_subtitle()

    def refresh_all(self) -> None:
        self.tabs.show_all()

    @property
    def lens(self) -> Lens:
        """Whose items the panels show, and which are marked as changed."""
        return Lens(self.owner_focus, self.changed_items)

    def loaded(self) -> list[tuple[Path, Plan]]:
        """Every plan that loaded, with its file, in tab order."""
        slots = self.workspace.slots.items()
        return [(path, slot.plan) for path, slot in slots if slot.plan is not None]

    @on(KpiWanted)
    def _on_kpi_wanted(self, message: KpiWanted) -> None:
        from roadmap_tui.screens.kpi import KpiScreen

        message.stop()
        self.push_screen(KpiScreen(message.kpi, message.plan_name, message.today))

    @on(DetailWanted)
    def _on_detail_wanted(self, message: DetailWanted) -> None:
        from roadmap_tui.screens.detail import DetailScreen

        message.stop()
        slot = self.workspace.slot(message.path)
        plan = slot.plan if slot is not None else None
        today = self.today_for(message.path)
        self.push_screen(DetailScreen(message.path, message.kind, message.item_id, plan, today))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, the app's and its screens', passes the terminal-text gate.

        Messages quote file names, item ids and errors from the system: never markup, and no
        control character reaches the terminal (names are escaped where they are put in).
        """
        del markup  # nothing shown here is ever parsed as markup
        super().notify(
            safe_text(message),
            title=safe_text(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=False,
        )
        # The newest notice must be on screen: past the screen's height, Textual's toasts are
        # cut off at the bottom, where the newest is (a few quick edits were enough at 80x24).
        shown = list(self._notifications)
        extra = len(shown) - MAX_TOASTS
        if extra > 0:
            older = sorted(shown[:-1], key=lambda notice: notice.severity == "error")
            for notice in older[:extra]:  # plain notices go first, errors last
                self._unnotify(notice, refresh=False)
            self._refresh_notifications()

    # Keys ------------------------------------------------------------------------------------

    def action_cycle_plan(self, step: int) -> None:
        self.tabs.cycle(step)

    def action_show_plan(self, number: int) -> None:
        self.tabs.show_number(number)

    def action_focus_panel(self, name: str) -> None:
        self.active_view().focus_panel(name)

    def active_view(self) -> PlanView:
        return self.tabs.active_view()

    def show_item(self, path: Path | None, kind: str, item_id: str | None) -> None:
        self.tabs.show_item(path, kind, item_id)

    def action_show_changes(self) -> None:
        self.tabs.show_changes()
        if not self.history_read:
            self.workspace.read_history()  # asked for before start-up got to it

    @on(EditRequested)
    def _on_edit_requested(self, message: EditRequested) -> None:
        message.stop()
        if not self.refuse_if_locked():
            self.workspace.submit(message.intent, self.today)

    def action_undo(self) -> None:
        if not self.refuse_if_locked():
            self.workspace.undo()

    def action_redo(self) -> None:
        if not self.refuse_if_locked():
            self.workspace.redo()

    @on(HistoryWanted)
    def _on_history_wanted(self, message: HistoryWanted) -> None:
        message.stop()
        self._slip_charts[self.workspace.read_due_versions(message.paths)] = message.chart

    @on(OpenInEditor)
    def _on_open_in_editor(self, message: OpenInEditor) -> None:
        from roadmap_tui.editor_command import open_in_editor

        message.stop()
        line = self.workspace.line_of(message.path, message.kind, message.item_id)
        if open_in_editor(self, message.path, line):
            # The watcher sees the save; read it anyway in case it is not running.
            self.workspace.reload(message.path)

    def action_standup(self) -> None:
        """Start the standup walk over everyone named in the open plans."""
        from roadmap_tui.model.standup import walk_stops
        from roadmap_tui.screens.walk import WalkScreen

        plans = self.workspace.plans()
        order = list(self.standup_order)
        for plan in plans:
            if plan.standup is not None:
                order += [name for name in plan.standup.order if name not in order]
        walk = WalkScreen(
            walk_stops(plans, order),
            timebox=self.timebox,
            plans=self.loaded(),
            today=self.today,
            edit_count=lambda: len(self.workspace.undo_stack),
        )
        self.push_screen(walk, lambda ended: self.record_standup() if ended else None)

    def action_pick_owner(self) -> None:
        """Pick whose items to show, with a fuzzy filter; ``o`` again shows everyone's."""
        if self.owner_focus is not None:
            self.set_owner(None)
            return
        from textual.command import CommandPalette

        from roadmap_tui.commands import PickCommands
        from roadmap_tui.model.owners import owners

        names = owners(self.workspace.plans())
        if not names:
            self.notify("No owners are named in these plans.", timeout=3)
            return
        picks = PickCommands(self.screen, [(n, partial(self.set_owner, n)) for n in names])
        # A SimpleProvider is its own factory, as in Textual's own search_commands.
        palette = CommandPalette([picks], placeholder="Whose items? Type to filter…")  # type: ignore[list-item]
        self.push_screen(palette)

    def warn_unknown_owner(self, owner: str) -> None:
        from roadmap_tui.model.owners import owners
        from roadmap_tui.render.empty import unknown_owner

        if owner not in owners(self.workspace.plans()):
            self.notify(unknown_owner(owner), severity="warning", timeout=8, markup=False)

    def action_clear_owner(self) -> None:
        if self.owner_focus is not None:
            self.set_owner(None)

    def set_owner(self, owner: str | None) -> None:
        """Show only ``owner``'s milestones, tasks and risks in every panel (None: everyone's)."""
        self.owner_focus = owner
        self.update_subtitle()
        self.refresh_all()

    def refuse_if_locked(self) -> bool:
        """In read-only mode, say so and refuse: the shared screen must not rewrite a plan."""
        if not self.read_only:
            return False
        self.notify(
            notices.locked(for_good=self.locked),
            title="Locked",
            severity="warning",
            timeout=3,
        )
        return True

    def action_toggle_lock(self) -> None:
        if self.locked:
            self.notify("This shared dashboard is read-only.", title="Locked", timeout=3)
            return
        self.read_only = not self.read_only
        self.update_subtitle()
        self.notify(
            "Locked: keys will not change files" if self.read_only else "Unlocked", timeout=2
        )

    def action_help(self) -> None:
        self.push_screen(HelpScreen(list(DashboardKeys.BINDINGS), list(PresenterMode.BINDINGS)))

    def record_standup(self) -> None:
        """Remember that a standup just ended: Changes now start from here (per plan folder)."""
        try:
            self.workspace.record_standup(dt.datetime.now().astimezone())
        except OSError as error:
            self.notify(notices.standup_not_recorded(str(error)), severity="warning")
