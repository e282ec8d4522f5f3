"""The Timeline view (``t``): toggling, zoom, the selection shared with the Milestones panel,
and moving a milestone with its dependents as one edit, by the exact bytes, undone by one ``u``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_tui.app import RoadmapApp
from roadmap_tui.launch import make_app
from roadmap_tui.widgets.milestones import MilestoneTable, row_key
from roadmap_tui.widgets.timeline import TimelineChart

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TODAY = dt.date(2025, 3, 14)
LAUNCH = Path(__file__).resolve().parents[1] / "data" / "timeline" / "launch.toml"


def launch_app(tmp_path: Path) -> tuple[RoadmapApp, Path]:
    plan = tmp_path / "launch.toml"
    shutil.copyfile(LAUNCH, plan)
    return make_app([plan], today=TODAY, watch=False), plan


async def test_t_shows_the_timeline_and_back(tmp_path: Path, screen_text: ScreenText) -> None:
    app, _ = launch_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "2 Milestones" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        screen = screen_text(app).splitlines()
        assert screen[3].startswith("quarters · < >          2025 Q1     2025 Q2")
        assert "▼ today 2025-03-14" in screen[4]
        assert screen[5].startswith("Launch 发布")
        assert screen[6].startswith("▌Design 设计            ▒▒▒▒▒▒▒▒▒ │")
        assert screen[7].startswith(" *✓ M1 Spec signed off…       ◆   │")  # CJK cut by cell
        assert "2 Milestones" not in "\n".join(screen)
        assert isinstance(app.focused, TimelineChart)
        await pilot.press("t")
        await pilot.pause()
        assert "2 Milestones" in screen_text(app)
        assert isinstance(app.focused, MilestoneTable)


async def test_zoom_steps_between_quarters_months_and_weeks(
    tmp_path: Path, screen_text: ScreenText
) -> None:
    app, _ = launch_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert screen_text(app).splitlines()[3].startswith("quarters")
        await pilot.press("less_than_sign")
        await pilot.pause()
        header = screen_text(app).splitlines()[3]
        assert header.startswith("months · < >")
        assert "2025-03" in header and "2025-04" in header
        await pilot.press("less_than_sign")
        await pilot.pause()
        header = screen_text(app).splitlines()[3]
        assert header.startswith("weeks · < >")
        assert "03-10" in header and "03-17" in header  # Mondays around today
        await pilot.press("less_than_sign")  # already the finest
        await pilot.pause()
        assert screen_text(app).splitlines()[3].startswith("weeks")
        await pilot.press("greater_than_sign", "greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert screen_text(app).splitlines()[3].startswith("quarters")


def detail_line(app: RoadmapApp, screen_text: ScreenText, which: int = 0) -> str:
    """The selected row's detail: its first line (0) or its second (1), above the footer."""
    return screen_text(app).splitlines()[-3 + which]


async def test_the_selection_is_shared_with_the_milestones_panel(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    app, plan = launch_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(MilestoneTable)
        assert table.reveal(row_key(plan, "M3"))
        await pilot.press("t")
        await pilot.pause()
        # Selected there, selected here: the detail line names it.
        assert detail_line(app, screen_text).startswith("M3 · ● in progress · due 2025-04-11")
        await pilot.press("j", "j")  # T1, then M5
        await pilot.pause()
        line = detail_line(app, screen_text)
        assert line.startswith("M5 · ○ todo · due 2025-04-18 (in 35d) · after M2 · before M4")
        assert detail_line(app, screen_text, 1) == (
            "! M5 is due 2025-04-18, 14 d after M4 (2025-04-04), which depends on it"
        )
        await pilot.press("t")
        await pilot.pause()
        # … and back: the Milestones panel's cursor is on M5.
        await wait_for(pilot, lambda: table.selected_key == row_key(plan, "M5"))


async def test_brace_moves_a_milestone_and_its_dependents_as_one_undoable_edit(
    tmp_path: Path, screen_text: ScreenText
) -> None:
    app, plan = launch_app(tmp_path)
    before = plan.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one(MilestoneTable).reveal(row_key(plan, "M5"))
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        # M5 and what waits on it: M4 (after M5), M6 (after M4), and T2 (after M3? no).
        expected = (
            before.decode()
            .replace("due = 2025-04-18", "due = 2025-04-25")
            .replace("due = 2025-04-04", "due = 2025-04-11")
            .replace("due = 2025-06-27\nstatus", "due = 2025-07-04\nstatus")
        )
        assert plan.read_text() == expected
        assert len(app.workspace.undo_stack) == 1
        assert detail_line(app, screen_text).startswith("M5 · ○ todo · due 2025-04-25")
        await pilot.press("u")
        await pilot.pause()
        assert plan.read_bytes() == before
        assert app.workspace.undo_stack == []
        # + moves only the selected milestone, by a week.
        await pilot.press("plus")
        await pilot.pause()
        assert plan.read_text() == before.decode().replace("due = 2025-04-18", "due = 2025-04-25")
        await pilot.press("u", "ctrl+left")
        await pilot.pause()
        assert plan.read_text() == (
            before.decode()
            .replace("due = 2025-04-18", "due = 2025-04-11")
            .replace("due = 2025-04-04", "due = 2025-03-28")
            .replace("due = 2025-06-27\nstatus", "due = 2025-06-20\nstatus")
        )


async def test_all_plans_has_a_timeline_too(tmp_path: Path, screen_text: ScreenText) -> None:
    app, _ = launch_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = screen_text(app)
        assert "Launch 发布" in screen and "▌Build" in screen


async def test_h_and_l_scroll_in_time_and_dot_brings_today_back(
    tmp_path: Path, screen_text: ScreenText
) -> None:
    app, _ = launch_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t", "less_than_sign", "less_than_sign")  # weeks: 56 days in view
        await pilot.pause()
        before = screen_text(app).splitlines()[3]
        assert "▼ today 2025-03-14" in screen_text(app).splitlines()[4]
        await pilot.press("l", "l", "l", "l")  # four quarter-screens later: today is gone
        await pilot.pause()
        header = screen_text(app).splitlines()
        assert header[3] != before
        assert "today" not in header[4]
        await pilot.press("full_stop")
        await pilot.pause()
        assert "▼ today 2025-03-14" in screen_text(app).splitlines()[4]


async def test_l_after_dot_never_scrolls_back_when_today_is_past_the_plan(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "launch.toml"
    shutil.copyfile(LAUNCH, plan)
    app = make_app([plan], today=dt.date(2027, 6, 1), watch=False)  # long after the plan ends
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t", "less_than_sign", "less_than_sign", "full_stop")
        await pilot.pause()
        chart = app.query_one(TimelineChart)
        at_today = chart.left
        await pilot.press("l")
        await pilot.pause()
        assert chart.left >= at_today
        await pilot.press("h")
        await pilot.pause()
        assert chart.left < at_today
