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


class HelpScreen(ModalScreen[None]):
    """Lists every key, grouped by where it works."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        from roadmap_tui.app import RoadmapApp
        from roadmap_tui.screens.walk import WalkScreen, WalkTable
        from roadmap_tui.widgets.current import TaskTable
        from roadmap_tui.widgets.kpis import KpiTable
        from roadmap_tui.widgets.milestones import MilestoneTable
        from roadmap_tui.widgets.plan_view import PlanView
        from roadmap_tui.widgets.risks import RiskMatrix
        from roadmap_tui.widgets.timeline import TimelineChart

        groups: list[tuple[str, list[BindingType]]] = [
            ("Everywhere", list(RoadmapApp.BINDINGS)),
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
            yield Static(Text("esc closes this help", style="italic"))
