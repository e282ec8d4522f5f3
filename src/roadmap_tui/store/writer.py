"""Writing edits to plan files: only the changed value's text, atomically, and never blindly.

``apply_edits`` reads the file as it is now, checks every edit's ``old`` value still holds there
(by item ``id``, so a change elsewhere in the file is kept), rewrites just those values through
``tomlkit`` and replaces the file atomically. Anything that goes wrong is a ``WriteRefused`` whose
message names the item and the reason; the file is then left as it was.

Speed: ``tomlkit`` is slow on big files, so only the edited item's block (its ``[[section]]``
header up to the next header) is parsed with it. The block is trusted only when it parses on its
own to exactly the item ``tomllib`` read from the whole file, and the edited block to exactly the
expected item; otherwise the whole document goes through ``tomlkit``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import tempfile
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

import msgspec
import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, InlineTable, Item, String, StringType, Table

from roadmap_tui.model.edits import MISSING, Edit, EditGroup, Missing, Value, show_value
from roadmap_tui.model.plan import OPS, SECTIONS, Point
from roadmap_tui.store.loader import clean_text, content_digest

_BOM = b"\xef\xbb\xbf"
#: Any table header line (the names do not matter here: a header ends the item before it).
_HEADER = re.compile(r"^[ \t]*\[\[?[^\r\n]*\]\]?[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
_SINGULAR = {
    "phases": "phase",
    "milestones": "milestone",
    "tasks": "task",
    "risks": "risk",
    "kpis": "KPI",
}
#: A checklist line's tick (``deliverables[2].done``): a key inside one element of an array.
_NESTED = re.compile(r"^(deliverables|acceptance)\[(\d+)\]\.(done)$")
_ATTEMPTS = 3


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


def apply_edits(edits: EditGroup | Sequence[Edit], expected: FileStamp | None) -> WriteResult:
    """Write ``edits`` (all to one file) together, keeping everything else in the file as it is.

    Args:
        edits: the edits, applied in order.
        expected: the stamp of the bytes the caller's view was loaded from, or None. When the
            file has changed since, each edit is applied again by item id to the new content,
            as long as its value there is still the edit's ``old``.

    Returns:
        The new stamp, and the edits as applied (their inverse is the exact undo).

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
        # A file nobody may write is read-only by intent, even to root, who could replace it.
        if info.st_mode & 0o222 == 0 or not os.access(target, os.W_OK):
            refuse(f"{group.path.name} is read-only")
        bom = data.startswith(_BOM)
        text = _decode(data[3:] if bom else data, refuse)
        document = _Document(text, _parsed(text, stamp.sha256, refuse), refuse)
        applied = EditGroup(group.path, tuple(document.apply(e) for e in group), group.summary)
        new_data = (_BOM if bom else b"") + document.text.encode("utf-8")
        if new_data == data:
            return WriteResult(group.path, target, stamp, applied, rebased)
        new_stamp = _replace(target, new_data, stamp, info, refuse)
        if new_stamp is not None:
            _remember(new_stamp.sha256, document.data)
            return WriteResult(group.path, target, new_stamp, applied, rebased)
    refuse(f"{group.path.name} kept changing while it was being saved")


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
        refuse(f"cannot read {name}: {_reason(error)}")
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


def _remember(digest: str, data: dict[str, Any]) -> None:
    with _PARSED_LOCK:
        _PARSED[digest] = data
        while len(_PARSED) > 8:
            _PARSED.popitem(last=False)


def _parsed(text: str, digest: str, refuse: _Refuser) -> dict[str, Any]:
    with _PARSED_LOCK:
        known = _PARSED.get(digest)
    if known is not None:
        return dict(known)
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
        expected = _expected(item, edit, nested)
        done = _edit_block(self, edit, index, disk, expected)
        if done is None:
            done = _edit_whole(self, edit, index, disk, expected)
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


