"""The standup walk: people in order, their items, next/previous, the timer, the summary."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from roadmap_tui.launch import make_app
from roadmap_tui.screens.walk import WalkScreen, WalkTable

SAMPLES = Path(__file__).resolve().parents[2] / "sample_plans"
TODAY = dt.date(2025, 2, 10)
TINY = Path(__file__).resolve().parents[1] / "data" / "truth" / "tiny.toml"
TINY_TODAY = dt.date(2025, 1, 16)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _copy(tmp_path: Path, name: str = "dispa.toml") -> Path:
    target = tmp_path / name
    shutil.copyfile(SAMPLES / name, target)
    return target


async def test_walk_visits_each_stop_in_turn(tmp_path: Path) -> None:
    plan_file = tmp_path / "tiny.toml"
    shutil.copyfile(TINY, plan_file)
    app = make_app([plan_file], today=TINY_TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        await pilot.press("a")  # every stop, even those with nothing to discuss
        seen = []
        for _ in walk.stops:
            seen.append(walk.person)
            table = walk.query_one(WalkTable)
            for item in table.items.values():
                assert walk.person in (item.item.owner or "Unassigned")
            await pilot.press("n")
            await pilot.pause()
        # It starts at the first stop with something to discuss, in the order Bob, Ines, Unassigned.
        assert seen == ["Ines", "Unassigned", "Bob"]
        assert walk.person == "Ines"  # wraps around
        await pilot.press("p")
        assert walk.person == "Bob"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WalkScreen)
        summary = [n.message for n in app._notifications][-1]
        assert "3 of 3 stops covered" in summary
        assert "0 item changes" in summary


async def test_order_option_comes_first_and_status_keys_work_in_the_walk(tmp_path: Path) -> None:
    plan_file = tmp_path / "tiny.toml"
    shutil.copyfile(TINY, plan_file)
    before = plan_file.read_bytes()
    app = make_app([plan_file], today=TINY_TODAY, watch=False, standup_order=["Bob", "Ines"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, WalkScreen)
        assert walk.person == "Ines"  # Bob comes first but has nothing to discuss
        table = walk.query_one(WalkTable)
        assert table.row_count > 0
        await pilot.press("space")
        await pilot.pause()
        assert plan_file.read_bytes() != before
        await pilot.press("escape")
        await pilot.pause()
        summary = [n.message for n in app._notifications][-1]
        assert "1 item change during it" in summary


async def test_timer_turns_to_over_time_past_the_timebox(tmp_path: Path) -> None:
    plan_file = _copy(tmp_path)
    clock = FakeClock()
    app = make_app([plan_file], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        plans = [(path, slot.plan) for path, slot in app.slots.items() if slot.plan]
        walk = WalkScreen(
            ["主开发者", "安全专家"], timebox=120, clock=clock, plans=plans, today=TODAY
        )
        await app.push_screen(walk)
        await pilot.pause()
        clock.now += 61
        walk._tick()
        head = str(walk.query_one("#walk-head").render())
        assert "1:01 / 2:00" in head and "over time" not in head
        clock.now += 60
        walk._tick()
        head = str(walk.query_one("#walk-head").render())
        assert "2:01 / 2:00" in head and "over time" in head
        await pilot.press("n")
        head = str(walk.query_one("#walk-head").render())
        assert "0:00" in head  # each person's timer starts afresh


async def test_q_during_the_walk_asks_first(tmp_path: Path) -> None:
    plan_file = _copy(tmp_path)
    app = make_app([plan_file], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("enter")  # "No, keep walking" is highlighted first
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
