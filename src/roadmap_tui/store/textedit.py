"""Changing one value in a plan file's text, keeping every other byte where it was.

The writer (``store.writer``) decides what to change and checks it against the disk; the
functions here make the change in the text: in the item's own ``[[section]]`` block (parsed on
its own with ``tomlkit``), in its ``{ … }`` when the items are inline tables, or, as the last
resort, through a ``tomlkit`` parse of the whole file. Each result is checked against what
``tomllib`` reads before it is used, and carries the hints its undo needs (``Done``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from contextlib import suppress
from dataclasses import replace
from functools import cache
from typing import Any, NamedTuple, Protocol, cast

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, InlineTable, Item, String, StringType, Table

from roadmap_tui.model.edits import MISSING, Edit, Missing, Value
from roadmap_tui.model.plan import OPS, Point
from roadmap_tui.store import inline

#: A checklist line's tick (``deliverables[2].done``): a key inside one element of an array.
NESTED = re.compile(r"^(deliverables|acceptance)\[(\d+)\]\.(done)$")
#: Any table header line (the names do not matter here: a header ends the item before it).
_HEADER = re.compile(r"^[ \t]*\[\[?[^\r\n]*\]\]?[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)


class Source(Protocol):
    """The document being edited: its text, what ``tomllib`` reads from it, its line end."""

    text: str
    data: dict[str, Any]
    nl: str


def points_of(raw: Any) -> tuple[Point, ...] | None:
    if not isinstance(raw, list):
        return None
    points = []
    for entry in raw:
        # A point may carry more keys (a remark): only its date, value and ``op`` count here.
        if not isinstance(entry, dict) or not {"date", "value"} <= set(entry):
            return None
        when, value, op = entry["date"], entry["value"], entry.get("op")
        if type(when) is not dt.date or type(value) not in (int, float, str):
            return None
        if op is not None and op not in OPS:
            return None
        number = value if isinstance(value, str) else float(value)
        points.append(Point(date=when, value=number, op=op))
    return tuple(points)


def present(value: Value | Missing) -> Value:
    if value is MISSING:
        raise ValueError("no value to write")
    return value


def number(value: float | str) -> int | float | str:
    """A point's value as the file writes it: ``30`` rather than ``30.0``; text as it is."""
    if isinstance(value, str):
        return value
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def point_raw(point: Point) -> dict[str, Any]:
    """A point as ``tomllib`` reads it from the file."""
    raw: dict[str, Any] = {"date": point.date, "value": number(point.value)}
    if point.op is not None:
        raw["op"] = point.op
    return raw


def point_text(point: Point, spaced: bool = True) -> str:
    """``{ date = …, value = … }`` (with ``op`` when it has one), as TOML text."""
    parts = [f"date = {point.date.isoformat()}", f"value = {_toml_scalar(number(point.value))}"]
    if point.op is not None:
        parts.append(f"op = {_toml_scalar(point.op)}")
    inner = ", ".join(parts)
    return f"{{ {inner} }}" if spaced else f"{{{inner}}}"


def _toml_scalar(value: int | float | str) -> str:
    # JSON's string escapes are TOML's basic-string escapes.
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def merged_points(disk: list[Any], new: tuple[Point, ...]) -> list[Any]:
    """``new`` as the file will hold it: points kept from ``disk`` keep their other keys."""
    merged: list[Any] = []
    for index, point in enumerate(new):
        raw = point_raw(point)
        if index < len(disk):
            kept = disk[index]
            same = points_of([kept]) == (point,)
            merged.append(kept if same else {**kept, **raw})
        else:
            merged.append(raw)
    return merged


def raw_value(value: Value) -> Any:
    if isinstance(value, tuple):
        return [point_raw(point) for point in value]
    return value


def _lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


class Done(NamedTuple):
    """An edit made: the file's new text, and the layout hints for its undo (see ``Edit``)."""

    text: str
    after: str | None
    old_text: str | None
    new_text: str | None
    line: str | None = None  # the exact text a removal took out (see ``Edit.old_line``)


def edit_block(
    doc: Source, edit: Edit, index: int, disk: Any, expected: dict[str, Any]
) -> Done | None:
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
        # Keys set under the item's sub-tables ([milestones.links]) are not in its block.
        rest = _outside(tomllib.loads(main), edit.kind, doc.data[edit.kind][index])
        nested = NESTED.match(edit.field)
        if rest is None or edit.field in rest or (nested is not None and nested[1] in rest):
            return None
        quick = _scalar_change(main, edit, disk, doc.nl) if nested is None else None
        if quick is not None:
            changed, was, now = quick
            if _outside(tomllib.loads(changed), edit.kind, expected) == rest:
                return Done(doc.text[:start] + changed + trailing + doc.text[end:], None, was, now)
        block = tomlkit.parse(main)
        table = block[edit.kind][0]
        before, old_text = _key_before(table, edit.field), _text_of(table, edit.field)
        new_text: str | None
        removed = None
        if nested is not None:
            before, old_text, new_text = _edit_nested(table, edit, disk, doc.nl)
            new_main = _keep_end(main, block.as_string())
        elif disk is MISSING:
            put_back, new_text = _put_back(main, edit, expected, doc.nl)
            if put_back is None:
                put_back, new_text = _add_key(main, edit, table, doc.nl)
            new_main = put_back
        else:
            new_text = _change(table, edit, disk, doc.nl)
            new_main = _keep_end(main, block.as_string())
            if edit.new is MISSING:
                removed = _removed_lines(main, new_main)
        if _outside(tomllib.loads(new_main), edit.kind, expected) != rest:
            return None
    except (tomllib.TOMLDecodeError, TOMLKitError, LookupError, TypeError):
        return None
    text = doc.text[:start] + new_main + trailing + doc.text[end:]
    return Done(text, before, old_text, new_text, removed)


