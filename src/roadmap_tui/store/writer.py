"""Writing edits to plan files: only the changed value's text, atomically, and never blindly.

``apply_edits`` reads the file as it is now, checks every edit's ``old`` value still holds there
(by item ``id``, so a change elsewhere in the file is kept), rewrites just those values
(``store.textedit``, ``store.points``) and puts the new file in place (``store.swap``), keeping
the version it displaces in the journal (``store.journal``). Anything that goes wrong is a
``WriteRefused`` whose message names the item and the reason; the file is then left as it was.

A file that changed since the caller's view was read is edited again only once it has been
still for ``SETTLE`` seconds and no process has it open for writing: a save in progress is
never taken for the truth.

Speed: ``tomlkit`` is slow on big files, so only the edited item's block (its ``[[section]]``
header up to the next header, or its ``{ … }``) is edited, and the caller may pass the parse its
view came from so that a large file is not parsed again.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

import msgspec
import tomlkit

from roadmap_tui.model.edits import MISSING, Edit, EditGroup, Missing, Value, show_value
from roadmap_tui.model.plan import SECTIONS
from roadmap_tui.store import points, swap
from roadmap_tui.store.loader import clean_text, content_digest
from roadmap_tui.store.textedit import (
    NESTED as _NESTED,
)
from roadmap_tui.store.textedit import (
    edit_block,
    edit_element,
    edit_whole,
    merged_points,
    points_of,
    raw_value,
)

_BOM = b"\xef\xbb\xbf"
_SINGULAR = {
    "phases": "phase",
    "milestones": "milestone",
    "tasks": "task",
    "risks": "risk",
    "kpis": "KPI",
}
_ATTEMPTS = 3
#: How long a file that changed since the view was read must have been still before an edit is
#: applied again to it (seconds): long enough for an editor's save to finish, short for a key.
SETTLE = 0.3


class FileStamp(NamedTuple):
    """What a file's content was when it was read: size, modification time and SHA-256."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, data: bytes, info: os.stat_result) -> FileStamp:
        return cls(len(data), info.st_mtime_ns, content_digest(data))

    def same_content(self, other: FileStamp) -> bool:
        """Whether both stamps are of the same bytes (a mere touch changes only the time)."""
        return self.size == other.size and self.sha256 == other.sha256


def read_stamp(path: Path) -> FileStamp:
    """The stamp of ``path`` as it is on disk now (``OSError`` if it cannot be read)."""
    with open(path, "rb") as file:
        info = os.fstat(file.fileno())
        return FileStamp.of(file.read(), info)


