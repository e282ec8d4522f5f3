"""App-wide messages: a panel asks for an edit; the app reports what happened to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from textual.message import Message
from textual.message_pump import MessagePump

from roadmap_tui.model.plan import Kpi
from roadmap_tui.model.slips import DueVersion
from roadmap_tui.workspace.events import Event
from roadmap_tui.workspace.intents import Intent, ItemKind

__all__ = [
    "DetailWanted",
    "EditRequested",
    "HistoryWanted",
    "ItemKind",
    "KpiWanted",
    "OpenInEditor",
    "PlanReloaded",
    "SlipChart",
    "WorkspaceEvent",
    "request_edit",
]


class SlipChart(Protocol):
    """A view that shows slips once the committed due dates are read (the timeline)."""

    @property
    def is_attached(self) -> bool: ...

    def show_versions(self, versions: dict[Path, Sequence[DueVersion]]) -> None: ...


@dataclass
class HistoryWanted(Message):
    """A chart would show slips for these plan files: read their committed due dates.

    Defined here, not with the timeline, so that the app handles it without importing the
    timeline (built on the first ``t``)."""

    chart: SlipChart
    paths: list[Path]


@dataclass
class EditRequested(Message):
    """A key asked to change one item; ``intent`` says which item and how (one frozen struct
    per action, ``workspace.intents``). The app turns it into edits and writes them."""

    intent: Intent


def request_edit(sender: MessagePump, intent: Intent) -> None:
    """Ask the app for ``intent``'s edit, straight in its queue: bubbled up from a panel, the
    message went through the queue of every container on the way (~3 ms of each key press)."""
    sender.app.post_message(EditRequested(intent))


@dataclass
class OpenInEditor(Message):
    """Open a plan file in ``$EDITOR`` at an item's line."""

    path: Path
    kind: ItemKind
    item_id: str


@dataclass
class DetailWanted(Message):
    """Show one item in full (``enter``); the app opens the detail screen with its plan."""

    path: Path
    kind: Literal["phases", "milestones", "tasks", "risks"]
    item_id: str


@dataclass
class KpiWanted(Message):
    """Show one KPI in full, with its chart (``enter`` on a KPI); the app opens the screen."""

    kpi: Kpi
    plan_name: str
    today: dt.date


@dataclass
class PlanReloaded(Message):
    """A plan file was read again from disk (changed, added, removed or fixed)."""

    path: Path


@dataclass
class WorkspaceEvent(Message):
    """Something the workspace did (``workspace.events``), posted to the app's own loop."""

    event: Event
