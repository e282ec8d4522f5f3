"""The Changes view: yesterday's commit against today's uncommitted edit, and row markers."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from roadmap_tui.app import RoadmapApp
from roadmap_tui.launch import make_app
from roadmap_tui.widgets.changes import ChangesView
from roadmap_tui.widgets.milestones import MilestoneTable, row_key

SAMPLES = Path(__file__).resolve().parents[2] / "sample_plans"
ScreenText = Callable[[App[Any]], str]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(folder: Path, *args: str, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ann",
        "GIT_AUTHOR_EMAIL": "ann@example.com",
        "GIT_COMMITTER_NAME": "Ann",
        "GIT_COMMITTER_EMAIL": "ann@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", "-C", str(folder), *args], check=True, env=env, capture_output=True)


async def _history_read(app: RoadmapApp, pilot: Pilot[Any]) -> None:
    """Wait (a few seconds at most) until the Changes view shows the history it read."""
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if app.history_read:
            await pilot.pause()
            return
    raise AssertionError("the plans' history was never read")


async def test_uncommitted_status_change_is_listed_and_marked(
    tmp_path: Path, screen_text: ScreenText
) -> None:
    plan = tmp_path / "dispa.toml"
    shutil.copyfile(SAMPLES / "dispa.toml", plan)
    yesterday = dt.datetime.now() - dt.timedelta(days=1, hours=1)
    _git(tmp_path, "init", "-q", when=yesterday.isoformat())
    _git(tmp_path, "add", "dispa.toml", when=yesterday.isoformat())
    _git(tmp_path, "commit", "-q", "-m", "plan", when=yesterday.isoformat())
    text = plan.read_text(encoding="utf-8")
    marker = 'id = "M1.1"'
    head, tail = text.split(marker, 1)
    tail = tail.replace('status = "planned"', 'status = "in_progress"', 1)
    plan.write_text(head + marker + tail, encoding="utf-8")

    app = make_app([plan], today=dt.date.today(), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await _history_read(app, pilot)
        await pilot.pause()
        assert app.query_one(ChangesView).has_focus
        body = screen_text(app)
        assert "M1.1" in body
        assert "uncommitted" in body
        assert "in_progress" in body or "in progress" in body
        await pilot.press("1")  # back to a dashboard: All plans, which marks it too
        await pilot.pause()
        app.action_show_plan(1)
        await pilot.pause()
        table = app.query_one("#plan-1 MilestoneTable", MilestoneTable)
        table.show_closed = True
        table._rebuild()
        index = table.get_row_index(row_key(plan, "M1.1"))
        assert "Δ" in table.get_row_at(index)[0].plain


async def test_outside_git_the_changes_view_says_so(
    tmp_path: Path, screen_text: ScreenText
) -> None:
    plan = tmp_path / "dispa.toml"
    shutil.copyfile(SAMPLES / "dispa.toml", plan)
    app = make_app([plan], today=dt.date(2025, 2, 10), watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await _history_read(app, pilot)
        assert "git" in screen_text(app).lower()
