"""RoadmapApp, the dashboard, and ``make_app``: the one factory the CLI and the tests use.

Data flows one way: disk → ``store.loader`` → ``PlanSlot`` → panels. A key press → a panel's
``EditRequested`` → the app builds an ``Edit`` (``model.edits``) → ``store.writer`` writes it →
the app re-reads the file. The watcher re-reads files changed by anyone else.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shlex
import subprocess
from collections import Counter
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from roadmap_tui.commands import JumpCommands
from roadmap_tui.editing import EditFailed, Editor
from roadmap_tui.messages import DetailWanted, EditRequested, OpenInEditor, PlanReloaded
from roadmap_tui.model.changes import ChangeReport, FileChanges
from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_name, safe_text
from roadmap_tui.presenter import PresenterMode
from roadmap_tui.screens.help import HelpScreen
from roadmap_tui.state import PlanSlot
from roadmap_tui.store.loader import LoadResult, load_file
from roadmap_tui.widgets.changes import ChangesView
from roadmap_tui.widgets.lens import Lens
from roadmap_tui.widgets.plan_view import PlanView
from roadmap_tui.widgets.timeline import TimelineChart

ALL_PLANS = "all-plans"
CHANGES = "changes"
#: How long to wait before reading a file that failed to parse once more: a truncate-and-rewrite
#: save caught between its two steps finishes well within this.
PARSE_RETRY_SECONDS = 0.05
#: How long after start-up the Changes view reads the plans' git history.
HISTORY_DELAY_SECONDS = 1.0
#: Below this width the 2 x 2 grid gives the focused panel's column most of the room.
COMPACT_BELOW = 120
#: How many plan tabs are built ahead of being shown; more are built when first shown.
PREBUILT_TABS = 12
#: Seconds before watching the plan folders is tried again after it failed, doubling each time
#: up to the last: a watch limit raised by hand or a folder that comes back is picked up.
WATCH_RETRY_SECONDS = (2.0, 4.0, 8.0, 16.0, 30.0)
#: How long a removed file's tab stays (marked) before it goes: a save by rename, or a
#: checkout that brings the file back, is over well within this.
REMOVED_GRACE_SECONDS = 5.0


class PlanTabs(TabbedContent):
    """The plan tabs. Focus never switches tabs here: only the tab keys and clicks do."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        # Textual moves the focus when the focused widget is hidden, which can land it in a
        # tab that is not shown; switching to that tab undid a quick second ]. Keys must act on
        # what is on screen, so the focus goes back to the shown tab instead.
        event.prevent_default()
        event.stop()
        if event.tab_pane.id != self.active and isinstance(self.app, RoadmapApp):
            self.app.call_later(self.app.refocus_shown_tab)


