"""The plan tabs: one dashboard per plan file, All plans, and Changes.

Each tab's dashboard is built when first needed (the one on screen at start, a few more while
idle), and filled when shown: a plan that changes while its tab is hidden is marked and
filled once the tab is shown. The tabs get what they show from a ``TabSource`` the app passes
in; they never read the app.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from roadmap_tui.model.safe_text import safe_name, safe_text
from roadmap_tui.widgets.changes import ChangesView
from roadmap_tui.widgets.lens import Lens
from roadmap_tui.widgets.plan_view import PlanView
from roadmap_tui.widgets.row_table import built_when_needed
from roadmap_tui.widgets.tab_bar import TabBar
from roadmap_tui.workspace.slots import PlanSlot

ALL_PLANS = "all-plans"
CHANGES = "changes"
#: How many plan tabs are built ahead of being shown; more are built when first shown.
PREBUILT_TABS = 12
#: How many plan tabs the first frame has (more than a 160-column bar shows); the others are
#: added once it is out, a few per frame (each is a pane to mount and style: 200 of them
#: would hold the first frame).
FIRST_TABS = 8
LATER_TABS_PER_FRAME = 20
_MARKS = {"ok": "", "loading": "… ", "stale": "⚠ ", "failed": "✗ ", "removed": "✗ "}


class TabSource(Protocol):
    """What the tabs show: the open plans, and the day each is computed for."""

    @property
    def slots(self) -> dict[Path, PlanSlot]: ...

    def today_for(self, path: Path | None) -> dt.date: ...

    @property
    def lens(self) -> Lens: ...


class Pane(Widget):
    """One tab's content: the switcher shows one pane at a time."""

    @dataclass
    class Focused(Message):
        """A widget in the pane took the focus."""

        pane: Pane

    def _on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.post_message(self.Focused(self))


