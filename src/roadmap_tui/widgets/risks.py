"""The Risk panel: the 5 x 5 matrix; moving through risks shows the selected one's details."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from roadmap_tui.messages import DetailWanted, OpenInEditor, request_edit
from roadmap_tui.model.edits import LevelField
from roadmap_tui.model.plan import Plan, Risk
from roadmap_tui.model.timeline import risk_matrix, risk_view
from roadmap_tui.render.risks import risk_detail, risk_grid
from roadmap_tui.render.text import MUTED_STYLE, fit
from roadmap_tui.widgets.row_table import Once, show_whole_panel, update_in_place
from roadmap_tui.workspace.intents import CycleRiskStatus, Intent, StepRisk, Target


class RiskMatrix(Static, can_focus=True):
    """The grid itself; focus it and move through the risks, highest exposure first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j,right,l", "move(1)", "Next risk", show=False),
        Binding("up,k,left,h", "move(-1)", "Previous risk", show=False),
        Binding("p", "step('probability', 1)", "Prob +"),
        Binding("P", "step('probability', -1)", "Prob -"),
        Binding("i", "step('impact', 1)", "Impact +"),
        Binding("I", "step('impact', -1)", "Impact -"),
        Binding("space", "cycle_status", "Risk status"),
        Binding("enter", "detail", "Details"),
        Binding("e", "open_editor", "Edit file", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="risk-grid")
        #: Every risk in the order the keys walk them: on the matrix by exposure, then
        #: unrated, then closed. A closed risk stays here, so it can be selected and reopened.
        self._order: list[tuple[Path, Risk]] = []
        self._plans: list[tuple[Path, Plan]] = []
        self.selected_key: tuple[Path, str] | None = None
        #: What to say when there is no risk to show (set by the view, which knows why).
        self.empty_note = "No risks in this plan."
        self._drawn = Once()

    def show(self, plans: Sequence[tuple[Path, Plan]]) -> None:
        self._plans = list(plans)
        self._rebuild()

    def _rebuild(self) -> None:
        pairs = [(path, risk) for path, plan in self._plans for risk in plan.risks]
        if not self._drawn.changed(pairs, self.selected_key, self.has_focus, self.empty_note):
            return  # the same risks, selection and focus: the grid drawn is still right
        # Ids repeat across plans in the All plans view: keep each plan's risks apart by path.
        where = {id(risk): path for path, risk in pairs}
        matrix = risk_matrix([risk for _path, risk in pairs])
        closed = [(path, risk) for path, risk in pairs if risk.status == "closed"]
        self._order = [
            *((where[id(view.risk)], view.risk) for view in matrix.placed),
            *((where[id(risk)], risk) for risk in matrix.unplaced),
            *closed,
        ]
        if self.selected_key is None or self._find(self.selected_key) is None:
            self.selected_key = self._key(self._order[0]) if self._order else None
        selected_id = self.selected_key[1] if self.selected_key else None
        if not pairs:
            update_in_place(self, Text(self.empty_note, style=MUTED_STYLE))
        else:
            shown = selected_id if self.has_focus else None
            update_in_place(self, risk_grid(matrix, shown, (risk for _path, risk in closed)))
        panel = self.parent
        if isinstance(panel, RiskPanel):
            panel.show_detail(self.selected())

    @staticmethod
    def _key(pair: tuple[Path, Risk]) -> tuple[Path, str]:
        return pair[0], pair[1].id

    def _find(self, key: tuple[Path, str]) -> tuple[Path, Risk] | None:
        for pair in self._order:
            if self._key(pair) == key:
                return pair
        return None

    def selected(self) -> tuple[Path, Risk] | None:
        if self.selected_key is None:
            return None
        return self._find(self.selected_key)

    def select(self, path: Path | None, risk_id: str) -> bool:
        for pair in self._order:
            key = self._key(pair)
            if key[1] == risk_id and (path is None or key[0] == path):
                self.selected_key = key
                self._rebuild()
                return True
        return False

    def on_focus(self) -> None:
        self._rebuild()
        show_whole_panel(self)

    def on_blur(self) -> None:
        self._rebuild()

    def on_click(self, event: events.Click) -> None:
        """Select the first risk of the clicked cell."""
        width = max(3, min(14, (self.size.width - 3) // 5 - 1))
        row, column = event.y - 1, (event.x - 3) // (width + 1)
        if not (0 <= row < 5 and 0 <= column < 5):
            return
        probability, impact = 5 - row, column + 1
        for path, risk in self._order:
            view = risk_view(risk) if risk.status != "closed" else None
            if view is not None and (view.probability, view.impact) == (probability, impact):
                self.selected_key = (path, risk.id)
                break
        self.focus()
        self._rebuild()

    def action_move(self, step: int) -> None:
        if not self._order:
            return
        keys = [self._key(pair) for pair in self._order]
        index = keys.index(self.selected_key) if self.selected_key in keys else -step
        self.selected_key = keys[(index + step) % len(keys)]
        self._rebuild()

    def _request(self, intent: Callable[[Target], Intent]) -> None:
        picked = self.selected()
        if picked is None:
            self.app.bell()
            return
        request_edit(self, intent(Target(picked[0], "risks", picked[1].id)))

    def action_step(self, field: LevelField, delta: int) -> None:
        self._request(lambda target: StepRisk(target, field, delta))

    def action_cycle_status(self) -> None:
        self._request(CycleRiskStatus)

    def action_detail(self) -> None:
        picked = self.selected()
        if picked is None:
            self.app.bell()
            return
        self.post_message(DetailWanted(picked[0], "risks", picked[1].id))

    def action_open_editor(self) -> None:
        picked = self.selected()
        if picked is not None:
            self.post_message(OpenInEditor(picked[0], "risks", picked[1].id))


class RiskPanel(Vertical):
    """The bordered panel: the matrix above the selected risk's details."""

    DEFAULT_CSS = """
    RiskPanel > #risk-grid { height: auto; }
    RiskPanel > #risk-detail { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__(classes="panel")
        self.border_title = "3 Risk matrix"
        self._detail = Once()

    def compose(self) -> ComposeResult:
        yield RiskMatrix()
        yield Static(id="risk-detail")

    def show(self, plans: Sequence[tuple[Path, Plan]]) -> None:
        self.query_one(RiskMatrix).show(plans)

    def on_resize(self) -> None:
        self.show_detail(self.query_one(RiskMatrix).selected())

    def show_detail(self, picked: tuple[Path, Risk] | None) -> None:
        if not self._detail.changed(picked, self.size):
            return
        detail = self.query_one("#risk-detail", Static)
        if picked is None:
            update_in_place(detail, "")
            return
        width = max(10, self.size.width - 2)
        if self.size.height < 14:
            # Compact: one line, the id and title; the rest on focus in a larger pane.
            risk = picked[1]
            line = Text(risk.id, style="bold")
            line.append(" ")
            line.append(risk.title)
            line.append(f" · {risk.status}")
            if risk.owner:
                line.append(" · ")
                line.append(risk.owner)
            if risk.mitigation:
                line.append(" · ")
                line.append(risk.mitigation, style=MUTED_STYLE)
            if risk.status == "closed":
                line.stylize(MUTED_STYLE)
            update_in_place(detail, fit(line, width))
            return
        body = risk_detail(picked[1])
        if picked[1].status == "closed":
            update_in_place(
                detail, Group(Text("Closed · space reopens it", style=MUTED_STYLE), body)
            )
        else:
            update_in_place(detail, body)
