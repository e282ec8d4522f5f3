"""The timeline's axis: date → column at each zoom, ticks, the today line, clipping, fitting."""

from __future__ import annotations

import datetime as dt

import pytest

from roadmap_tui.model.timeline_layout import (
    Tick,
    Zoom,
    axis_for,
    clip,
    fit_zoom,
    scroll_to_show,
    ticks,
    today_column,
)

START, END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)  # a Wednesday; 90 days


@pytest.mark.parametrize(
    ("zoom", "origin", "first", "last", "columns"),
    [
        # weeks: one day a column, from the Monday before (2024-12-30): 2 and 91.
        (Zoom.WEEKS, dt.date(2024, 12, 30), 2, 91, 92),
        # months: three days a column from 01-01: day 89 is column 29.
        (Zoom.MONTHS, dt.date(2025, 1, 1), 0, 29, 30),
        # quarters: a week a column from the quarter's first day: 89 // 7 = 12.
        (Zoom.QUARTERS, dt.date(2025, 1, 1), 0, 12, 13),
    ],
)
def test_date_to_column_at_each_zoom(
    zoom: Zoom, origin: dt.date, first: int, last: int, columns: int
) -> None:
    axis = axis_for(START, END, zoom)
    assert axis.origin == origin
    assert (axis.column(START), axis.column(END)) == (first, last)
    assert axis.columns == columns
    assert axis.span(END, START) == (first, last)


def test_fit_takes_the_finest_zoom_that_fits() -> None:
    assert fit_zoom(START, END, 100) is Zoom.WEEKS
    assert fit_zoom(START, END, 60) is Zoom.MONTHS
    assert fit_zoom(START, END, 20) is Zoom.QUARTERS
    assert fit_zoom(START, END, 5) is Zoom.QUARTERS  # too long for any: it scrolls


def test_zoom_steps_stop_at_the_ends() -> None:
    assert Zoom.WEEKS.coarser() is Zoom.MONTHS
    assert Zoom.QUARTERS.coarser() is Zoom.QUARTERS
    assert Zoom.WEEKS.finer() is Zoom.WEEKS


def test_ticks_label_the_zoom_boundaries() -> None:
    months = axis_for(START, END, Zoom.MONTHS)
    assert ticks(months, 0, 30) == [Tick(0, "2025-01"), Tick(10, "2025-02"), Tick(19, "2025-03")]
    # scrolled right by 5: February's tick moves left by 5, January's is out of view.
    assert ticks(months, 5, 10) == [Tick(5, "2025-02")]
    weeks = axis_for(START, END, Zoom.WEEKS)
    assert ticks(weeks, 0, 14) == [Tick(0, "12-30"), Tick(7, "01-06")]
    quarters = axis_for(START, dt.date(2025, 7, 1), Zoom.QUARTERS)
    assert ticks(quarters, 0, 30) == [Tick(0, "2025 Q1"), Tick(12, "2025 Q2"), Tick(25, "2025 Q3")]


def test_today_line_in_view_or_not() -> None:
    axis = axis_for(START, END, Zoom.MONTHS)
    today = dt.date(2025, 2, 15)  # day 45: column 15
    assert today_column(axis, today, 0, 30) == 15
    assert today_column(axis, today, 10, 10) == 5
    assert today_column(axis, today, 16, 10) is None
    assert today_column(axis, dt.date(2024, 12, 31), 0, 30) is None


def test_clip_cuts_a_span_to_the_view() -> None:
    assert clip(5, 20, 10, 8) == (0, 7)
    assert clip(12, 12, 10, 8) == (2, 2)
    assert clip(0, 3, 10, 8) is None
    assert clip(18, 30, 10, 8) is None


def test_scrolling_keeps_a_column_in_view() -> None:
    assert scroll_to_show(5, 0, 20) == 0
    assert scroll_to_show(30, 0, 20) == 13
    assert scroll_to_show(3, 10, 20) == 1
