"""A DataTable of keyed rows that keeps the cursor on the same item across refreshes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from roadmap_tui.model.plan import Plan
from roadmap_tui.render.text import fit

#: The key of the one row a table shows when it has nothing to list (it names no item).
EMPTY_KEY = "\x00empty"


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
        self._columns: tuple[tuple[str, int | None], ...] = ()
        self._keys: list[str] = []

    def on_focus(self) -> None:
        show_whole_panel(self)

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
        """Show ``rows`` (key, cells) under ``columns`` (label, width or None for auto)."""
        keep = self.selected_key
        old_row = self.cursor_row
        # Widths change with the terminal's size: new widths need new columns, not just new rows.
        wanted = tuple(columns)
        if wanted != self._columns:
            self.clear(columns=True)
            for label, width in columns:
                # Headings keep the cells' one-cell gap, so "Owner" never runs into "Due".
                heading = fit(label, width - 1) if width else Text(label)
                self.add_column(heading, width=width, key=label)
            self._columns = wanted
        else:
            self.clear()
        self._keys = []
        for key, cells in rows:
            self.add_row(*cells, key=key)
            self._keys.append(key)
        if keep is not None and keep in self._keys:
            self.move_cursor(row=self._keys.index(keep), animate=False)
        elif self._keys:
            self.move_cursor(row=min(old_row, len(self._keys) - 1), animate=False)

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