def _expected(item: dict[str, Any], edit: Edit, nested: re.Match[str] | None) -> dict[str, Any]:
    """The item's content once ``edit`` is made."""
    expected = dict(item)
    if nested is None:
        if edit.new is MISSING:
            del expected[edit.field]
        else:
            expected[edit.field] = _raw(edit.new)
        return expected
    lines = [dict(line) if isinstance(line, dict) else line for line in item[nested[1]]]
    line = lines[int(nested[2])]
    if edit.new is MISSING:
        del line[nested[3]]
    else:
        line[nested[3]] = _raw(edit.new)
    expected[nested[1]] = lines
    return expected


def _container(table: Table | InlineTable, field: str) -> tuple[Table | InlineTable, str]:
    """Where a field's key lives: the item's table, or one checklist line's table."""
    nested = _NESTED.match(field)
    if nested is None:
        return table, field
    line = table[nested[1]][int(nested[2])]
    if not isinstance(line, Table | InlineTable):
        raise TypeError("a checklist line that is not a table")
    return line, nested[3]


@cache
def _default(kind: str, name: str) -> Any:
    """The value the model gives a key the file leaves out (``open`` for a risk's status)."""
    for info in msgspec.structs.fields(SECTIONS[kind]):
        if info.encode_name == name and info.default is not msgspec.NODEFAULT:
            return info.default
    return None


def _points(raw: Any) -> tuple[Point, ...] | None:
    if not isinstance(raw, list):
        return None
    points = []
    for entry in raw:
        if not isinstance(entry, dict) or not {"date", "value"} <= set(entry) <= _POINT_KEYS:
            return None
        when, value, op = entry["date"], entry["value"], entry.get("op")
        if type(when) is not dt.date or type(value) not in (int, float, str):
            return None
        if op is not None and op not in OPS:
            return None
        number = value if isinstance(value, str) else float(value)
        points.append(Point(date=when, value=number, op=op))
    return tuple(points)


def _equal(disk: Any, value: Value) -> bool:
    if isinstance(value, tuple):
        return _points(disk) == value
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
    points = _points(disk)
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


def _present(value: Value | Missing) -> Value:
    if value is MISSING:
        raise ValueError("no value to write")
    return value


_POINT_KEYS = frozenset({"date", "value", "op"})


def _number(value: float | str) -> int | float | str:
    """A point's value as the file writes it: ``30`` rather than ``30.0``; text as it is."""
    if isinstance(value, str):
        return value
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _point_raw(point: Point) -> dict[str, Any]:
    raw: dict[str, Any] = {"date": point.date, "value": _number(point.value)}
    if point.op is not None:
        raw["op"] = point.op
    return raw


def _point_text(point: Point, spaced: bool = True) -> str:
    """``{ date = …, value = … }`` (with ``op`` when it has one), as TOML text."""
    value = _number(point.value)
    parts = [f"date = {point.date.isoformat()}", f"value = {_toml_scalar(value)}"]
    if point.op is not None:
        parts.append(f"op = {_toml_scalar(point.op)}")
    inner = ", ".join(parts)
    return f"{{ {inner} }}" if spaced else f"{{{inner}}}"


def _toml_scalar(value: int | float | str) -> str:
    # JSON's string escapes are TOML's basic-string escapes.
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _raw(value: Value) -> Any:
    if isinstance(value, tuple):
        return [_point_raw(point) for point in value]
    return value


# -- changing text -------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


class _Done(NamedTuple):
    """An edit made: the file's new text, and the layout hints for its undo (see ``Edit``)."""

    text: str
    after: str | None
    old_text: str | None
    new_text: str | None


