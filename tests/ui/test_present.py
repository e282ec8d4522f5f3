"""Presenter mode, panel zoom and the symbol legend: Pilot tests and snapshots on a plan of
their own (tests/data/present/launch.toml), at 80 x 24 and 160 x 48."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from rich.console import Console

from roadmap_tui.app import RoadmapApp
from roadmap_tui.launch import make_app
from roadmap_tui.screens.help import HelpScreen, legend_table
from roadmap_tui.themes import HIGH_CONTRAST_NAME

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

PLAN = Path(__file__).resolve().parents[1] / "data" / "present" / "launch.toml"
TODAY = dt.date(2025, 2, 25)
SnapCompare = Callable[..., bool]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy = tmp_path / "launch.toml"
    shutil.copyfile(PLAN, copy)
    return copy


def _app(plan: Path, **options: Any) -> RoadmapApp:
    return make_app([plan], today=TODAY, watch=False, **options)


def _maximized(app: RoadmapApp) -> str | None:
    widget = app.screen.maximized
    return None if widget is None else widget.id or type(widget).__name__


async def test_present_key_fills_the_screen_with_one_panel_and_steps_in_standup_order(
    plan: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    app = _app(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "? Help" in screen_text(app))  # the footer, before
        await pilot.press("f")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST_NAME
        assert _maximized(app) == "MilestonePanel"
        screen = screen_text(app)
        lines = screen.splitlines()
        # One line of title, then the panel: no tabs, no footer.
        assert "Launch 发布计划 · 2 Milestones" in lines[0]
        assert "2 Milestones" in lines[1]
        assert "All plans" not in screen and "space Status" not in screen
        assert "Security review sign-off" in screen
        steps = []
        for key in ("pagedown", "pagedown", "pagedown", "pageup"):
            await pilot.press(key)
            await pilot.pause()
            steps.append(_maximized(app))
        # Past the KPIs comes the next tab's first panel (here All plans), and back again.
        assert steps == ["RiskPanel", "kpi-panel", "CurrentPanel", "kpi-panel"]
        await pilot.press("1")
        await pilot.pause()
        assert _maximized(app) == "CurrentPanel"
        assert "Beta 测试" in screen_text(app)


async def test_leaving_presenter_mode_restores_theme_and_saves_nothing(
    plan: Path,
) -> None:
    app = _app(plan, present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.presenting and app.theme == HIGH_CONTRAST_NAME
        await pilot.press("escape")
        await pilot.pause()
        assert not app.presenting
        assert app.theme == "textual-dark"
        assert app.screen.maximized is None
        await app.workers.wait_for_complete()
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "roadmap-tui" / "config.toml"
    assert not config.exists()


async def test_zoom_key_maximises_the_focused_panel_and_restores(
    plan: Path, screen_text: ScreenText
) -> None:
    app = _app(plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "z")
        await pilot.pause()
        assert _maximized(app) == "RiskPanel"
        assert app.theme == "textual-dark"  # zoom is not presenting
        screen = screen_text(app)
        assert "2 Milestones" not in screen and "Probability" in screen
        assert "p Prob +" in screen  # zoom keeps the footer (presenting does not)
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is None
        assert "2 Milestones" in screen_text(app)


async def test_presenting_keeps_writing_keys_working(plan: Path) -> None:
    before = plan.read_text(encoding="utf-8")
    app = _app(plan, present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("pagedown", "pageup", "b")  # back on the milestones: M2 blocked
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert plan.read_text(encoding="utf-8") != before


def test_the_legend_names_every_symbol_and_help_shows_it() -> None:
    console = Console(width=100, record=True)
    console.print(legend_table())
    text = console.export_text()
    for symbol, meaning in [
        ("○", "todo"),
        ("◌", "planned"),
        ("●", "in progress"),
        ("✗", "blocked"),
        ("✓", "done"),
        ("–", "dropped"),
        ("Δ", "changed"),
        ("▲ ▼", "on track"),
        ("⚠", "stale"),
        ("🔒", "read-only"),
    ]:
        line = next((row for row in text.splitlines() if f"{symbol} " in row), "")
        assert meaning in line, (symbol, text)


async def test_help_lists_the_legend_and_the_presenting_keys(
    plan: Path, screen_text: ScreenText
) -> None:
    app = _app(plan)
    async with app.run_test(size=(100, 130)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        screen = screen_text(app)
        for shown in ("Sharing the screen", "Zoom panel", "PgDn", "Symbols", "◌  planned"):
            assert shown in screen


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_presenter_snapshot(snap_compare: SnapCompare, plan: Path, size: Any) -> None:
    assert snap_compare(_app(plan, present=True), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_presenter_risks_snapshot(snap_compare: SnapCompare, plan: Path, size: Any) -> None:
    assert snap_compare(_app(plan, present=True), press=["pagedown"], terminal_size=size)
