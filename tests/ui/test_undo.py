"""``u`` undoes and ``ctrl+r``/``U`` redo the app's own edits, across plans, by the exact bytes.

Undo and redo write like any edit: a new file renamed over the old one, keeping its mode, and
only when the value on disk is still the one the app wrote.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from roadmap_tui.app import RoadmapApp
from roadmap_tui.launch import make_app
from roadmap_tui.widgets.dialogs import InputDialog

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TODAY = dt.date(2025, 2, 10)

PLAN = """\
# {name}: a plan for the undo tests
[plan]
name = "{name}"

[[milestones]]
id = "M1"
title = "{title}"
due = 2025-03-01
status = "todo"   # stays
note = "n"

[[milestones]]
id = "M2"
title = "Other"
due = 2025-04-01
status = "todo"

[[kpis]]
id = "K1"
name = "Speed"
actuals = [
  {{ date = 2025-01-15, value = 10 }},
]
"""
PLAN_A = PLAN.format(name="Plan A", title="Alpha work")
PLAN_B = PLAN.format(name="Plan B", title="Beta work")


def changed(original: str, old: str, new: str) -> bytes:
    """``original`` with its one occurrence of ``old`` replaced by ``new``, as UTF-8 bytes."""
    assert original.count(old) == 1, f"{old!r} is not unique"
    return original.replace(old, new).encode("utf-8")


def symbol(screen: str, title: str) -> str | None:
    """The status symbol shown before the milestone titled ``title``, or None."""
    found = re.search(rf"│(\S) M1 +{re.escape(title)}", screen)
    return found.group(1) if found else None


def notices(screen: str) -> str:
    """The notices (toasts) in a screen's text, their wrapped lines joined by spaces."""
    parts = [found.group(1).rstrip(" │─╯╮") for found in re.finditer(r"▌ (.*)", screen)]
    return " ".join(" ".join(parts).split())


