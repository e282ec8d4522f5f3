"""KPI rows: latest actual, a sparkline of actuals, the next target, and whether it is on track.

On-track marks carry a symbol as well as a colour (▲ on track, ▼ off track, · no data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich import box
from rich.table import Table
from rich.text import Text

from roadmap_tui.model.plan import Plan, Point
from roadmap_tui.model.timeline import KpiView, kpi_views
from roadmap_tui.render.text import MUTED_STYLE, number

SPARK_BARS = "▁▂▃▄▅▆▇█"
NO_DATA = "—"

#: (symbol, words, style) for on track, off track and unknown.
ON_TRACK = ("▲", "on track", "green")
OFF_TRACK = ("▼", "off track", "bold red")
UNKNOWN = ("·", "no data", MUTED_STYLE)

KPI_COLUMNS: tuple[str, ...] = ("KPI", "Latest", "Trend", "Next target", "")


def sparkline(values: Sequence[float], width: int = 12) -> str:
    """The last ``width`` values as ``▁▂▃▄▅▆▇█``; one value gives one bar, none gives "—"."""
    if not values or width <= 0:
        return NO_DATA
    values = list(values)[-width:]
    low, high = min(values), max(values)
    if high == low:
        return SPARK_BARS[len(SPARK_BARS) // 2] * len(values)
    top = len(SPARK_BARS) - 1
    return "".join(SPARK_BARS[round((v - low) / (high - low) * top)] for v in values)


def with_unit(value: float | str, unit: str | None) -> str:
    """``30,000 ops/s``, ``85%``: percent signs stick to the number, other units do not.

    A text value ("GA 发布") is shown as written, without the unit.
    """
    if not unit or isinstance(value, str):
        return number(value)
    return f"{number(value)}{unit}" if unit == "%" else f"{number(value)} {unit}"


def on_track_mark(on_track: bool | None) -> Text:
    """``▲ on track``, ``▼ off track`` or ``· no data``."""
    symbol, words, style = ON_TRACK if on_track else OFF_TRACK if on_track is False else UNKNOWN
    return Text(f"{symbol} {words}", style=style, no_wrap=True)


def _target(point: Point | None, unit: str | None) -> Text:
    if point is None:
        return Text(NO_DATA, style=MUTED_STYLE)
    text = Text(with_unit(point.value, unit))
    text.append(f" by {point.date.isoformat()}", style=MUTED_STYLE)
    return text


@dataclass(frozen=True)
class KpiRow:
    """One KPI ready to display; ``cells`` line up with ``KPI_COLUMNS``."""

    key: tuple[str, str]
    view: KpiView
    cells: tuple[Text, ...]


def kpi_row(view: KpiView, path: Path, *, spark_width: int = 12) -> KpiRow:
    """The row for one KPI view of the plan in file ``path``."""
    kpi = view.kpi
    latest = view.latest
    latest_text = (
        Text(with_unit(latest.value, kpi.unit))
        if latest is not None
        else Text(NO_DATA, style=MUTED_STYLE)
    )
    spark = sparkline([p.value for p in view.history if not isinstance(p.value, str)], spark_width)
    cells = (
        Text(kpi.name, style="bold"),
        latest_text,
        Text(spark, style="cyan" if view.history else MUTED_STYLE),
        _target(view.target, kpi.unit),
        on_track_mark(view.on_track),
    )
    for cell in cells:
        if "\n" in cell.plain:
            cell.plain = cell.plain.replace("\n", " ")
        cell.no_wrap = True
        cell.overflow = "ellipsis"
    return KpiRow((str(path), kpi.id), view, cells)


def kpi_rows(path: Path, plan: Plan, today: dt.date, *, spark_width: int = 12) -> list[KpiRow]:
    """Rows for every KPI of ``plan`` (file order), as things stand on ``today``."""
    return [kpi_row(view, path, spark_width=spark_width) for view in kpi_views(plan, today)]


def kpi_table(rows: Sequence[KpiRow], *, title: str | None = None) -> Table:
    """A Rich table of KPI rows that never wraps: long names are cut with "…"."""
    table = Table(
        box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0)
    )
    if title:
        table.title = Text(title)
    for heading in KPI_COLUMNS:
        table.add_column(
            heading,
            no_wrap=True,
            overflow="ellipsis",
            ratio=1 if heading == "KPI" else None,
            min_width=6 if heading == "KPI" else None,
        )
    for row in rows:
        table.add_row(*row.cells)
    if not rows:
        table.add_row(Text("No KPIs.", style=MUTED_STYLE), *[Text("")] * 4)
    return table
