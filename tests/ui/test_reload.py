"""Live reload: what is saved is on screen within a blink; a broken save never costs the view.

Real files in tmp_path, the real watcher (``watch=True``), and the screen checked after each save:
the milestone table's cells, the banner, the tab's label. Waits are polls on the app with a
timeout; the app posts ``PlanReloaded`` after every reload that changed what it shows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.css.query import NoMatches
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Static

import roadmap_tui.app as app_module
import roadmap_tui.workspace.workspace as workspace_module
from roadmap_tui.app import ALL_PLANS, RoadmapApp
from roadmap_tui.launch import make_app
from roadmap_tui.messages import PlanReloaded
from roadmap_tui.store import inotify
from roadmap_tui.store.loader import LoadResult, load_file
from roadmap_tui.widgets.milestones import MilestoneTable, row_key
from roadmap_tui.widgets.plan_tabs import PlanTabs
from roadmap_tui.widgets.plan_view import banner as plan_banner
from roadmap_tui.workspace.slots import PlanSlot

TODAY = dt.date(2025, 3, 1)
WITHIN = 5.0  # seconds; a reload takes tens of milliseconds, this is slack for a loaded machine
QUIET = 0.3  # seconds to watch for a reload that must not happen
ScreenText = Callable[[App[Any]], str]  # the ``screen_text`` fixture: the terminal as text

PLAN = """\
[plan]
name = "Live"
start = 2025-01-01
end = 2025-12-31

[[milestones]]
id = "A"
title = "Alpha"
due = 2025-03-10
status = "todo"

[[milestones]]
id = "B"
title = "Bravo"
due = 2025-03-20
status = "todo"

[[milestones]]
id = "C"
title = "Charlie"
due = 2025-04-01
status = "todo"
"""
#: PLAN with a milestone due before all the others: its row comes first.
WITH_Z = PLAN.replace(
    "[[milestones]]",
    '[[milestones]]\nid = "Z"\ntitle = "Zulu"\ndue = 2025-03-05\nstatus = "todo"\n\n[[milestones]]',
    1,
)


# Saving as editors do ---------------------------------------------------------------------------


def save_in_place(path: Path, text: str) -> None:
    """Truncate and rewrite the same file (VS Code, most simple editors)."""
    with path.open("r+", encoding="utf-8", newline="") as file:
        file.truncate(0)
        file.write(text)


def save_by_rename(path: Path, text: str) -> None:
    """Write a temp file beside it, then rename it over the plan."""
    temp = path.with_name(f".{path.name}.swp-tmp")
    temp.write_text(text, encoding="utf-8", newline="")
    os.replace(temp, path)


def save_like_vim(path: Path, text: str) -> None:
    """vim's default on Unix: probe 4913, move the plan to ``plan~``, write anew, drop ``~``."""
    probe = path.with_name("4913")
    probe.write_bytes(b"")
    probe.unlink()
    backup = path.with_name(f"{path.name}~")
    os.rename(path, backup)
    path.write_text(text, encoding="utf-8", newline="")
    backup.unlink()


def save_like_jetbrains(path: Path, text: str) -> None:
    """JetBrains' safe write: ``___jb_tmp___`` written, plan moved to ``___jb_old___``, swapped."""
    temp = path.with_name(f"{path.name}___jb_tmp___")
    old = path.with_name(f"{path.name}___jb_old___")
    temp.write_text(text, encoding="utf-8", newline="")
    os.rename(path, old)
    os.rename(temp, path)
    old.unlink()


def delete_and_recreate(path: Path, text: str) -> None:
    path.unlink()
    path.write_text(text, encoding="utf-8", newline="")


SAVES = [save_in_place, save_by_rename, save_like_vim, save_like_jetbrains, delete_and_recreate]


# Watching the app ------------------------------------------------------------------------------


class Reloads:
    """Every ``PlanReloaded`` the app posts, with the moment it arrived."""

    def __init__(self) -> None:
        self.seen: list[tuple[float, Path]] = []

    def hook(self, message: Message) -> None:
        if isinstance(message, PlanReloaded):
            self.seen.append((time.monotonic(), message.path))

    def of(self, path: Path, since: float = 0.0) -> int:
        return sum(1 for moment, reloaded in self.seen if reloaded == path and moment >= since)


