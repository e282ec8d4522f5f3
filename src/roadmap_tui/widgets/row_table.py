"""A DataTable of keyed rows that keeps the cursor on the same item across refreshes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar, TypeVar
from weakref import WeakKeyDictionary

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey, RowDoesNotExist, RowKey

from roadmap_tui.model.plan import Plan
from roadmap_tui.render.text import fit

#: The key of the one row a table shows when it has nothing to list (it names no item).
EMPTY_KEY = "\x00empty"
SegmentLines = list[list[Segment]]
#: A cell no row or column has (not even the header's, -1).
_NOWHERE = Coordinate(-2, -2)
#: Past this many rows gone at once, removing them one by one costs more than filling afresh.
PATCH_LIMIT = 40


def same_cell(old: Text, new: Text) -> bool:
    """Whether two cells look the same (``Text ==`` compares the characters and spans only)."""
    return old is new or (
        old.plain == new.plain
        and old.spans == new.spans
        and old.style == new.style
        and old.justify == new.justify
        and old.overflow == new.overflow
        and old.no_wrap == new.no_wrap
    )


def same_inputs(old: object, new: object) -> bool:
    """Whether two sets of inputs to a panel are the same: tuples item by item, ``Text`` with
    its styles (``same_cell``), anything else by identity or ``==``."""
    if old is new:
        return True
    if isinstance(old, Text) and isinstance(new, Text):
        return same_cell(old, new)
    if isinstance(old, tuple) and isinstance(new, tuple):
        return len(old) == len(new) and all(map(same_inputs, old, new))
    return old == new


def update_in_place(static: Static, content: VisualType) -> None:
    """``static.update(content)``, laying the screen out again only if its height changes.

    ``Static.update`` lays the whole screen out, which costs a frame of every panel; a new
    count or progress bar on lines that stay as many needs only this widget repainted.
    """
    before = static.content_size
    parent = static.parent
    static.update(content, layout=False)
    if static.is_mounted and not all(node.display for node in static.ancestors_with_self):
        return  # in a hidden tab: showing the tab lays it out
    styles = static.styles
    if (
        not static.is_mounted
        or not before.width
        or not isinstance(parent, Widget)
        or (styles.width is not None and styles.width.is_auto)
    ):
        static.refresh(layout=True)  # not laid out yet, or its width follows its content
        return
    if styles.height is not None and not styles.height.is_auto:
        return  # its size is set by its styles, whatever it shows
    height = static.get_content_height(parent.size, static.app.size, before.width)
    if height != before.height:
        static.refresh(layout=True)


_subtitles: WeakKeyDictionary[Widget, str] = WeakKeyDictionary()


def set_border_subtitle(panel: Widget, text: str) -> None:
    """Set ``panel``'s border subtitle (as plain text), if it changes: Textual repaints the
    whole panel, the table in it too, on every set, even to the same words."""
    if _subtitles.get(panel) != text:
        _subtitles[panel] = text
        panel.border_subtitle = Content(text)


class Once:
    """Tells whether a panel's inputs changed since it was last drawn.

    ``Static.update`` lays the whole screen out again; a reload of one file must not do that
    for every panel whose content came out the same.
    """

    def __init__(self) -> None:
        self._last: tuple[object, ...] | None = None

    def changed(self, *inputs: object) -> bool:
        """True, and remember ``inputs``, unless they are the same as last time."""
        if self._last is not None and same_inputs(self._last, inputs):
            return False
        self._last = inputs
        return True

    def forget(self) -> None:
        """The next ``changed`` is True whatever it is given."""
        self._last = None


def sized_like(table: Widget) -> Widget | None:
    """``table`` once laid out; before that, a table of its kind already laid out, if any.

    Every tab lays out alike: a table built in a hidden tab fills at the width a shown tab's
    table has, which is the width it gets when shown, so its first resize changes no column.
    Only a table with no such peer (the first tab's, at start-up) fills at a guess.
    """
    if table.size.width:
        return table
    if not table.is_attached:
        return None
    return next((peer for peer in table.screen.query(type(table)) if peer.size.width), None)


_W = TypeVar("_W", bound=Widget)


def built_when_needed(parent: Widget, kind: type[_W], make: Callable[[], _W]) -> _W:
    """``parent``'s child of ``kind``, made and mounted the first time it is asked for: a view
    most sessions never open costs start-up nothing."""
    found = parent.query_children(kind)
    if found:
        return found.first()
    child = make()
    parent.mount(child)
    return child


def show_whole_panel(widget: Widget) -> None:
    """Once focus has scrolled to ``widget``, scroll on to its panel's top, title and all.

    Only stacked panels (small terminals) scroll; there the screen alone would bring just the
    focused table into view and leave the panel's title, which says where the keys go, above.
    """
    panel = widget.parent
    if isinstance(panel, Widget) and panel.has_class("panel"):
        widget.call_after_refresh(panel.scroll_visible, animate=False, top=True)


class RowTable(DataTable[Text]):
    """Rows keyed by item; ``set_rows`` replaces them and keeps the selection by key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("home,g", "first_row", "First", show=False),
        Binding("end,G", "last_row", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, cell_padding=0)
        self._style_this_paint: Style | None = None
        self._columns: tuple[tuple[str, int | None], ...] = ()
        self._column_keys: list[ColumnKey] = []
        #: The rows' keys in order, and the cells each row was last given.
        self._keys: list[str] = []
        self._row_cells: dict[str, tuple[Text, ...]] = {}

    def on_focus(self) -> None:
        show_whole_panel(self)

    def render_lines(self, crop: Region) -> list[Strip]:
        # DataTable asks for ``rich_style`` once per line, and Textual works it out afresh
        # each time from every ancestor's styles: once per paint is enough (nothing in a
        # paint changes a style).
        self._style_this_paint = super().rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._style_this_paint = None

    @property
    def rich_style(self) -> Style:
        style = self._style_this_paint
        return style if style is not None else super().rich_style

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        # DataTable keeps each row's rendered line under where the cursor and the mouse are,
        # so a cursor move that scrolls renders every row on screen again. A row cursor
        # changes the look of the row it is on only: any other row is asked for as if both
        # were off the table, and its line rendered once is used again.
        if self.cursor_type == "row":
            row = self._row_locations.get(row_key)
            if cursor_location.row != row:
                cursor_location = _NOWHERE
            if hover_location.row != row:
                hover_location = _NOWHERE
        return super()._render_line_in_row(
            row_key, line_no, base_style, cursor_location, hover_location
        )

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor."""
        if not self._keys or not 0 <= self.cursor_row < len(self._keys):
            return None
        return self._keys[self.cursor_row]

    def set_rows(
        self,
        columns: Sequence[tuple[str, int | None]],
        rows: Sequence[tuple[str, Sequence[Text]]],
    ) -> None:
        """Show ``rows`` (key, cells) under ``columns`` (label, width or None for auto).

        Only what differs from the table as it stands is touched: the same rows in the same
        order change just the cells that differ; rows gone are removed and new ones added at the
        end where that gives the same order; the table is filled afresh only when the columns
        change or the rows are reordered. The cursor stays on the item it was on.
        """
        keep = self.selected_key
        old_row = self.cursor_row
        # A row short of cells shows blanks after them: say so, so rows compare cell by cell.
        blank = Text("")
        rows = [(key, (*cells, *(blank,) * (len(columns) - len(cells)))) for key, cells in rows]
        keys = [key for key, _cells in rows]
        wanted = tuple(columns)
        same_rows = keys == self._keys and wanted == self._columns
        if wanted != self._columns:
            # Widths change with the terminal's size: new widths need new columns.
            self.clear(columns=True)
            self._column_keys = []
            for label, width in columns:
                # Headings keep the cells' one-cell gap, so "Owner" never runs into "Due".
                heading = fit(label, width - 1) if width else Text(label)
                self._column_keys.append(self.add_column(heading, width=width, key=label))
            self._columns = wanted
            self._refill(rows)
        elif same_rows:
            self._update_cells(rows)
        elif not self._patch(rows):
            self.clear()
            self._refill(rows)
        index = self._keys.index(keep) if keep is not None and keep in self._keys else None
        if index is None and self._keys:
            index = min(old_row, len(self._keys) - 1)
        if index is not None and (index != self.cursor_row or not same_rows):
            # Only a cursor that moves scrolls: a reload that changed some cells must not
            # scroll back a table the user scrolled away from the cursor.
            self.move_cursor(row=index, animate=False)

    def _refill(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Add every row to the (empty) table."""
        self._keys = []
        self._row_cells = {}
        for key, cells in rows:
            self._add(key, cells)

    def _add(self, key: str, cells: Sequence[Text]) -> None:
        self.add_row(*cells, key=key)
        self._keys.append(key)
        self._row_cells[key] = tuple(cells)

    def _update_cells(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Rows already shown in this order: replace just the cells that differ."""
        for key, cells in rows:
            shown = self._row_cells[key]
            repaint = False
            for column, (old, new) in enumerate(zip(shown, cells, strict=True)):
                if same_cell(old, new):
                    continue
                if self._columns[column][1] is None:  # an auto width may have to grow
                    self.update_cell(key, self._column_keys[column], new, update_width=True)
                else:
                    # ``update_cell`` repaints the whole table; a cell of fixed width changes
                    # only its row's line, so only that line is painted again.
                    self._data[RowKey(key)][self._column_keys[column]] = new
                    self._update_count += 1
                    repaint = True
            if repaint:
                self.refresh_row(self.get_row_index(key))
            self._row_cells[key] = tuple(cells)

    def _patch(self, rows: Sequence[tuple[str, Sequence[Text]]]) -> bool:
        """Remove the rows gone and add the new ones at the end, if that gives ``rows``' order.

        Returns:
            False (having changed nothing) when it does not: rows moved, or a row came in
            above the end. The caller fills the table afresh then.
        """
        wanted = {key for key, _cells in rows}
        gone = [key for key in self._keys if key not in wanted]
        staying = [key for key in self._keys if key in wanted]
        if [key for key, _cells in rows[: len(staying)]] != staying or len(gone) > PATCH_LIMIT:
            return False
        for key in gone:
            self.remove_row(key)
            del self._row_cells[key]
        self._keys = staying
        self._update_cells(rows[: len(staying)])
        for key, cells in rows[len(staying) :]:
            self._add(key, cells)
        return True

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)

    def select_key(self, key: str) -> bool:
        """Move the cursor to the row with ``key``; False if there is none."""
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, animate=False)
        return True


class PlansTable(RowTable):
    """A RowTable over plans as of a day, rebuilt whenever they or its size change."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._plans: list[tuple[Path, Plan]] = []
        self._today = dt.date.today()

    def show(self, plans: Sequence[tuple[Path, Plan]], today: dt.date) -> None:
        """Show these plans as of ``today``."""
        self._plans = list(plans)
        self._today = today
        self._rebuild()

    def on_resize(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        """Fill the table from ``_plans`` for its current width."""
        raise NotImplementedError
