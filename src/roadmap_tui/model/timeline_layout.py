"""Where dates fall on a character grid: the timeline's axis at week, month or quarter zoom.

One column stands for a fixed number of days at each zoom (1 at weeks, 3 at months, 7 at
quarters), so a date's column is plain arithmetic and every zoom reads left to right in
calendar order. The axis starts on a boundary of its zoom (a Monday, the first of a month, the
first of a quarter) before the plan's first date. Columns are counted from that origin; a view
``width`` columns wide starting at ``left`` shows ``[left, left + width)``, and ``clip`` cuts a
span to it.

Pure arithmetic on dates: no terminal, no text.
"""

from __future__ import annotations

import datetime as dt
import enum

import msgspec


class Zoom(enum.Enum):
    """How much time one column stands for; the tick labels change with it."""

    WEEKS = 1
    MONTHS = 3
    QUARTERS = 7

    @property
    def days(self) -> int:
        """Days per column."""
        return self.value

    @property
    def label(self) -> str:
        return self.name.lower()

    def finer(self) -> Zoom:
        order = list(Zoom)
        return order[max(0, order.index(self) - 1)]

    def coarser(self) -> Zoom:
        order = list(Zoom)
        return order[min(len(order) - 1, order.index(self) + 1)]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def align(day: dt.date, zoom: Zoom) -> dt.date:
    """The boundary of ``zoom`` on or before ``day``: its Monday, month or quarter start."""
    if zoom is Zoom.WEEKS:
        return day - dt.timedelta(days=day.weekday())
    if zoom is Zoom.MONTHS:
        return _month_start(day)
    return _quarter_start(day)


class Axis(msgspec.Struct, frozen=True):
    """Dates on columns: ``origin`` is column 0, each column ``zoom.days`` days."""

    origin: dt.date
    zoom: Zoom
    #: Columns from the origin through the span's last date (at least 1).
    columns: int

    def column(self, day: dt.date) -> int:
        """The column a date falls in (negative before the origin)."""
        return (day - self.origin).days // self.zoom.days

    def date_at(self, column: int) -> dt.date:
        """The first date a column stands for."""
        return self.origin + dt.timedelta(days=column * self.zoom.days)

    def span(self, start: dt.date, end: dt.date) -> tuple[int, int]:
        """The columns from ``start`` to ``end``, both included (swapped if given backwards)."""
        first, last = sorted((self.column(start), self.column(end)))
        return first, last


def axis_for(start: dt.date, end: dt.date, zoom: Zoom) -> Axis:
    """An axis from the zoom boundary on or before ``start`` through ``end``."""
    if end < start:
        start, end = end, start
    origin = align(start, zoom)
    columns = (end - origin).days // zoom.days + 1
    return Axis(origin, zoom, columns)


def fit_zoom(start: dt.date, end: dt.date, width: int) -> Zoom:
    """The finest zoom at which ``start``–``end`` fits ``width`` columns; quarters otherwise
    (the view then scrolls)."""
    for zoom in Zoom:
        if axis_for(start, end, zoom).columns <= width:
            return zoom
    return Zoom.QUARTERS


def clip(first: int, last: int, left: int, width: int) -> tuple[int, int] | None:
    """The part of columns ``first``–``last`` (both included) inside ``[left, left + width)``,
    relative to ``left``; None when none of it is."""
    a, b = max(first, left), min(last, left + width - 1)
    if a > b:
        return None
    return a - left, b - left


class Tick(msgspec.Struct, frozen=True):
    """A labelled boundary on the axis: its column and what it says."""

    column: int
    label: str


def _quarter_label(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def ticks(axis: Axis, left: int, width: int) -> list[Tick]:
    """The boundaries to label in columns ``[left, left + width)``: Mondays (``03-10``) at
    weeks, months (``2025-03``) at months, quarters (``2025 Q2``) at quarters."""
    first = axis.date_at(left)
    last = axis.date_at(left + width) - dt.timedelta(days=1)
    day = align(first, axis.zoom)
    found: list[Tick] = []
    while day <= last:
        column = axis.column(day) - left
        if column >= 0:
            if axis.zoom is Zoom.WEEKS:
                label = day.strftime("%m-%d")
            elif axis.zoom is Zoom.MONTHS:
                label = day.strftime("%Y-%m")
            else:
                label = _quarter_label(day)
            found.append(Tick(column, label))
        if axis.zoom is Zoom.WEEKS:
            day += dt.timedelta(days=7)
        elif axis.zoom is Zoom.MONTHS:
            day = _next_month(day)
        else:
            day = _next_month(_next_month(_next_month(day)))
    return found


def today_column(axis: Axis, today: dt.date, left: int, width: int) -> int | None:
    """Where the today line is drawn in the view, or None when today is scrolled out of it."""
    column = axis.column(today) - left
    return column if 0 <= column < width else None


def scroll_to_show(column: int, left: int, width: int, margin: int = 2) -> int:
    """The ``left`` that keeps ``column`` in view with a little room around it; unchanged when
    it is already in view."""
    if width <= 0:
        return left
    margin = min(margin, max(0, (width - 1) // 2))
    if column < left + margin:
        return max(0, column - margin)
    if column > left + width - 1 - margin:
        return column - width + 1 + margin
    return left


__all__ = [
    "Axis",
    "Tick",
    "Zoom",
    "align",
    "axis_for",
    "clip",
    "fit_zoom",
    "scroll_to_show",
    "ticks",
    "today_column",
]
