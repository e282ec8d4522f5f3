"""RowTable.set_rows: whatever it reuses, the table ends exactly as a fresh fill would make it,
with the cursor on the item it was on."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from roadmap_tui.widgets.row_table import RowTable

COLUMNS: list[tuple[str, int | None]] = [("ID", 4), ("Title", 12)]
Rows = list[tuple[str, list[Text]]]


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield RowTable(id="t")


def rows(*items: str, style: str = "") -> Rows:
    """Rows keyed by id; an item "b=Bee" is id b with the title Bee."""
    made: Rows = []
    for item in items:
        key, _, title = item.partition("=")
        made.append((key, [Text(key), Text(title or key.upper(), style=style)]))
    return made


def shown(table: RowTable) -> list[tuple[str, ...]]:
    """Each row as shown: key, then each cell's text and style."""
    return [
        (str(row.key.value), *(f"{c.plain}|{c.style}" for c in table.get_row(row.key)))
        for row in table.ordered_rows
    ]


def expected(wanted: Rows) -> list[tuple[str, ...]]:
    return [(key, *(f"{c.plain}|{c.style}" for c in cells)) for key, cells in wanted]


STEPS: Sequence[tuple[str, Rows, str]] = [
    # what happens, the rows set, the key the cursor must be on after
    ("a title changes", rows("a", "b=Bee", "c", "d"), "b"),
    ("a style changes, the text does not", rows("a", "b=Bee", "c", "d", style="bold"), "b"),
    ("a row goes above the cursor", rows("a", "c", "d", style="bold"), "c"),
    ("rows come at the end", rows("a", "c", "d", "e", "f"), "c"),
    ("a row comes above the cursor", rows("z", "a", "c", "d", "e", "f"), "c"),
    ("rows swap", rows("z", "c", "a", "d", "e", "f"), "c"),
    ("the selected row goes: the one in its place is", rows("z", "a", "d", "e", "f"), "a"),
    ("all go", [], ""),
]


@pytest.mark.parametrize("stop", range(1, len(STEPS) + 1))
async def test_every_change_ends_as_a_fresh_fill_would(stop: int) -> None:
    app = Host()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        table.set_rows(COLUMNS, rows("a", "b", "c", "d"))
        table.move_cursor(row=1)  # on b
        await pilot.pause()
        for what, wanted, cursor_on in STEPS[:stop]:
            table.set_rows(COLUMNS, wanted)
            await pilot.pause()
            assert shown(table) == expected(wanted), what
            assert (table.selected_key or "") == cursor_on, what


async def test_unchanged_cells_keep_their_objects_and_new_columns_refill() -> None:
    app = Host()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowTable)
        first = rows("a", "b")
        table.set_rows(COLUMNS, first)
        await pilot.pause()
        table.set_rows(COLUMNS, rows("a", "b=Bee"))
        await pilot.pause()
        assert table.get_row("a")[1] is first[0][1][1]  # equal cell: the one shown stays
        assert table.get_row("b")[1].plain == "Bee"
        wider: list[tuple[str, int | None]] = [("ID", 6), ("Title", 20)]
        table.set_rows(wider, rows("a", "b=Bee"))
        await pilot.pause()
        assert [column.width for column in table.ordered_columns] == [6, 20]
        assert shown(table) == expected(rows("a", "b=Bee"))


class TwoTables(App[None]):
    CSS = "RowTable { height: 8; }"

    def compose(self) -> ComposeResult:
        yield RowTable(id="walked")
        yield RowTable(id="fresh")


def painted(table: RowTable) -> list[list[tuple[str, str]]]:
    """Each line the table shows: its segments' text and style."""
    return [[(s.text, str(s.style)) for s in table.render_line(y)] for y in range(8)]


async def test_a_cursor_walked_down_a_scrolling_table_shows_as_if_put_there() -> None:
    # Lines rendered once are reused as the cursor walks on: the screen must still show the
    # cursor on its row alone, exactly as a table that never had it elsewhere.
    app = TwoTables()
    many = rows(*(f"r{n:02d}=Row {n}" for n in range(40)))
    async with app.run_test(size=(40, 20)) as pilot:
        walked, fresh = app.query_one("#walked", RowTable), app.query_one("#fresh", RowTable)
        for table in (walked, fresh):
            table.set_rows(COLUMNS, many)
        walked.focus()
        await pilot.pause()
        for key in ["j"] * 15 + ["k"]:
            await pilot.press(key)
        await pilot.pause()
        assert walked.cursor_row == 14 and walked.scroll_offset.y > 0
        seen = painted(walked)
        fresh.focus()
        fresh.move_cursor(row=14, animate=False)
        await pilot.pause()
        fresh.scroll_to(y=walked.scroll_offset.y, animate=False)
        await pilot.pause()
        assert fresh.scroll_offset == walked.scroll_offset
        assert painted(fresh) == seen
        # The cursor's row, and it alone, looks different from the rows around it.
        looks = {"".join(t for t, _ in line): {st for _, st in line} for line in seen[1:]}
        cursor = [look for text, look in looks.items() if "Row 14" in text]
        others = [look for text, look in looks.items() if "Row 14" not in text]
        assert len(cursor) == 1 and all(look == others[0] != cursor[0] for look in others)
