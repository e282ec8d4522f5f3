"""The ``?`` help screen: every key of the app and of each panel, from their own bindings."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def _key_text(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    keys = [key.strip() for key in binding.key.split(",")]
    names = {
        "space": "space",
        "question_mark": "?",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "slash": "/",
        "plus": "+",
        "minus": "-",
        "escape": "esc",
        "enter": "enter",
    }
    return " ".join(names.get(key, key) for key in keys)


def bindings_table(groups: list[tuple[str, list[BindingType]]]) -> Table:
    """A two-column table of key → what it does, one section per group."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    for title, bindings in groups:
        table.add_row("", Text(title, style="bold underline"))
        seen: set[str] = set()
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            key = _key_text(binding)
            if binding.action.startswith("show_plan("):
                if "alt+" in seen:
                    continue
                seen.add("alt+")
                key, description = "alt+1…9", "Show plan tab N"
            else:
                description = binding.description
            table.add_row(key, description)
        table.add_row("", "")
    return table


def legend_table() -> Table:
    """What every symbol on the dashboard means: statuses, marks, bars, banners."""
    from roadmap_tui.render.text import STATUS

    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    table.add_row("", Text("Symbols", style="bold underline"))
    rows = [(look.symbol, look.label) for look in STATUS.values()]
    if "◌" not in {symbol for symbol, _label in rows}:
        rows.insert(1, ("◌", "planned (scheduled, not started)"))
    rows += [
        ("Δ", "changed since the Changes view's point (c)"),
        ("▲ ▼", "KPI on track / off track against its next target"),
        ("·", "no data; an empty risk cell"),
        ("R1 +2", "risk ids in a matrix cell, and how many more"),
        ("█░", "time elapsed / work done bars"),
        ("▁▃▆█", "KPI trend: the latest actuals, low to high"),
        ("…", "cut to fit; widen the terminal or focus the panel"),
        ("⚠", "stale: the file stopped loading; its last good version is shown"),
        ("✗ (tab)", "the file could not be loaded, or was removed"),
        ("🔒", "read-only: keys do not change files"),
    ]
    for symbol, meaning in rows:
        table.add_row(Text(symbol), Text(meaning))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key, grouped by where it works.

    Args:
        everywhere: the app's own keys.
        sharing: presenter mode's and zoom's keys.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    def __init__(self, everywhere: list[BindingType], sharing: list[BindingType]) -> None:
        super().__init__()
        self.everywhere = everywhere
        self.sharing = sharing

    def compose(self) -> ComposeResult:
        from roadmap_tui.screens.walk import WalkScreen, WalkTable
        from roadmap_tui.widgets.current import TaskTable
        from roadmap_tui.widgets.kpis import KpiTable
        from roadmap_tui.widgets.milestones import MilestoneTable
        from roadmap_tui.widgets.plan_view import PlanView
        from roadmap_tui.widgets.risks import RiskMatrix
        from roadmap_tui.widgets.timeline import TimelineChart

        groups: list[tuple[str, list[BindingType]]] = [
            ("Everywhere", self.everywhere),
            ("Sharing the screen", self.sharing),
            ("Current panel (1)", list(TaskTable.BINDINGS)),
            ("Milestones panel (2)", list(MilestoneTable.BINDINGS)),
            ("Risk matrix (3)", list(RiskMatrix.BINDINGS)),
            ("KPIs panel (4)", list(KpiTable.BINDINGS)),
            ("Standup walk (S)", [*WalkScreen.BINDINGS, *WalkTable.BINDINGS]),
            ("Timeline (t)", [*PlanView.BINDINGS, *TimelineChart.BINDINGS]),
        ]
        extra = Table.grid(padding=(0, 2))
        extra.add_column(justify="right", style="bold")
        extra.add_column()
        for key, what in (
            ("1 2 3 4 / tab", "Focus the Current, Milestones, Risks, KPIs panel"),
            ("↑ ↓ j k", "Move within a panel"),
            ("ctrl+p", "Command palette: jump to a plan, milestone or risk; themes"),
        ):
            extra.add_row(key, what)
        with VerticalScroll(id="help-body"):
            yield Static(Text("roadmap-tui keys", style="bold"), id="help-title")
            yield Static(extra)
            yield Static(bindings_table(groups))
            yield Static(legend_table())
            yield Static(Text("esc closes this help", style="italic"))
