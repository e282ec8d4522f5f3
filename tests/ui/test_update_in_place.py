"""A save updates the screen in place: only the cells that changed are replaced, and the cursor
stays on its item, in the All plans view over two files.

Real files in tmp_path and the real watcher. A save is made again every half second until it
shows: the watcher may not be watching yet when the first one lands, as after any start-up.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.pilot import Pilot

from roadmap_tui.app import ALL_PLANS, RoadmapApp
from roadmap_tui.launch import make_app
from roadmap_tui.widgets.milestones import MilestoneTable, row_key
from roadmap_tui.widgets.plan_tabs import PlanTabs

TODAY = dt.date(2025, 3, 1)
ScreenText = Callable[[App[Any]], str]


def plan_text(name: str, *milestones: tuple[str, str, str, str]) -> str:
    text = f'[plan]\nname = "{name}"\nstart = 2025-01-01\nend = 2025-12-31\n'
    for ident, title, due, status in milestones:
        text += (
            f'\n[[milestones]]\nid = "{ident}"\ntitle = "{title}"\n'
            f'due = {due}\nstatus = "{status}"\n'
        )
    return text


ALPHA = plan_text(
    "Alpha",
    ("A1", "Alpha one", "2025-03-10", "todo"),
    ("A2", "Alpha two", "2025-03-20", "todo"),
    ("A3", "Alpha three", "2025-04-01", "todo"),
)
BRAVO = plan_text(
    "Bravo",
    ("B1", "Bravo one", "2025-03-15", "todo"),
    ("B2", "Bravo two", "2025-04-10", "todo"),
)


def save_by_rename(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


async def saved_until(pilot: Pilot[Any], path: Path, text: str, shown: Callable[[], bool]) -> None:
    """Save ``text`` to ``path`` (again every 0.5 s) until ``shown()``; 10 s at most."""
    deadline = time.monotonic() + 10
    while not shown():
        assert time.monotonic() < deadline, "the save never showed"
        save_by_rename(path, text)
        resave = time.monotonic() + 0.5
        while not shown() and time.monotonic() < resave:
            await pilot.pause(0.02)


async def all_plans(pilot: Pilot[Any], app: RoadmapApp, rows: int) -> MilestoneTable:
    """Show the All plans tab; its milestone table once it lists ``rows`` rows."""
    app.query_one("#plans", PlanTabs).active = ALL_PLANS
    deadline = time.monotonic() + 10
    while True:
        tables = app.query_one(f"#{ALL_PLANS}").query(MilestoneTable)
        if tables and tables.first().row_count == rows:
            return tables.first()
        assert time.monotonic() < deadline, "the All plans milestones never showed"
        await pilot.pause(0.02)


def line_of(screen: str, title: str) -> str:
    return next(line for line in screen.splitlines() if title in line)


async def test_a_status_saved_elsewhere_replaces_that_one_cell_only(
    tmp_path: Path, screen_text: ScreenText
) -> None:
    alpha, bravo = tmp_path / "alpha.toml", tmp_path / "bravo.toml"
    alpha.write_text(ALPHA, encoding="utf-8")
    bravo.write_text(BRAVO, encoding="utf-8")
    app = make_app([alpha, bravo], today=TODAY, watch=True)
    async with app.run_test(size=(120, 30)) as pilot:
        table = await all_plans(pilot, app, rows=5)
        assert "○" in line_of(screen_text(app), "Alpha two")
        keys = [row_key(alpha, i) for i in ("A1", "A2", "A3")] + [
            row_key(bravo, i) for i in ("B1", "B2")
        ]
        before: dict[str, list[Text]] = {key: list(table.get_row(key)) for key in keys}
        changed = row_key(alpha, "A2")

        block = 'title = "Alpha two"\ndue = 2025-03-20\nstatus = "todo"'
        assert block in ALPHA
        started = ALPHA.replace(block, block.replace('"todo"', '"in_progress"'))
        await saved_until(
            pilot, alpha, started, lambda: table.get_row(changed)[0].plain.strip() == "●"
        )
        await pilot.pause()

        # The screen says so, on the row of that milestone.
        assert "●" in line_of(screen_text(app), "Alpha two")
        assert "○" in line_of(screen_text(app), "Alpha one")
        # Every other cell is the very object it was: not made again, not even compared twice.
        for key in keys:
            after = list(table.get_row(key))
            for column, (old, new) in enumerate(zip(before[key], after, strict=True)):
                if key == changed and column == 0:
                    assert new is not old and new.plain.strip() == "●"
                else:
                    assert new is old, (key, column, old, new)


async def test_the_cursor_stays_on_its_item_when_another_file_adds_a_row_above_it(
    tmp_path: Path, screen_text: ScreenText
) -> None:
    alpha, bravo = tmp_path / "alpha.toml", tmp_path / "bravo.toml"
    alpha.write_text(ALPHA, encoding="utf-8")
    bravo.write_text(BRAVO, encoding="utf-8")
    app = make_app([alpha, bravo], today=TODAY, watch=True)
    async with app.run_test(size=(120, 30)) as pilot:
        table = await all_plans(pilot, app, rows=5)
        table.focus()
        await pilot.press("down", "down")  # A1, B1, A2: the cursor on Alpha two
        assert table.selected_key == row_key(alpha, "A2")

        earlier = BRAVO + (
            '\n[[milestones]]\nid = "B0"\ntitle = "Bravo zero"\ndue = 2025-03-05\nstatus = "todo"\n'
        )
        await saved_until(pilot, bravo, earlier, lambda: table.row_count == 6)
        await pilot.pause()

        assert table.selected_key == row_key(alpha, "A2")
        assert table.cursor_row == 3
        titles = [table.get_cell(row.key, "Milestone").plain.strip() for row in table.ordered_rows]
        assert titles[0] == "Bravo zero" and titles[3] == "Alpha two"
        await pilot.press("space")  # acts on the row the user sees selected: Alpha two
        await pilot.pause()
        deadline = time.monotonic() + 10
        while 'status = "in_progress"' not in alpha.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the edit never reached the file"
            await pilot.pause(0.02)
        assert bravo.read_text(encoding="utf-8") == earlier
