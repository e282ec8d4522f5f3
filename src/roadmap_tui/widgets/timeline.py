"""The Timeline view: plans on a date axis, drawn a line at a time (Textual's Line API).

Only the lines on screen are drawn, each from the rows ``render.timeline`` keeps, so ten
thousand milestones scroll as fast as ten. The first two lines are the axis, the last two the
selected row's detail; the rest are rows. Keys: ``j``/``k`` (or arrows) select, ``h``/``l``
scroll in time, ``<``/``>`` zoom between weeks, months and quarters, ``.`` brings today into
view, ``+``/``-`` move the selected item's due date a week, ``}``/``{`` (or ctrl+→/ctrl+←) move
it together with everything that depends on it, as one edit that one ``u`` undoes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from roadmap_tui.messages import HistoryWanted, ItemKind, request_edit
from roadmap_tui.model.plan import Plan
from roadmap_tui.model.slips import DueVersion
from roadmap_tui.model.timeline_layout import Zoom, scroll_to_show, today_column
from roadmap_tui.render.text import fit
from roadmap_tui.render.timeline import (
    MAX_WIDTH,
    Key,
    Marks,
    Row,
    Timeline,
    TimelineFrame,
    build_timeline,
    style_of,
    zoom_for,
)
from roadmap_tui.render.timeline_text import detail, marks_for
from roadmap_tui.workspace.intents import ShiftDue, ShiftWithDependents, Target

#: Lines above the rows (the axis) and below them (the detail line).
HEADER, FOOTER = 2, 2


#: Drawn rows kept for reuse, a few screens' worth.
CACHE_LINES = 1000


class TimelineChart(Widget, can_focus=True):
    """Phases, milestones and tasks of one plan (or of all) on a date axis."""

    DEFAULT_CSS = """
    TimelineChart {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,g", "move(-1000000000)", "First", show=False),
        Binding("end,G", "move(1000000000)", "Last", show=False),
        Binding("right,l", "scroll_time(1)", "Later", show=False),
        Binding("left,h", "scroll_time(-1)", "Earlier", show=False),
        Binding("less_than_sign", "zoom(-1)", "Finer", key_display="<"),
        Binding("greater_than_sign", "zoom(1)", "Coarser", key_display=">"),
        Binding("full_stop", "to_today", "Today", show=False, key_display="."),
        Binding("plus,equals_sign", "shift(7)", "Due +1 week", show=False, key_display="+"),
        Binding("minus", "shift(-7)", "Due -1 week", show=False, key_display="-"),
        Binding(
            "right_curly_bracket,ctrl+right",
            "shift_with_dependents(7)",
            "+1 week with dependents",
            key_display="}",
        ),
        Binding(
            "left_curly_bracket,ctrl+left",
            "shift_with_dependents(-7)",
            "-1 week with dependents",
            show=False,
            key_display="{",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._plans: list[tuple[Path, Plan]] = []
        self._today = dt.date.today()
        self._versions: dict[Path, Sequence[DueVersion]] = {}
        self.timeline: Timeline | None = None
        self.zoom: Zoom | None = None  # None: fit the span on the first draw
        self.left = 0
        self.top = 0
        self.cursor = 0
        self._frame: TimelineFrame | None = None
        self._marks = Marks()
        self._cache: dict[tuple[int, int, str], Strip] = {}
        self._cache_state: tuple[object, ...] = ()

    # Data ------------------------------------------------------------------------------------

    def show(self, plans: Sequence[tuple[Path, Plan]], today: dt.date) -> None:
        """Show these plans; the selection stays on the same item, the zoom and scroll stay."""
        changed = [p for p, plan in plans if dict(self._plans).get(p) is not plan]
        key = self.selected_key()
        self._plans, self._today = list(plans), today
        self._rebuild(key)
        if changed:
            self.post_message(HistoryWanted(self, changed))

    def show_versions(self, versions: dict[Path, Sequence[DueVersion]]) -> None:
        """Committed due dates arrived (read off the UI thread): show the slips they make."""
        if not any(versions.values()) and not any(self._versions.get(p) for p in versions):
            return  # no history before, none now: nothing to redraw
        self._versions.update(versions)
        self._rebuild(self.selected_key())

    def _rebuild(self, key: Key | None) -> None:
        self.timeline = build_timeline(self._plans, self._today, self._versions)
        found = self.timeline.index_of(key) if key is not None else None
        self.cursor = found if found is not None else min(self.cursor, self._last_row())
        self._frame = None
        self._after_move()

    def _last_row(self) -> int:
        return max(0, len(self.timeline.rows) - 1) if self.timeline else 0

    # Selection -------------------------------------------------------------------------------

    def selected_row(self) -> Row | None:
        if self.timeline is None or not self.timeline.rows:
            return None
        return self.timeline.rows[min(self.cursor, self._last_row())]

    def selected_key(self) -> Key | None:
        row = self.selected_row()
        return row.key if row is not None else None

    def select(self, path: Path, item_id: str) -> bool:
        """Put the cursor on an item (the Milestones panel's selection); False if not here."""
        if self.timeline is None:
            return False
        found = self.timeline.index_of((path, item_id))
        if found is None:
            return False
        self.cursor = found
        self._after_move()
        return True

    def _after_move(self) -> None:
        self._marks = marks_for(self.timeline, self.selected_row()) if self.timeline else Marks()
        if self.size.height:  # not yet laid out: on_resize places it
            rows = self._rows_height()
            if self.cursor < self.top:
                self.top = self.cursor
            elif self.cursor >= self.top + rows:
                self.top = self.cursor - rows + 1
            self.top = max(0, min(self.top, len(self.timeline.rows) - rows if self.timeline else 0))
        self._keep_marker_in_view()
        self.refresh()

    def _keep_marker_in_view(self) -> None:
        row, frame = self.selected_row(), self.frame()
        if row is None or frame is None:
            return
        # A phase is found by its start, anything else by its (due) date.
        day = row.start if row.kind == "phase" else row.end
        if day is None:
            return
        self.left = scroll_to_show(frame.axis.column(day), self.left, frame.chart)
        frame.left = self.left

    # Drawing ---------------------------------------------------------------------------------

    @property
    def _area(self) -> Size:
        """The widget's size. It has no border or padding, so this is its content's size, and
        it is read without ``size``'s walk through the screen's layout (once per line drawn)."""
        return self.outer_size

    def _rows_height(self) -> int:
        return max(1, self._area.height - HEADER - FOOTER)

    def frame(self) -> TimelineFrame | None:
        """The drawing settings for the current width, zoom and scroll."""
        width = self._area.width
        if self.timeline is None or not width:
            return None
        if self.zoom is None:
            self.zoom = zoom_for(self.timeline, width)
            start = TimelineFrame(self.timeline, width, self.zoom)
            self.left = self._left_for_today(start)
        frame = self._frame
        if frame is None or frame.width != min(width, MAX_WIDTH) or frame.zoom != self.zoom:
            frame = self._frame = TimelineFrame(self.timeline, width, self.zoom)
        frame.left = self.left
        return frame

    def _left_for_today(self, frame: TimelineFrame) -> int:
        """Start at the plan's start; if the span does not fit, with today a third in."""
        if frame.axis.columns <= frame.chart:
            return 0
        column = frame.axis.column(self._today)
        most = max(0, frame.axis.columns - frame.chart)
        return max(0, min(most, column - frame.chart // 3))

    def on_resize(self) -> None:
        self._frame = None
        self._after_move()

    def render_line(self, y: int) -> Strip:
        frame = self.frame()
        size = self._area
        width = size.width
        if frame is None or self.timeline is None:
            return Strip.blank(width)
        # Lines already drawn at this width, zoom and scroll are kept: a key that moves the
        # cursor redraws the rows it changed, not the screen.
        state = (width, frame.zoom, self.left, id(self.timeline), self._today)
        if state != self._cache_state or len(self._cache) > CACHE_LINES:
            self._cache, self._cache_state = {}, state
        if y < HEADER:
            key = (-1 - y, 0, "")
            if key not in self._cache:
                self._cache[key] = self._strip(frame.header()[y], width)
            return self._cache[key]
        footer = size.height - FOOTER
        if y >= footer:
            key = (-10 - self.cursor * 2 - (y - footer), int(self.has_focus), "")
            if key not in self._cache:
                lines = detail(self.timeline, self.selected_row())
                # Cut with "…": the line goes on, and the rest is printed by ``show``.
                line = lines[y - footer]
                self._cache[key] = self._strip(fit(line, width), width)
            return self._cache[key]
        index = self.top + y - HEADER
        if index >= len(self.timeline.rows):
            return Strip.blank(width)
        item = self.timeline.rows[index].item_id
        mark = "b" if item in self._marks.before else "a" if item in self._marks.after else ""
        cursor = 0 if index != self.cursor else 1 if self.has_focus else 2
        key = (index, cursor, mark)
        strip = self._cache.get(key)
        if strip is None:
            runs = frame.row_runs(
                index,
                selected=cursor == 1,
                marks=self._marks,
                extra="underline" if cursor == 2 else "",
            )
            segments = [Segment(text, style_of(style)) for text, style in runs]
            # The runs are drawn to a known number of cells: no need to measure them again.
            length = frame.labels + frame.chart
            strip = Strip(segments, length).crop_extend(0, width, Style.null()).simplify()
            self._cache[key] = strip
        return strip

    def _strip(self, text: Text, width: int) -> Strip:
        segments = list(text.render(self.app.console))
        return Strip(segments).crop_extend(0, width, Style.null()).simplify()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # Keys ------------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.cursor = max(0, min(self._last_row(), self.cursor + step))
        self._after_move()

    def action_page(self, step: int) -> None:
        self.action_move(step * self._rows_height())

    def action_scroll_time(self, step: int) -> None:
        frame = self.frame()
        if frame is None:
            return
        # Today may lie past the plan's span (``.`` shows it there): scrolling on from there
        # stays put rather than jumping back to the span's end.
        most = max(0, frame.axis.columns - frame.chart, self.left)
        self.left = max(0, min(most, self.left + step * max(1, frame.chart // 4)))
        self.refresh()

    def action_zoom(self, step: int) -> None:
        frame = self.frame()
        if frame is None or self.zoom is None:
            return
        # Zoom around the selected item's date, else around the middle of the view.
        row = self.selected_row()
        middle = frame.axis.date_at(self.left + frame.chart // 2)
        if row is not None and row.end is not None:
            middle = row.end
        self.zoom = self.zoom.finer() if step < 0 else self.zoom.coarser()
        frame = self.frame()
        assert frame is not None
        self.left = max(0, frame.axis.column(middle) - frame.chart // 2)
        self.refresh()
        self.notify(f"Zoom: {self.zoom.label}", timeout=1)

    def action_to_today(self) -> None:
        frame = self.frame()
        if frame is None:
            return
        if today_column(frame.axis, self._today, self.left, frame.chart) is None:
            self.left = max(0, frame.axis.column(self._today) - frame.chart // 3)
        self.refresh()

    def _item(self) -> Row | None:
        row = self.selected_row()
        if row is None or row.kind not in ("milestone", "task"):
            self.app.bell()
            return None
        return row

    def action_shift(self, days: int) -> None:
        row = self._item()
        if row is not None:
            kind: ItemKind = "milestones" if row.kind == "milestone" else "tasks"
            request_edit(self, ShiftDue(Target(row.path, kind, row.item_id), days))

    def action_shift_with_dependents(self, days: int) -> None:
        row = self._item()
        if row is not None:
            kind: ItemKind = "milestones" if row.kind == "milestone" else "tasks"
            target = Target(row.path, kind, row.item_id)
            request_edit(self, ShiftWithDependents(target, days))

    # Mouse -----------------------------------------------------------------------------------

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.top = min(max(0, self._last_row() - self._rows_height() + 1), self.top + 3)
        self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.top = max(0, self.top - 3)
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = self.top + event.y - HEADER
        if HEADER <= event.y < self.size.height - FOOTER and 0 <= index <= self._last_row():
            self.cursor = index
            self._after_move()


__all__ = ["TimelineChart"]
