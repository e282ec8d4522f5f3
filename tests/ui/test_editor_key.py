"""``e`` opens the plan file in ``$VISUAL``/``$EDITOR`` at the selected item's line.

The headless driver of ``run_test`` cannot suspend the app (``App.suspend`` raises
``SuspendNotSupported`` there), so the tests that run an editor replace the app's ``suspend``
with a no-op context; the editor itself is a real script that records its arguments. Without
that replacement the app must say where the item is instead of failing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from roadmap_tui.app import RoadmapApp
from roadmap_tui.launch import make_app

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TODAY = dt.date(2025, 2, 10)

PLAN = """\
[plan]
name = "Editor key"

[[milestones]]
id = "M1"
title = "Parser"
due = 2025-03-01
status = "todo"

[[milestones]]
id = "M2"
title = "Docs"
due = 2025-04-01
status = "todo"

[[risks]]
id = "R1"
title = "Late"
probability = 3
impact = 3
"""


def line_of(text: str, line: str) -> int:
    """The 1-based number of the one line of ``text`` that is exactly ``line``."""
    lines = text.split("\n")
    assert lines.count(line) == 1
    return lines.index(line) + 1


def notices(screen: str) -> str:
    """The notices (toasts) in a screen's text, their wrapped lines joined by spaces."""
    parts = [found.group(1).rstrip(" │─╯╮") for found in re.finditer(r"▌ (.*)", screen)]
    return " ".join(" ".join(parts).split())


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The plan as ``plan.toml`` in the working folder, named relatively (short notices)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    path = Path("plan.toml")
    path.write_bytes(PLAN.encode("utf-8"))
    return path


@pytest.fixture
def record(tmp_path: Path) -> Path:
    """Where the fake editor writes the arguments it was given, one a line."""
    return tmp_path / "editor-args.txt"


def fake_editor(tmp_path: Path, record: Path, then: str = "") -> Path:
    """A shell script standing in for an editor: records its arguments, then runs ``then``."""
    script = tmp_path / "fake-editor"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{record}'\n{then}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def app_for(path: Path, monkeypatch: pytest.MonkeyPatch, *, can_suspend: bool) -> RoadmapApp:
    app = make_app([path], today=TODAY, watch=False)
    if can_suspend:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    return app


async def test_e_runs_the_editor_at_the_milestones_line(
    plan: Path, tmp_path: Path, record: Path, monkeypatch: pytest.MonkeyPatch, wait_for: WaitFor
) -> None:
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, record)))
    app = app_for(plan, monkeypatch, can_suspend=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "down", "e")
        await wait_for(pilot, record.exists)
    line = line_of(PLAN, 'id = "M2"')
    assert record.read_text().splitlines() == [f"+{line}", "plan.toml"]
    assert plan.read_bytes() == PLAN.encode("utf-8")


async def test_visual_wins_and_its_arguments_are_kept(
    plan: Path, tmp_path: Path, record: Path, monkeypatch: pytest.MonkeyPatch, wait_for: WaitFor
) -> None:
    monkeypatch.setenv("VISUAL", f"{fake_editor(tmp_path, record)} --wait")
    monkeypatch.setenv("EDITOR", str(tmp_path / "not-this-one"))
    app = app_for(plan, monkeypatch, can_suspend=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("3", "e")
        await wait_for(pilot, record.exists)
    line = line_of(PLAN, 'id = "R1"')
    assert record.read_text().splitlines() == ["--wait", f"+{line}", "plan.toml"]


async def test_a_save_in_the_editor_shows_when_it_closes(
    plan: Path,
    tmp_path: Path,
    record: Path,
    monkeypatch: pytest.MonkeyPatch,
    screen_text: ScreenText,
    wait_for: WaitFor,
) -> None:
    # The editor blocks M1; the app is not watching files, yet shows it once the editor exits.
    then = """sed -i 's/^status = "todo"$/status = "blocked"/' "$2" """
    edited = PLAN.replace('status = "todo"', 'status = "blocked"')
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, record, then)))
    app = app_for(plan, monkeypatch, can_suspend=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2")
        assert "○ M1 Parser" in screen_text(app)
        await pilot.press("e")
        await wait_for(pilot, lambda: "✗ M1 Parser" in screen_text(app))
        assert "✗ M2 Docs" in screen_text(app)
    assert plan.read_bytes() == edited.encode("utf-8")


async def test_without_an_editor_the_notice_says_file_and_line(
    plan: Path, monkeypatch: pytest.MonkeyPatch, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    app = app_for(plan, monkeypatch, can_suspend=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "down", "e")
        line = line_of(PLAN, 'id = "M2"')
        await wait_for(pilot, lambda: f"plan.toml:{line}" in notices(screen_text(app)))
        assert "set $EDITOR" in notices(screen_text(app))


async def test_a_terminal_that_cannot_suspend_gets_file_and_line(
    plan: Path,
    tmp_path: Path,
    record: Path,
    monkeypatch: pytest.MonkeyPatch,
    screen_text: ScreenText,
    wait_for: WaitFor,
) -> None:
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, record)))
    app = app_for(plan, monkeypatch, can_suspend=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "e")
        line = line_of(PLAN, 'id = "M1"')
        await wait_for(pilot, lambda: f"plan.toml:{line}" in notices(screen_text(app)))
        assert app.is_running
    assert not record.exists()


async def test_an_editor_that_cannot_run_is_reported(
    plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    screen_text: ScreenText,
    wait_for: WaitFor,
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    app = app_for(plan, monkeypatch, can_suspend=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "e")
        await wait_for(
            pilot, lambda: "Could not run no-such-editor-anywhere" in notices(screen_text(app))
        )
        line = line_of(PLAN, 'id = "M1"')
        assert f"plan.toml:{line}" in notices(screen_text(app))
        assert app.is_running
    assert plan.read_bytes() == PLAN.encode("utf-8")
