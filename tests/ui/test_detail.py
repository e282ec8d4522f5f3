"""enter shows an item in full; its checklists tick from the keyboard, byte for byte."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from textual_plotext import PlotextPlot

from roadmap_tui.launch import make_app
from roadmap_tui.screens.detail import DetailScreen
from roadmap_tui.screens.kpi import KpiScreen

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TODAY = dt.date(2025, 1, 16)
PLAN = """\
[plan]
name = "Detail"

[[phases]]
id = "P1"
name = "Phase one"
start = 2025-01-01
end = 2025-03-31
goals = ["Parse everything"]
deliverables = [{ text = "Grammar" }]

[[milestones]]
id = "M1"
title = "Ship the parser"
due = 2025-01-31
status = "in_progress"
phase = "P1"
owner = "Ines"
priority = "P1"
depends_on = ["T1"]
note = "Needs the lexer first"
acceptance = [
    { text = "Parses the samples", done = false },
    { text = "Under 10 ms" },
]

[[milestones]]
id = "M2"
title = "Someday"
status = "todo"

[[tasks]]
id = "T1"
title = "Fix the lexer"
owner = "Ines"
due = 2025-01-20
estimate_hours = 6
files = ["src/lexer.rs"]
priority = "P0"
status = "todo"

[[kpis]]
id = "lat"
name = "latency"
unit = "ms"
better = "lower"
note = "p99, measured nightly"
actuals = [{ date = 2025-01-01, value = 30 }]
targets = [{ date = 2025-01-31, value = 20 }]
"""


async def test_enter_on_a_milestone_shows_every_field_and_space_ticks_a_criterion(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    path = tmp_path / "detail.toml"
    path.write_bytes(PLAN.encode("utf-8"))
    app = make_app([path], today=TODAY, watch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("2", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = screen_text(app)
        for expected in (
            "M1  Ship the parser",
            "● in progress",
            "2025-01-31  in 15d",
            "Owner Ines",
            "Priority P1",
            "Depends on",
            "○ T1  Fix the lexer",
            "Note Needs the lexer first",
            "Acceptance criteria  0/2 ticked",
            "[ ] Parses the samples",
            "[ ] Under 10 ms",
        ):
            assert expected in screen, expected
        await pilot.press("down", "space")
        await wait_for(pilot, lambda: "[x] Under 10 ms" in screen_text(app))
        ticked = PLAN.replace('{ text = "Under 10 ms" }', '{ text = "Under 10 ms", done = true }')
        assert path.read_bytes() == ticked.encode("utf-8")
        assert "● in progress" in screen_text(app)  # a tick is not work
        await pilot.press("escape", "u")
        await wait_for(pilot, lambda: path.read_bytes() == PLAN.encode("utf-8"))


async def test_an_undated_milestone_says_it_is_never_late(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    path = tmp_path / "detail.toml"
    path.write_bytes(PLAN.encode("utf-8"))
    app = make_app([path], today=TODAY, watch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("2", "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert "no date given: this milestone is never late" in screen_text(app)


async def test_enter_on_a_task_and_on_the_phase_line(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    path = tmp_path / "detail.toml"
    path.write_bytes(PLAN.encode("utf-8"))
    app = make_app([path], today=TODAY, watch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("1", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = screen_text(app)
        for expected in ("T1  Fix the lexer", "Estimate 6 h", "src/lexer.rs", "Priority P0"):
            assert expected in screen, expected
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, DetailScreen))
        await pilot.press("1", "end", "enter")
        await wait_for(pilot, lambda: "Deliverables  0/1 ticked" in screen_text(app))
        assert "Parse everything" in screen_text(app)


async def test_enter_on_a_kpi_shows_its_note_pace_and_chart(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    path = tmp_path / "detail.toml"
    path.write_bytes(PLAN.encode("utf-8"))
    app = make_app([path], today=TODAY, watch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, KpiScreen))
        screen = screen_text(app)
        assert "p99, measured nightly" in screen
        assert "needs ≤20 ms by 01-31; pace today 25; now 30 ms" in screen


async def test_a_kpi_with_one_value_shows_it_plainly_not_axes_around_one_dot(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    path = tmp_path / "detail.toml"
    one = PLAN.replace("targets = [{ date = 2025-01-31, value = 20 }]\n", "")
    path.write_bytes(one.encode("utf-8"))
    app = make_app([path], today=TODAY, watch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, KpiScreen))
        await pilot.pause()
        assert not app.screen.query(PlotextPlot)
        screen = screen_text(app)
        assert "30 ms actual on 2025-01-01" in screen
        assert "One date so far: a chart needs values on two." in screen


async def test_a_kpi_with_values_on_two_dates_is_charted(tmp_path: Path, wait_for: WaitFor) -> None:
    path = tmp_path / "detail.toml"
    path.write_bytes(PLAN.encode("utf-8"))
    app = make_app([path], today=TODAY, watch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("4", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, KpiScreen))
        assert app.screen.query(PlotextPlot)
