"""Plan text is shown as written: markup, links, actions, escapes and controls do nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from textual.command import CommandList, CommandPalette

from roadmap_tui.app import RoadmapApp
from roadmap_tui.cli import main
from roadmap_tui.launch import make_app

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TODAY = dt.date(2025, 2, 10)
PANEL_TITLES = ("1 Current", "2 Milestones", "3 Risk matrix", "4 KPIs")

MARKUP = "[bold red]x[/]"
CLICK = "[@click=app.quit]q[/]"
LINK = "[link=file:///etc/passwd]x[/]"
STRAY = "[/x]"
#: Clear screen, set the clipboard (OSC 52), NUL, a C1 CSI and a right-to-left override.
CONTROLS = "\x1b[2J\x1b]52;c;aGVsbG8=\x07\x00\x9b\u202e"
#: What is left of CONTROLS once its control characters are taken out.
CONTROLS_SHOWN = "[2J]52;c;aGVsbG8="
LONG = "长" + "L" * 4999


def hostile(label: str) -> str:
    return f"{label} {MARKUP} {CLICK} {LINK} {STRAY} {CONTROLS}end"


def shown(label: str) -> str:
    """What ``hostile(label)`` must look like on screen, when there is room for all of it."""
    return f"{label} {MARKUP} {CLICK} {LINK} {STRAY} {CONTROLS_SHOWN}end"


def quoted(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, for text without astral characters)."""
    return json.dumps(text, ensure_ascii=True)


@pytest.fixture
def hostile_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "hostile.toml"
    plan.write_text(
        f"""[plan]
name = {quoted(hostile("P"))}
start = 2025-01-01
end = 2025-06-30

[[phases]]
id = "Q1"
name = {quoted(hostile("Phase"))}
start = 2025-01-01
end = 2025-03-31
theme = {quoted(hostile("Theme"))}
goals = [{quoted(hostile("Goal"))}]

[[milestones]]
id = "M1"
title = {quoted(hostile("T1"))}
due = 2025-02-01
status = "todo"
phase = "Q1"
owner = {quoted(hostile("O1"))}
note = {quoted(hostile("N1"))}

[[milestones]]
id = "M2"
title = {quoted(LONG)}
due = 2025-02-20
status = "in_progress"
phase = "Q1"

[[tasks]]
id = "T1"
title = {quoted(hostile("Task"))}
status = "todo"
phase = "Q1"

[[risks]]
id = "R1"
title = {quoted(hostile("Risk"))}
probability = "high"
impact = "high"
owner = {quoted(hostile("RO"))}
mitigation = {quoted(hostile("Mit"))}

[[kpis]]
id = "k1"
name = {quoted(hostile("K"))}
unit = {quoted(STRAY + "u")}
actuals = [{{ date = 2025-01-01, value = 1 }}, {{ date = 2025-02-01, value = 2 }}]
targets = [{{ date = 2025-03-31, value = 3 }}]
""",
        encoding="utf-8",
    )
    return plan


def app_for(plan: Path) -> RoadmapApp:
    return make_app([plan], today=TODAY, watch=False)


async def test_plan_text_shows_literally(hostile_plan: Path, screen_text: ScreenText) -> None:
    app = app_for(hostile_plan)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        screen = screen_text(app)
        assert shown("P") in screen.splitlines()[1]  # the plan's tab
        # Panels cut or wrap long text; the part shown is the text as written.
        for label in ("Phase", "Theme", "Goal", "Task", "T1", "K", "Risk", "RO", "Mit"):
            assert f"{label} {MARKUP} {CLICK}" in screen, label
        assert f"{LINK} {STRAY} {CONTROLS_SHOWN}end" in screen
        assert "O1 [bold re" in screen  # the owner and note columns are narrow
        assert f"N1 {MARKUP} [@click" in screen
        assert f"2 {STRAY}u" in screen  # the KPI's latest value and unit
        assert "长LLLL" in screen and "L…" in screen  # the long title, cut to its column
        assert "\x1b" not in screen and "\x00" not in screen and "\u202e" not in screen
        assert app.is_running


async def test_layout_holds_at_80x24(
    hostile_plan: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    app = app_for(hostile_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Quit" in screen_text(app))  # the layout is judged whole
        screen = screen_text(app)
        for title in PANEL_TITLES:
            assert f"─ {title} ─" in screen
        lines = screen.splitlines()
        assert len(lines) == 24
        assert all(cell_len(line) <= 80 for line in lines)
        # Cut to fit, but literal: the markup is text, not style.
        assert "○ M1 T1 [bold re…" in screen
        assert "Phase [bold red]x[/]" in screen
        assert "Risk [bold red]" in screen


async def test_clicking_the_click_markup_does_nothing(
    hostile_plan: Path, screen_text: ScreenText
) -> None:
    app = app_for(hostile_plan)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        screen = screen_text(app).splitlines()
        spots = [
            (cell_len(line[: line.index(CLICK)]), row)
            for row, line in enumerate(screen)
            if CLICK in line
        ]
        assert len(spots) >= 4
        for x, y in spots:
            await pilot.click(offset=(x + 1, y))
            await pilot.click(offset=(x + len("[@click=app.quit]"), y))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None


async def test_palette_search_over_hostile_names(
    hostile_plan: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    app = app_for(hostile_plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        for query in ("bold", "[/", "@click", "link="):
            await pilot.press(*query)
            await wait_for(pilot, lambda: app.screen.query_one(CommandList).option_count >= 3)
            screen = screen_text(app)
            # The hits show the names as written (matched letters are only highlighted).
            assert f"Milestone M1: T1 {MARKUP} {CLICK} {LINK}" in screen, query
            assert f"Risk R1: Risk {MARKUP} {CLICK} {LINK}" in screen, query
            await pilot.press(*["backspace"] * len(query))
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


def test_show_prints_plan_text_literally(hostile_plan: Path) -> None:
    result = CliRunner().invoke(
        main, ["show", str(hostile_plan), "--today", "2025-02-10", "--width", "400"]
    )
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\x00" not in result.output and "\x9b" not in result.output
    assert "\u202e" not in result.output
    assert shown("P") in result.output
    assert shown("T1") in result.output
    assert shown("Theme") in result.output
    assert f"Risk {MARKUP} {CLICK} [link=" in result.output
