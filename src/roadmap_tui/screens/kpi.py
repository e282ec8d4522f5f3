"""The KPI detail screen: every field of a KPI, its pace and why, and a chart of its actuals
against its targets and the pace line, all on one scale."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from roadmap_tui.model.pace import target_results
from roadmap_tui.model.plan import Kpi, Point
from roadmap_tui.model.timeline import kpi_view
from roadmap_tui.render.kpis import lone_value, numbers, pace_mark, pace_reason, with_unit
from roadmap_tui.render.text import MUTED_STYLE
from roadmap_tui.widgets.key_bar import KeyBar


def _day(date: dt.date) -> str:
    return date.strftime("%d/%m/%Y")


def _numeric(points: tuple[Point, ...]) -> list[Point]:
    """The points a chart can draw: numbers the loader's rule allows (text values and a stray
    nan or inf could not be scaled; they are listed beside the chart)."""
    return sorted((p for p in points if numbers([p])), key=lambda p: p.date)


class KpiScreen(ModalScreen[None]):
    """A KPI in full: actuals (solid), targets (×) and the pace line, values listed beside."""

    DEFAULT_CSS = """
    KpiScreen > Vertical {
        width: 95%; height: 90%; border: round $accent; background: $surface;
    }
    KpiScreen #kpi-title { padding: 0 1; height: auto; }
    KpiScreen PlotextPlot { height: 1fr; min-height: 8; }
    KpiScreen #kpi-lone { height: 1fr; padding: 1 1; }
    KpiScreen #kpi-values { height: auto; max-height: 10; padding: 0 1; overflow-y: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss", "Close"),
    ]

    def __init__(self, kpi: Kpi, plan_name: str, today: dt.date) -> None:
        super().__init__()
        self.kpi = kpi
        self.plan_name = plan_name
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title(), id="kpi-title")
            lone = lone_value(self.kpi)
            yield PlotextPlot() if lone is None else Static(lone, id="kpi-lone")
            yield Static(self._values(), id="kpi-values")
        yield KeyBar()

    def _title(self) -> Group:
        kpi = self.kpi
        view = kpi_view(kpi, self.today)
        title = Text()
        title.append(kpi.name, style="bold")
        if kpi.unit:
            title.append(" (")
            title.append(kpi.unit)
            title.append(")")
        title.append(" · ")
        title.append(self.plan_name)
        title.append(f" · {kpi.id} · ")
        title.append("lower is better" if kpi.better == "lower" else "higher is better")
        status = pace_mark(view.pace.status)
        status.append("  ")
        status.append(pace_reason(kpi, view.pace, self.today))
        lines = [title, status]
        if kpi.note:
            lines.append(Text(kpi.note, style="italic"))
        return Group(*lines)

    def _values(self) -> Table:
        table = Table.grid(padding=(0, 2))
        for _ in range(3):
            table.add_column()
        results = {id(r.target): r.state for r in target_results(self.kpi, self.today)}
        rows: list[tuple[dt.date, str, Text]] = []
        for point in self.kpi.actuals:
            rows.append((point.date, "actual", Text(with_unit(point.value, self.kpi.unit))))
        for point in self.kpi.targets:
            value = Text(with_unit(point.value, self.kpi.unit))
            state = results.get(id(point), "")
            if state and state != "ahead":
                value.append(f"  {state}", style="bold" if state == "missed" else MUTED_STYLE)
            rows.append((point.date, "target", value))
        for date, kind, value in sorted(rows, key=lambda row: row[0]):
            table.add_row(date.isoformat(), kind, value)
        return table

    def on_mount(self) -> None:
        if not self.query(PlotextPlot):
            return
        plt = self.query_one(PlotextPlot).plt
        plt.date_form("d/m/Y")
        kpi = self.kpi
        actuals = _numeric(kpi.actuals)
        targets = _numeric(kpi.targets)
        if actuals:
            plt.plot(
                [_day(p.date) for p in actuals],
                [float(p.value) for p in actuals],
                marker="braille",
                label="actual",
            )
        if targets:
            plt.scatter(
                [_day(p.date) for p in targets],
                [float(p.value) for p in targets],
                marker="x",
                label="target",
            )
        pace = kpi_view(kpi, self.today).pace
        if pace.start is not None and pace.target is not None and not pace.past:
            line = [pace.start, pace.target]
            plt.plot(
                [_day(p.date) for p in line],
                [float(numbers([p])[0]) for p in line],
                marker="dot",
                label="pace",
            )
        plt.xlabel("date")
        plt.ylabel(kpi.unit or "")