#: One key's line with a one-line scalar value: a basic or literal string, or a bare date,
#: number or boolean; then an optional comment. Groups: the value, and what follows it.
_SCALAR_LINE = (
    r"^[ \t]*{key}[ \t]*=[ \t]*"
    r"(\"(?![\"]{{2}})(?:[^\"\\\r\n]|\\.)*\"|'(?!'')[^'\r\n]*'|[-+0-9A-Za-z_.:]+)"
    r"([ \t]*(?:#[^\r\n]*)?\r?)$"
)


def _scalar_change(main: str, edit: Edit, disk: Any, nl: str) -> tuple[str, str, str] | None:
    """A scalar value changed in place on its own line, without parsing the block with
    ``tomlkit``: (the new block, the old value's text, the new value's text), or None when
    the value is not written that simply. The caller checks the result with ``tomllib``."""
    new = edit.new
    plain = (str, bool, int, float, dt.date)
    if new is MISSING or isinstance(new, tuple) or disk is MISSING:
        return None
    if not isinstance(disk, plain) or isinstance(disk, dt.datetime):
        return None
    if not re.fullmatch(r"[A-Za-z0-9_-]+", edit.field):
        return None
    pattern = re.compile(_SCALAR_LINE.format(key=edit.field), re.MULTILINE)
    found = list(pattern.finditer(main))
    if len(found) != 1:
        return None
    match = found[0]
    old_text = match[1]
    try:
        current = _item(old_text)
        new_text = _render(new, current, edit.new_text, nl).as_string()
    except (TOMLKitError, tomllib.TOMLDecodeError):
        return None
    if "\n" in new_text:
        return None
    return main[: match.start(1)] + new_text + main[match.end(1) :], old_text, new_text


def _outside(block: dict[str, Any], kind: str, item: Any) -> dict[str, Any] | None:
    """The keys of ``item`` that its block ``block`` leaves to sub-tables below it, if the
    block holds exactly the rest of ``item`` (else None)."""
    if set(block) != {kind} or not isinstance(block[kind], list) or len(block[kind]) != 1:
        return None
    own, rest = block[kind][0], {}
    if not isinstance(item, dict):
        return None
    for key, value in item.items():
        if key in own:
            if own[key] != value or type(own[key]) is not type(value):
                return None
        elif isinstance(value, dict | list):
            rest[key] = value
        else:
            return None
    return rest if set(own) <= set(item) else None


def _removed_lines(before: str, after: str) -> str | None:
    """The whole lines ``before`` lost to become ``after``, if that is all that happened."""
    cut = len(before) - len(after)
    if cut <= 0:
        return None
    start = 0
    while start < len(after) and before[start] == after[start]:
        start += 1
    end = start + cut
    if before[:start] + before[end:] != after:
        return None
    # The same removal can often be placed a little earlier: take the one at a line start.
    while start > 0 and before[start - 1] != "\n" and before[start - 1] == before[end - 1]:
        start, end = start - 1, end - 1
    if (start == 0 or before[start - 1] == "\n") and before[end - 1] == "\n":
        return before[start:end]
    return None


def _put_back(
    main: str, edit: Edit, expected: dict[str, Any], nl: str
) -> tuple[str | None, str | None]:
    """The block with a removed key's very text (``edit.new_line``) back where it was."""
    if edit.new_line is None or edit.after is None:
        return None, None
    lines = _lines(main)
    at = 1 if edit.after == "" else _line_after(main, edit.kind, edit.after)
    if at is None or at > len(lines):
        return None, None
    head = "".join(lines[:at])
    if not head.endswith("\n"):
        head += nl
    candidate = head + edit.new_line + "".join(lines[at:])
    try:
        if _outside(tomllib.loads(candidate), edit.kind, expected) is None:
            return None, None
    except tomllib.TOMLDecodeError:
        return None, None
    return _keep_end(main, candidate), edit.new_text