class WriteRefused(Exception):
    """An edit was not written; ``message`` says which value and why. The file is untouched."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class WriteResult:
    """A successful write.

    Attributes:
        path: the plan file as the edits named it (a symbolic link stays one).
        target: the file actually written (``path`` with links resolved).
        stamp: the new content's stamp; ``stamp.sha256`` lets the watcher spot this write.
        applied: the edits as they were applied, with ``old`` as it was on disk (a key absent
            on disk is ``MISSING`` even where the model showed its default); undo with
            ``undo``.
        rebased: the file had changed since ``expected`` and the edits were applied to the
            newer content.
    """

    path: Path
    target: Path
    stamp: FileStamp
    applied: EditGroup
    rebased: bool = False

    @property
    def digest(self) -> str:
        return self.stamp.sha256

    @property
    def undo(self) -> EditGroup:
        return self.applied.inverse()


def apply_edits(
    edits: EditGroup | Sequence[Edit],
    expected: FileStamp | None,
    *,
    settle: float = SETTLE,
    parsed: dict[str, Any] | None = None,
) -> WriteResult:
    """Write ``edits`` (all to one file) together, keeping everything else in the file as it is.

    Args:
        edits: the edits, applied in order.
        expected: the stamp of the bytes the caller's view was loaded from, or None. When the
            file has changed since, each edit is applied again by item id to the new content,
            as long as its value there is still the edit's ``old`` and the file has been still
            (and open for writing by no process) for ``settle`` seconds; else it is refused,
            so that the key can be pressed again on the fresh data.
        settle: see ``expected``.
        parsed: what ``tomllib`` read from the bytes of ``expected``, if the caller has it (the
            loader's ``raw``): a large file then need not be parsed again to be edited.

    Returns:
        The new stamp, and the edits as applied (their inverse is the exact undo). The version
        the write displaced is in the journal (``store.journal``).

    Raises:
        WriteRefused: nothing was written; the message names the value and the reason.
    """
    group = edits if isinstance(edits, EditGroup) else _group_of(edits)
    target = Path(os.path.realpath(group.path))
    subject = group.edits[0].label if group else group.path.name
    refuse = _Refuser(subject, group.path)
    for _ in range(_ATTEMPTS):
        data, info = _read(target, refuse)
        stamp = FileStamp.of(data, info)
        rebased = expected is not None and not stamp.same_content(expected)
        if not group:
            return WriteResult(group.path, target, stamp, group, rebased)
        _check_writable(target, info, refuse)
        if rebased:
            try:
                swap.settled(target, data, info, settle)
            except swap.SwapError as error:
                refuse(f"{error.reason}; press the key again once it is saved")
        bom = data.startswith(_BOM)
        text = _decode(data[3:] if bom else data, refuse)
        hint = parsed if expected is not None and stamp.sha256 == expected.sha256 else None
        document = _Document(text, _parsed(text, stamp.sha256, refuse, hint), refuse)
        applied = EditGroup(group.path, tuple(document.apply(e) for e in group), group.summary)
        new_data = (_BOM if bom else b"") + document.text.encode("utf-8")
        if new_data == data:
            return WriteResult(group.path, target, stamp, applied, rebased)
        new_stamp = _replace(target, new_data, data, info, refuse, group.summary)
        if new_stamp is not None:
            _remember(new_stamp.sha256, document.data)
            return WriteResult(group.path, target, new_stamp, applied, rebased)
    refuse(f"{group.path.name} kept changing while it was being saved")


def write_version(path: Path, data: bytes, summary: str) -> FileStamp:
    """Put ``data`` (a whole file, e.g. a kept version) in the place of ``path``.

    The same safe write as ``apply_edits``: the displaced version goes to the journal first,
    and a save by another program meanwhile is never overwritten.

    Raises:
        WriteRefused: nothing was written (``data`` does not parse, or the file cannot be
            written).
    """
    target = Path(os.path.realpath(path))
    refuse = _Refuser(path.name, path)
    try:
        tomllib.loads(_decode(data[3:] if data.startswith(_BOM) else data, refuse))
    except tomllib.TOMLDecodeError as error:
        refuse(f"that version does not parse ({error})")
    if not os.path.lexists(target):  # a deleted plan is put back where it was
        try:
            return FileStamp.of(data, swap.create(target, data))
        except swap.SwapError as error:
            refuse(error.reason)
    for _ in range(_ATTEMPTS):
        current, info = _read(target, refuse)
        _check_writable(target, info, refuse)
        if current == data:
            return FileStamp.of(current, info)
        new_stamp = _replace(target, data, current, info, refuse, summary)
        if new_stamp is not None:
            return new_stamp
    refuse(f"{path.name} kept changing while it was being saved")


def _check_writable(target: Path, info: os.stat_result, refuse: _Refuser) -> None:
    # A file nobody may write is read-only by intent, even to root, who could replace it.
    if info.st_mode & 0o222 == 0 or not os.access(target, os.W_OK):
        refuse(f"{refuse.path.name} is read-only")


def _group_of(edits: Sequence[Edit]) -> EditGroup:
    if not edits:
        raise ValueError("no edits given and no file named")
    return EditGroup(edits[0].path, tuple(edits))


@dataclass(frozen=True)
class _Refuser:
    """Raises ``WriteRefused`` about one subject (``M2.1 status``)."""

    subject: str
    path: Path

    def __call__(self, reason: str) -> NoReturn:
        raise WriteRefused(f"{self.subject} not changed: {reason}", self.path)

    def conflict(self, message: str) -> NoReturn:
        raise WriteRefused(message, self.path)


# -- reading -------------------------------------------------------------------------------------


def _read(target: Path, refuse: _Refuser) -> tuple[bytes, os.stat_result]:
    name = refuse.path.name
    try:
        # Checked before opening: opening a FIFO for reading would wait for a writer.
        if not stat.S_ISREG(os.stat(target).st_mode):
            refuse(f"{name} is not a regular file")
        with open(target, "rb") as file:
            info = os.fstat(file.fileno())
            data = file.read()
    except FileNotFoundError:
        if refuse.path.is_symlink():
            refuse(f"{name} is a broken symbolic link")
        refuse(f"{name} no longer exists (moved or deleted?)")
    except PermissionError:
        refuse(f"cannot read {name}: permission denied")
    except OSError as error:
        refuse(f"cannot read {name}: {(error.strerror or str(error)).lower()}")
    return data, info


def _decode(data: bytes, refuse: _Refuser) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        refuse(f"{refuse.path.name} is no longer UTF-8 text")


#: The parsed content of files this process wrote lately, by the digest of their bytes: the next
#: edit of a file the app itself just wrote needs no full parse. Entries are never mutated
#: (edits copy what they change).
_PARSED: OrderedDict[str, dict[str, Any]] = OrderedDict()
_PARSED_LOCK = threading.Lock()


def parsed_after_write(digest: str) -> dict[str, Any] | None:
    """What ``tomllib`` reads from bytes this process just wrote (their digest), if still known.

    The writer keeps it in step with every edit it applies (each changed block is parsed
    again and compared), so a reader of those bytes need not parse the whole file again.
    """
    with _PARSED_LOCK:
        known = _PARSED.get(digest)
    return dict(known) if known is not None else None


def _remember(digest: str, data: dict[str, Any]) -> None:
    with _PARSED_LOCK:
        _PARSED[digest] = data
        while len(_PARSED) > 8:
            _PARSED.popitem(last=False)


#: Characters the loader strips from text: where the file has any, its ``raw`` is not what
#: ``tomllib`` reads, and cannot stand for it.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _parsed(
    text: str, digest: str, refuse: _Refuser, hint: dict[str, Any] | None = None
) -> dict[str, Any]:
    with _PARSED_LOCK:
        known = _PARSED.get(digest)
    if known is not None:
        return dict(known)
    if hint is not None and "\r" not in text and _CONTROLS.search(text) is None:
        return dict(hint)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        refuse(f"{refuse.path.name} does not parse now ({error}); fix the file first")


# -- applying one edit ---------------------------------------------------------------------------


class _Document:
    """A plan file's text and ``tomllib`` content, kept in step as edits are applied."""

    def __init__(self, text: str, data: dict[str, Any], refuse: _Refuser) -> None:
        self.text = text
        self.data = data
        self.refuse = refuse
        first = text.find("\n")
        self.nl = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"

    def apply(self, edit: Edit) -> Edit:
        """Apply ``edit`` if its value on disk is still ``edit.old``; return it as applied."""
        section = self.data.get(edit.kind)
        items: list[Any] = section if isinstance(section, list) else []
        found = [
            index
            for index, item in enumerate(items)
            if isinstance(item, dict) and item.get("id") == edit.item_id
        ]
        refuse = _Refuser(edit.label, self.refuse.path)
        what = f"{_SINGULAR[edit.kind]} {edit.item_id!r}"
        if not found:
            refuse(f"there is no {what} in {refuse.path.name} now")
        if len(found) > 1:
            refuse(f"{refuse.path.name} now has more than one {what}")
        index = found[0]
        item: dict[str, Any] = items[index]
        nested = _NESTED.match(edit.field)
        if nested is not None:
            if _element(item, nested) is None:
                refuse(f"there is no {nested[1]} line {int(nested[2]) + 1} on disk now")
            disk = _element(item, nested).get(nested[3], MISSING)  # type: ignore[union-attr]
            default: Any = False
        else:
            disk = item.get(edit.field, MISSING)
            default = _default(edit.kind, edit.field)
        if not _holds(disk, edit.old, default):
            refuse.conflict(_conflict_message(edit, disk))
        if _same(disk, edit.new):
            return replace(edit, old=MISSING) if disk is MISSING else edit
        expected = _expected(item, edit, nested, disk)
        done = edit_block(self, edit, index, disk, expected)
        if done is None and isinstance(edit.new, tuple):
            done = points.edit_point_tables(self.text, edit, index, disk, expected)
        if done is None:
            done = edit_element(self, edit, index, disk, expected)
        if done is None:
            done = edit_whole(self, edit, index, disk, expected)
        if done is None:
            refuse("the file is laid out in a way this value cannot be changed without rewriting")
        self.text = done.text
        self.data = dict(self.data)
        self.data[edit.kind] = [*items[:index], expected, *items[index + 1 :]]
        return replace(
            edit,
            old=MISSING if disk is MISSING else edit.old,
            after=done.after if edit.new is MISSING else edit.after,
            old_text=done.old_text,
            new_text=done.new_text,
            old_line=done.line if edit.new is MISSING else None,
            new_line=None,
        )


def _element(item: dict[str, Any], nested: re.Match[str]) -> dict[str, Any] | None:
    """The checklist line a nested field names, if the item has it."""
    lines = item.get(nested[1])
    position = int(nested[2])
    if isinstance(lines, list) and position < len(lines):
        line = lines[position]
        if isinstance(line, dict):
            return line
    return None


def _expected(
    item: dict[str, Any], edit: Edit, nested: re.Match[str] | None, disk: Any
) -> dict[str, Any]:
    """The item's content once ``edit`` is made."""
    expected = dict(item)
    if nested is None:
        if edit.new is MISSING:
            del expected[edit.field]
        elif isinstance(edit.new, tuple) and isinstance(disk, list):
            expected[edit.field] = merged_points(disk, edit.new)
        else:
            expected[edit.field] = raw_value(edit.new)
        return expected
    lines = [dict(line) if isinstance(line, dict) else line for line in item[nested[1]]]
    line = lines[int(nested[2])]
    if edit.new is MISSING:
        del line[nested[3]]
    else:
        line[nested[3]] = raw_value(edit.new)
    expected[nested[1]] = lines
    return expected


@cache
def _default(kind: str, name: str) -> Any:
    """The value the model gives a key the file leaves out (``open`` for a risk's status)."""
    for info in msgspec.structs.fields(SECTIONS[kind]):
        if info.encode_name == name and info.default is not msgspec.NODEFAULT:
            return info.default
    return None


def _equal(disk: Any, value: Value) -> bool:
    if isinstance(value, tuple):
        return points_of(disk) == value
    if isinstance(value, bool) or isinstance(disk, bool):
        return type(disk) is type(value) and disk == value
    if isinstance(value, str):
        # The model never holds control characters (the loader strips them).
        return isinstance(disk, str) and (disk == value or clean_text(disk) == value)
    if isinstance(value, dt.date):
        return type(disk) is dt.date and disk == value
    return type(disk) in (int, float) and disk == value


def _holds(disk: Any, old: Value | Missing, default: Any) -> bool:
    if old is MISSING:
        return disk is MISSING
    if disk is MISSING:
        return default is not None and type(default) is type(old) and default == old
    return _equal(disk, old)


def _same(disk: Any, new: Value | Missing) -> bool:
    if new is MISSING or disk is MISSING:
        return new is disk
    return _equal(disk, new) and (not isinstance(disk, str) or disk == new)


def _conflict_message(edit: Edit, disk: Any) -> str:
    if disk is MISSING:
        return f"{edit.label} is no longer set on disk; not changed"
    points = points_of(disk)
    shown = show_value(points) if points is not None else _toml(disk)
    return f"{edit.label} is now {shown} on disk; not changed"


def _toml(value: Any) -> str:
    if isinstance(value, str | bool | int | float | dt.date) and not isinstance(value, dt.datetime):
        shown = show_value(value)
    elif isinstance(value, dict):
        shown = "a table"
    else:
        shown = tomlkit.item(value).as_string()
    return shown if len(shown) <= 80 else shown[:77] + "…"


# -- writing -------------------------------------------------------------------------------------


def _replace(
    target: Path,
    data: bytes,
    checked: bytes,
    info: os.stat_result,
    refuse: _Refuser,
    summary: str,
) -> FileStamp | None:
    """Write ``data`` over ``target`` safely; None if it no longer holds ``checked``."""
    try:
        written = swap.replace_checked(target, data, checked, info, summary)
    except swap.SwapError as error:
        refuse(error.reason)
    return None if written is None else FileStamp.of(data, written)


__all__ = [
    "SETTLE",
    "FileStamp",
    "WriteRefused",
    "WriteResult",
    "apply_edits",
    "read_stamp",
    "write_version",
]