class Writes:
    """Checks that every write to a file replaced it atomically and kept its mode."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.inode = path.stat().st_ino
        self.mode = stat.S_IMODE(path.stat().st_mode)

    def check(self) -> None:
        """The file was replaced (a new inode) since the last check, with its mode kept."""
        info = self.path.stat()
        assert info.st_ino != self.inode, "written in place, not replaced"
        assert stat.S_IMODE(info.st_mode) == self.mode
        assert sorted(os.listdir(self.path.parent)) == [self.path.name]  # no temp file left
        self.inode = info.st_ino


@pytest.fixture
def plans(tmp_path: Path) -> tuple[Path, Path]:
    paths = []
    for folder, text in (("a", PLAN_A), ("b", PLAN_B)):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "plan.toml"
        path.write_bytes(text.encode("utf-8"))
        path.chmod(0o640)
        paths.append(path)
    return paths[0], paths[1]


def app_for(*paths: Path) -> RoadmapApp:
    return make_app(list(paths), today=TODAY, watch=False)


async def test_undo_and_redo_across_two_plans(
    plans: tuple[Path, Path], screen_text: ScreenText, wait_for: WaitFor
) -> None:
    a, b = plans
    writes_a, writes_b = Writes(a), Writes(b)
    a_in_progress = changed(PLAN_A, 'status = "todo"   # stays', 'status = "in_progress"   # stays')
    b_blocked = changed(PLAN_B, 'status = "todo"   # stays', 'status = "blocked"   # stays')
    app = app_for(a, b)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:

        def shows(title: str, mark: str) -> bool:
            return symbol(screen_text(app), title) == mark

        await pilot.press("2", "space")  # plan A: M1 todo → in progress
        await wait_for(pilot, lambda: shows("Alpha work", "●"))
        assert a.read_bytes() == a_in_progress
        writes_a.check()

        await pilot.press("right_square_bracket", "b")  # plan B: M1 blocked
        await wait_for(pilot, lambda: shows("Beta work", "✗"))
        assert b.read_bytes() == b_blocked
        writes_b.check()

        await pilot.press("u")  # the last edit first: plan B's
        await wait_for(pilot, lambda: shows("Beta work", "○"))
        assert b.read_bytes() == PLAN_B.encode("utf-8")
        assert a.read_bytes() == a_in_progress
        writes_b.check()

        await pilot.press("u")  # then plan A's, though plan B is the tab on screen
        await wait_for(pilot, lambda: a.read_bytes() == PLAN_A.encode("utf-8"))
        assert b.read_bytes() == PLAN_B.encode("utf-8")
        writes_a.check()
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: shows("Alpha work", "○"))

        await pilot.press("u")
        await wait_for(pilot, lambda: "Nothing to undo" in notices(screen_text(app)))

        await pilot.press("ctrl+r")  # redo plan A's edit
        await wait_for(pilot, lambda: shows("Alpha work", "●"))
        assert a.read_bytes() == a_in_progress
        assert b.read_bytes() == PLAN_B.encode("utf-8")
        writes_a.check()

        await pilot.press("U")  # and plan B's
        await wait_for(pilot, lambda: b.read_bytes() == b_blocked)
        assert a.read_bytes() == a_in_progress
        writes_b.check()

        await pilot.press("U")
        await wait_for(pilot, lambda: "Nothing to redo" in notices(screen_text(app)))
    assert (a.read_bytes(), b.read_bytes()) == (a_in_progress, b_blocked)


async def test_undo_of_done_removes_exactly_the_added_done_on(
    plans: tuple[Path, Path], screen_text: ScreenText, wait_for: WaitFor
) -> None:
    a, _b = plans
    done = changed(
        PLAN_A,
        'status = "todo"   # stays\nnote = "n"\n',
        'status = "done"   # stays\nnote = "n"\ndone_on = 2025-02-10\n',
    )
    app = app_for(a)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "a")
        await pilot.press("s")
        await wait_for(pilot, lambda: "Status of M1" in screen_text(app))
        await pilot.press("down", "down", "down", "down", "enter")  # todo planned … done
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "✓")
        assert a.read_bytes() == done
        await pilot.press("u")
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "○")
        assert a.read_bytes() == PLAN_A.encode("utf-8")
        assert "Undone: M1 status" in notices(screen_text(app))
        await pilot.press("U")
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "✓")
    assert a.read_bytes() == done


async def test_undo_of_a_recorded_value_removes_only_that_point(
    plans: tuple[Path, Path], screen_text: ScreenText, wait_for: WaitFor
) -> None:
    a, _b = plans
    app = app_for(a)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("4", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, InputDialog))
        await pilot.press(*"12.5", "enter")
        await wait_for(pilot, lambda: re.search(r"│Speed +12\.5 ", screen_text(app)) is not None)
        assert a.read_bytes() == changed(
            PLAN_A,
            "  { date = 2025-01-15, value = 10 },\n",
            "  { date = 2025-01-15, value = 10 },\n  { date = 2025-02-10, value = 12.5 },\n",
        )
        await pilot.press("u")
        await wait_for(pilot, lambda: re.search(r"│Speed +10 ", screen_text(app)) is not None)
    assert a.read_bytes() == PLAN_A.encode("utf-8")


async def test_undo_keeps_another_processs_change_to_another_item(
    plans: tuple[Path, Path], screen_text: ScreenText, wait_for: WaitFor
) -> None:
    a, _b = plans
    app = app_for(a)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "space")
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "●")
        edited = a.read_bytes().decode("utf-8")
        external = changed(edited, 'title = "Other"', 'title = "Other, renamed"')
        a.write_bytes(external)
        await pilot.press("u")
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "○")
        assert "Other, renamed" in screen_text(app)
    assert a.read_bytes() == changed(PLAN_A, 'title = "Other"', 'title = "Other, renamed"')


async def test_undo_is_refused_when_the_value_changed_on_disk(
    plans: tuple[Path, Path], screen_text: ScreenText, wait_for: WaitFor
) -> None:
    a, _b = plans
    app = app_for(a)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "space")
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "●")
        external = changed(PLAN_A, 'status = "todo"   # stays', 'status = "dropped"   # stays')
        a.write_bytes(external)
        await pilot.press("u")
        await wait_for(
            pilot,
            lambda: 'M1 status is now "dropped" on disk; not changed' in notices(screen_text(app)),
        )
        assert a.read_bytes() == external
        await pilot.press("a")  # dropped milestones are hidden until shown
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "–")
    assert a.read_bytes() == external


async def test_a_new_edit_after_undo_clears_redo(
    plans: tuple[Path, Path], screen_text: ScreenText, wait_for: WaitFor
) -> None:
    a, _b = plans
    app = app_for(a)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "space")
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "●")
        await pilot.press("u")
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "○")
        await pilot.press("b")
        await wait_for(pilot, lambda: symbol(screen_text(app), "Alpha work") == "✗")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "Nothing to redo" in notices(screen_text(app)))
    assert a.read_bytes() == changed(PLAN_A, 'status = "todo"   #', 'status = "blocked"   #')
