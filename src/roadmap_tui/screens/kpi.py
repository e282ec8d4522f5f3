"""The KPI detail screen: a chart of a KPI's actuals against its targets over time."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from roadmap_tui.model.plan import Kpi
from roadmap_tui.model.timeline import kpi_view
from roadmap_tui.render.text import number


def _day(date: dt.date) -> str:
    return date.strftime("%d/%m/%Y")


class KpiScreen(ModalScreen[None]):
    """Actuals (solid) and targets (dashed) of one KPI, with the values listed beside."""

    DEFAULT_CSS = """
    KpiScreen > Vertical {
        width: 95%; height: 90%; border: round $accent; background: $surface;
    }
    KpiScreen #kpi-title { padding: 0 1; height: auto; }
    KpiScreen PlotextPlot { height: 1fr; min-height: 8; }
    KpiScreen #kpi-values { height: auto; max-height: 8; padding: 0 1; }
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
        kpi = self.kpi
        view = kpi_view(kpi, self.today)
        title = Text()
        title.append(kpi.name, style="bold")
        if kpi.unit:
            title.append(f" ({kpi.unit})")
        title.append(f" · {self.plan_name} · ")
        title.append("lower is better" if kpi.better == "lower" else "higher is better")
        if view.on_track is not None:
            title.append("  ▲ on track" if view.on_track else "  ▼ off track")
        with Vertical():
            yield Static(title, id="kpi-title")
            yield PlotextPlot()
            yield Static(self._values(), id="kpi-values")
        yield Footer()

    def _values(self) -> Table:
        table = Table.grid(padding=(0, 2))
        for _ in range(3):
            table.add_column()
        points = [("actual", p) for p in self.kpi.actuals] + [
            ("target", p) for p in self.kpi.targets
        ]
        for kind, point in sorted(points, key=lambda item: item[1].date):
            table.add_row(point.date.isoformat(), kind, Text(number(point.value)))
        return table

    def on_mount(self) -> None:
        plt = self.query_one(PlotextPlot).plt
        plt.date_form("d/m/Y")
        kpi = self.kpi
        # Only numbers can be plotted; text values ("GA 发布") are in the table.
        numeric = [p for p in kpi.actuals if not isinstance(p.value, str)]
        if numeric:
            actuals = sorted(numeric, key=lambda p: p.date)
            plt.plot(
                [_day(p.date) for p in actuals],
                [p.value for p in actuals],
                marker="braille",
                label="actual",
            )
        numeric_targets = [p for p in kpi.targets if not isinstance(p.value, str)]
        if numeric_targets:
            targets = sorted(numeric_targets, key=lambda p: p.date)
            plt.plot(
                [_day(p.date) for p in targets],
                [p.value for p in targets],
                marker="x",
                label="target",
            )
        plt.xlabel("date")
        plt.ylabel(kpi.unit or "")
