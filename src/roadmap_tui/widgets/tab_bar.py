"""The row of tab names above the dashboards, and the line under it marking the shown one.

One widget draws both lines, as Textual's tabs look (the shown tab's name bright with a bar
under it, the others dimmed). Textual's ``Tabs`` is a widget per tab plus an underline: at
start-up that is a widget to build and style for each plan file, for names most of which do
not fit on the screen anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import events
from textual.content import Content
from textual.message import Message
from textual.renderables.bar import Bar
from textual.widget import Widget


def _crop_left(text: Text, cells: int) -> Text:
    """``text`` without its first ``cells`` cells (a wide character cut in two is a space)."""
    if cells <= 0:
        return text
    taken = 0
    for index, character in enumerate(text.plain):
        width = cell_len(character)
        if taken + width > cells:
            rest = text[index:]
            if taken < cells:  # half of a wide character is left: a space stands for it
                style = next((s.style for s in text.spans if s.start <= index < s.end), "")
                rest = Text(" ", style=style, end="") + text[index + 1 :]
            return rest
        taken += width
    return Text("", end="")


class TabBar(Widget, can_focus=False):
    """Tab names in order; the ``active`` one bright and underlined, scrolled into view."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tab-bar--tab",
        "tab-bar--active",
        "tab-bar--underline",
    }
    DEFAULT_CSS = """
    TabBar {
        width: 1fr;
        height: 2;
        .tab-bar--tab {
            color: $foreground 50%;
        }
        .tab-bar--active {
            color: $foreground;
        }
        .tab-bar--underline {
            color: $block-cursor-background;
            background: $foreground 10%;
        }
        &:ansi {
            .tab-bar--tab {
                text-style: dim;
            }
            .tab-bar--active {
                text-style: not dim bold;
            }
            .tab-bar--underline {
                background: $border-blurred;
            }
        }
    }
    """

    @dataclass
    class Clicked(Message):
        """A tab's name was clicked."""

        pane_id: str

    def __init__(self, tabs: list[tuple[str, Content]], active: str) -> None:
        super().__init__()
        self._tabs = list(tabs)
        self._active = active
        #: How many cells of the row are scrolled off at the left.
        self._offset = 0
        #: Where each tab's name is on the row, in cells (before scrolling).
        self._places: list[tuple[int, int, str]] = []

    # What the tabs are ----------------------------------------------------------------------

    @property
    def active(self) -> str:
        return self._active

    @active.setter
    def active(self, pane_id: str) -> None:
        if pane_id != self._active:
            self._active = pane_id
            self.refresh()

    @property
    def pane_ids(self) -> list[str]:
        """The tabs' ids, in the order shown."""
        return [pane_id for pane_id, _label in self._tabs]

    def label_of(self, pane_id: str) -> Content:
        return next(label for known, label in self._tabs if known == pane_id)

    def set_label(self, pane_id: str, label: Content) -> None:
        for index, (known, before) in enumerate(self._tabs):
            if known == pane_id:
                if before.plain != label.plain:
                    self._tabs[index] = (pane_id, label)
                    self.refresh()
                return

    def insert(self, pane_id: str, label: Content, before: str | None = None) -> None:
        """Add a tab before the tab ``before`` (at the end when None)."""
        ids = self.pane_ids
        at = ids.index(before) if before in ids else len(ids)
        self._tabs.insert(at, (pane_id, label))
        self.refresh()

    def drop(self, pane_id: str) -> None:
        self._tabs = [(known, label) for known, label in self._tabs if known != pane_id]
        self.refresh()

    # Drawing ----------------------------------------------------------------------------------

    def render(self) -> Group:
        tab_style = self.get_component_rich_style("tab-bar--tab")
        active_style = self.get_component_rich_style("tab-bar--active")
        row = Text(no_wrap=True, overflow="crop", end="")
        places: list[tuple[int, int, str]] = []
        span = (0, 0)
        end = 0  # the row's width so far (``row.cell_len`` measures it all again each time)
        for pane_id, label in self._tabs:
            piece = f" {label.plain} "
            start, end = end, end + cell_len(piece)
            row.append(piece, active_style if pane_id == self._active else tab_style)
            places.append((start, end, pane_id))
            if pane_id == self._active:
                span = (start, end)
        self._places = places
        width = self.size.width
        # The shown tab stays in view: scroll as little as that needs.
        if span[1] - self._offset > width:
            self._offset = span[1] - width
        if span[0] < self._offset:
            self._offset = span[0]
        self._offset = max(0, min(self._offset, max(0, end - width)))
        underline = self.get_component_rich_style("tab-bar--underline")
        bar = Bar(
            highlight_range=(span[0] - self._offset, span[1] - self._offset),
            highlight_style=Style.from_color(underline.color),
            background_style=Style.from_color(underline.bgcolor),
        )
        shown = _crop_left(row, self._offset)
        shown.no_wrap, shown.overflow = True, "crop"
        shown.end = "\n"  # the bar goes on the next line
        return Group(shown, bar)

    def on_click(self, event: events.Click) -> None:
        x = event.x + self._offset
        for start, end, pane_id in self._places:
            if start <= x < end:
                event.stop()
                self.post_message(self.Clicked(pane_id))
                return