def _edit_block(
    doc: _Document, edit: Edit, index: int, disk: Any, expected: dict[str, Any]
) -> _Done | None:
    """``edit`` made in the item's own block, or None if the block cannot be trusted."""
    # A header-like line inside a multi-line string would add a start: then the count is off.
    starts = [match.start() for match in _section_header(edit.kind).finditer(doc.text)]
    if len(starts) != len(doc.data[edit.kind]):
        return None
    start = starts[index]
    following = _HEADER.search(doc.text, doc.text.find("\n", start) + 1 or len(doc.text))
    end = following.start() if following else len(doc.text)
    lines = _lines(doc.text[start:end])
    keep = len(lines)
    while keep > 1 and (not lines[keep - 1].strip() or lines[keep - 1].lstrip().startswith("#")):
        keep -= 1
    main, trailing = "".join(lines[:keep]), "".join(lines[keep:])
    try:
        if tomllib.loads(main) != {edit.kind: [doc.data[edit.kind][index]]}:
            return None
        block = tomlkit.parse(main)
        table = block[edit.kind][0]
        new_text: str | None
        if _NESTED.match(edit.field):
            before, old_text, new_text = _edit_nested(table, edit, disk, doc.nl)
            new_main = _keep_end(main, block.as_string())
        else:
            before, old_text = _key_before(table, edit.field), _text_of(table, edit.field)
            if disk is MISSING:
                new_main, new_text = _add_key(main, edit, table, doc.nl)
            else:
                new_text = _change(table, edit, disk, doc.nl)
                new_main = _keep_end(main, block.as_string())
        if tomllib.loads(new_main) != {edit.kind: [expected]}:
            return None
    except (tomllib.TOMLDecodeError, TOMLKitError, LookupError, TypeError):
        return None
    text = doc.text[:start] + new_main + trailing + doc.text[end:]
    return _Done(text, before, old_text, new_text)


def _edit_whole(
    doc: _Document, edit: Edit, index: int, disk: Any, expected: dict[str, Any]
) -> _Done | None:
    """``edit`` made through a ``tomlkit`` parse of the whole file (slow, but sure).

    An added key goes at the end of the item here, whatever ``edit.after`` says.
    """
    try:
        whole = tomlkit.parse(doc.text)
        items = whole[edit.kind]
        table = items[index] if isinstance(items, AoT | Array) else None
        if not isinstance(table, Table | InlineTable):
            return None
        new_text: str | None
        if _NESTED.match(edit.field):
            before, old_text, new_text = _edit_nested(table, edit, disk, doc.nl)
        elif disk is MISSING:
            before, old_text = _key_before(table, edit.field), _text_of(table, edit.field)
            value = _render(_present(edit.new), None, edit.new_text, doc.nl)
            new_text = value.as_string()
            if isinstance(table, Table):
                value.trivia.indent = _last_key(table)[0]
                value.trivia.trail = doc.nl
            else:  # keep the space before the closing brace, if there is one
                value.trivia.trail = " " if table.as_string().endswith(" }") else ""
            table[edit.field] = value
        else:
            before, old_text = _key_before(table, edit.field), _text_of(table, edit.field)
            new_text = _change(table, edit, disk, doc.nl)
        text = _keep_end(doc.text, whole.as_string())
        data = dict(doc.data)
        data[edit.kind] = [
            *doc.data[edit.kind][:index],
            expected,
            *doc.data[edit.kind][index + 1 :],
        ]
        if tomllib.loads(text) != data:
            return None
    except (tomllib.TOMLDecodeError, TOMLKitError, LookupError, TypeError):
        return None
    return _Done(text, before, old_text, new_text)


