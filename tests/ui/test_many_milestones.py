"""A plan with more milestones than anyone scrolls: the table holds the most urgent, / finds all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from roadmap_tui.launch import make_app
from roadmap_tui.widgets.milestones import MAX_ROWS, MilestonePanel, MilestoneTable, row_key

TODAY = dt.date(2025, 2, 10)


def _big_plan(folder: Path, count: int) -> Path:
    lines = ['[plan]\nname = "Big"\n']
    for n in range(count):
        due = TODAY + dt.timedelta(days=n)
        lines.append(
            f'[[milestones]]\nid = "M{n}"\ntitle = "Milestone number {n}"\n'
            f'due = {due.isoformat()}\nstatus = "todo"\n'
        )
    path = folder / "big.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


async def test_the_table_holds_the_most_urgent_and_says_how_many_more(tmp_path: Path) -> None:
    plan = _big_plan(tmp_path, MAX_ROWS + 100)
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(MilestoneTable)
        assert table.row_count == MAX_ROWS
        subtitle = str(app.query_one(MilestonePanel).border_subtitle)
        assert f"{MAX_ROWS} of {MAX_ROWS + 100} shown" in subtitle
        last = f"M{MAX_ROWS + 99}"
        await pilot.press("2", "slash", *last)
        await pilot.pause()
        assert table.row_count == 1
        assert table.selected_key == row_key(plan, last)


async def test_a_jump_reaches_a_milestone_past_the_limit(tmp_path: Path) -> None:
    plan = _big_plan(tmp_path, MAX_ROWS + 100)
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.show_item(plan, "milestones", f"M{MAX_ROWS + 50}")
        await pilot.pause()
        table = app.query_one(MilestoneTable)
        assert table.selected_key == row_key(plan, f"M{MAX_ROWS + 50}")
