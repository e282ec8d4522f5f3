"""Many plan files: the first frame does not wait for every plan, and none goes missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_tui.launch import make_app
from roadmap_tui.widgets.plan_tabs import FIRST_TABS, PlanTabs

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TODAY = dt.date(2025, 2, 10)
COUNT = FIRST_TABS + 7

PLAN = """\
[plan]
name = "Plan {n:02d}"

[[milestones]]
id = "M1"
title = "Ship {n:02d}"
due = 2025-03-01
status = "todo"
"""


def tab_names(app: object) -> list[str]:
    tabbed = app.query_one("#plans", PlanTabs)
    return tabbed.tab_names()


async def test_every_plan_gets_its_tab_in_order_and_the_first_frame_does_not_wait(
    tmp_path: Path, wait_for: WaitFor, screen_text: ScreenText
) -> None:
    for n in range(1, COUNT + 1):
        (tmp_path / f"plan-{n:02d}.toml").write_text(PLAN.format(n=n), encoding="utf-8")
    app = make_app([tmp_path], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # The first frame: the first plan's dashboard, with the first tabs only.
        assert tab_names(app)[0] == "Plan 01"
        assert len(tab_names(app)) <= FIRST_TABS + 2
        wanted = [f"Plan {n:02d}" for n in range(1, COUNT + 1)] + ["All plans", "Changes"]
        await wait_for(pilot, lambda: tab_names(app) == wanted)
        # ] goes through every plan, the late ones included, in the order of the tabs.
        for _ in range(COUNT - 1):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        view = app.active_view()
        assert view.path == tmp_path / f"plan-{COUNT:02d}.toml"
        await wait_for(pilot, lambda: f"Ship {COUNT:02d}" in screen_text(app))


async def test_tabs_of_plans_read_after_the_first_frame_are_ready_before_they_are_shown(
    tmp_path: Path, wait_for: WaitFor
) -> None:
    from roadmap_tui.widgets.plan_view import PlanView

    for n in range(1, 5):
        (tmp_path / f"plan-{n:02d}.toml").write_text(PLAN.format(n=n), encoding="utf-8")
    app = make_app([tmp_path], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # Each dashboard is built while the first tab is on screen, once its plan is read,
        # so that ] shows a finished tab with its milestones focused, not an empty frame.
        await wait_for(pilot, lambda: len(app.query(PlanView)) == 4)
        assert app.tabs.active == "plan-1"