class Watches:
    """The watcher's inotify watches: when they are in place, and when they are let go."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.closed = threading.Event()


@pytest.fixture
def watches(monkeypatch: pytest.MonkeyPatch) -> Watches:
    """Follow the inotify watch: saves made after ``started`` are all seen."""
    seen = Watches()

    class Watch(inotify.FolderWatch):
        def add(self, folder: Path) -> None:
            super().add(folder)
            seen.started.set()

        def close(self) -> None:
            super().close()
            seen.closed.set()

    monkeypatch.setattr(inotify, "FolderWatch", Watch)
    return seen


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "live.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


async def until(pilot: Pilot[Any], done: Callable[[], bool], what: str) -> None:
    """Poll the app until ``done()``; fail after ``WITHIN`` seconds saying ``what`` never came."""
    deadline = time.monotonic() + WITHIN
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.01)


async def started(pilot: Pilot[Any], watches: Watches) -> None:
    """Wait for the watcher to watch and the first tab's milestones to be on screen."""
    await until(pilot, watches.started.is_set, "the watcher to start")
    app = pilot.app
    assert isinstance(app, RoadmapApp)
    await until(pilot, lambda: bool(app.query(MilestoneTable)), "the first tab's milestones")
    await until(
        pilot, lambda: all(s.state != "loading" for s in app.slots.values()), "every plan read"
    )

    def filled() -> bool:
        try:
            return table(app).row_count > 0
        except NoMatches:  # the tab's dashboard is still being built
            return False

    await until(pilot, filled, "the first tab's milestones")


def table(app: RoadmapApp) -> MilestoneTable:
    return app.active_view().query_one(MilestoneTable)


def title_shown(app: RoadmapApp, path: Path, item_id: str) -> str | None:
    """The Milestone cell of an item in the active tab's table (None: no such row, or no table)."""
    try:
        shown = table(app)
    except NoMatches:  # a tab just added is not mounted yet
        return None
    key = row_key(path, item_id)
    if key not in shown.rows:
        return None
    return shown.get_cell(key, "Milestone").plain.strip()


def ids_shown(app: RoadmapApp) -> list[str]:
    shown = table(app)
    return [shown.get_cell_at((row, 1)).plain.strip() for row in range(shown.row_count)]


def banner(app: RoadmapApp) -> str:
    """The active tab's banner as shown, or "" when it is hidden."""
    widget = app.active_view().query_one("#banner", Static)
    if not widget.display:
        return ""
    content = widget.content
    return str(getattr(content, "plain", content))


def tab_labels(app: RoadmapApp) -> dict[Path, str]:
    tabs = app.query_one("#plans", PlanTabs)
    panes = {path: app.tabs.pane_of(path) for path in app.slots}
    return {path: tabs.label_of(pane).plain for path, pane in panes.items() if pane}


def fresh(app: RoadmapApp, path: Path) -> bool:
    return banner(app) == "" and not tab_labels(app)[path].startswith(("⚠", "✗"))


# Saves of every kind ---------------------------------------------------------------------------


@pytest.mark.parametrize("save", SAVES, ids=lambda save: save.__name__)
async def test_a_save_of_any_kind_shows_up(
    plan: Path,
    watches: Watches,
    save: Callable[[Path, str], None],
    screen_text: ScreenText,
) -> None:
    reloads = Reloads()
    app = make_app([plan.parent], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24), message_hook=reloads.hook) as pilot:
        await started(pilot, watches)
        assert title_shown(app, plan, "B") == "Bravo"

        save(plan, PLAN.replace('title = "Bravo"', 'title = "Bravo两次"'))

        await until(pilot, lambda: title_shown(app, plan, "B") == "Bravo两次", "the new title")
        await until(pilot, lambda: fresh(app, plan), "the file to count as fresh")
        await until(pilot, lambda: reloads.of(plan) >= 1, "PlanReloaded")
        await until(pilot, lambda: "Bravo两次" in screen_text(app), "the title on screen")
        assert ids_shown(app) == ["A", "B", "C"]


async def test_two_quick_saves_end_on_the_last(plan: Path, watches: Watches) -> None:
    app = make_app([plan], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, watches)

        save_in_place(plan, PLAN.replace("Charlie", "First"))
        save_by_rename(plan, PLAN.replace("Charlie", "Second"))

        await until(pilot, lambda: title_shown(app, plan, "C") == "Second", "the second save")
        settle = time.monotonic() + QUIET
        while time.monotonic() < settle:
            await pilot.pause(0.02)
            assert title_shown(app, plan, "C") == "Second"


