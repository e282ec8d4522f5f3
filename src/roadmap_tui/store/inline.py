"""Editing one inline table of an array of them (``milestones = [ {…}, {…} ]``) as text.

The writer's fast, exact path for items written inline: find the item's ``{ … }`` in the file,
split it into its ``key = value`` entries, and change, remove or add one entry's text, leaving
every other byte (the other items' lines, the spacing, the key order) as it was. Nothing here
trusts itself: the writer checks each piece against what ``tomllib`` reads.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from typing import Any, NamedTuple

from roadmap_tui.store.locate import Locator, _string_end

_SPECIAL = re.compile(r"""[\[\]{}"'#]""")


def value_end(text: str, start: int) -> int | None:
    """The offset just after the TOML value starting at ``start`` (None if it does not end).

    A scalar ends at the first ``,``, ``}``, ``]``, ``#`` or line end; an array or inline table
    at its matching bracket, strings and comments inside it skipped.
    """
    if start >= len(text):
        return None
    char = text[start]
    if char in "\"'":
        delim = char * 3 if text.startswith(char * 3, start) else char
        return _string_end(text, start + len(delim), delim, len(text))
    if char not in "[{":
        match = re.compile(r"[,}\]#\r\n]").search(text, start)
        end = match.start() if match else len(text)
        while end > start and text[end - 1] in " \t":
            end -= 1
        return end
    depth, pos = 0, start
    while True:
        match = _SPECIAL.search(text, pos)
        if match is None:
            return None
        pos, found = match.start(), match.group(0)
        if found in "[{":
            depth += 1
            pos += 1
        elif found in "]}":
            depth -= 1
            pos += 1
            if depth == 0:
                return pos
        elif found == "#":
            pos = text.find("\n", pos)
            if pos < 0:
                return None
        else:
            delim = found * 3 if text.startswith(found * 3, pos) else found
            closed = _string_end(text, pos + len(delim), delim, len(text))
            if closed is None:
                return None
            pos = closed


def element_span(text: str, section: str, index: int, item: Any) -> tuple[int, int] | None:
    """Offsets [start, end) of ``item``, the ``index``-th element of ``section = [ … ]``."""
    locator = Locator(text)
    where = locator.find(section)
    found = _by_id(text, locator, where, item)
    if found is not None:
        return found
    # Walk the array element by element: sure, but slow on a very long array.
    line, col = locator.element(where, index)
    if (line, col) == where:
        return None
    starts = locator._line_starts
    if line - 1 >= len(starts):
        return None
    start = starts[line - 1] + col - 1
    if not text.startswith("{", start):
        return None
    end = value_end(text, start)
    return None if end is None else (start, end)


def _by_id(
    text: str, locator: Locator, where: tuple[int, int], item: Any
) -> tuple[int, int] | None:
    """The item's span found by its id, for the usual layout of one element a line.

    Trusted only for a ``{`` that starts its line (so it is not inside a one-line string or a
    comment), on a line that is not inside a multi-line string, below the array's key and above
    the next table header, whose text TOML reads as exactly the item (ids are unique).
    """
    ident = item.get("id") if isinstance(item, dict) else None
    if not isinstance(ident, str):
        return None
    starts = locator._line_starts
    begin = starts[where[0] - 1] if where[0] - 1 < len(starts) else len(text)
    later = [line for line, _, _ in locator._headers if line >= where[0]]
    stop = starts[later[0]] if later else len(text)
    for needle in (f'"{ident}"', f"'{ident}'"):
        pos = text.find(needle, begin, stop)
        for _ in range(8):  # the id may also appear in other items' text: look a little further
            if pos < 0:
                break
            line_start = text.rfind("\n", 0, pos) + 1
            first = _skip(text, line_start)
            line = bisect.bisect_right(starts, pos) - 1
            if text.startswith("{", first) and line not in locator._in_strings:
                end = value_end(text, first)
                if end is not None and end > pos and reads_as(text[first:end], item):
                    return first, end
            pos = text.find(needle, pos + 1, stop)
    return None


class Entry(NamedTuple):
    """One ``key = value`` of an inline table: its key, where it starts and its value's span."""

    key: str
    start: int
    value_start: int
    value_end: int


