"""The detail screen (``enter``): one phase, milestone, task or risk with every field it has.

Deliverables and acceptance criteria are listed as the checklists they are; ``space`` ticks the
selected line through the app's edit path (ticks are not work: the item's status stays).
The screen is given the item's file, kind and id, and the plan as loaded; the app hands it the
plan again (``show``) whenever the file is read again, so what it shows is the file as it is now.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar, Literal

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roadmap_tui.messages import request_edit
from roadmap_tui.model.plan import Milestone, Phase, Plan, Risk, Task
from roadmap_tui.render.detail import (
    checklist_heading,
    checklist_line,
    phase_detail,
    risk_full,
    scheduled_detail,
)
from roadmap_tui.render.text import MUTED_STYLE
from roadmap_tui.widgets.key_bar import KeyBar
from roadmap_tui.workspace.intents import Target, TickCheck

DetailKind = Literal["phases", "milestones", "tasks", "risks"]
CHECKLISTS: tuple[Literal["deliverables", "acceptance"], ...] = ("deliverables", "acceptance")
HEADINGS = {"deliverables": "Deliverables", "acceptance": "Acceptance criteria"}


class DetailScreen(ModalScreen[None]):
    """Every field of one item; its checklists tickable with ``space``."""

    DEFAULT_CSS = """
    DetailScreen { align: center middle; }
    DetailScreen > Vertical {
        width: 95%; max-width: 110; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    DetailScreen #detail-scroll { height: auto; max-height: 70%; }
    DetailScreen #detail-body { height: auto; }
    DetailScreen #detail-checks { height: 1fr; border: none; }
    DetailScreen #detail-checks.-empty { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss", "Close"),
        Binding("space,x", "tick", "Tick"),
    ]

    def __init__(
        self, path: Path, kind: DetailKind, item_id: str, plan: Plan | None, today: dt.date
    ) -> None:
        """The item ``item_id`` of ``kind`` in the plan read from ``path``, as of ``today``."""
        super().__init__()
        self.path = path
        self.kind = kind
        self.item_id = item_id
        self._plan = plan
        self._today = today
        self._lines: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll(id="detail-scroll"):
                yield Static(id="detail-body")
            yield OptionList(id="detail-checks")
        yield KeyBar()

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(OptionList).focus()

    def show(self, plan: Plan | None, today: dt.date) -> None:
        """Show the item as ``plan`` (the file read again) holds it."""
        self._plan = plan
        self._today = today
        if self.is_mounted:
            self.rebuild()

    def _item(self) -> tuple[Plan, Phase | Milestone | Task | Risk] | None:
        plan = self._plan
        if plan is None:
            return None
        items: tuple[Phase | Milestone | Task | Risk, ...] = getattr(plan, self.kind)
        found = next((item for item in items if item.id == self.item_id), None)
        return (plan, found) if found is not None else None

    def rebuild(self) -> None:
        """Show the item as the file holds it now."""
        found = self._item()
        body = self.query_one("#detail-body", Static)
        checks = self.query_one(OptionList)
        if found is None:
            body.update(Text(f"{self.item_id} is no longer in {self.path.name}.", style="bold"))
            checks.clear_options()
            checks.add_class("-empty")
            return
        plan, item = found
        today = self._today
        lines: list[RenderableType]
        if isinstance(item, Phase):
            lines = phase_detail(plan, item, today)
        elif isinstance(item, Risk):
            lines = risk_full(item)
        else:
            lines = scheduled_detail(plan, item, today)
        where = Text(f"{plan.name} · {self.path.name}", style=MUTED_STYLE)
        body.update(Group(where, *lines))
        self._fill_checks(item, checks)

    def _fill_checks(self, item: Phase | Milestone | Task | Risk, checks: OptionList) -> None:
        highlighted = checks.highlighted
        checks.clear_options()
        self._lines = []
        options: list[Option | None] = []
        if isinstance(item, Phase | Milestone):
            for name in CHECKLISTS:
                lines = item.deliverables if name == "deliverables" else item.acceptance
                if not lines:
                    continue
                options.append(Option(checklist_heading(HEADINGS[name], lines), disabled=True))
                for index, check in enumerate(lines):
                    options.append(Option(checklist_line(check), id=f"{name}:{index}"))
                    self._lines.append((name, index))
        checks.add_options(options)
        checks.set_class(not self._lines, "-empty")
        if self._lines:
            first = next(i for i, o in enumerate(checks.options) if not o.disabled)
            checks.highlighted = highlighted if highlighted is not None else first

    def action_tick(self) -> None:
        checks = self.query_one(OptionList)
        index = checks.highlighted
        if index is None or not self._lines:
            self.app.bell()
            return
        option = checks.get_option_at_index(index)
        if option.id is None:
            return
        name, line = option.id.split(":")
        checklist = next(c for c in CHECKLISTS if c == name)
        target = Target(self.path, self.kind, self.item_id)
        request_edit(self, TickCheck(target, checklist, int(line)))
