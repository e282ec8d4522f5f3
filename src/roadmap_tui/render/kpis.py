"""KPI rows: latest actual, the trend against the targets ahead, the next target, and the pace.

Pace marks carry a symbol as well as a colour (▲ on track, ◆ at risk, ▼ off track, · no data);
``pace_reason`` says in words why (``needs ≤20 ms by 03-31; pace today 25.5; now 21``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import msgspec
from rich import box
from rich.table import Table
from rich.text import Text

from roadmap_tui.model.pace import Pace, PaceStatus, point_op
from roadmap_tui.model.plan import Kpi, Plan, Point
from roadmap_tui.model.timeline import KpiView, kpi_views
from roadmap_tui.render.text import MUTED_STYLE, number

SPARK_BARS = "▁▂▃▄▅▆▇█"
NO_DATA = "—"
#: Between the actuals and the targets still ahead in a trend cell.
TARGET_MARK = "→"
#: How many targets ahead a trend cell draws after the actuals.
TARGETS_DRAWN = 4

#: (symbol, style) per pace status: a symbol as well as a colour.
PACE_LOOK: dict[PaceStatus, tuple[str, str]] = {
    "on track": ("▲", "green"),
    "at risk": ("◆", "bold yellow"),
    "off track": ("▼", "bold red"),
    "no data": ("·", MUTED_STYLE),
}

KPI_COLUMNS: tuple[str, ...] = ("KPI", "Latest", "Trend", "Next target", "")


def _bars(values: Sequence[float], low: float, high: float) -> str:
    """Each value as a bar between ``low`` and ``high``. The loader lets no nan or inf through;
    should one come anyway it is drawn as a gap."""
    middle = SPARK_BARS[len(SPARK_BARS) // 2]
    top = len(SPARK_BARS) - 1
    # Halves: the span of two huge numbers of opposite sign must not overflow to inf.
    span = high / 2 - low / 2
    return "".join(
        " "
        if not math.isfinite(v)
        else middle
        if span == 0
        else SPARK_BARS[round((v / 2 - low / 2) / span * top)]
        for v in values
    )


def sparkline(values: Sequence[float], width: int = 12) -> str:
    """The last ``width`` values as ``▁▂▃▄▅▆▇█``; one value gives one bar, none gives "—"."""
    if not values or width <= 0:
        return NO_DATA
    values = list(values)[-width:]
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return NO_DATA
    return _bars(values, min(finite), max(finite))


def numbers(points: Sequence[Point]) -> list[float]:
    """The numeric values of ``points`` (text values have no height)."""
    found: list[float] = []
    for point in points:
        value: object = point.value
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            found.append(float(value))
    return found


def lone_value(kpi: Kpi) -> Text | None:
    """What the KPI screen shows instead of a chart when its numbers do not span two dates
    (axes around one dot would mean nothing); None when there is a chart to draw.

    ``30 ms actual on 2025-01-01``, then why there is no chart.
    """
    points = [("actual", p) for p in kpi.actuals if numbers([p])]
    points += [("target", p) for p in kpi.targets if numbers([p])]
    if len({point.date for _, point in points}) >= 2:
        return None
    if not points:
        return Text("No numbers to chart; the values are listed below.", style=MUTED_STYLE)
    text = Text()
    for index, (kind, point) in enumerate(points):
        if index:
            text.append(", ")
        text.append(with_unit(point.value, kpi.unit), style="bold")
        text.append(f" {kind}")
    text.append(f" on {points[0][1].date.isoformat()}\n")
    text.append("One date so far: a chart needs values on two.", style=MUTED_STYLE)
    return text


def trend_cell(history: Sequence[Point], ahead: Sequence[Point], width: int = 12) -> str:
    """Actuals, then ``→`` and the targets still ahead, as bars on ONE scale.

    One value beside four targets still shows where the KPI stands: ``▁→▃▅▆█``. Without
    targets ahead it is the plain sparkline of the actuals; "—" when there is nothing.
    """
    actuals = numbers(history)
    targets = numbers(ahead)[:TARGETS_DRAWN]
    if not targets:
        return sparkline(actuals, width)
    if width < len(targets) + 2:
        targets = targets[: max(0, width - 2)]
    room = max(1, width - len(targets) - 1)
    actuals = actuals[-room:]
    every = actuals + targets
    if not every:
        return NO_DATA
    low, high = min(every), max(every)
    left = _bars(actuals, low, high) if actuals else NO_DATA
    return left + TARGET_MARK + _bars(targets, low, high)


def with_unit(value: float | str, unit: str | None) -> str:
    """``30,000 ops/s``, ``85%``: percent signs stick to the number, other units do not.

    A text value is shown as written.
    """
    if isinstance(value, str):
        return value
    if not unit:
        return number(value)
    return f"{number(value)}{unit}" if unit == "%" else f"{number(value)} {unit}"


def pace_mark(status: PaceStatus) -> Text:
    """``▲ on track``, ``◆ at risk``, ``▼ off track`` or ``· no data``."""
    symbol, style = PACE_LOOK[status]
    return Text(f"{symbol} {status}", style=style, no_wrap=True)


def _short_date(day: dt.date, today: dt.date) -> str:
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


_OP_SIGN = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def _needs(kpi: Kpi, target: Point, today: dt.date) -> str:
    op = point_op(target)
    sign = _OP_SIGN[op] if op else ("≥" if kpi.better == "higher" else "≤")
    if isinstance(target.value, str):
        sign = ""
    return f"{sign}{with_unit(target.value, kpi.unit)} by {_short_date(target.date, today)}"


def pace_reason(kpi: Kpi, pace: Pace, today: dt.date) -> str:
    """Why the KPI has its status: ``needs ≤20 ms by 03-31; pace today 25.5; now 21``."""
    now = f"now {with_unit(pace.latest.value, kpi.unit)}" if pace.latest is not None else ""
    target = pace.target
    if target is None:
        return "; ".join(part for part in ("no target", now) if part)
    if pace.past:
        verdict = {"on track": "met", "off track": "missed"}.get(pace.status, "no actual")
        if pace.why == "text":
            verdict = "text values, not compared"
        return f"needed {_needs(kpi, target, today)}: {verdict}" + (f"; {now}" if now else "")
    needs = f"needs {_needs(kpi, target, today)}"
    if pace.why == "no actual":
        return f"{needs}; no actual yet"
    if pace.why == "text":
        return f"{needs}; text values, not compared" + (f"; {now}" if now else "")
    parts = [needs]
    if pace.pace is not None:
        parts.append(f"pace today {number(round(pace.pace, 1))}")
    parts.append(now)
    return "; ".join(parts)


def target_text(point: Point | None, unit: str | None) -> Text:
    """``15 ms by 2025-03-31``, or "—" when there is no target ahead."""
    if point is None:
        return Text(NO_DATA, style=MUTED_STYLE)
    text = Text(with_unit(point.value, unit))
    text.append(f" by {point.date.isoformat()}", style=MUTED_STYLE)
    return text


class KpiRow(msgspec.Struct, frozen=True):
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
    ahead = sorted((p for p in kpi.targets if p.date >= view.today), key=lambda p: p.date)
    spark = trend_cell(view.history, ahead, spark_width)
    cells = (
        Text(kpi.name, style="bold"),
        latest_text,
        Text(spark, style="cyan" if spark != NO_DATA else MUTED_STYLE),
        target_text(view.target, kpi.unit),
        pace_mark(view.pace.status),
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


def kpi_reasons(rows: Sequence[KpiRow]) -> list[Text]:
    """One line per KPI saying why it has its pace status (what ``show`` prints under the table)."""
    lines = []
    for row in rows:
        view = row.view
        line = Text(view.kpi.name, style="bold")
        line.append(": ")
        line.append(pace_reason(view.kpi, view.pace, view.today))
        lines.append(line)
    return lines


def kpi_table(
    rows: Sequence[KpiRow], *, title: str | None = None, empty: str = "No KPIs in this plan."
) -> Table:
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
        table.add_row(Text(empty, style=MUTED_STYLE), *[Text("")] * 4)
    return table