def edit_element(
    doc: Source, edit: Edit, index: int, disk: Any, expected: dict[str, Any]
) -> Done | None:
    """``edit`` made in the item's own ``{ … }`` when the items are an array of inline tables."""
    if NESTED.match(edit.field):
        return None  # a checklist tick inside the item: the whole-file path makes it
    span = inline.element_span(doc.text, edit.kind, index, doc.data[edit.kind][index])
    if span is None:
        return None
    start, end = span
    table = doc.text[start:end]
    found = inline.entries(table)
    if found is None or not inline.reads_as(table, doc.data[edit.kind][index]):
        return None
    names = [entry.key for entry in found]
    at = names.index(edit.field) if edit.field in names else None
    before = None if at is None else ("" if at == 0 else names[at - 1])
    old_text = None if at is None else table[found[at].value_start : found[at].value_end]
    new_text: str | None = None
    try:
        removed = None
        if edit.new is MISSING:
            new_table = inline.remove(table, found, edit.field)
            removed = inline.removed_text(table, found, edit.field)
        else:
            if at is None:
                new_text = _render(edit.new, None, edit.new_text, doc.nl).as_string()
                new_table = inline.put_back(table, found, edit.new_line, edit.after) or ""
                if not inline.reads_as(new_table, expected):
                    new_table = inline.add(table, found, edit.field, new_text, edit.after)
            else:
                # The document of one key works like a table here: _change needs no more.
                tiny = cast(Table, tomlkit.parse(f"x = {old_text}"))
                new_text = _change(tiny, replace(edit, field="x"), disk, doc.nl)
                if new_text is None:
                    return None
                new_table = inline.change(table, found, edit.field, new_text)
    except (TOMLKitError, tomllib.TOMLDecodeError, LookupError, TypeError):
        return None
    if not inline.reads_as(new_table, expected):
        return None
    text = doc.text[:start] + new_table + doc.text[end:]
    return Done(text, before, old_text, new_text, removed)


def edit_whole(
    doc: Source, edit: Edit, index: int, disk: Any, expected: dict[str, Any]
) -> Done | None:
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
        if NESTED.match(edit.field):
            before, old_text, new_text = _edit_nested(table, edit, disk, doc.nl)
        elif disk is MISSING:
            before, old_text = _key_before(table, edit.field), _text_of(table, edit.field)
            value = _render(present(edit.new), None, edit.new_text, doc.nl)
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
    return Done(text, before, old_text, new_text)


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
    """The key just before ``name`` in the table ("" if it is the first), if it has ``name``."""
    previous = ""
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
    value = _render(present(edit.new), None, edit.new_text, nl).as_string()
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


def _container(table: Table | InlineTable, field: str) -> tuple[Table | InlineTable, str]:
    """Where a field's key lives: the item's table, or one checklist line's table."""
    nested = NESTED.match(field)
    if nested is None:
        return table, field
    line = table[nested[1]][int(nested[2])]
    if not isinstance(line, Table | InlineTable):
        raise TypeError("a checklist line that is not a table")
    return line, nested[3]


def _edit_nested(
    table: Table | InlineTable, edit: Edit, disk: Any, nl: str
) -> tuple[str | None, str | None, str | None]:
    """A checklist line's key changed, added or removed in place: (key before, old, new text)."""
    line, key = _container(table, edit.field)
    before, old_text = _key_before(line, key), _text_of(line, key)
    nested = NESTED.match(edit.field)
    assert nested is not None
    if edit.new is MISSING and isinstance(line, InlineTable) and old_text is not None:
        # tomlkit leaves the removed key's spaces behind: cut ", key = value" from the text.
        pattern = rf",[ \t]*{re.escape(key)}[ \t]*=[ \t]*{re.escape(old_text)}(?=[ \t]*\}})"
        fixed, count = re.subn(pattern, "", line.as_string(), count=1)
        if count:
            table[nested[1]][int(nested[2])] = _item(fixed)
            return before, old_text, None
    if disk is MISSING:
        value = _render(present(edit.new), None, edit.new_text, nl)
        text = line.as_string()
        end = re.search(r"[ \t]*\}[ \t]*\Z", text)
        if isinstance(line, InlineTable) and end is not None and len(line):
            # Written as people write it, ", done = true" before the brace (tomlkit drops the
            # space after the comma when the table has none inside its braces).
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
    old_points = points_of(disk)
    if isinstance(new, tuple) and isinstance(current, Array) and old_points is not None:
        if len(new) == len(old_points) + 1 and new[:-1] == old_points:
            current.append(_point_item(new[-1], current))
        elif old_points and new == old_points[:-1]:
            _remove_last(table, name, current)
        elif new and len(new) == len(old_points) and new[:-1] == old_points[:-1]:
            last = current[-1]
            if isinstance(last, InlineTable) and set(last) - {"date", "value"}:
                last["date"], last["value"] = new[-1].date, number(new[-1].value)
            else:
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
    return _item(point_text(point, spaced=previous.startswith("{ ")))


def _render(value: Value, current: Any, text: str | None, nl: str) -> Item:
    """``value`` as a TOML item: as ``text`` if that is how the file wrote this very value,
    else in the string style of ``current`` where that style can hold it.

    A multi-line string's line breaks are the file's (``nl``); TOML reads them all as ``\\n``.
    """
    if text is not None:
        with suppress(TOMLKitError, tomllib.TOMLDecodeError):
            parsed, raw = tomllib.loads(f"x = {text}")["x"], raw_value(value)
            if parsed == raw and type(parsed) is type(raw):
                return _item(text)
    if isinstance(value, tuple):
        points = ", ".join(point_text(p) for p in value)
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
