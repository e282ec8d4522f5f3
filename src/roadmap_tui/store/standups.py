"""When the last standup was, per plan folder: kept in the user's state folder, not the repo.

``$XDG_STATE_HOME/roadmap-tui/standups/`` (else ``~/.local/state/roadmap-tui/standups/``) holds
one small file per plan folder, named by a hash of the folder's resolved path, holding the path
and the moment the walk ended (ISO 8601 with its UTC offset). The Changes view and
``show --since`` start from it by default. The time is the real time the walk ended, whatever
``--today`` says: history is about when files changed, which happens in real time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

APP_FOLDER = "roadmap-tui"


def state_dir() -> Path:
    """The user's state folder for the app (not created here)."""
    base = os.environ.get("XDG_STATE_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "state"
    return root / APP_FOLDER


def _record_of(folder: Path) -> Path:
    key = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:24]
    return state_dir() / "standups" / f"{key}.txt"


def folders_of(paths: Iterable[Path]) -> list[Path]:
    """The plan folders of some plan files, each once, in order."""
    return list(dict.fromkeys(path.resolve().parent for path in paths))


def record_standup(folders: Iterable[Path], at: dt.datetime) -> None:
    """Record that a standup over the plans in ``folders`` ended ``at``.

    Written atomically (temp file, then rename) so a reader never sees half a record. Raises
    OSError when the state folder cannot be written.
    """
    stamp = at.astimezone().isoformat(timespec="seconds")
    for folder in folders:
        target = _record_of(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".standup-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(f"{folder.resolve()}\n{stamp}\n")
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def last_standup(folders: Iterable[Path]) -> dt.datetime | None:
    """The latest recorded standup over any of ``folders``; None when none was recorded.

    An unreadable or foreign record counts as none: it only sets a default.
    """
    found: list[dt.datetime] = []
    for folder in folders:
        try:
            lines = _record_of(folder).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        if len(lines) < 2 or lines[0] != str(folder.resolve()):
            continue
        try:
            when = dt.datetime.fromisoformat(lines[1])
        except ValueError:
            continue
        if when.tzinfo is not None:
            found.append(when)
    return max(found) if found else None
