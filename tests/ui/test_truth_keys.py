"""What the app says and does is true: empty panels say why, keys quit as they say."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from roadmap_tui.launch import make_app

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TINY = Path(__file__).parents[1] / "data" / "truth" / "tiny.toml"
TODAY = dt.date(2025, 1, 16)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    shutil.copyfile(TINY, path)
    return path


async def test_owner_focus_says_what_the_plan_holds(
    tiny: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    app = make_app([tiny], today=TODAY, watch=False, owner="Ines")
    # Wide enough that the Risk panel (not the focused one) holds the sentence on one line.
    async with app.run_test(size=(140, 30), notifications=True) as pilot:
        await wait_for(
            pilot, lambda: "No risks owned by Ines — 5 in this plan." in screen_text(app)
        )
        assert "nobody named" not in screen_text(app)


async def test_an_owner_who_owns_nothing_is_warned_about(
    tiny: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    app = make_app([tiny], today=TODAY, watch=False, owner="nobody")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_for(pilot, lambda: "nobody named 'nobody' owns" in screen_text(app))
        assert "No open milestones owned by nobody — 1 in this plan." in screen_text(app)


async def test_ctrl_c_quits_like_q(tiny: Path) -> None:
    app = make_app([tiny], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app._exit
    assert app.return_code == 0


async def test_current_shows_task_owner_and_due_and_tasks_of_no_phase(
    tiny: Path, screen_text: ScreenText
) -> None:
    app = make_app([tiny], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        screen = screen_text(app)
        assert "No phase" in screen
        assert re.search(r"○ Fix the lexer +Ines +01-20", screen)
        # The phase summary stays in view once the panel has the focus.
        assert "Phase one" in screen


async def test_1_keeps_the_phase_summary_in_view(tmp_path: Path, screen_text: ScreenText) -> None:
    text = TINY.read_text(encoding="utf-8")
    for n in range(30):
        text += f'\n[[tasks]]\nid = "P{n}"\ntitle = "Phase task {n}"\nphase = "P1"\ndone = false\n'
    path = tmp_path / "many.toml"
    path.write_text(text, encoding="utf-8")
    app = make_app([path], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        screen = screen_text(app)
        assert "Phase one" in screen
        assert "Time " in screen
        assert "Phase task 0" in screen