async def test_only_the_changed_file_is_read_again(
    samples: Path, watches: Watches, monkeypatch: pytest.MonkeyPatch
) -> None:
    reloads = Reloads()
    read: list[Path] = []
    real_load = workspace_module.load_file

    def counting_load(path: Path) -> LoadResult:
        read.append(path)
        return real_load(path)

    app = make_app([samples], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24), message_hook=reloads.hook) as pilot:
        await started(pilot, watches)
        monkeypatch.setattr(workspace_module, "load_file", counting_load)
        changed = samples / "dispa.toml"
        text = changed.read_text(encoding="utf-8")
        assert text.count('title = "服务发现框架"') == 1

        save_by_rename(changed, text.replace('title = "服务发现框架"', 'title = "NEW1"'))

        await until(pilot, lambda: reloads.of(changed) == 1, "the reload")
        app.show_item(changed, "milestones", None)
        await until(pilot, lambda: title_shown(app, changed, "M1.1") == "NEW1", "new title")
        assert set(read) == {changed}
        assert [path for _, path in reloads.seen] == [changed]


# Files coming and going ------------------------------------------------------------------------


async def test_a_new_plan_file_in_a_watched_folder_opens_as_a_tab(
    plan: Path, watches: Watches, screen_text: ScreenText
) -> None:
    app = make_app([plan.parent], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, watches)
        new = plan.with_name("new.toml")

        save_by_rename(
            new, PLAN.replace('name = "Live"', 'name = "新来的"').replace("Alpha", "Neu")
        )

        await until(pilot, lambda: new in app.slots, "a tab for the new file")
        await until(pilot, lambda: tab_labels(app).get(new) == "新来的", "the new tab's label")
        assert tab_labels(app)[plan] == "Live"
        await until(pilot, lambda: "新来的" in screen_text(app), "the new tab on screen")
        tab_row = screen_text(app).splitlines()[1]
        assert tab_row.index("Live") < tab_row.index("新来的") < tab_row.index("All plans")
        await pilot.press("]")  # the next tab, as the tab row shows them
        assert app.query_one("#plans", PlanTabs).active == app.tabs.pane_of(new)
        await until(pilot, lambda: title_shown(app, new, "A") == "Neu", "the new plan's table")


@pytest.mark.parametrize("shown", [False, True])
async def test_a_file_still_gone_after_the_grace_loses_its_tab(
    plan: Path, watches: Watches, monkeypatch: pytest.MonkeyPatch, shown: bool
) -> None:
    monkeypatch.setattr(app_module, "REMOVED_GRACE_SECONDS", 0.3)
    other = two_plans(plan)
    gone, kept = (plan, other) if shown else (other, plan)
    app = make_app([plan.parent], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, watches)
        gone.unlink()
        # Marked first (the grace here is short: the mark may be gone before it is seen).
        await until(pilot, lambda: gone not in app.slots, "the tab to go")
        assert list(tab_labels(app)) == [kept]

        def tabs() -> list[str]:
            return app.query_one("#plans", PlanTabs).tab_names()

        # The tab bar loses the tab once Textual has removed the pane, a frame later.
        shown = [app.slots[kept].label, "All plans", "Changes"]
        await until(pilot, lambda: tabs() == shown, "the tab bar without the removed tab")
        await pilot.press("2")  # keys still reach a panel of the tab shown
        assert app.focused is not None and app.focused.id == "milestone-table"


