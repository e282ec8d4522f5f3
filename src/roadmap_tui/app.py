"""RoadmapApp, the dashboard (built by ``launch.make_app``).

Data flows one way. The ``Workspace`` (Textual-free) reads, watches and writes the plan files in
its own threads and tells what happened as typed events; the app posts each event to its own
loop and passes what it carries down: ``PlanTabs`` show the plans, ``ChangesView`` the history.
A key press → a widget posts a typed intent (``EditRequested``) → the workspace's edit queue
writes it → its events update the screen.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Static

from roadmap_tui.commands import JumpCommands
from roadmap_tui.keys import DashboardKeys
from roadmap_tui.messages import PlanReloaded, SlipChart, WorkspaceEvent
from roadmap_tui.model.changes import Section
from roadmap_tui.render import notices
from roadmap_tui.screens.dashboard import DashboardScreen
from roadmap_tui.widgets.key_bar import KeyBar
from roadmap_tui.widgets.plan_tabs import ALL_PLANS, CHANGES, PlanTabs
from roadmap_tui.widgets.title_bar import TitleBar
from roadmap_tui.workspace import events as ev
from roadmap_tui.workspace.slots import PlanSlot
from roadmap_tui.workspace.workspace import Workspace

__all__ = ["ALL_PLANS", "CHANGES", "RoadmapApp"]

#: How many plans (the first tabs) are read before the first frame: the one shown, and the
#: one a first ] shows (its tab is then built right after the first frame).
READ_BEFORE_FIRST_FRAME = 2
#: How long after start-up the Changes view reads the plans' git history.
HISTORY_DELAY_SECONDS = 1.0
#: Below this width the 2 x 2 grid gives the focused panel's column most of the room.
COMPACT_BELOW = 120
#: How long a removed file's tab stays (marked) before it goes: a save by rename, or a
#: checkout that brings the file back, is over well within this.
REMOVED_GRACE_SECONDS = 5.0


class RoadmapApp(DashboardKeys):
    """The dashboard over one or more plan files."""

    CSS_PATH = "app.tcss"
    TITLE = "roadmap-tui"
    #: A zoomed panel keeps the header (presenter mode's one-line title) and the footer.
    ALLOW_IN_MAXIMIZED_VIEW = "TitleBar, KeyBar"
    COMMANDS = App.COMMANDS | {JumpCommands}

    ENABLE_COMMAND_PALETTE = True
    # The title line (TitleBar) redraws itself when these change: a new subtitle (a save under
    # way, a lens) must not repaint every panel, as Textual's own title does.
    title: Reactive[str] = Reactive("", compute=False, repaint=False)
    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)

    def __init__(
        self,
        files: list[Path],
        *,
        folders: list[Path] | None = None,
        today: dt.date | None = None,
        notice: str | None = None,
        watch: bool = True,
        owner: str | None = None,
        read_only: bool = False,
        locked: bool = False,
        standup_order: list[str] | None = None,
        timebox: float | None = None,
        since: str | None = None,
        theme: str | None = None,
        present: bool = False,
        as_of_plans: bool = False,
        settle_memory: bool = False,
    ) -> None:
        super().__init__()
        self.present_at_start = present
        #: Themes: --theme, else the saved one; a problem with the settings file, if any.
        self._theme_problem = self.setup_themes(theme)
        self.locked = locked
        self.read_only = read_only
        self.owner_focus = owner
        self.standup_order = standup_order or []
        self.timebox = timebox
        #: Each plan is shown as of its own ``[plan] as_of`` (the samples), unless --today.
        self.as_of_plans = as_of_plans
        self.fixed_today = today
        self.notice = notice
        self.watch_files = watch
        #: (path, section, id) of every item changed since the Changes view's point.
        self.changed_items: frozenset[tuple[Path | None, Section, str]] = frozenset()
        #: Whether the Changes view has shown a report (or why there is none) yet.
        self.history_read = False
        self.workspace = Workspace(
            files, emit=self._told, folders=folders or [], since=since, settle=settle_memory
        )
        self._stop_watching = asyncio.Event()
        self._slip_charts: dict[int, SlipChart] = {}

    def _told(self, event: ev.Event) -> None:
        # Called from the workspace's threads: post_message is thread-safe.
        self.post_message(WorkspaceEvent(event))

    @property
    def slots(self) -> dict[Path, PlanSlot]:
        return self.workspace.slots

    # Building the screen -------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return DashboardScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="live-reload-off")
        # The plan on screen and the next are read before the first frame; the others in the
        # background just after it (~10 ms each), their tabs titled "… file" until then. A tab
        # shown before its plan is read says so, and fills once it is.
        for path in list(self.workspace.slots)[:READ_BEFORE_FIRST_FRAME]:
            self.workspace.load_now(path)
        yield PlanTabs(self)
        yield KeyBar()

    def on_mount(self) -> None:
        if self._theme_problem:
            self.notify(self._theme_problem, severity="warning", timeout=8)
        self.remember_theme = True  # from now on a theme the user picks is kept
        self.setup_presenter()
        # Back from ctrl+z (fg), the terminal shows nothing of the app: draw all of it again.
        self.app_resume_signal.subscribe(self, self._redraw_everything)
        # The other plans are read once the first frame is out: they must not delay it.
        self.call_after_refresh(self.workspace.load_rest)
        if self.owner_focus is not None:
            self.warn_unknown_owner(self.owner_focus)
        self.update_subtitle()
        if self.fixed_today is None:
            self._schedule_new_day()
        if self.watch_files:
            self._follow_plans()
        # History is read once start-up has settled: git must not delay the first frames.
        # The other plans' tabs are built after the first frame, one per frame.
        self.set_timer(HISTORY_DELAY_SECONDS, self.workspace.read_history)
        self.call_after_refresh(self.tabs.add_later)
        self.tabs.queue_prebuild()
        self.call_after_refresh(self.tabs.focus_first)
        if self.present_at_start:
            self.call_after_refresh(self.action_present)
        self.watch(self.screen, "focused", self._focus_changed, init=False)

    def _focus_changed(self, focused: object) -> None:
        # A tab switch hides the focused widget and Textual may leave nothing focused: a key
        # pressed then would do nothing, so the shown tab's milestones take the focus.
        if self.screen is not self.screen_stack[0]:
            return
        from textual.widget import Widget

        left = isinstance(focused, Widget) and any(
            node.id == "left" for node in focused.ancestors_with_self
        )
        self.set_class(left, "-focus-left")
        self.follow_focus(focused)
        self.call_later(self.tabs.focus_shown if focused is None else self.tabs.refocus_shown_tab)

    def on_resize(self) -> None:
        # Room for the focused panel (app.tcss): below COMPACT_BELOW columns, its column widens.
        self.set_class(self.size.width < COMPACT_BELOW, "-compact")

    def _redraw_everything(self, _app: object = None) -> None:
        self.screen.refresh(layout=True)
        for screen in self.screen_stack:
            screen.refresh()

    def on_unmount(self) -> None:
        self._stop_watching.set()
        self.workspace.close()

    def _schedule_new_day(self) -> None:
        """Recompute everything at midnight: one timer a day, no polling."""
        now = dt.datetime.now()
        midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
        self.set_timer((midnight - now).total_seconds() + 1, self._new_day)

    def _new_day(self) -> None:
        self.update_subtitle()
        self.refresh_all()
        self.workspace.read_history()  # "24 hours ago" has moved on
        self._schedule_new_day()

    def refresh_screens(self) -> None:
        """Screens over the dashboard (the walk, a detail) show the plans as they are now."""
        if len(self.screen_stack) < 2:
            return  # only the dashboard: nothing to import or ask
        from roadmap_tui.screens.detail import DetailScreen
        from roadmap_tui.screens.walk import WalkScreen

        for screen in self.screen_stack:
            if isinstance(screen, WalkScreen):
                screen.show(self.loaded(), self.today)
            elif isinstance(screen, DetailScreen):
                slot = self.workspace.slot(screen.path)
                screen.show(slot.plan if slot else None, self.today_for(screen.path))

    @on(PlanTabs.TabActivated, "#plans")
    def _tab_shown(self) -> None:
        if self.as_of_plans:
            self.update_subtitle()

    # What the workspace did ---------------------------------------------------------------

    @on(WorkspaceEvent)
    async def _on_workspace_event(self, message: WorkspaceEvent) -> None:
        message.stop()
        if not self.is_running or not self.tabs.is_attached:
            return
        match message.event:
            case ev.PlanLoaded(added=True) as event:
                await self.tabs.add_plan(event.path)
                self.notify(notices.plan_added(event))
                self.post_message(PlanReloaded(event.path))
            case ev.PlanLoaded() | ev.PlanRemoved() as event:
                self.tabs.show_plan(event.path)
                self.refresh_screens()
                if event.path == self.tabs.shown_path:
                    self.update_subtitle()
                if isinstance(event, ev.PlanRemoved):
                    forget = partial(self.workspace.forget_if_gone, event.path)
                    self.set_timer(REMOVED_GRACE_SECONDS, forget)
                elif event.cause == "start":
                    self.tabs.queue_prebuild()  # its tab can be built now it is read
                elif self.history_read:
                    # Reading history holds the GIL for a while: paint the reload first.
                    self.call_after_refresh(self.workspace.read_history, [event.path])
                if isinstance(event, ev.PlanRemoved) or event.cause == "disk":
                    self.post_message(PlanReloaded(event.path))
            case ev.PlanClosed() as event:
                await self.tabs.close_plan(event.path)
                self.refresh_screens()
                self.notify(notices.plan_closed(event))
            case ev.EditApplied() as event:
                self.saving_done()
                # After the frame that shows the change: a toast lays the screen out anew.
                said = partial(self.notify, notices.edit_applied(event), timeout=3)
                self.call_after_refresh(said)
            case ev.EditRefused() as event:
                self.saving_done()
                self.notify(event.reason, title="Not changed", severity="error")
            case ev.NothingChanged() as event:
                self.notify(notices.nothing_changed(event), timeout=3)
            case ev.NothingToStep() as event:
                self.notify(notices.nothing_to_step(event), timeout=2)
            case ev.HistoryReady() as event:
                self._show_history(event)
            case ev.HistoryFailed() as event:
                self.history_read = True
                self.tabs.changes_view().show_error(notices.history_failed(event))
            case ev.DueVersionsReady() as event:
                chart = self._slip_charts.pop(event.ticket, None)
                if chart is not None and chart.is_attached:
                    chart.show_versions(dict(event.versions))
            case ev.WatchFailed() as event:
                banner = self.query_one("#live-reload-off", Static)
                banner.update(Text(notices.watch_failed(event)))
                banner.display = True
            case ev.WatchResumed():
                self.query_one("#live-reload-off", Static).display = False
                self.notify(notices.WATCH_RESUMED, timeout=4)
            case ev.JobFailed() as event:
                self.notify(notices.job_failed(event), severity="error", timeout=10)
            case ev.EditStarted() as event:
                self.saving_started(event.path)

    def _show_history(self, event: ev.HistoryReady) -> None:
        self.history_read = True
        self.tabs.changes_view().show(event.report)
        if event.changed != self.changed_items:
            self.changed_items = event.changed
            self.refresh_all()

    @work(exclusive=True, group="watcher", exit_on_error=False)
    async def _follow_plans(self) -> None:
        """Re-read each plan file the watcher reports, until ``on_unmount`` stops it."""
        await self.workspace.follow(self._stop_watching)
