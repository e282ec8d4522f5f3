"""App-wide messages: a panel asks for an edit; the app reports what happened to it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from textual.message import Message

ItemKind = Literal["phases", "milestones", "tasks", "risks", "kpis"]


@dataclass
class EditRequested(Message):
    """A key asked to change one item. The app turns it into an Edit and writes it.

    ``action`` names a constructor in ``model.edits`` (``cycle_status``, ``shift_due`` …);
    ``argument`` is its extra argument, if any.
    """

    path: Path
    kind: ItemKind
    item_id: str
    action: str
    argument: Any = None


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
class PlanReloaded(Message):
    """A plan file was read again from disk (changed, added, removed or fixed)."""

    path: Path