async def test_plans_of_one_name_show_their_file_names(plan: Path) -> None:
    twin = plan.with_name("twin.toml")
    twin.write_text(PLAN, encoding="utf-8")
    app = make_app([plan, twin], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        both = {plan: "Live (live.toml)", twin: "Live (twin.toml)"}
        # The second plan is read after the first frame: its tab is named once it is.
        await until(pilot, lambda: tab_labels(app) == both, "both tabs named with their files")
        # Renamed apart, neither needs its file name any more.
        twin.write_text(PLAN.replace('name = "Live"', 'name = "Twin"'), encoding="utf-8")
        app.workspace.reload(twin)
        renamed = {plan: "Live", twin: "Twin"}
        await until(pilot, lambda: tab_labels(app) == renamed, "the tabs renamed")


async def test_a_deleted_file_keeps_its_tab_marked_until_it_comes_back(
    plan: Path, watches: Watches, screen_text: ScreenText
) -> None:
    reloads = Reloads()
    app = make_app([plan.parent], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24), message_hook=reloads.hook) as pilot:
        await started(pilot, watches)

        plan.unlink()

        await until(pilot, lambda: "FILE REMOVED" in banner(app), "the removed banner")
        assert "live.toml is gone" in banner(app)
        assert tab_labels(app)[plan] == "✗ Live"
        assert ids_shown(app) == ["A", "B", "C"]  # the last content stays on screen
        assert title_shown(app, plan, "B") == "Bravo"
        await until(pilot, lambda: "FILE REMOVED" in screen_text(app), "the banner on screen")

        plan.write_text(PLAN.replace("Bravo", "Back again"), encoding="utf-8")

        await until(pilot, lambda: title_shown(app, plan, "B") == "Back again", "the file back")
        await until(pilot, lambda: fresh(app, plan), "the removed mark to clear")
        assert tab_labels(app)[plan] == "Live"
        await until(pilot, lambda: reloads.of(plan) >= 2, "PlanReloaded for each")


# The All plans view ----------------------------------------------------------------------------


def two_plans(plan: Path) -> Path:
    other = plan.with_name("other.toml")
    other.write_text(PLAN.replace('name = "Live"', 'name = "Other"'), encoding="utf-8")
    return other


async def test_all_plans_follows_saves_of_several_files_at_once(
    plan: Path, watches: Watches
) -> None:
    other = two_plans(plan)
    app = make_app([plan.parent], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, watches)
        await pilot.press("]", "]")
        assert app.query_one("#plans", PlanTabs).active == ALL_PLANS

        save_by_rename(plan, PLAN.replace("Alpha", "Live一"))
        save_in_place(other, PLAN.replace('name = "Live"', 'name = "Other"').replace("C", "Q"))

        await until(pilot, lambda: title_shown(app, plan, "A") == "Live一", "the first file")
        await until(pilot, lambda: title_shown(app, other, "Q") == "Qharlie", "the second file")
        assert title_shown(app, other, "A") == "Alpha"
        assert banner(app) == ""


async def test_all_plans_catches_up_when_shown(plan: Path, watches: Watches) -> None:
    other = two_plans(plan)
    app = make_app([plan.parent], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, watches)
        broken = PLAN.replace('name = "Live"', 'name = "Other"').replace("Bravo", "Gone")
        save_by_rename(other, broken.replace('status = "todo"', "status = todo", 1))
        save_by_rename(plan, PLAN.replace("Alpha", "Later"))
        await until(pilot, lambda: tab_labels(app)[other].startswith("⚠"), "the stale tab")
        await until(pilot, lambda: title_shown(app, plan, "A") == "Later", "the first tab")

        await pilot.press("]", "]")

        await until(pilot, lambda: title_shown(app, plan, "A") == "Later", "All plans to catch up")
        assert "⚠ STALE  other.toml no longer loads" in banner(app)
        assert title_shown(app, other, "B") == "Bravo"  # its last good version, marked
        assert app.active_view().has_class("stale")


# Broken saves ----------------------------------------------------------------------------------


async def test_a_broken_save_keeps_the_last_good_view_marked_stale(
    plan: Path, watches: Watches, screen_text: ScreenText
) -> None:
    app = make_app([plan], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, watches)
        broken = PLAN.replace("due = 2025-03-20\n", "due = 2025-03-20 oops\n")
        line = PLAN[: PLAN.index("due = 2025-03-20\n")].count("\n") + 1

        save_in_place(plan, broken.replace("Charlie", "Never shown"))

        await until(pilot, lambda: "STALE" in banner(app), "the stale banner")
        assert f"live.toml:{line}:" in banner(app)
        assert tab_labels(app)[plan].startswith("⚠")
        assert app.active_view().has_class("stale")
        assert title_shown(app, plan, "C") == "Charlie"  # the last good version, not the bad one
        await until(
            pilot,
            lambda: "STALE" in screen_text(app) and f"live.toml:{line}:" in screen_text(app),
            "the stale banner and the error's place on screen",
        )

        save_in_place(plan, PLAN.replace("Charlie", "Fixed"))

        await until(pilot, lambda: title_shown(app, plan, "C") == "Fixed", "the fixed file")
        await until(pilot, lambda: fresh(app, plan), "the stale mark to clear")
        assert not app.active_view().has_class("stale")
        await until(pilot, lambda: "STALE" not in screen_text(app), "the banner off screen")


