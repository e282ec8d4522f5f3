"""Getting around: panel keys, plan tabs, focus, the filter, help, the palette and the mouse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.command import CommandList, CommandPalette
from textual.widget import Widget

from roadmap_tui.app import RoadmapApp
from roadmap_tui.launch import make_app
from roadmap_tui.screens.help import HelpScreen
from roadmap_tui.widgets.key_bar import KeyBar
from roadmap_tui.widgets.milestones import MilestoneTable
from roadmap_tui.widgets.plan_tabs import PlanTabs
from roadmap_tui.widgets.risks import RiskMatrix
from roadmap_tui.widgets.tab_bar import TabBar

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor
    from textual.pilot import Pilot

TODAY = dt.date(2025, 2, 10)


def two_plans(samples: Path) -> RoadmapApp:
    files = [samples / "distributed-rust.toml", samples / "dispa.toml"]
    return make_app(files, today=TODAY, watch=False)


def focused_panel(app: RoadmapApp) -> str:
    """The border title of the panel holding the focus ("" if none does)."""
    node: Widget | None = app.focused
    while node is not None:
        if node.has_class("panel"):
            return str(node.border_title)
        parent = node.parent
        node = parent if isinstance(parent, Widget) else None
    return ""


def footer_line(screen: str) -> str:
    return screen.splitlines()[-1]


def active_tab_label(app: RoadmapApp) -> str:
    tabbed = app.query_one("#plans", PlanTabs)
    return tabbed.label_of(tabbed.active).plain


def table_ids(table: MilestoneTable) -> list[str]:
    return [str(row.key.value).rsplit("\x00", 1)[1] for row in table.ordered_rows]


def cursor_id(table: MilestoneTable) -> str:
    picked = table.selected()
    assert picked is not None
    return picked[1].id


async def test_digits_focus_each_panel(samples: Path, screen_text: ScreenText) -> None:
    app = two_plans(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        expected = {
            "1": ("1 Current", "Task done"),
            "2": ("2 Milestones", "Blocked"),
            "3": ("3 Risk matrix", "Impact +"),
            "4": ("4 KPIs", "Record value"),
        }
        for key, (title, footer_key) in expected.items():
            await pilot.press(key)
            await pilot.pause()
            assert focused_panel(app) == title
            # The footer offers the focused panel's own keys.
            assert footer_key in footer_line(screen_text(app))


async def test_brackets_switch_plan_tabs(samples: Path, screen_text: ScreenText) -> None:
    app = two_plans(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        first, second = "Distributed Rust 行动计划", "Dispa 项目里程碑和时间节点"
        assert active_tab_label(app) == first
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert active_tab_label(app) == second
        assert "🔒 第二阶段里程碑" in screen_text(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert active_tab_label(app) == "All plans"
        assert "1 Current · all plans" in screen_text(app)
        # Switching tabs puts the keyboard in the new tab's milestones.
        assert focused_panel(app) == "2 Milestones"
        for _ in range(3):  # on round to the first plan, past any tabs after All plans
            await pilot.press("right_square_bracket")
            await pilot.pause()
            if active_tab_label(app) == first:
                break
        assert active_tab_label(app) == first
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert active_tab_label(app) not in (first, second)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert active_tab_label(app) == second
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert active_tab_label(app) == first


async def test_tab_moves_focus_through_the_panels(samples: Path) -> None:
    app = two_plans(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        seen = []
        for _ in range(6):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(focused_panel(app))
        # Milestones sit above the KPIs; after the tab bar the left column comes first.
        assert seen[0] == "4 KPIs"
        assert {"1 Current", "2 Milestones", "3 Risk matrix"} <= set(seen[1:])
        assert seen.index("1 Current") < seen.index("3 Risk matrix") < seen.index("2 Milestones")


async def test_slash_filters_milestones_and_escape_clears(
    samples: Path, screen_text: ScreenText
) -> None:
    # Two milestones get a note (the sample's milestones have none), to search notes by.
    plan = samples / "distributed-rust.toml"
    text = plan.read_text(encoding="utf-8")
    for ident in ("M-Q1-0115", "M-Q1-0225"):
        head = f'id = "{ident}"\n'
        text = text.replace(head, head + 'note = "优先级 P0"\n')
    plan.write_text(text, encoding="utf-8")
    app = two_plans(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(MilestoneTable)
        everything = table_ids(table)
        await pilot.press("2", "slash")
        await pilot.press(*"RocksDB")
        await pilot.pause()
        assert table_ids(table) == ["M-Q1-0210", "M-Q1-0225"]
        screen = screen_text(app)
        assert "filter: RocksDB" in screen
        assert "M-Q1-0210" in screen and "M-Q1-0225" in screen
        assert "M-Q1-0205" not in screen
        await pilot.press("escape")
        await pilot.pause()
        assert table_ids(table) == everything
        assert "filter:" not in screen_text(app)
        assert focused_panel(app) == "2 Milestones"
        # Notes are searched too, though at 80 columns their column is not shown.
        await pilot.press("slash", *"优先级 P0")
        await pilot.pause()
        assert table_ids(table) == ["M-Q1-0115", "M-Q1-0225"]


async def test_help_lists_every_panels_keys(samples: Path, screen_text: ScreenText) -> None:
    app = two_plans(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        # The list is longer than 24 lines: read it a page at a time.
        seen: list[str] = []
        for _ in range(6):
            seen.append(screen_text(app))
            await pilot.press("pagedown")
            await pilot.pause()
        text = "\n".join(seen)
        for key, what in [
            ("space", "Task done"),
            ("space", "Status"),
            ("b", "Blocked"),
            ("a", "Show done"),
            ("/", "Filter"),
            ("p", "Prob +"),
            ("P", "Prob -"),
            ("i", "Impact +"),
            ("I", "Impact -"),
            ("r", "Record value"),
            ("u", "Undo"),
            ("q", "Quit"),
            ("?", "Help"),
        ]:
            assert f" {key}  {what}" in text, (key, what)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert "2 Milestones" in screen_text(app)


async def palette_jump(pilot: Pilot[int], wait_for: WaitFor, query: str, first: str) -> None:
    """Open the palette, type ``query``, wait for ``first`` to lead the hits, press enter."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*query)

    def leading() -> bool:
        hits = app.screen.query_one(CommandList)
        if not hits.option_count or hits.highlighted != 0:
            return False
        return first in str(hits.get_option_at_index(0).prompt)

    await wait_for(pilot, leading)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
    await pilot.pause()