_KEY_END = re.compile(r"[ \t]*=[ \t]*")


def entries(table: str) -> list[Entry] | None:
    """The entries of the inline table written ``table`` (``{ a = 1, b = "x" }``), in order.

    None when it is not a simple one (dotted keys, or text this reader does not follow).
    """
    found: list[Entry] = []
    pos = _skip(table, 1)
    if table.startswith("}", pos):
        return found
    while True:
        equals = _KEY_END.search(table, pos)
        if equals is None:
            return None
        key_text = table[pos : equals.start()]
        try:
            parsed = tomllib.loads(f"{key_text} = 0")
        except tomllib.TOMLDecodeError:
            return None
        if len(parsed) != 1 or not isinstance(next(iter(parsed.values())), int):
            return None
        value_start = equals.end()
        end = value_end(table, value_start)
        if end is None:
            return None
        found.append(Entry(next(iter(parsed)), pos, value_start, end))
        pos = _skip(table, end)
        if table.startswith("}", pos):
            return found if pos == len(table) - 1 else None
        if not table.startswith(",", pos):
            return None
        pos = _skip(table, pos + 1)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def change(table: str, found: list[Entry], key: str, value: str) -> str:
    """``table`` with the value of ``key`` written ``value``."""
    entry = next(e for e in found if e.key == key)
    return table[: entry.value_start] + value + table[entry.value_end :]


def remove(table: str, found: list[Entry], key: str) -> str:
    """``table`` without ``key``: its entry and the separator before it (after it, if first)."""
    at = next(i for i, e in enumerate(found) if e.key == key)
    if at > 0:
        return table[: found[at - 1].value_end] + table[found[at].value_end :]
    if len(found) > 1:
        return table[: found[0].start] + table[found[1].start :]
    return table[: found[0].start].rstrip(" \t") + table[found[0].value_end :].lstrip(" \t")


def removed_text(table: str, found: list[Entry], key: str) -> str:
    """What ``remove`` takes out of ``table`` for ``key`` (the entry and one separator)."""
    at = next(i for i, e in enumerate(found) if e.key == key)
    if at > 0:
        return table[found[at - 1].value_end : found[at].value_end]
    if len(found) > 1:
        return table[found[0].start : found[1].start]
    return table[found[0].start : found[0].value_end]


def put_back(table: str, found: list[Entry], text: str | None, after: str | None) -> str | None:
    """``table`` with ``text`` (from ``removed_text``) where it was: after ``after``."""
    if text is None or after is None or not found:
        return None
    if after == "":
        return table[: found[0].start] + text + table[found[0].start :]
    place = next((e for e in found if e.key == after), None)
    if place is None:
        return None
    return table[: place.value_end] + text + table[place.value_end :]


def add(table: str, found: list[Entry], key: str, value: str, after: str | None) -> str:
    """``table`` with ``key = value`` after the entry ``after`` (or last), spaced like the rest.

    ``after=""`` puts it first.
    """
    written = _key_text(key)
    if not found:
        return "{ " + written + " = " + value + " }"
    model = found[-1]
    equals = table[model.start : model.value_start]
    equals = equals[len(equals.rstrip(" \t=")) :]  # "= ", " = " or "=" as the table writes it
    equals = equals if "=" in equals else " = "
    separator = table[found[0].value_end : found[1].start] if len(found) > 1 else ", "
    if after == "":
        return (
            table[: found[0].start] + written + equals + value + separator + table[found[0].start :]
        )
    place = next((e for e in found if e.key == after), found[-1])
    at = place.value_end
    return table[:at] + separator + written + equals + value + table[at:]


def _key_text(key: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return key
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def reads_as(table: str, expected: Any) -> bool:
    """Whether ``table`` is an inline table that TOML reads as exactly ``expected``."""
    try:
        return bool(tomllib.loads(f"x = {table}")["x"] == expected)
    except tomllib.TOMLDecodeError:
        return False


__all__ = [
    "Entry",
    "add",
    "change",
    "element_span",
    "entries",
    "put_back",
    "reads_as",
    "remove",
    "removed_text",
    "value_end",
]
