"""Turns panels' edit requests into ``Edit`` values, writes them, and keeps undo/redo history.

Every write goes through ``store.writer``: format-preserving, atomic, and refused when the file
changed on disk in a way that conflicts. After each write the plan is re-read from disk, so the
screen shows the truth on disk and the next key acts on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_tui.model import edits as edit_rules
from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_name
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.locate import Locator

if TYPE_CHECKING:
    from roadmap_tui.app import RoadmapApp
    from roadmap_tui.messages import EditRequested


class EditFailed(Exception):
    """An edit that was not made; the message says what and why."""


def build_edits(
    action: str,
    path: Path,
    item: Any,
    argument: Any,
    today: dt.date,
    *,
    plan: Plan | None = None,
    history: Sequence[edit_rules.EditGroup] = (),
) -> edit_rules.EditGroup:
    """The edits a panel's ``action`` on ``item`` means (see ``messages.EditRequested``).

    ``plan`` is the item's plan, for edits that reach other items (``shift_with_dependents``);
    ``history`` is the session's undo stack: unblocking restores what a block there replaced.
    """
    match action:
        case "shift_with_dependents" if plan is not None:
            from roadmap_tui.workspace.schedule_edits import shift_with_dependents

            return shift_with_dependents(path, plan, item, argument)
        case "cycle_status":
            return edit_rules.cycle_status(path, item, today)
        case "set_status":
            return edit_rules.set_status(path, item, argument, today)
        case "toggle_blocked":
            return edit_rules.toggle_blocked(path, item, history)
        case "set_due":
            return edit_rules.set_due(path, item, argument)
        case "shift_due":
            return edit_rules.shift_due(path, item, argument)
        case "set_note":
            return edit_rules.set_note(path, item, argument)
        case "toggle_task":
            return edit_rules.toggle_task(path, item, today)
        case "step_risk":
            field, delta = argument
            return edit_rules.step_risk(path, item, field, delta)
        case "cycle_risk_status":
            return edit_rules.cycle_risk_status(path, item)
        case "tick_check":
            checklist, index = argument
            return edit_rules.tick_check(path, item, checklist, index)
        case "record_actual":
            return edit_rules.record_actual(path, item, today, argument)
    raise ValueError(f"unknown edit action {action!r}")


def find_item(plan: Plan, kind: str, item_id: str) -> Any:
    items: tuple[Any, ...] = getattr(plan, kind)
    for item in items:
        if item.id == item_id:
            return item
    return None


class Editor:
    """The app's one way to change files, with undo and redo across plans."""

    def __init__(self, app: RoadmapApp) -> None:
        self.app = app
        self.undo_stack: list[edit_rules.EditGroup] = []
        self.redo_stack: list[edit_rules.EditGroup] = []
        self.read_only = False

    def request(self, message: EditRequested) -> str:
        """Make the edit a key asked for; returns a one-line summary, raises EditFailed."""
        slot = self.app.slots.get(message.path)
        name = safe_name(message.path.name)
        if slot is None or slot.plan is None:
            raise EditFailed(f"{name} is not loaded")
        if slot.state != "ok":
            raise EditFailed(f"{name} has errors on disk; fix the file before editing it here")
        item = find_item(slot.plan, message.kind, message.item_id)
        if item is None:
            raise EditFailed(f"{message.item_id} is no longer in {name}")
        try:
            group = build_edits(
                message.action,
                message.path,
                item,
                message.argument,
                self.app.today,
                plan=slot.plan,
                history=self.undo_stack,
            )
        except ValueError as error:
            raise EditFailed(f"{message.item_id}: {error}") from None
        if not group:
            return f"{message.item_id}: nothing to change"
        applied = self._write(message.path, group)
        self.undo_stack.append(applied)
        self.redo_stack.clear()
        return group.summary

    def _write(self, path: Path, edits: edit_rules.EditGroup) -> edit_rules.EditGroup:
        """Write ``edits``; returns them as applied (their inverse undoes them exactly)."""
        # tomlkit is only needed once something is written: keep it out of start-up.
        from roadmap_tui.store import writer

        slot = self.app.slots[path]
        latest = slot.latest
        expected = writer.FileStamp(latest.size, 0, latest.digest) if latest is not None else None
        try:
            raw = latest.raw if latest is not None else None
            result = writer.apply_edits(edits, expected, parsed=raw)
        except writer.WriteRefused as refusal:
            # Show the truth on disk, whatever it is now.
            self.app.take(path, load_file(path))
            raise EditFailed(refusal.message) from None
        self.app.take(path, load_file(path))
        return result.applied

    def undo(self) -> str | None:
        if not self.undo_stack:
            return None
        done = self.undo_stack[-1]
        self._write(done.path, done.inverse())
        self.undo_stack.pop()
        self.redo_stack.append(done)
        return f"Undone: {done.summary}"

    def redo(self) -> str | None:
        if not self.redo_stack:
            return None
        done = self.redo_stack[-1]
        self._write(done.path, done)
        self.redo_stack.pop()
        self.undo_stack.append(done)
        return f"Redone: {done.summary}"

    def line_of(self, path: Path, kind: str, item_id: str) -> int:
        """The line an item starts on, for ``$EDITOR +LINE``."""
        slot = self.app.slots.get(path)
        raw = slot.latest.raw if slot is not None and slot.latest is not None else {}
        items = raw.get(kind, [])
        index = next(
            (
                i
                for i, item in enumerate(items)
                if isinstance(item, dict) and item.get("id") == item_id
            ),
            None,
        )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return 1
        return Locator(text).find(kind, index, "id")[0] if index is not None else 1