async def test_palette_jumps_to_a_milestone_and_to_a_risk(
    samples: Path, wait_for: WaitFor, screen_text: ScreenText
) -> None:
    app = two_plans(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        await palette_jump(pilot, wait_for, "M2.1", "Milestone M2.1:")
        assert active_tab_label(app) == "Dispa 项目里程碑和时间节点"
        table = app.active_view().query_one(MilestoneTable)
        assert app.focused is table
        assert cursor_id(table) == "M2.1"

        await palette_jump(pilot, wait_for, "关键人员离职", "Risk R3: 关键人员离职")
        assert active_tab_label(app) == "Distributed Rust 行动计划"
        matrix = app.active_view().query_one(RiskMatrix)
        assert app.focused is matrix
        picked = matrix.selected()
        assert picked is not None and picked[1].id == "R3"
        assert "R3 关键人员离职" in screen_text(app)


async def test_clicking_a_milestone_row_selects_it(samples: Path) -> None:
    app = two_plans(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(MilestoneTable)
        assert cursor_id(table) == "M-Q1-0105"
        # Row 0 is the heading; the fourth milestone is on row 4.
        assert await pilot.click(table, offset=(14, 4))
        await pilot.pause()
        assert cursor_id(table) == "M-Q1-0131"
        assert app.focused is table


async def test_the_footer_shows_whole_keys_and_a_click_presses_one(
    samples: Path, screen_text: ScreenText
) -> None:
    app = two_plans(samples)
    async with app.run_test(size=(80, 24)) as pilot:
        footer = footer_line(screen_text(app))
        # The keys that fit, each whole; the palette's key at the right edge.
        assert footer.startswith(" ⏎ Details  space Status  b Blocked ")
        assert footer.rstrip().endswith(" q Quit  ? Help       ▏^p palette")
        assert await pilot.click(KeyBar, offset=(footer.index("? Help") + 3, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_tab_bar_keeps_the_shown_tab_in_view_and_a_click_switches(
    samples: Path, screen_text: ScreenText
) -> None:
    app = make_app([samples], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_text(app).splitlines()[1].startswith(" DataFlare")
        await pilot.press(*["right_square_bracket"] * 5)  # past the five plans: All plans
        await pilot.pause()
        tabs = screen_text(app).splitlines()[1]
        # The names of five plans are wider than 80 columns: the bar scrolled to show it.
        assert "All plans" in tabs and "DataFlare" not in tabs
        assert active_tab_label(app) == "All plans"
        column = cell_len(tabs[: tabs.index("OTLP_rust")])  # CJK names take two cells a character
        await pilot.click(TabBar, offset=(column + 2, 0))
        await pilot.pause()
        assert active_tab_label(app).startswith("OTLP_rust")
        assert focused_panel(app) == "2 Milestones"
