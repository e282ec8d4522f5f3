"""The standup walk skips who has nothing to say, and its end is where Changes start."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_tui.launch import make_app
from roadmap_tui.screens.walk import WalkScreen
from roadmap_tui.store.standups import last_standup, state_dir
from roadmap_tui.widgets.changes import ChangesView

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TINY = Path(__file__).parents[1] / "data" / "truth" / "tiny.toml"
TODAY = dt.date(2025, 1, 16)


def _git(folder: Path, *args: str, when: dt.datetime) -> None:
    stamp = when.isoformat()
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ann",
        "GIT_AUTHOR_EMAIL": "ann@example.com",
        "GIT_COMMITTER_NAME": "Ann",
        "GIT_COMMITTER_EMAIL": "ann@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    subprocess.run(["git", "-C", str(folder), *args], check=True, env=env, capture_output=True)


async def test_the_walk_skips_stops_with_nothing_and_a_shows_them(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    plan = tmp_path / "tiny.toml"
    shutil.copyfile(TINY, plan)
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, WalkScreen))
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        await wait_for(pilot, lambda: "1/1  Ines" in screen_text(app))
        screen = screen_text(app)
        # Bob (everything done) and Unassigned (nothing) are skipped, and it says so.
        assert "2 skipped, nothing to discuss (a)" in screen
        assert "0 overdue   0 blocked   1 in progress   1 due soon" in screen
        await pilot.press("n")
        assert walk.person == "Ines"  # the only stop with something to discuss
        await pilot.press("a")
        await wait_for(pilot, lambda: "2/3  Ines" in screen_text(app))
        await pilot.press("n")
        await wait_for(pilot, lambda: "3/3  Unassigned" in screen_text(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, WalkScreen))
    # The end of the walk is recorded in the user's state folder (the test's own here).
    assert state_dir().is_relative_to(os.environ["XDG_STATE_HOME"])
    assert not state_dir().is_relative_to(Path.home())
    when = last_standup([tmp_path])
    assert when is not None
    assert abs((dt.datetime.now().astimezone() - when).total_seconds()) < 60


async def test_changes_start_from_the_last_standup_whatever_today_says(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    plan = tmp_path / "tiny.toml"
    shutil.copyfile(TINY, plan)
    now = dt.datetime.now().astimezone()
    _git(tmp_path, "init", "-q", when=now - dt.timedelta(days=3))
    _git(tmp_path, "add", "tiny.toml", when=now - dt.timedelta(days=3))
    _git(tmp_path, "commit", "-q", "-m", "plan", when=now - dt.timedelta(days=3))
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('title = "Write the docs"', 'title = "Docs"'), encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "friday", when=now - dt.timedelta(days=2))

    # A fixed --today long ago: only the last 24 real hours count, so Friday's change is old.
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await wait_for(pilot, lambda: app.history_read)
        await pilot.pause()
        body = screen_text(app)
        assert "Changes since" in body
        assert "M2" not in body

    # A standup recorded before Friday: Monday's Changes show Friday's edit.
    from roadmap_tui.store.standups import record_standup

    record_standup([tmp_path], now - dt.timedelta(days=2, hours=1))
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await wait_for(pilot, lambda: app.history_read)
        await pilot.pause()
        body = screen_text(app)
        assert "Changes since the last standup" in body
        assert "M2" in body and "Docs" in body
        assert app.query_one(ChangesView).has_focus