@cache
def _section_header(kind: str) -> re.Pattern[str]:
    """The ``[[kind]]`` header line, bare or quoted."""
    name = rf"(?:{kind}|\"{kind}\"|'{kind}')"
    return re.compile(rf"^[ \t]*\[\[[ \t]*{name}[ \t]*\]\][ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)


def _keep_end(before: str, after: str) -> str:
    """``after``, ending without a line break if ``before`` did (a removed last line)."""
    if not before.endswith("\n") and after.endswith("\n"):
        return after.rstrip("\r\n")
    return after


def _last_key(table: Table) -> tuple[str, str]:
    """The indentation and the ``=`` with its spaces of the table's last key."""
    for key, item in reversed(table.value.body):
        if key is not None:
            written = key.as_string()
            return item.trivia.indent, written[len(written.rstrip()) :] + key.sep
    return "", " = "


def _key_before(table: Table | InlineTable, name: str) -> str | None:
    """The key just before ``name`` in the table, if any."""
    previous = None
    for key, _ in table.value.body:
        if key is not None:
            if key.key == name:
                return previous
            previous = key.key
    return None


def _text_of(table: Table | InlineTable, name: str) -> str | None:
    """The value of key ``name`` as the file writes it, if the table has the key."""
    item = table.item(name) if name in table else None
    return item.as_string() if isinstance(item, Item) else None


def _item(text: str) -> Item:
    """The TOML value written as ``text``, with its layout."""
    item = tomlkit.parse(f"x = {text}").item("x")
    assert isinstance(item, Item)
    return item


def _add_key(main: str, edit: Edit, table: Table, nl: str) -> tuple[str, str]:
    """The item's block ``main`` with the key on a line of its own (after ``edit.after`` if
    the item has that key, else after the item's last key), and the value's text."""
    indent, sep = _last_key(table)
    value = _render(_present(edit.new), None, edit.new_text, nl).as_string()
    line = indent + tomlkit.key(edit.field).as_string().strip() + sep + value
    lines = _lines(main)
    at = _line_after(main, edit.kind, edit.after) if edit.after else None
    if at is not None and at < len(lines):
        return "".join(lines[:at]) + line + nl + "".join(lines[at:]), value
    if main.endswith("\n"):
        return main + line + nl, value
    return main + nl + line, value


def _line_after(main: str, kind: str, name: str) -> int | None:
    """The index of the line after key ``name`` (and its value's lines) in a block.

    Found by removing the key: the lines that go are exactly its lines.
    """
    block = tomlkit.parse(main)
    table = block[kind][0]
    if name not in table:
        return None
    del table[name]
    lines, without = _lines(main), _lines(block.as_string())
    same = 0
    while same < len(without) and lines[same] == without[same]:
        same += 1
    return same + len(lines) - len(without)


def _edit_nested(
    table: Table | InlineTable, edit: Edit, disk: Any, nl: str
) -> tuple[str | None, str | None, str | None]:
    """A checklist line's key changed, added or removed in place: (key before, old, new text)."""
    line, key = _container(table, edit.field)
    before, old_text = _key_before(line, key), _text_of(line, key)
    if edit.new is MISSING and isinstance(line, InlineTable) and old_text is not None:
        # tomlkit leaves the removed key's spaces behind: cut ", key = value" from the text.
        nested = _NESTED.match(edit.field)
        assert nested is not None
        pattern = rf",[ \t]*{re.escape(key)}[ \t]*=[ \t]*{re.escape(old_text)}(?=[ \t]*\}})"
        fixed, count = re.subn(pattern, "", line.as_string(), count=1)
        if count:
            table[nested[1]][int(nested[2])] = _item(fixed)
            return before, old_text, None
    if disk is MISSING:
        value = _render(_present(edit.new), None, edit.new_text, nl)
        text = line.as_string()
        end = re.search(r"[ \t]*\}[ \t]*\Z", text)
        if isinstance(line, InlineTable) and end is not None and len(line):
            # Written as people write it, ", done = true" before the brace (tomlkit drops the
            # space after the comma when the table has none inside its braces).
            nested = _NESTED.match(edit.field)
            assert nested is not None
            added = f"{text[: end.start()]}, {key} = {value.as_string()}{text[end.start() :]}"
            table[nested[1]][int(nested[2])] = _item(added)
        else:
            line[key] = value
        return before, old_text, value.as_string()
    return before, old_text, _change(line, replace(edit, field=key), disk, nl)


def _change(table: Table | InlineTable, edit: Edit, disk: Any, nl: str) -> str | None:
    """Change or remove an existing key, keeping its line's layout and comment.

    Returns the new value's text (None when removed).
    """
    name, new = edit.field, edit.new
    if new is MISSING:
        del table[name]
        return None
    current = table[name]
    old_points = _points(disk)
    if isinstance(new, tuple) and isinstance(current, Array) and old_points is not None:
        if len(new) == len(old_points) + 1 and new[:-1] == old_points:
            current.append(_point_item(new[-1], current))
        elif old_points and new == old_points[:-1]:
            _remove_last(table, name, current)
        elif new and len(new) == len(old_points) and new[:-1] == old_points[:-1]:
            current[-1] = _point_item(new[-1], current)
        else:
            table[name] = _render(new, current, edit.new_text, nl)
    else:
        table[name] = _render(new, current, edit.new_text, nl)
    return _text_of(table, name)


def _remove_last(table: Table | InlineTable, name: str, array: Array) -> None:
    """Remove an array's last element; a multi-line array without a trailing comma keeps none."""
    before = array.as_string()
    del array[-1]
    after = array.as_string()
    trailing = re.search(r",(\s*)\]\Z", after)
    if "\n" in before and trailing and not re.search(r",\s*\]\Z", before):
        fixed = after[: trailing.start()] + trailing.group(1) + "]"
        table[name] = _item(fixed)


def _point_item(point: Point, array: Array) -> Item:
    """A ``{ date = …, value = … }`` element written like the array's last one."""
    previous = array[-1].as_string() if len(array) else "{ }"
    return _item(_point_text(point, spaced=previous.startswith("{ ")))


def _render(value: Value, current: Any, text: str | None, nl: str) -> Item:
    """``value`` as a TOML item: as ``text`` if that is how the file wrote this very value,
    else in the string style of ``current`` where that style can hold it.

    A multi-line string's line breaks are the file's (``nl``); TOML reads them all as ``\\n``.
    """
    if text is not None:
        with suppress(TOMLKitError, tomllib.TOMLDecodeError):
            parsed, raw = tomllib.loads(f"x = {text}")["x"], _raw(value)
            if parsed == raw and type(parsed) is type(raw):
                return _item(text)
    if isinstance(value, tuple):
        points = ", ".join(_point_text(p) for p in value)
        return _item(f"[{points}]")
    if isinstance(value, str) and isinstance(current, String) and current.type != StringType.SLB:
        literal = current.type in (StringType.SLL, StringType.MLL)
        multiline = current.type in (StringType.MLB, StringType.MLL)
        with suppress(TOMLKitError, tomllib.TOMLDecodeError):
            written = tomlkit.string(value, literal=literal, multiline=multiline).as_string()
            written = re.sub(r"\r?\n", nl, written)
            # Not every text has a faithful form in every style (a single-line literal cannot
            # hold a quote; a multi-line string drops a leading newline): then a basic string.
            if tomllib.loads(f"x = {written}")["x"] == value:
                return _item(written)
    return tomlkit.item(value)


# -- writing -------------------------------------------------------------------------------------


def _replace(
    target: Path, data: bytes, stamp: FileStamp, info: os.stat_result, refuse: _Refuser
) -> FileStamp | None:
    """Write ``data`` over ``target`` atomically; None if the file changed since ``stamp``."""
    folder = target.parent
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        refuse(f"cannot create a file in {folder}: {_reason(error)}")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
            os.fchmod(file.fileno(), stat.S_IMODE(info.st_mode))
            if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
                # Only root may give a file away; keeping the content matters more.
                with suppress(OSError):
                    os.fchown(file.fileno(), info.st_uid, info.st_gid)
            written = os.fstat(file.fileno())  # a rename keeps the time: the new file's stamp
        try:
            if read_stamp(target) != stamp:
                return None
        except FileNotFoundError:
            refuse(f"{refuse.path.name} was moved or deleted while it was being saved")
        os.replace(temp, target)
    except OSError as error:
        refuse(f"cannot save {refuse.path.name}: {_reason(error)}")
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temp)
    _fsync_folder(folder)
    return FileStamp.of(data, written)


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some systems cannot open or sync a folder, which is fine."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)


__all__ = ["FileStamp", "WriteRefused", "WriteResult", "apply_edits", "read_stamp"]
