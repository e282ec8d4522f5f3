"""A milestone closed with a key stays under the cursor, so the next key acts on it again."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from roadmap_tui.launch import make_app
from roadmap_tui.widgets.milestones import MilestoneTable

SAMPLES = Path(__file__).resolve().parents[2] / "sample_plans"


async def test_three_spaces_cycle_one_milestone_back_to_where_it_was(tmp_path: Path) -> None:
    # The first row must be a todo milestone: todo → in_progress → done → todo comes back.
    plan = tmp_path / "grape-vector-db.toml"
    shutil.copyfile(SAMPLES / "grape-vector-db.toml", plan)
    before = plan.read_bytes()
    app = make_app([plan], today=dt.date(2024, 3, 27), watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = app.query_one(MilestoneTable)
        first = table.selected()
        assert first is not None
        await pilot.press("space", "space")
        await pilot.pause()
        picked = table.selected()
        assert picked is not None and picked[1].id == first[1].id
        assert picked[1].status == "done"
        await pilot.press("space")
        await pilot.pause()
        assert plan.read_bytes() == before
        await pilot.press("down", "up")
        await pilot.pause()
        assert table.selected() is not None


async def test_a_done_row_leaves_the_open_list_once_the_cursor_moves(tmp_path: Path) -> None:
    plan = tmp_path / "dispa.toml"
    shutil.copyfile(SAMPLES / "dispa.toml", plan)
    app = make_app([plan], today=dt.date(2025, 2, 10), watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = app.query_one(MilestoneTable)
        rows = table.row_count
        order = [row.key.value for row in table.ordered_rows]
        await pilot.press("space", "space")
        await pilot.pause()
        # Done, it stays where it was (the cursor with it) while the cursor is on it.
        assert table.row_count == rows
        assert [row.key.value for row in table.ordered_rows] == order
        assert table.cursor_row == 0
        await pilot.press("down")
        await pilot.pause()
        assert table.row_count == rows - 1
        assert [row.key.value for row in table.ordered_rows] == order[1:]
        assert table.selected_key == order[1]


async def test_a_status_key_moves_no_column(tmp_path: Path) -> None:
    # Sized to the rows, "When" would widen from "in 3d" to "done 2025-…" and shift the rest.
    plan = tmp_path / "soon.toml"
    plan.write_text(
        '[plan]\nname = "Soon"\n'
        + "".join(
            f'\n[[milestones]]\nid = "M{n}"\ntitle = "Step {n}"\ndue = 2025-02-1{n + 2}\n'
            'status = "in_progress"\n'
            for n in range(3)
        ),
        encoding="utf-8",
    )
    app = make_app([plan], today=dt.date(2025, 2, 10), watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        table = app.query_one(MilestoneTable)
        widths = [column.width for column in table.columns.values()]
        await pilot.press("space")
        await pilot.pause()
        picked = table.selected()
        assert picked is not None and picked[1].status == "done"
        assert [column.width for column in table.columns.values()] == widths
        await pilot.press("down")  # the done row leaves the open list
        await pilot.pause()
        assert table.row_count == 2
        assert [column.width for column in table.columns.values()] == widths
