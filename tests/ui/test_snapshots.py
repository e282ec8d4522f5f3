"""SVG snapshots of the dashboard at a fixed date (update with ``pytest --snapshot-update``).

The plans are copies in tmp_path, but no path is on screen: the header shows only the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from roadmap_tui.app import RoadmapApp
from roadmap_tui.launch import make_app

TODAY = dt.date(2025, 2, 10)
SnapCompare = Callable[..., bool]


def app_over(samples: Path, *names: str) -> RoadmapApp:
    return make_app([samples / f"{name}.toml" for name in names], today=TODAY, watch=False)


@pytest.mark.parametrize("plan", ["distributed-rust", "dispa"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_dashboard(snap_compare: SnapCompare, samples: Path, plan: str, size: Any) -> None:
    assert snap_compare(app_over(samples, plan), terminal_size=size)


def test_all_plans(snap_compare: SnapCompare, samples: Path) -> None:
    app = app_over(samples, "distributed-rust", "dispa")
    assert snap_compare(app, press=["right_square_bracket", "right_square_bracket"])


def test_standup_walk(snap_compare: SnapCompare, samples: Path) -> None:
    """The walk over Dispa's first person, on a clock that stands still."""
    from roadmap_tui.model.owners import owners
    from roadmap_tui.screens.walk import WalkScreen

    app = app_over(samples, "dispa")

    async def walk(pilot: Any) -> None:
        loaded = [(path, slot.plan) for path, slot in app.slots.items() if slot.plan]
        plans = [plan for _path, plan in loaded]
        walk = WalkScreen(
            owners(plans), timebox=120, clock=lambda: 0.0, plans=loaded, today=app.today
        )
        await app.push_screen(walk)
        await pilot.pause()

    assert snap_compare(app, run_before=walk)


def test_changes_view(snap_compare: SnapCompare, tmp_path: Path, samples: Path) -> None:
    """Yesterday's commit against today's uncommitted status change, in a git repository."""
    import os
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = tmp_path / "repo"
    folder.mkdir()
    plan = folder / "dispa.toml"
    shutil.copyfile(samples / "dispa.toml", plan)
    when = "2025-02-08T10:00:00"  # before --since: the commit is what the plan was then
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ann",
        "GIT_AUTHOR_EMAIL": "ann@example.com",
        "GIT_COMMITTER_NAME": "Ann",
        "GIT_COMMITTER_EMAIL": "ann@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    for args in (["init", "-q"], ["add", "dispa.toml"], ["commit", "-q", "-m", "plan"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, env=env)
    text = plan.read_text(encoding="utf-8")
    head, tail = text.split('id = "M1.1"', 1)
    plan.write_text(
        head + 'id = "M1.1"' + tail.replace('status = "todo"', 'status = "in_progress"', 1),
        encoding="utf-8",
    )
    app = make_app([plan], today=TODAY, watch=False, since="2025-02-09")

    async def show_changes(pilot: Any) -> None:
        await pilot.press("c")
        for _ in range(200):
            await pilot.pause(0.05)
            if app.history_read:
                break
        await pilot.pause()

    assert snap_compare(app, run_before=show_changes)