class RoadmapApp(PresenterMode):
    """The dashboard over one or more plan files."""

    CSS_PATH = "app.tcss"
    TITLE = "roadmap-tui"
    #: A zoomed panel keeps the header (presenter mode's one-line title) and the footer.
    ALLOW_IN_MAXIMIZED_VIEW = "Header, Footer"
    COMMANDS = App.COMMANDS | {JumpCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        # ctrl+c quits as q does (not a hint to press ctrl+q); ctrl+z hands the shell back.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+z", "suspend_process", "Suspend", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("left_square_bracket", "cycle_plan(-1)", "Prev plan", key_display="["),
        Binding("right_square_bracket", "cycle_plan(1)", "Next plan", key_display="]"),
        Binding("1", "focus_panel('current')", "Current", show=False),
        Binding("2", "focus_panel('milestones')", "Milestones", show=False),
        Binding("3", "focus_panel('risks')", "Risks", show=False),
        Binding("4", "focus_panel('kpis')", "KPIs", show=False),
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
    ) -> None:
        super().__init__()
        #: Start presenting (``--present``).
        self.present_at_start = present
        #: Themes: --theme, else the saved one; a problem with the settings file, if any.
        self._theme_problem = self.setup_themes(theme)
        #: Read-only for good (``serve`` without ``--writable``): L does not unlock.
        self.locked = locked
        #: The point the Changes view compares with (``--since``); None: the last standup.
        self.since = since
        #: Each plan is shown as of its own ``[plan] as_of`` (the samples), unless --today.
        self.as_of_plans = as_of_plans
        #: (path, section, id) of every item changed since then, marked in the panels.
        self.changed_items: frozenset[tuple[Path | None, str, str]] = frozenset()
        #: Whether the Changes view has shown a report (or why there is none) yet.
        self.history_read = False
        #: Each plan's history as last read, the files waiting to be read again (True: even
        #: if they had no history), and whether a reader thread is at it.
        self._history: dict[Path, FileChanges] = {}
        self._history_pending: dict[Path, bool] = {}
        self._history_busy = False
        #: Who the standup walk visits first (``--order``), and the soft limit per person.
        self.standup_order = standup_order or []
        self.timebox = timebox
        #: No key writes to a file while set (``--read-only`` or ``L``).
        self.read_only = read_only
        #: Whose items the panels show (None: everyone's).
        self.owner_focus = owner
        self.fixed_today = today
        self.notice = notice
        self.watch_files = watch
        self.folders = list(folders or [])
        self.slots: dict[Path, PlanSlot] = {}
        for path in files:
            self.slots.setdefault(path, PlanSlot(path))
        self.editor = Editor(self)
        self._stop_watching = asyncio.Event()
        #: Failed attempts to watch the plan folders since watching last worked.
        self._watch_failures = 0
        self._pane_ids: dict[Path, str] = {}
        #: Plan tabs whose content changed while another tab was shown.
        self._dirty_panes: set[str] = set()
        #: The All plans view is behind the plans: a rebuild is queued, or waits for its tab.
        self._combined_stale = False

    @property
    def today(self) -> dt.date:
        """The date everything is computed from: ``--today``, or the real date."""
        return self.fixed_today or dt.date.today()

    @property
    def lens(self) -> Lens:
        """Whose items the panels show, and which are marked as changed."""
        return Lens(self.owner_focus, self.changed_items)

    def today_for(self, path: Path) -> dt.date:
        """The day one plan's tab is computed for: its ``as_of`` when opened as of it (or, for
        a document that gives no date, its ``anchor``, the day its dates count from)."""
        plan = self.slots[path].plan if path in self.slots else None
        if self.as_of_plans and self.fixed_today is None and plan:
            return plan.plan.as_of or plan.plan.anchor or self.today
        return self.today

    # Building the screen -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="live-reload-off")
        for path, slot in self.slots.items():
            slot.take(load_file(path))
        with PlanTabs(id="plans"):
            for index, path in enumerate(self.slots, start=1):
                yield self._pane(path, index, build=index == 1)
            # Every tab's dashboard is built when first shown: start-up pays for one.
            yield TabPane("All plans", id=ALL_PLANS)
            with TabPane("Changes", id=CHANGES):
                yield ChangesView()
        yield Footer()

    def _pane(self, path: Path, index: int, *, build: bool = False) -> TabPane:
        pane_id = f"plan-{index}"
        self._pane_ids[path] = pane_id
        if not build:
            return TabPane(self._tab_title(self.slots[path]), id=pane_id)
        # The first tab is on screen from the first frame: build it with the rest of the app.
        view = PlanView(path=path)
        view.show([self.slots[path]], self.today_for(path), self.lens)
        return TabPane(self._tab_title(self.slots[path]), view, id=pane_id)

    def _view(self, pane_id: str) -> PlanView:
        """The dashboard in a tab, built on first use."""
        pane = self.query_one(f"#{pane_id}", TabPane)
        found = pane.query(PlanView)
        if found:
            return found.first()
        if pane_id == ALL_PLANS:
            view = PlanView(combined=True)
            view.show(list(self.slots.values()), self.today, self.lens)
        else:
            path = next(p for p, known in self._pane_ids.items() if known == pane_id)
            view = PlanView(path=path)
            view.show([self.slots[path]], self.today_for(path), self.lens)
            self._dirty_panes.discard(pane_id)
        pane.mount(view)  # it shows what it was given once mounted
        return view

    def _tab_title(self, slot: PlanSlot, shared: Counter[str] | None = None) -> Content:
        mark = {"ok": "", "stale": "⚠ ", "failed": "✗ ", "removed": "✗ "}[slot.state]
        label = safe_text(slot.label, one_line=True)
        shared = shared if shared is not None else self._label_counts()
        if shared[label] > 1:
            # Two plans of one name: the file names tell them apart.
            label = f"{label} ({safe_name(slot.path.name)})"
        return Content(f"{mark}{label}")

    def _label_counts(self) -> Counter[str]:
        return Counter(slot.label for slot in self.slots.values())

    def _update_tab_titles(self, path: Path | None = None) -> None:
        """Retitle ``path``'s tab (every tab when None), and any tab whose name is shared
        or was: a plan renamed to, or away from, another's name changes that tab too."""
        tabbed = self.query_one("#plans", TabbedContent)
        shared = self._label_counts()
        for known, pane_id in self._pane_ids.items():
            slot = self.slots[known]
            tab = tabbed.get_tab(pane_id)
            suffixed = tab.label.plain.endswith(f" ({safe_name(known.name)})")
            if path is not None and known != path and shared[slot.label] < 2 and not suffixed:
                continue
            title = self._tab_title(slot, shared)
            if tab.label != title:
                tab.label = title

    def on_mount(self) -> None:
        if self._theme_problem:
            self.notify(self._theme_problem, severity="warning", timeout=8, markup=False)
        self.remember_theme = True  # from now on a theme the user picks is kept
        self.setup_presenter()
        # Back from ctrl+z (fg), the terminal shows nothing of the app: draw all of it again.
        self.app_resume_signal.subscribe(self, self._redraw_everything)
        if self.owner_focus is not None:
            self._warn_unknown_owner(self.owner_focus)
        self._update_subtitle()
        self.refresh_all()
        if self.fixed_today is None:
            self._schedule_new_day()
        if self.watch_files:
            self._run_plan_watcher()
        # History is read once start-up has settled: git must not delay the first frames.
        # The other plans' tabs are built after the first frame, one per frame.
        self.set_timer(HISTORY_DELAY_SECONDS, self._compute_changes)
        self.call_after_refresh(self._prebuild_tabs)
        # Keys work from the start: the milestones of the first tab have the focus.
        self.call_after_refresh(self._initial_focus)
        if self.present_at_start:
            self.call_after_refresh(self.action_present)
        self.watch(self.screen, "focused", self._focus_changed, init=False)

    def _focus_changed(self, focused: object) -> None:
        # A tab switch hides the focused widget and Textual may leave nothing focused: a key
        # pressed then would do nothing, so the shown tab's milestones take the focus.
        if self.screen is not self.screen_stack[0]:
            return
        self._mark_focused_column(focused)
        self.follow_focus(focused)
        if focused is None:
            self.call_later(self._focus_active_view)
        else:
            self.call_later(self.refocus_shown_tab)

    # Room for the focused panel (app.tcss): below COMPACT_BELOW columns, its column widens.

    def on_resize(self) -> None:
        self.set_class(self.size.width < COMPACT_BELOW, "-compact")

    def _mark_focused_column(self, focused: object) -> None:
        from textual.widget import Widget

        left = isinstance(focused, Widget) and any(
            node.id == "left" for node in focused.ancestors_with_self
        )
        self.set_class(left, "-focus-left")

    def _initial_focus(self) -> None:
        from textual.widgets import Tabs

        if self.focused is None or isinstance(self.focused, Tabs):
            self.active_view().focus_panel("milestones")

    def _redraw_everything(self, _app: object = None) -> None:
        self.screen.refresh(layout=True)
        for screen in self.screen_stack:
            screen.refresh()

    def on_unmount(self) -> None:
        self._stop_watching.set()

    def _update_subtitle(self) -> None:
        parts = [f"today {self.today.isoformat()}"]
        shown = self._shown_path()
        if shown is not None and self.today_for(shown) != self.today:
            # The samples describe their own day: say it, or "640 days late" would be a lie.
            plan = self.slots[shown].plan
            why = "the plan's own date"
            if plan is not None and plan.plan.as_of is None:
                why = "the day its dates count from; the document gives no date"
            parts = [f"as of {self.today_for(shown).isoformat()}, {why}"]
        if self.read_only:
            parts.insert(0, "🔒 READ-ONLY")
        if self.owner_focus:
            parts.append(f"owner: {safe_text(self.owner_focus, one_line=True)}")
        if self.notice:
            parts.append(self.notice)
        self.sub_title = " · ".join(parts)

    def _shown_path(self) -> Path | None:
        """The plan file of the tab on screen, if a plan's tab is shown."""
        from textual.css.query import NoMatches

        try:
            active = self.query_one("#plans", TabbedContent).active
        except NoMatches:  # before the tabs are built: the first tab is the one shown
            return next(iter(self.slots), None)
        return next((p for p, known in self._pane_ids.items() if known == active), None)

    def _schedule_new_day(self) -> None:
        """Recompute everything at midnight: one timer a day, no polling."""
        now = dt.datetime.now()
        midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
        self.set_timer((midnight - now).total_seconds() + 1, self._new_day)

    def _new_day(self) -> None:
        self._update_subtitle()
        self.refresh_all()
        self._compute_changes()  # "24 hours ago" has moved on
        self._schedule_new_day()

    # Showing plans ---------------------------------------------------------------------------

    def refresh_all(self) -> None:
        for path in self.slots:
            self.refresh_plan(path, combined=False)
        self.refresh_combined()

    def refresh_plan(self, path: Path, *, combined: bool = True) -> None:
        """Show a plan's current state in its tab (and in the All plans view)."""
        slot = self.slots[path]
        pane_id = self._pane_ids.get(path)
        if pane_id is None:
            return
        tabbed = self.query_one("#plans", TabbedContent)
        self._update_tab_titles(path)
        if tabbed.active == pane_id:
            self._dirty_panes.discard(pane_id)
            self._view(pane_id).show([slot], self.today_for(path), self.lens)
        else:
            # Filled when shown: start-up and reloads pay only for the tab on screen.
            self._dirty_panes.add(pane_id)
        if combined:
            self.refresh_combined()

    def refresh_combined(self) -> None:
        """Bring the All plans view up to date: once per burst of changes, and once it is shown.

        It is the one view that costs more with every plan open. A reload of one file while
        another tab is shown costs what that file costs; files changed together (a checkout)
        rebuild it once. The rebuild is queued ahead of any message posted after this call.
        """
        if self._combined_stale:
            return  # already queued, or waiting for the tab to be shown
        self._combined_stale = True
        if self.query_one("#plans", TabbedContent).active == ALL_PLANS:
            self.call_later(self._show_combined)

    def _show_combined(self) -> None:
        if not self._combined_stale:
            return
        if self.query_one("#plans", TabbedContent).active != ALL_PLANS:
            return  # switched away before it ran: shown when the tab is
        self._combined_stale = False
        view = self._view(ALL_PLANS)
        view.show(list(self.slots.values()), self.today, self.lens)

    @on(TabbedContent.TabActivated, "#plans")
    def _catch_up_combined(self, event: TabbedContent.TabActivated) -> None:
        if self.as_of_plans:
            self._update_subtitle()
        if event.pane.id == ALL_PLANS:
            self._show_combined()
        elif event.pane.id is not None:
            self._fill(event.pane.id)

    def _fill(self, pane_id: str) -> None:
        """Bring a plan tab up to date if it changed while hidden."""
        if pane_id not in self._dirty_panes:
            return
        self._dirty_panes.discard(pane_id)
        path = next(p for p, known in self._pane_ids.items() if known == pane_id)
        self._view(pane_id).show([self.slots[path]], self.today_for(path), self.lens)

    # Live reload -----------------------------------------------------------------------------

    @work(exclusive=True, group="watcher", exit_on_error=False)
    async def _run_plan_watcher(self) -> None:
        """Re-read each plan file the watcher reports, until ``on_unmount`` sets the stop event.

        If watching fails (the OS limit on watches, a folder that cannot be read), a banner says
        live reload is off and why, and watching is tried again later; once it works again,
        every plan is re-read, since saves made meanwhile were not seen.
        """
        from roadmap_tui.store.watcher import watch_plans

        watching = watch_plans(
            list(self.slots), self.folders, self._stop_watching, on_ready=self._watching_again
        )
        try:
            async for changes in watching:
                for change in sorted(changes, key=lambda c: str(c.path)):
                    try:
                        await self.reload(change.path, removed=change.kind == "removed")
                    except Exception as error:  # one bad reload must not end live reload
                        name, reason = safe_name(change.path.name), safe_text(str(error))
                        self.notify(
                            f"{name}: not reloaded ({reason})",
                            severity="error",
                            markup=False,
                        )
        except Exception as error:
            self._live_reload_off(error)

    def _live_reload_off(self, error: Exception) -> None:
        tries = self._watch_failures
        self._watch_failures += 1
        delay = WATCH_RETRY_SECONDS[min(tries, len(WATCH_RETRY_SECONDS) - 1)]
        said = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        reason = safe_text(said) or type(error).__name__
        banner = self.query_one("#live-reload-off", Static)
        banner.update(
            Text(
                f"⚠ Live reload is off: {reason}. Saved files are not shown until it is back; "
                f"trying again in {delay:g} s."
            )
        )
        banner.display = True
        if not self._stop_watching.is_set():
            self.set_timer(delay, self._run_plan_watcher)

    def _watching_again(self) -> None:
        if not self._watch_failures:
            return
        self._watch_failures = 0
        self.query_one("#live-reload-off", Static).display = False
        self.notify("Live reload is back on; plans re-read.", timeout=4)
        for path in list(self.slots):
            self.call_later(self.reload, path)

    async def reload(self, path: Path, *, removed: bool = False) -> None:
        """Re-read one plan file after it changed on disk; post ``PlanReloaded`` if it did.

        Only this file is read. Content equal to what is already shown (the app's own write,
        already taken by the editor, or a save that changed nothing) causes no refresh.
        """
        slot = self.slots.get(path)
        if slot is None:
            if not removed:
                await self._add_plan(path)
                self.post_message(PlanReloaded(path))
            return
        if removed:
            if slot.state != "removed":
                slot.removed = True
                self.refresh_plan(path)
                self.post_message(PlanReloaded(path))
                self.set_timer(REMOVED_GRACE_SECONDS, partial(self._close_if_gone, path))
            return
        result = load_file(path)
        if result.plan is None and result.digest != slot.digest:
            # A truncating save may be caught half-written: look once more before saying so.
            await asyncio.sleep(PARSE_RETRY_SECONDS)
            result = load_file(path)
        if result.digest and result.digest == slot.digest and slot.state != "removed":
            return
        self.take(path, result)
        self.post_message(PlanReloaded(path))

    def take(self, path: Path, result: LoadResult) -> None:
        """Record a fresh load of a plan and show it."""
        self.slots[path].take(result)
        self.refresh_plan(path)
        self._refresh_walk()
        # Reading history holds the GIL for a while: paint the reload first.
        self.call_after_refresh(self._compute_changes, [path])

    def _compute_changes(self, paths: list[Path] | None = None) -> None:
        """Read the git history of ``paths`` again (every plan's when None), off the UI thread.

        A reload costs the history of the one file that changed; a file whose folder has no
        history (not a repository, no git) is not asked again until everything is.
        """
        for path in paths if paths is not None else self.slots:
            self._history_pending[path] = self._history_pending.get(path, False) or paths is None
        if not self._history_busy:
            self._history_busy = True
            self._read_history()

    def _take_pending(self) -> dict[Path, bool]:
        pending, self._history_pending = self._history_pending, {}
        if not pending:
            self._history_busy = False
        return pending

    @work(thread=True, group="changes", exit_on_error=False)
    def _read_history(self) -> None:
        try:
            self._read_pending()
        except Exception as error:
            # Say so in Changes; a later change starts a new reader.
            self.call_from_thread(setattr, self, "_history_busy", False)
            reason = safe_text(str(error)) or type(error).__name__
            self.call_from_thread(
                self._show_changes_error, f"Could not read the plans' history: {reason}"
            )

    def _read_pending(self) -> None:
        from roadmap_tui.store.history import file_changes, parse_since
        from roadmap_tui.store.standups import folders_of, last_standup

        while pending := self.call_from_thread(self._take_pending):
            # History happens in real time, whatever --today says: a fixed day must not make
            # every commit since then look new.
            last = last_standup(folders_of(self.slots))
            try:
                since = parse_since(self.since, last_standup=last)
            except ValueError as error:
                self.call_from_thread(self._show_changes_error, f"--since: {error}")
                continue
            for path, forced in pending.items():
                known = self._history.get(path)
                if forced or known is None or known.has_history:
                    self._history[path] = file_changes(path, since)
            files = tuple(self._history[p] for p in list(self.slots) if p in self._history)
            self.call_from_thread(self._show_changes, ChangeReport(since.label, files))

    def _show_changes_error(self, message: str) -> None:
        self.history_read = True
        self.query_one(ChangesView).show_error(message)

    def _show_changes(self, report: ChangeReport) -> None:
        from roadmap_tui.model.changes import changed_items

        self.history_read = True
        self.query_one(ChangesView).show(report)
        marked = changed_items(report.changes)
        if marked != self.changed_items:
            self.changed_items = marked
            self.refresh_all()

    def action_show_changes(self) -> None:
        self.query_one("#plans", TabbedContent).active = CHANGES
        self.screen.set_focus(self.query_one(ChangesView))
        if not self.history_read:
            self._compute_changes()  # asked for before start-up got to it

    def record_standup(self) -> None:
        """Remember that a standup just ended: Changes now start from here (per plan folder)."""
        from roadmap_tui.store.standups import folders_of, record_standup

        try:
            record_standup(folders_of(self.slots), dt.datetime.now().astimezone())
        except OSError as error:
            self.notify(
                f"The standup's time was not recorded: {error}", severity="warning", markup=False
            )
            return
        if self.since is None:
            self._compute_changes()

    def _refresh_walk(self) -> None:
        """Screens over the dashboard (the walk, a detail) show the plans as they are now."""
        from roadmap_tui.screens.detail import DetailScreen
        from roadmap_tui.screens.walk import WalkScreen

        for screen in self.screen_stack:
            if isinstance(screen, WalkScreen):
                screen.show(self._loaded(), self.today)
            elif isinstance(screen, DetailScreen):
                slot = self.slots.get(screen.path)
                today = self.today_for(screen.path) if slot is not None else self.today
                screen.show(slot.plan if slot is not None else None, today)

    def _loaded(self) -> list[tuple[Path, Plan]]:
        return [(path, slot.plan) for path, slot in self.slots.items() if slot.plan is not None]

    @on(DetailWanted)
    def _on_detail_wanted(self, message: DetailWanted) -> None:
        from roadmap_tui.screens.detail import DetailScreen

        message.stop()
        slot = self.slots.get(message.path)
        plan = slot.plan if slot is not None else None
        today = self.today_for(message.path) if slot is not None else self.today
        self.push_screen(DetailScreen(message.path, message.kind, message.item_id, plan, today))

    async def _close_if_gone(self, path: Path) -> None:
        """Close the tab of a file that was removed and has not come back."""
        slot = self.slots.get(path)
        if slot is None or slot.state != "removed" or path.exists():
            return
        pane_id = self._pane_ids.pop(path)
        del self.slots[path]
        self._dirty_panes.discard(pane_id)
        self._history.pop(path, None)
        await self.query_one("#plans", TabbedContent).remove_pane(pane_id)
        self.call_after_refresh(self._update_tab_titles)
        self.refresh_combined()
        self._refresh_walk()
        self.notify(f"{safe_name(path.name)} was removed: its tab is closed", markup=False)
        self.call_after_refresh(self.refocus_shown_tab)

    async def _add_plan(self, path: Path) -> None:
        slot = self.slots[path] = PlanSlot(path)
        slot.take(load_file(path))
        tabbed = self.query_one("#plans", TabbedContent)
        used = [int(pane.rsplit("-", 1)[1]) for pane in self._pane_ids.values()]
        pane = self._pane(path, max(used, default=0) + 1)
        await tabbed.add_pane(pane, before=ALL_PLANS)
        # add_pane puts the tab before All plans but the pane last: keep the panes in tab order,
        # which is the order ] and alt+digit go by.
        from textual.widgets import ContentSwitcher

        switcher = tabbed.get_child_by_type(ContentSwitcher)
        switcher.move_child(pane, before=tabbed.get_pane(ALL_PLANS))
        self.refresh_plan(path)
        self.notify(f"New plan file: {safe_name(path.name)}", markup=False)

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

    # Keys ------------------------------------------------------------------------------------

    def action_standup(self) -> None:
        """Start the standup walk over everyone named in the open plans."""
        from roadmap_tui.model.standup import walk_stops
        from roadmap_tui.screens.walk import WalkScreen

        plans = [slot.plan for slot in self.slots.values() if slot.plan is not None]
        order = list(self.standup_order)
        for plan in plans:
            if plan.standup is not None:
                order += [name for name in plan.standup.order if name not in order]
        walk = WalkScreen(
            walk_stops(plans, order),
            timebox=self.timebox,
            plans=self._loaded(),
            today=self.today,
            edit_count=lambda: len(self.editor.undo_stack),
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

        names = owners(slot.plan for slot in self.slots.values() if slot.plan is not None)
        if not names:
            self.notify("No owners are named in these plans.", timeout=3)
            return
        picks = PickCommands(self.screen, [(n, partial(self.set_owner, n)) for n in names])
        # A SimpleProvider is its own factory, as in Textual's own search_commands.
        palette = CommandPalette([picks], placeholder="Whose items? Type to filter…")  # type: ignore[list-item]
        self.push_screen(palette)

    def _warn_unknown_owner(self, owner: str) -> None:
        from roadmap_tui.model.owners import owners
        from roadmap_tui.render.empty import unknown_owner

        plans = [slot.plan for slot in self.slots.values() if slot.plan is not None]
        if owner not in owners(plans):
            self.notify(unknown_owner(owner), severity="warning", timeout=8, markup=False)

    def action_clear_owner(self) -> None:
        if self.owner_focus is not None:
            self.set_owner(None)

    def set_owner(self, owner: str | None) -> None:
        """Show only ``owner``'s milestones, tasks and risks in every panel (None: everyone's)."""
        self.owner_focus = owner
        self._update_subtitle()
        self.refresh_all()

    def _refuse_if_locked(self) -> bool:
        """In read-only mode, say so and refuse: the shared screen must not rewrite a plan."""
        if not self.read_only:
            return False
        self.notify(
            "Read-only: nothing was changed." + ("" if self.locked else " Press L to unlock."),
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
        self._update_subtitle()
        self.notify(
            "Locked: keys will not change files" if self.read_only else "Unlocked", timeout=2
        )

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_cycle_plan(self, step: int) -> None:
        tabbed = self.query_one("#plans", TabbedContent)
        panes = [pane.id for pane in tabbed.query(TabPane) if pane.id]
        if not panes:
            return
        current = panes.index(tabbed.active) if tabbed.active in panes else 0
        tabbed.active = panes[(current + step) % len(panes)]
        self._focus_active_view()

    def action_show_plan(self, number: int) -> None:
        tabbed = self.query_one("#plans", TabbedContent)
        panes = [pane.id for pane in tabbed.query(TabPane) if pane.id]
        if 1 <= number <= len(panes):
            tabbed.active = panes[number - 1]
            self._focus_active_view()

    def active_view(self) -> PlanView:
        """The dashboard on screen; from the Changes tab, the All plans one is shown instead."""
        tabbed = self.query_one("#plans", TabbedContent)
        if tabbed.active == CHANGES:
            tabbed.active = ALL_PLANS
        return self._view(tabbed.active)

    def refocus_shown_tab(self) -> None:
        """Put the focus back on the tab on screen, if it wandered into a hidden one."""
        tabbed = self.query_one("#plans", TabbedContent)
        focused = self.focused
        if focused is None or any(
            isinstance(node, TabPane) and node.id != tabbed.active for node in focused.ancestors
        ):
            self._focus_active_view()

    def _focus_active_view(self) -> None:
        """Focus the shown tab's milestones, at once: the next key must act on this tab.

        (Focus does not switch tabs here, see ``PlanTabs``; a tab still being built is
        focused as soon as it is.)
        """
        if self.query_one("#plans", TabbedContent).active == CHANGES:
            self.screen.set_focus(self.query_one(ChangesView))
        else:
            self.active_view().focus_panel("milestones")

    def _prebuild_tabs(self) -> None:
        """Build the next few plan tabs while nothing else happens, one per turn.

        Start-up builds only the tab on screen; these are ready before anyone switches, so a
        switch shows a finished tab with its panel focused, not a frame of an empty one.
        """
        for pane_id in list(self._pane_ids.values())[:PREBUILT_TABS]:
            pane = self.query_one(f"#{pane_id}", TabPane)
            if not pane.is_attached:
                return  # the app is shutting down (q on the first frames): build nothing
            if not pane.query(PlanView):
                self._view(pane_id)
                self.call_after_refresh(self._prebuild_tabs)
                return

    def action_focus_panel(self, name: str) -> None:
        self.active_view().focus_panel(name)

    def show_item(self, path: Path | None, kind: str, item_id: str | None) -> None:
        """Switch to a plan's tab and select one of its items (the command palette's jump)."""
        if path is not None and path in self._pane_ids:
            self.query_one("#plans", TabbedContent).active = self._pane_ids[path]
            self._fill(self._pane_ids[path])
        view = self.active_view()
        if item_id is None:
            view.focus_panel("milestones")
        else:
            view.select_item(path, kind, item_id)

    # Edits -----------------------------------------------------------------------------------

    @on(EditRequested)
    def _on_edit_requested(self, message: EditRequested) -> None:
        message.stop()
        if self._refuse_if_locked():
            return
        try:
            summary = self.editor.request(message)
        except EditFailed as failure:
            self.notify(str(failure), title="Not changed", severity="error", markup=False)
            return
        self.notify(summary, timeout=3, markup=False)

    def action_undo(self) -> None:
        self._history_step(undo=True)

    def action_redo(self) -> None:
        self._history_step(undo=False)

    def _history_step(self, *, undo: bool) -> None:
        if self._refuse_if_locked():
            return
        try:
            summary = self.editor.undo() if undo else self.editor.redo()
        except EditFailed as failure:
            self.notify(str(failure), title="Not changed", severity="error", markup=False)
            return
        if summary:
            self.notify(summary, timeout=3, markup=False)
        else:
            self.notify("Nothing to undo" if undo else "Nothing to redo", timeout=2)

    @on(TimelineChart.HistoryWanted)
    def _on_history_wanted(self, message: TimelineChart.HistoryWanted) -> None:
        message.stop()
        self._read_due_versions(message.chart, message.paths)

    @work(thread=True, group="slips", exit_on_error=False)
    def _read_due_versions(self, chart: TimelineChart, paths: list[Path]) -> None:
        """Each plan's committed due dates, for the timeline's slips (git, off the UI thread)."""
        from roadmap_tui.store.history import due_versions

        try:
            found = {path: due_versions(path) for path in paths}
        except Exception as error:  # due_versions reports no history as none; this is a bug
            self.call_from_thread(
                self.notify, f"Slips not read: {error}", severity="error", markup=False
            )
            raise
        self.call_from_thread(chart.show_versions, found)

    @on(OpenInEditor)
    def _on_open_in_editor(self, message: OpenInEditor) -> None:
        message.stop()
        line = self.editor.line_of(message.path, message.kind, message.item_id)
        where = f"{safe_name(message.path)}:{line}"
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
        try:
            words = shlex.split(command)
        except ValueError:
            words = []
        if not words:
            self.notify(f"{where}  (set $EDITOR to open it here)", timeout=10, markup=False)
            return
        failure: OSError | None = None
        try:
            with self.suspend():
                # Caught inside: an error escaping suspend() would leave the terminal unrestored.
                try:
                    subprocess.run([*words, f"+{line}", str(message.path)], check=False)
                except OSError as error:
                    failure = error
        except SuspendNotSupported:
            self.notify(f"{where}  (cannot hand the terminal to $EDITOR here)", markup=False)
            return
        if failure is not None:
            reason = failure.strerror or str(failure)
            self.notify(
                f"Could not run {safe_name(words[0])}: {reason}. The item is at {where}",
                title="Editor",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        # The watcher sees the save; re-read anyway in case it is not running.
        self.call_later(self.reload, message.path)


def make_app(
    paths: list[Path],
    *,
    today: dt.date | None = None,
    notice: str | None = None,
    folders: list[Path] | None = None,
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
) -> RoadmapApp:
    """Build the app over plan files (folders are searched for ``*.toml`` plans).

    Args:
        paths: plan files, or folders of them.
        today: the date to compute from; None means the real date, rolling over at midnight.
        notice: a line for the header (e.g. that these are copies of the sample plans).
        folders: extra folders to watch for new plan files.
        watch: follow changes on disk (tests of static screens turn it off).
        owner: start focused on this person's items.
        read_only: start locked: no key changes a file.
        locked: read-only for good: ``L`` does not unlock (a shared dashboard).
        standup_order: who the standup walk visits first.
        timebox: seconds per person in the walk before the timer turns amber.
        since: what the Changes view compares with (a date, 3d, or a git ref).
        theme: the theme for this run (None: the one saved in the settings, else the default).
        present: start in presenter mode.
        as_of_plans: show each plan as of its own ``[plan] as_of`` (the samples), unless
            ``today`` is given.
    """
    from roadmap_tui.store.loader import is_folder, plan_files

    watched = list(folders or []) + [p for p in paths if is_folder(p)]
    return RoadmapApp(
        plan_files(paths),
        folders=watched,
        today=today,
        notice=notice,
        watch=watch,
        owner=owner,
        read_only=read_only or locked,
        locked=locked,
        standup_order=standup_order,
        timebox=timebox,
        since=since,
        theme=theme,
        present=present,
        as_of_plans=as_of_plans,
    )
