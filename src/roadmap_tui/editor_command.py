"""``e``: hand the terminal to ``$VISUAL``/``$EDITOR`` at an item's line, then take it back."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported

from roadmap_tui.model.safe_text import safe_name


def open_in_editor(app: App[int], path: Path, line: int) -> bool:
    """Run the user's editor on ``path`` at ``line``; True if it ran (the file may have changed).

    Says so in a notification when there is no editor, it cannot run, or the terminal cannot
    be handed over (a browser session): the item's ``file:line`` is in the message either way.
    """
    where = f"{safe_name(path)}:{line}"
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    try:
        words = shlex.split(command)
    except ValueError:
        words = []
    if not words:
        app.notify(f"{where}  (set $EDITOR to open it here)", timeout=10, markup=False)
        return False
    failure: OSError | None = None
    try:
        with app.suspend():
            # Caught inside: an error escaping suspend() would leave the terminal unrestored.
            try:
                subprocess.run([*words, f"+{line}", str(path)], check=False)
            except OSError as error:
                failure = error
    except SuspendNotSupported:
        app.notify(f"{where}  (cannot hand the terminal to $EDITOR here)", markup=False)
        return False
    if failure is not None:
        reason = failure.strerror or str(failure)
        app.notify(
            f"Could not run {safe_name(words[0])}: {reason}. The item is at {where}",
            title="Editor",
            severity="error",
            timeout=10,
            markup=False,
        )
        return False
    return True
