"""Quitting at any moment of start-up ends the app cleanly, with exit status 0.

The tabs not on screen are built one per frame after the first paint; a `q` pressed while that
was under way used to raise MountError (the tab being built was already torn down) and exit 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_tui.launch import make_app

PLAN = """\
[plan]
name = "Plan {n}"

[[milestones]]
id = "M{n}"
title = "Milestone {n}"
due = 2025-03-01
status = "todo"
"""


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    for n in range(1, 6):
        (tmp_path / f"plan-{n}.toml").write_text(PLAN.format(n=n), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("frames", [0, 1, 3])
async def test_q_while_the_tabs_are_still_being_built_exits_0(plans: Path, frames: int) -> None:
    app = make_app([plans])
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(frames):
            await pilot.pause()
        await pilot.press("q")
    assert app.return_code == 0