async def test_a_parse_failure_mid_save_is_read_again_before_it_is_shown(
    plan: Path, watches: Watches, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A truncating save seen between its truncate and its write never flashes STALE."""
    reloads = Reloads()
    states: list[str] = []
    caught_empty: list[Path] = []
    saved = PLAN.replace("Alpha", "Whole")
    real_load = workspace_module.load_file

    def load_mid_save(path: Path) -> LoadResult:
        result = real_load(path)
        if result.plan is None and not caught_empty:
            # The watcher read the file between the editor's truncate and its write, which
            # lands right after.
            caught_empty.append(path)
            path.write_text(saved, encoding="utf-8")
        return result

    def hook(message: Message) -> None:
        reloads.hook(message)
        if isinstance(message, PlanReloaded):
            states.append(f"{app.slots[plan].state} {tab_labels(app)[plan]} {banner(app)!r}")

    monkeypatch.setattr(workspace_module, "load_file", load_mid_save)
    app = make_app([plan], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await started(pilot, watches)

        plan.write_bytes(b"")  # the truncate

        await until(pilot, lambda: title_shown(app, plan, "A") == "Whole", "the finished save")
        await until(pilot, lambda: reloads.of(plan) >= 1, "the reload message")
        assert caught_empty == [plan]
        assert states and all(state == "ok Live ''" for state in states), states
        assert fresh(app, plan)


# Selection and the app's own writes ------------------------------------------------------------


async def test_the_cursor_stays_on_its_milestone_when_rows_appear_above_it(
    plan: Path, watches: Watches
) -> None:
    app = make_app([plan], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, watches)
        await pilot.press("2", "down")
        assert table(app).selected_key == row_key(plan, "B")

        save_by_rename(plan, WITH_Z)

        await until(pilot, lambda: ids_shown(app) == ["Z", "A", "B", "C"], "the new row")
        assert table(app).cursor_row == 2
        assert table(app).selected_key == row_key(plan, "B")

        await pilot.press("space")  # acts on Bravo, the row the user sees selected

        await until(pilot, lambda: plan.read_text(encoding="utf-8") != WITH_Z, "the edit")
        written = plan.read_text(encoding="utf-8")
        assert _block(written, "B") != _block(WITH_Z, "B")
        for other in ("Z", "A", "C"):
            assert _block(written, other) == _block(WITH_Z, other)


def _block(text: str, item_id: str) -> str:
    """The ``[[milestones]]`` table of ``item_id`` in ``text``."""
    for block in text.split("[[milestones]]"):
        if f'id = "{item_id}"\n' in block:
            return block
    raise AssertionError(f"no milestone {item_id}")


async def test_the_apps_own_write_causes_no_second_reload(
    plan: Path, watches: Watches, monkeypatch: pytest.MonkeyPatch
) -> None:
    reloads = Reloads()
    app = make_app([plan], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24), message_hook=reloads.hook) as pilot:
        await started(pilot, watches)
        refreshes: list[Path] = []
        real_refresh = app.tabs.show_plan

        def counting_refresh(path: Path, *, combined: bool = True) -> None:
            refreshes.append(path)
            real_refresh(path, combined=combined)

        monkeypatch.setattr(app.tabs, "show_plan", counting_refresh)
        await pilot.press("2")
        before = plan.read_text(encoding="utf-8")
        pressed = time.monotonic()

        await pilot.press("space")

        await until(pilot, lambda: plan.read_text(encoding="utf-8") != before, "the write")
        assert table(app).get_cell(row_key(plan, "A"), "").plain.strip() != "○"
        assert _block(plan.read_text(encoding="utf-8"), "A") != _block(before, "A")
        shown = refreshes.copy()
        await pilot.pause(QUIET)  # the watcher sees the write within this; it must let it be
        assert reloads.of(plan, since=pressed) == 0
        assert refreshes == shown == [plan]  # one refresh, from the edit itself: no flicker
        assert fresh(app, plan)


async def test_idle_means_idle_and_the_watcher_stops_on_exit(
    plan: Path, watches: Watches, monkeypatch: pytest.MonkeyPatch
) -> None:
    reloads = Reloads()
    app = make_app([plan.parent], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24), message_hook=reloads.hook) as pilot:
        await started(pilot, watches)
        refreshes: list[Path] = []
        monkeypatch.setattr(app.tabs, "show_plan", lambda path, **_: refreshes.append(path))
        await pilot.pause(QUIET)
        assert reloads.seen == [] and refreshes == []
        # The history reader may be running too: find the watcher by its group.
        (watcher,) = [worker for worker in app.workers if worker.group == "watcher"]
        assert watcher.name == "_follow_plans" and watcher.is_running
    stopped = time.monotonic()
    while not watches.closed.is_set() and time.monotonic() - stopped < WITHIN:
        await asyncio.sleep(0.01)
    # The stop event ends the watcher at once, and the watches are let go.
    assert watches.closed.is_set()
    assert time.monotonic() - stopped < 0.5
    assert watcher.is_finished
    assert app._stop_watching.is_set()


def test_the_banner_names_a_broken_file_with_its_control_characters_escaped(
    tmp_path: Path,
) -> None:
    path = tmp_path / "evil\x1b[2Jname.toml"
    path.write_bytes(b"[plan\n")
    slot = PlanSlot(path).taking(load_file(path))
    shown = plan_banner([slot], combined=False)
    assert shown is not None
    assert "\x1b" not in shown.plain
    assert "evil\\x1b[2Jname.toml could not be loaded" in shown.plain
    assert "evil\\x1b[2Jname.toml:1:" in shown.plain


def test_a_plan_not_yet_read_is_said_to_be_read_not_to_be_broken(tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    one = plan_banner([PlanSlot(first)], combined=False)
    assert one is not None and one.plain == "… Reading a.toml; shown as soon as read."
    read = PlanSlot(second).taking(load_file(second))  # no such file: an error, said as one
    both = plan_banner([PlanSlot(first), PlanSlot(second), read], combined=True)
    assert both is not None
    assert both.plain.splitlines()[0] == "… Reading 2 plans; shown as soon as read."
    assert "b.toml could not be loaded" in both.plain
    assert "a.toml could not be loaded" not in both.plain


# When watching fails ---------------------------------------------------------------------------


async def test_a_watcher_that_fails_says_live_reload_is_off_and_comes_back(
    plan: Path, monkeypatch: pytest.MonkeyPatch, screen_text: ScreenText
) -> None:
    limit = {"reached": True}
    real_add = inotify.FolderWatch.add

    def add(self: inotify.FolderWatch, folder: Path) -> None:
        if limit["reached"]:
            raise OSError(28, "the OS limit on file watches is reached")
        real_add(self, folder)

    monkeypatch.setattr(inotify.FolderWatch, "add", add)
    monkeypatch.setattr(workspace_module, "WATCH_RETRY_SECONDS", (0.2,))
    app = make_app([plan.parent], today=TODAY, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Live reload is off" in screen_text(app), "the banner")
        assert "the OS limit on file watches is reached" in screen_text(app)
        save_by_rename(plan, PLAN.replace('title = "Bravo"', 'title = "Bravo while off"'))
        limit["reached"] = False  # the limit was raised: the next try works
        await until(pilot, lambda: "Live reload is off" not in screen_text(app), "the retry")
        # The save made while nothing watched is shown once watching is back.
        await until(pilot, lambda: title_shown(app, plan, "B") == "Bravo while off", "the save")
        save_by_rename(plan, PLAN.replace('title = "Bravo"', 'title = "Bravo after"'))
        await until(pilot, lambda: title_shown(app, plan, "B") == "Bravo after", "a new save")


async def test_a_history_read_that_fails_says_so_in_changes(
    plan: Path, monkeypatch: pytest.MonkeyPatch, screen_text: ScreenText
) -> None:
    from roadmap_tui.store import history

    def broken(*_args: object) -> object:
        raise OSError("git: cannot run")

    monkeypatch.setattr(history, "file_changes", broken)
    app = make_app([plan.parent], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await until(
            pilot,
            lambda: "Could not read the plans' history: git: cannot run" in screen_text(app),
            "the failure in Changes",
        )