class PlanTabs(Vertical):
    """The plan tabs: the tab bar (one widget) over a switcher of panes, one per tab.

    Focus never switches tabs here: only the tab keys and clicks do.
    """

    @dataclass
    class TabActivated(Message):
        """Another tab is shown."""

        tabs: PlanTabs
        pane: Pane

        @property
        def control(self) -> PlanTabs:
            return self.tabs

    def __init__(self, source: TabSource) -> None:
        super().__init__(id="plans")
        self.source = source
        self._pane_ids: dict[Path, str] = {}
        #: Plan tabs whose content changed while another tab was shown.
        self._dirty: set[str] = set()
        #: The All plans view is behind the plans: a rebuild is queued, or waits for its tab.
        self._combined_stale = False
        self._prebuild_queued = False
        #: Each tab's label as last titled, and how many plans share each label.
        self._labels = {path: slot.label for path, slot in source.slots.items()}
        self._shared = Counter(self._labels.values())
        paths = list(source.slots)
        #: Plans whose tabs are added after the first frame (see ``add_later``).
        self._later = paths[FIRST_TABS:]
        panes = [self._pane(path, n, build=n == 1) for n, path in enumerate(paths[:FIRST_TABS], 1)]
        # Every tab's dashboard is built when first shown: start-up pays for one.
        panes.append((Pane(id=ALL_PLANS), Content("All plans")))
        # The Changes view is built when first shown or told something (not for the first
        # frame: git is read a second after start-up).
        panes.append((Pane(id=CHANGES), Content("Changes")))
        self._panes = [pane for pane, _label in panes]
        first = self._panes[0].id or ""
        self._bar = TabBar([(pane.id or "", label) for pane, label in panes], first)
        self._switcher = ContentSwitcher(initial=first)

    def compose(self) -> ComposeResult:
        yield self._bar
        with self._switcher:
            yield from self._panes

    def _on_pane_focused(self, event: Pane.Focused) -> None:
        # Textual moves the focus when the focused widget is hidden, which can land it in a
        # tab that is not shown. Keys must act on what is on screen, so the focus goes back
        # to the shown tab.
        event.stop()
        if event.pane.id != self.active:
            self.call_later(self.refocus_shown_tab)

    @property
    def active(self) -> str:
        """The id of the tab shown."""
        return self._bar.active

    @active.setter
    def active(self, pane_id: str) -> None:
        if pane_id == self._bar.active or pane_id not in self._bar.pane_ids:
            return
        self._bar.active = pane_id
        self._switcher.current = pane_id
        if pane_id == ALL_PLANS:
            self._fill_combined()
        else:
            self._fill(pane_id)
        self.post_message(self.TabActivated(self, self.get_pane(pane_id)))

    def get_pane(self, pane_id: str) -> Pane:
        return self._switcher.get_child_by_id(pane_id, Pane)

    def label_of(self, pane_id: str) -> Content:
        """The name on a tab."""
        return self._bar.label_of(pane_id)

    def tab_names(self) -> list[str]:
        """The names on the tabs, in order."""
        return [self._bar.label_of(pane_id).plain for pane_id in self._bar.pane_ids]

    def _on_tab_bar_clicked(self, event: TabBar.Clicked) -> None:
        event.stop()
        self.active = event.pane_id
        self.focus_shown()

    # Panes -------------------------------------------------------------------------------

    def _pane(self, path: Path, index: int, *, build: bool = False) -> tuple[Pane, Content]:
        pane_id = f"plan-{index}"
        self._pane_ids[path] = pane_id
        slot = self.source.slots[path]
        title = self._title(slot, self._shared)
        if not build:
            return Pane(id=pane_id), title
        # The first tab is on screen from the first frame: build it with the rest of the app.
        view = PlanView(path=path)
        view.show([slot], self.source.today_for(path), self.source.lens)
        return Pane(view, id=pane_id), title

    def pane_of(self, path: Path) -> str | None:
        return self._pane_ids.get(path)

    def path_of(self, pane_id: str) -> Path | None:
        return next((p for p, known in self._pane_ids.items() if known == pane_id), None)

    @property
    def shown_path(self) -> Path | None:
        """The plan file of the tab on screen, if a plan's tab is shown."""
        return self.path_of(self.active)

    def view(self, pane_id: str) -> PlanView:
        """The dashboard in a tab, built on first use."""
        pane = self.get_pane(pane_id)
        found = pane.query(PlanView)
        if found:
            return found.first()
        slots = self.source.slots
        if pane_id == ALL_PLANS:
            view = PlanView(combined=True)
            view.show(list(slots.values()), self.source.today_for(None), self.source.lens)
        else:
            path = self.path_of(pane_id)
            assert path is not None
            view = PlanView(path=path)
            view.show([slots[path]], self.source.today_for(path), self.source.lens)
            self._dirty.discard(pane_id)
        pane.mount(view)  # it shows what it was given once mounted
        return view

    def active_view(self) -> PlanView:
        """The dashboard on screen; from the Changes tab, the All plans one is shown instead."""
        if self.active == CHANGES:
            self.active = ALL_PLANS
        return self.view(self.active)

    def prebuild(self) -> None:
        """Build the next few plan tabs while nothing else happens, one per turn.

        Start-up builds only the tab on screen; these are ready before anyone switches, so a
        switch shows a finished tab with its panel focused, not a frame of an empty one. A
        plan still being read is built once it is (``queue_prebuild`` when it has been read).
        """
        self._prebuild_queued = False
        slots = self.source.slots
        for path, pane_id in list(self._pane_ids.items())[:PREBUILT_TABS]:
            pane = self.get_pane(pane_id)
            if not pane.is_attached:
                return  # the app is shutting down (q on the first frames): build nothing
            if not pane.query(PlanView) and slots[path].state != "loading":
                self.view(pane_id)
                self.queue_prebuild()
                return

    def queue_prebuild(self) -> None:
        """Build the next tab after the next frame (once, however often it is asked)."""
        if not self._prebuild_queued:
            self._prebuild_queued = True
            self.call_after_refresh(self.prebuild)

    async def add_later(self) -> None:
        """Add the tabs the first frame went without, a few per frame, in plan order."""
        batch, self._later = self._later[:LATER_TABS_PER_FRAME], self._later[LATER_TABS_PER_FRAME:]
        for path in batch:
            if not self.is_attached:
                return  # the app is shutting down
            if path in self.source.slots:
                await self.add_plan(path, told=False)
        if self._later:
            self.call_after_refresh(self.add_later)

    async def add_plan(self, path: Path, *, told: bool = True) -> None:
        """A tab for a plan file that appeared (``told``) or waited for the first frame, before
        All plans."""
        if path in self._pane_ids:
            return
        if told and path in self._later:
            self._later.remove(path)
        used = [int(pane.rsplit("-", 1)[1]) for pane in self._pane_ids.values()]
        pane, title = self._pane(path, max(used, default=0) + 1)
        pane.display = False  # shown when its tab is
        self._bar.insert(pane.id or "", title, before=ALL_PLANS)
        await self._switcher.mount(pane, before=self.get_pane(ALL_PLANS))
        self.show_plan(path)

    async def close_plan(self, path: Path) -> None:
        """Close the tab of a plan file that is no longer open."""
        pane_id = self._pane_ids.pop(path, None)
        if pane_id is None:
            return
        self._dirty.discard(pane_id)
        if self.active == pane_id:  # the tab after it is shown (the one before, if it was last)
            ids = self._bar.pane_ids
            at = ids.index(pane_id)
            self.active = ids[at + 1] if at + 1 < len(ids) else ids[at - 1]
        self._bar.drop(pane_id)
        await self.get_pane(pane_id).remove()
        self.call_after_refresh(self.retitle)
        self.show_combined()
        self.call_after_refresh(self.refocus_shown_tab)

    # Titles ------------------------------------------------------------------------------

    def _title(self, slot: PlanSlot, shared: Counter[str] | None = None) -> Content:
        label = safe_text(slot.label, one_line=True)
        shared = shared if shared is not None else self._label_counts()
        if shared[label] > 1:
            # Two plans of one name: the file names tell them apart.
            label = f"{label} ({safe_name(slot.path.name)})"
        return Content(f"{_MARKS[slot.state]}{label}")

    def _label_counts(self) -> Counter[str]:
        return Counter(slot.label for slot in self.source.slots.values())

    def retitle(self, path: Path | None = None) -> None:
        """Retitle ``path``'s tab (every tab when None). A plan renamed to, or away from,
        another's name changes that tab too (the file names that tell them apart come or go),
        so the tabs of both names are retitled; no other tab is looked at."""
        slots = self.source.slots
        if path is None or path not in slots:
            self._shared = self._label_counts()
            self._labels = {known: slot.label for known, slot in slots.items()}
            for known in self._pane_ids:
                if known in slots:
                    self._set_title(known, slots[known], self._shared)
            return
        label, before = slots[path].label, self._labels.get(path)
        self._labels[path] = label
        if before == label:
            self._set_title(path, slots[path], self._shared)
            return
        if before is not None:
            self._shared[before] -= 1
        self._shared[label] += 1
        for known, known_label in self._labels.items():
            if known_label in (label, before) and known in slots:
                self._set_title(known, slots[known], self._shared)

    def _set_title(self, path: Path, slot: PlanSlot, shared: Counter[str]) -> None:
        pane_id = self._pane_ids.get(path)
        if pane_id is None:
            return
        self._bar.set_label(pane_id, self._title(slot, shared))

    # Showing plans -----------------------------------------------------------------------

    def show_all(self) -> None:
        for path in list(self._pane_ids):
            self.show_plan(path, combined=False)
        self.show_combined()

    def show_plan(self, path: Path, *, combined: bool = True) -> None:
        """Show a plan's current state in its tab (and in the All plans view)."""
        pane_id = self._pane_ids.get(path)
        slot = self.source.slots.get(path)
        if pane_id is None or slot is None:
            return
        self.retitle(path)
        if self.active == pane_id:
            self._dirty.discard(pane_id)
            self.view(pane_id).show([slot], self.source.today_for(path), self.source.lens)
        else:
            # Filled when shown: start-up and reloads pay only for the tab on screen.
            self._dirty.add(pane_id)
        if combined:
            self.show_combined()

    def show_combined(self) -> None:
        """Bring the All plans view up to date: once per burst of changes, and once it is shown.

        It is the one view that costs more with every plan open. A reload of one file while
        another tab is shown costs what that file costs; files changed together (a checkout)
        rebuild it once. The rebuild is queued ahead of any message posted after this call.
        """
        if self._combined_stale:
            return  # already queued, or waiting for the tab to be shown
        self._combined_stale = True
        if self.active == ALL_PLANS:
            self.call_later(self._fill_combined)

    def _fill_combined(self) -> None:
        if not self._combined_stale or self.active != ALL_PLANS:
            return  # done, or switched away before it ran: shown when the tab is
        self._combined_stale = False
        self.view(ALL_PLANS).show(
            list(self.source.slots.values()), self.source.today_for(None), self.source.lens
        )

    def _fill(self, pane_id: str) -> None:
        """Bring a plan tab up to date if it changed while hidden."""
        if pane_id not in self._dirty:
            return
        self._dirty.discard(pane_id)
        path = self.path_of(pane_id)
        if path is not None and path in self.source.slots:
            self.view(pane_id).show(
                [self.source.slots[path]], self.source.today_for(path), self.source.lens
            )

    # Moving between tabs -----------------------------------------------------------------

    def cycle(self, step: int) -> None:
        panes = self._bar.pane_ids
        if not panes:
            return
        current = panes.index(self.active) if self.active in panes else 0
        self.active = panes[(current + step) % len(panes)]
        self.focus_shown()

    def show_number(self, number: int) -> None:
        panes = self._bar.pane_ids
        if 1 <= number <= len(panes):
            self.active = panes[number - 1]
            self.focus_shown()

    def show_item(self, path: Path | None, kind: str, item_id: str | None) -> None:
        """Switch to a plan's tab and select one of its items (the command palette's jump)."""
        if path is not None and path in self._pane_ids:
            self.active = self._pane_ids[path]
            self._fill(self._pane_ids[path])
        view = self.active_view()
        if item_id is None:
            view.focus_panel("milestones")
        else:
            view.select_item(path, kind, item_id)

    def show_changes(self) -> None:
        self.active = CHANGES
        self.screen.set_focus(self.changes_view())

    def changes_view(self) -> ChangesView:
        """The Changes view, built the first time it is needed."""
        return built_when_needed(self.get_pane(CHANGES), ChangesView, ChangesView)

    def refocus_shown_tab(self) -> None:
        """Put the focus back on the tab on screen, if it wandered into a hidden one."""
        focused = self.screen.focused
        if focused is None or any(
            isinstance(node, Pane) and node.id != self.active for node in focused.ancestors
        ):
            self.focus_shown()

    def focus_shown(self) -> None:
        """Focus the shown tab's milestones, at once: the next key must act on this tab.

        (Focus does not switch tabs here, see ``_on_pane_focused``; a tab still being
        built is focused as soon as it is.)
        """
        if self.active == CHANGES:
            self.screen.set_focus(self.changes_view())
        else:
            self.active_view().focus_panel("milestones")

    def focus_first(self) -> None:
        """Keys work from the start: the milestones of the first tab have the focus."""
        if self.screen.focused is None:
            self.active_view().focus_panel("milestones")
