"""The journal: every version of a plan file that one of our writes displaced, kept privately.

Before a write (an edit, an undo, a redo, a restore) puts new bytes in a file's place, the bytes
it displaces are kept here, with the time and a one-line summary of what the write changed. The
journal lives outside any repository, in the user's state folder:
``$XDG_STATE_HOME/roadmap-tui/journal/`` (else ``~/.local/state/roadmap-tui/journal/``), one
folder per plan file (named by a hash of its resolved path), folders 0700 and files 0600. The
last ``MAX_VERSIONS`` versions of each file are kept; older ones are removed as new ones come.

Each version is two files: ``<time_ns>-<n>.toml`` (the bytes) and ``<time_ns>-<n>.json`` (the
plan's path, the time, size, SHA-256 and the summary).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

MAX_VERSIONS = 50


class JournalError(Exception):
    """A version could not be kept; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Version:
    """One kept version of a plan file.

    Attributes:
        path: the plan file it is a version of (resolved).
        time: when it was displaced (local time, to the second and beyond).
        size: its size in bytes.
        sha256: the SHA-256 of its bytes.
        summary: what the write that displaced it changed (``M2 status: "todo" → "done"``).
        file: where its bytes are kept.
    """

    path: Path
    time: dt.datetime
    size: int
    sha256: str
    summary: str
    file: Path

    def read(self) -> bytes:
        """The version's bytes (``JournalError`` if they are gone or damaged)."""
        try:
            data = self.file.read_bytes()
        except OSError as error:
            raise JournalError(f"cannot read {self.file.name}: {error.strerror}") from None
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise JournalError(f"{self.file.name} is damaged (its content does not match)")
        return data


def state_root() -> Path:
    """``$XDG_STATE_HOME/roadmap-tui`` (an absolute setting only), else ``~/.local/state/…``."""
    configured = os.environ.get("XDG_STATE_HOME", "")
    base = Path(configured) if os.path.isabs(configured) else Path.home() / ".local" / "state"
    return base / "roadmap-tui"


def folder_for(target: Path) -> Path:
    """The journal folder of the plan file ``target`` (resolved)."""
    key = hashlib.sha256(os.fsencode(os.path.realpath(target))).hexdigest()[:32]
    return state_root() / "journal" / key


def _private_folder(folder: Path) -> None:
    for part in (state_root(), folder.parent, folder):
        try:
            part.mkdir(mode=0o700, parents=True, exist_ok=True)
            if os.stat(part).st_mode & 0o077:
                os.chmod(part, 0o700)
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            raise JournalError(f"cannot make {part}: {reason}") from None


#: Tells apart versions kept in the same nanosecond (``next`` is atomic across threads).
_SEQUENCE = itertools.count(1)


def keep(target: Path, data: bytes, summary: str) -> Version:
    """Keep ``data``, a version of ``target`` about to be displaced by a write doing ``summary``.

    The bytes are flushed to the disk before this returns; the line that describes them (the
    ``.json``) is not: should it be lost with the machine, ``versions`` still lists the bytes,
    described from their name and content.

    Raises:
        JournalError: the version could not be written (then nothing should be displaced).
    """
    real = Path(os.path.realpath(target))
    folder = folder_for(real)
    if folder not in _MADE:
        _private_folder(folder)
        _MADE.add(folder)
    now = dt.datetime.now().astimezone()
    stem = f"{int(now.timestamp() * 1e9):020d}-{os.getpid()}-{next(_SEQUENCE)}"
    digest = hashlib.sha256(data).hexdigest()
    version = Version(real, now, len(data), digest, summary, folder / f"{stem}.toml")
    meta = {
        "path": os.fsdecode(os.fsencode(real)),
        "time": now.isoformat(),
        "size": len(data),
        "sha256": digest,
        "summary": summary,
    }
    try:
        try:
            _write_private(version.file, data)
        except FileNotFoundError:  # the folder went since this process made it
            _MADE.discard(folder)
            _private_folder(folder)
            _MADE.add(folder)
            _write_private(version.file, data)
        _write_private(
            folder / f"{stem}.json", json.dumps(meta, ensure_ascii=False).encode(), flush=False
        )
    except OSError as error:
        forget(version)
        raise JournalError(
            f"cannot keep the previous version in {folder}: "
            f"{(error.strerror or str(error)).lower()}"
        ) from None
    _COUNTS[folder] = _COUNTS.get(folder, 0) + 1
    if _COUNTS[folder] > MAX_VERSIONS or _COUNTS[folder] == 1:
        _prune(folder)
    return version


#: The journal folders this process has made private (made again should one go).
_MADE: set[Path] = set()
#: How many versions each folder holds, as far as this process knows (pruned past the limit).
_COUNTS: dict[Path, int] = {}


def _write_private(path: Path, data: bytes, *, flush: bool = True) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        if flush:
            os.fsync(handle)
    finally:
        os.close(handle)


def forget(version: Version) -> None:
    """Remove a kept version (one that turned out not to be displaced after all)."""
    folder = version.file.parent
    if _COUNTS.get(folder):
        _COUNTS[folder] -= 1
    for path in (version.file, version.file.with_suffix(".json")):
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            return


def _prune(folder: Path) -> None:
    stems = sorted(path.stem for path in folder.glob("*.toml"))
    for stem in stems[:-MAX_VERSIONS] if len(stems) > MAX_VERSIONS else []:
        for suffix in (".toml", ".json"):
            with suppress(OSError):
                (folder / f"{stem}{suffix}").unlink()
    _COUNTS[folder] = min(len(stems), MAX_VERSIONS)


def versions(target: Path) -> list[Version]:
    """The kept versions of ``target``, newest first (damaged entries are left out)."""
    folder = folder_for(target)
    found: list[Version] = []
    try:
        kept = sorted(folder.glob("*.toml"), reverse=True)
    except OSError:
        return found
    for file in kept:
        try:
            meta = json.loads(file.with_suffix(".json").read_text(encoding="utf-8"))
            found.append(
                Version(
                    Path(meta["path"]),
                    dt.datetime.fromisoformat(meta["time"]),
                    int(meta["size"]),
                    str(meta["sha256"]),
                    str(meta["summary"]),
                    file,
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            described = _undescribed(target, file)
            if described is not None:
                found.append(described)
    return found


def _undescribed(target: Path, file: Path) -> Version | None:
    """A kept version whose description was lost (a crash right after it was kept)."""
    try:
        data = file.read_bytes()
        when = dt.datetime.fromtimestamp(int(file.stem.split("-")[0]) / 1e9).astimezone()
    except (OSError, ValueError, OverflowError):
        return None
    digest = hashlib.sha256(data).hexdigest()
    real = Path(os.path.realpath(target))
    return Version(real, when, len(data), digest, "(what replaced it was not recorded)", file)


__all__ = [
    "MAX_VERSIONS",
    "JournalError",
    "Version",
    "folder_for",
    "forget",
    "keep",
    "state_root",
    "versions",
]
