"""Themes in the running app: the legible colours applied, the choice kept, room at 100 x 30."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from textual.color import Color

from roadmap_tui.launch import make_app
from roadmap_tui.render.text import OVERDUE_STYLE
from roadmap_tui.themes import HIGH_CONTRAST_NAME, derive, theme_variables

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TODAY = dt.date(2025, 3, 1)
TITLE = "实现分布式事务的两阶段提交协议与恢复"  # 36 cells
OWNER = "存储引擎小组组长"  # 16 cells: wider than any sample owner (10)
PLAN = f"""\
[plan]
name = "窄屏"

[[phases]]
id = "P1"
name = "第一阶段"
start = 2025-01-01
end = 2025-06-30

[[milestones]]
id = "M-Q1-0105"
title = "{TITLE}"
due = 2025-02-20
status = "in_progress"
owner = "{OWNER}"

[[milestones]]
id = "M-Q1-0110"
title = "Lease Read 优化"
due = 2025-03-20
status = "todo"
owner = "李四"

[[risks]]
id = "R1"
title = "人手不足"
probability = 3
impact = 4
"""


def _config() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "roadmap-tui" / "config.toml"


def _plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


async def test_the_app_draws_the_derived_colours(tmp_path: Path) -> None:
    app = make_app([_plan(tmp_path)], today=TODAY, watch=False, theme="textual-light")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        expected = derive(theme_variables(app.current_theme))
        variables = app.get_css_variables()
        for name, value in expected.variables.items():
            assert variables[name] == value
        assert list(app.ansi_theme.ansi_colors) == list(expected.palette.ansi_colors)
        # "Late" (bold red) reaches the terminal in the checked error colour: Textual turns
        # ANSI colours into these through the app's ANSI theme (screenshots skip that step).
        late = Style.parse(OVERDUE_STYLE).color
        assert late is not None
        error = Color.parse(expected.variables["rt-late"])
        assert tuple(late.get_truecolor(app.ansi_theme)) == (error.r, error.g, error.b)


async def test_a_theme_picked_in_the_app_is_kept_for_the_next_start(
    tmp_path: Path, wait_for: WaitFor
) -> None:
    plan = _plan(tmp_path)
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "textual-dark"
        assert not _config().exists()  # starting saves nothing
        app.theme = "nord"
        await wait_for(pilot, _config().exists)
        await app.workers.wait_for_complete()
    assert _config().read_text(encoding="utf-8") == 'theme = "nord"\n'
    again = make_app([plan], today=TODAY, watch=False)
    async with again.run_test(size=(100, 30)):
        assert again.theme == "nord"
    # --theme is for one run: it wins over the saved choice and is not saved.
    once = make_app([plan], today=TODAY, watch=False, theme=HIGH_CONTRAST_NAME)
    async with once.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert once.theme == HIGH_CONTRAST_NAME
    assert _config().read_text(encoding="utf-8") == 'theme = "nord"\n'


async def test_a_settings_file_that_does_not_parse_is_reported_and_never_overwritten(
    tmp_path: Path, wait_for: WaitFor
) -> None:
    _config().parent.mkdir(parents=True)
    broken = b'# mine\ntheme = "nord\n'
    _config().write_bytes(broken)
    app = make_app([_plan(tmp_path)], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(f"{_config()}:2:" in m for m in messages), messages
        assert app.theme == "textual-dark"
        app.theme = "gruvbox"
        await wait_for(pilot, lambda: any("not saved" in n.message for n in app._notifications))
    assert _config().read_bytes() == broken


async def test_at_100x30_titles_and_owners_have_room(
    tmp_path: Path, screen_text: ScreenText
) -> None:
    app = make_app([_plan(tmp_path)], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = screen_text(app)
        row = next(line for line in screen.splitlines() if "M-Q1-0105" in line)
        assert OWNER in row  # in full
        shown = row.split("M-Q1-0105", 1)[1].strip().split(" ", 1)[0].rstrip("…")
        assert TITLE.startswith(shown) and cell_len(shown) >= 12, row
        # Focus on the risks: now their column widens, the milestones narrow.
        await pilot.press("3")
        await pilot.pause()
        assert app.has_class("-focus-left")
        left = app.screen.query_one("#left").size.width
        assert left >= 55
