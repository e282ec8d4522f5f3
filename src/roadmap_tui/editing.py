"""Turns panels' edit requests into ``Edit`` values, writes them, and keeps undo/redo history.

Every write goes through ``store.writer``: format-preserving, atomic, and refused when the file
changed on disk in a way that conflicts. After each write the plan is re-read from disk, so the
screen shows the truth on disk and the next key acts on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_tui.model import edits as edit_rules
from roadmap_tui.model.safe_text import safe_name
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.locate import Locator
from roadmap_tui.workspace.intents import Intent, edits_for, find_item

if TYPE_CHECKING:
    from roadmap_tui.app import RoadmapApp


class EditFailed(Exception):
    """An edit that was not made; the message says what and why."""


class Editor:
    """The app's one way to change files, with undo and redo across plans."""

    def __init__(self, app: RoadmapApp) -> None:
        self.app = app
        self.undo_stack: list[edit_rules.EditGroup] = []
        self.redo_stack: list[edit_rules.EditGroup] = []

    def request(self, intent: Intent) -> str:
        """Make the edit a key asked for; returns a one-line summary, raises EditFailed."""
        target = intent.target
        slot = self.app.slots.get(target.path)
        name = safe_name(target.path.name)
        if slot is None or slot.plan is None:
            raise EditFailed(f"{name} is not loaded")
        if slot.state != "ok":
            raise EditFailed(f"{name} has errors on disk; fix the file before editing it here")
        item = find_item(slot.plan, target)
        if item is None:
            raise EditFailed(f"{target.item_id} is no longer in {name}")
        try:
            group = edits_for(intent, item, self.app.today, plan=slot.plan, history=self.undo_stack)
        except ValueError as error:
            raise EditFailed(f"{target.item_id}: {error}") from None
        if not group:
            return f"{target.item_id}: nothing to change"
        applied = self._write(target.path, group)
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
