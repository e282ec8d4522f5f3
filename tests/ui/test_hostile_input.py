"""The app against hostile input: values it must refuse before writing, dialogs submitted as they
were, owners and titles that look like markup, and file names holding escape sequences.

Every test ends with the exact bytes on disk and the app still running.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.command import CommandList, CommandPalette

from roadmap_tui.app import RoadmapApp
from roadmap_tui.launch import make_app
from roadmap_tui.widgets.dialogs import ChoiceDialog, InputDialog

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor

TODAY = dt.date(2025, 2, 10)
SIZE = (100, 30)
CONTROL_CHARS = ("\x1b", "\x07", "\u202e", "\x9b")

EDGE_PLAN = """\
[plan]
name = "Edges"

[[milestones]]
id = "M1"
title = "First day"
due = 0001-01-03
status = "todo"

[[milestones]]
id = "M2"
title = "Last day"
due = 9999-12-30
status = "todo"
note = "keep  \\n"   # trailing spaces and a line break: Enter must not rewrite them

[[kpis]]
id = "K1"
name = "Throughput"
actuals = [{ date = 2025-01-15, value = 900 }]
"""


def notices(screen: str) -> str:
    """The notices (toasts) in a screen's text, their wrapped lines joined by spaces."""
    parts = [found.group(1).rstrip(" │─╯╮") for found in re.finditer(r"▌ (.*)", screen)]
    return " ".join(" ".join(parts).split())


def no_controls(screen: str) -> None:
    for char in CONTROL_CHARS:
        assert char not in screen, repr(char)


def run(app: RoadmapApp):  # type: ignore[no-untyped-def]
    return app.run_test(size=SIZE, notifications=True)


@pytest.fixture
def edges(tmp_path: Path) -> Path:
    path = tmp_path / "edges.toml"
    path.write_bytes(EDGE_PLAN.encode("utf-8"))
    return path


async def test_values_past_the_limits_are_refused_before_anything_is_written(
    edges: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    app = make_app([edges], today=TODAY, watch=False)
    async with run(app) as pilot:
        await pilot.press("2", "home", "minus")  # M1, due 0001-01-03, a week earlier
        await wait_for(pilot, lambda: "before 0001-01-01" in notices(screen_text(app)))
        await pilot.press("down", "plus")  # M2, due 9999-12-30, a week later
        await wait_for(pilot, lambda: "after 9999-12-31" in notices(screen_text(app)))
        assert "M1: 0001-01-03 moved by -7 days would be before 0001-01-01" in notices(
            screen_text(app)
        )
        await pilot.press("4", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, InputDialog))
        await pilot.press(*"1e400", "enter")
        await wait_for(pilot, lambda: "out of range" in screen_text(app))
        assert "1E+400 is out of range (a number may be at most 1e15" in screen_text(app)
        await pilot.press(*["backspace"] * 5, *"nan", "enter")
        await wait_for(pilot, lambda: "nan is not a number" in screen_text(app))
        assert isinstance(app.screen, InputDialog)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, InputDialog))
        assert app.is_running
    assert edges.read_bytes() == EDGE_PLAN.encode("utf-8")


async def test_dialogs_submitted_unchanged_write_nothing(
    edges: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    app = make_app([edges], today=TODAY, watch=False)
    async with run(app) as pilot:
        await pilot.press("2", "end")  # M2, whose note ends in spaces and a line break
        for key, dialog in (("n", InputDialog), ("d", InputDialog), ("s", ChoiceDialog)):
            await pilot.press(key)
            await wait_for(pilot, lambda dialog=dialog: isinstance(app.screen, dialog))
            await pilot.press("enter")
            await wait_for(pilot, lambda dialog=dialog: not isinstance(app.screen, dialog))
        await pilot.press("4", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, InputDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, InputDialog))
        await pilot.pause()
        assert app.workspace.undo_stack == []
        assert "Not changed" not in screen_text(app)
    assert edges.read_bytes() == EDGE_PLAN.encode("utf-8")


async def test_markup_in_owners_and_titles_is_never_parsed(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    plan = tmp_path / "plan.toml"
    text = """\
[plan]
name = "Markup"

[[milestones]]
id = "M1"
title = "Open [x=https: link"
due = 2025-03-01
status = "todo"
owner = "[x=https://a]"

[[milestones]]
id = "M2"
title = "Close x[/"
due = 2025-03-02
status = "todo"
owner = "[@click=app.quit]boss"
"""
    plan.write_text(text, encoding="utf-8")
    app = make_app([plan], today=TODAY, watch=False)
    async with run(app) as pilot:
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        # Every owner listed as written ("/" parts one value into people).
        await wait_for(pilot, lambda: "[@click=app.quit]boss" in screen_text(app))
        assert "[x=https:" in screen_text(app)
        await pilot.press(*"https")
        await wait_for(pilot, lambda: app.screen.query_one(CommandList).option_count == 1)
        assert "[x=https:" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.owner_focus == "[x=https:")
        assert "owner: [x=https:" in app.sub_title
        # The jump palette: titles that are an unclosed tag are matched and shown as written.
        await pilot.press("escape", "ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"link")
        await wait_for(pilot, lambda: "Milestone M1: Open [x=https: link" in screen_text(app))
        await pilot.press(*["backspace"] * 4, *"x[/")
        await wait_for(pilot, lambda: "Milestone M2: Close x[/" in screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    assert plan.read_text(encoding="utf-8") == text


NASTY = "x\x1b]0;pwned\x07\u202ey"
NASTY_SHOWN = "x\\x1b]0;pwned\\x07\\u202ey"


async def test_file_names_and_keys_reach_the_screen_escaped(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    screen_text: ScreenText,
    wait_for: WaitFor,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    good = Path(f"ok{NASTY}.toml")
    good.write_text(EDGE_PLAN, encoding="utf-8")
    failed = Path(f"bad{NASTY}.toml")
    # A key holding a bidi override, defined twice: tomllib's error quotes it.
    failed.write_text('[plan]\nname = "x"\n"\u202eabc" = 1\n"\u202eabc" = 2\n', encoding="utf-8")
    app = make_app([good, failed], today=TODAY, watch=False)
    async with run(app) as pilot:
        await pilot.press("2", "e")  # no $EDITOR: the app says where the item is
        await wait_for(pilot, lambda: "set $EDITOR" in notices(screen_text(app)))
        assert f"ok{NASTY_SHOWN}.toml:5 (set $EDITOR to open it here)" in notices(screen_text(app))
        no_controls(screen_text(app))
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: "could not be loaded" in screen_text(app))
        screen = screen_text(app)
        no_controls(screen)
        assert f"✗ bad{NASTY_SHOWN}.toml" in screen.splitlines()[1]  # its tab
        assert f"bad{NASTY_SHOWN}.toml could not be loaded" in screen
        assert f'bad{NASTY_SHOWN}.toml:4:1: syntax error: "\\u202eabc" is already set' in screen
        new = Path(f"new{NASTY}.toml")
        new.write_text(EDGE_PLAN, encoding="utf-8")
        app.workspace.reload(new)  # what the watcher does for a new file in a watched folder
        await wait_for(pilot, lambda: "New plan file" in notices(screen_text(app)))
        assert f"New plan file: new{NASTY_SHOWN}.toml" in notices(screen_text(app))
        no_controls(screen_text(app))
        assert app.is_running
