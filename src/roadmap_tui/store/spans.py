"""A plan file's text cut into the spans a merge works with: units, their parts, array elements.

A *unit* is what a three-way merge matches across the versions of a file: the top-level keys
before the first header (the root), a ``[table]``, or one ``[[section]]`` item, named by its
``id`` (or ``name``, for sections such as ``[[people]]``). A unit's *parts* are its header line
(with the comment lines directly above it), each ``key = value`` statement (with the comment and
blank lines above it), the trailing blank or comment lines, and any sub-tables (``[kpis.meta]``)
as opaque blocks. Joined in order, the units give back the text exactly.

Positions come from ``store.locate``'s scanner (headers, multi-line strings, open brackets), so
this module and the loader agree on where everything is.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from roadmap_tui.store.locate import _PART, Locator, _bare, _scan, _skip_blank, _string_end

#: Key kinds of parts. A statement's key is ("=", dotted key); a sub-table's ("[", name, n).
HEADER: tuple[str, ...] = ("^",)
TAIL: tuple[str, ...] = ("$",)
ROOT: tuple[str, ...] = ()
#: Keys that name an element of an array of tables, in the order they are tried.
ELEMENT_KEYS = ("id", "date", "name", "text")

_ASSIGNED = re.compile(rf"[ \t]*({_PART}(?:[ \t]*\.[ \t]*{_PART})*)[ \t]*=")


class Unsupported(Exception):
    """The text cannot be cut into units safely; a line merge must do."""


@dataclass(frozen=True)
class Part:
    """One piece of a unit: ``lead`` (comment/blank lines above) and ``body`` (the rest)."""

    key: tuple[str, ...]
    lead: str
    body: str

    @property
    def text(self) -> str:
        return self.lead + self.body

    @cached_property
    def value(self) -> Any:
        """What TOML reads from the body (None for header and trailing lines)."""
        if self.key[0] in "^$":
            return None
        return _parse(self.body)

    @property
    def is_statement(self) -> bool:
        return self.key[0] == "="


@dataclass(frozen=True)
class Unit:
    """A table, an array-of-tables item or the root, as the list of its parts."""

    key: tuple[str, ...]
    parts: tuple[Part, ...]
    #: Whether this unit ends the file (its text then lacks the blank line between units).
    last: bool = field(default=False, compare=False)

    @cached_property
    def text(self) -> str:
        return "".join(part.text for part in self.parts)

    @cached_property
    def value(self) -> Any:
        return _parse(self.text)

    @property
    def label(self) -> str:
        """How messages name the unit: ``milestones[M2.1]``, ``plan``, or "" for the root."""
        if self.key == ROOT:
            return ""
        if self.key[0] == "[[":
            return f"{self.key[1]}[{self.key[2]}]"
        return self.key[1]


def _parse(text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise Unsupported(f"a part does not parse on its own: {error}") from None


class _Spans(Locator):
    """The locator's header and string positions, as the units need them."""

    def headers(self) -> list[tuple[int, str, bool]]:
        return self._headers

    def in_string(self, line: int) -> bool:
        return line in self._in_strings


def split_units(text: str, data: dict[str, Any] | None = None) -> list[Unit]:
    """``text`` (``\\n`` line ends, ending with one) as its units, in file order.

    Args:
        data: what ``tomllib`` read from ``text``, when the caller has it already.

    Raises:
        Unsupported: the text does not parse, an item has no id or name, two items share one,
            or a sub-table is written away from its item.
    """
    data = _parse(text) if data is None else data
    lines = [line + "\n" for line in text[:-1].split("\n")] if text else []
    spans = _Spans(text)
    starts: list[tuple[int, int, tuple[str, ...]]] = []  # (first line, header line, key)
    subs: dict[int, list[tuple[int, str, bool]]] = {}  # header line → its sub-table headers
    arrays: dict[str, int] = {}
    owner: tuple[int, str] | None = None
    for line, name, is_array in spans.headers():
        if owner is not None and name.startswith(owner[1] + "."):
            subs[owner[0]].append((line, name, is_array))
            continue
        if any(name.startswith(array + ".") for array in arrays):
            raise Unsupported(f"[{name}] is written away from the [[item]] it belongs to")
        key: tuple[str, ...]
        if is_array:
            key = ("[[", name, _identity(data, name, arrays.get(name, 0)))
            arrays[name] = arrays.get(name, 0) + 1
        else:
            key = ("[", name)
        first = line
        floor = starts[-1][1] + 1 if starts else 0
        while first > floor and _is_comment(lines[first - 1]) and not spans.in_string(first - 1):
            first -= 1
        starts.append((first, line, key))
        subs[line] = []
        owner = (line, name)
    for name, count in arrays.items():
        if count != len(_lookup(data, name)):
            raise Unsupported(f"[[{name}]] items are also written another way")
    units = [_unit(ROOT, lines, spans, 0, None, starts[0][0] if starts else len(lines), [])]
    for index, (first, header, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        units.append(_unit(key, lines, spans, first, header, end, subs[header]))
    keys = [unit.key for unit in units]
    if len(set(keys)) != len(keys):
        duplicate = next(unit for unit in units if keys.count(unit.key) > 1)
        raise Unsupported(f"two {duplicate.label or 'roots'} in one file")
    units[-1] = Unit(units[-1].key, units[-1].parts, last=True)
    return units


def _is_comment(line: str) -> bool:
    return line.lstrip(" \t").startswith("#")


def _lookup(data: dict[str, Any], name: str) -> Any:
    value: Any = data
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _identity(data: dict[str, Any], name: str, index: int) -> str:
    items = _lookup(data, name)
    item = items[index] if isinstance(items, list) and index < len(items) else None
    if isinstance(item, dict):
        for key in ("id", "name"):
            value = item.get(key)
            if isinstance(value, str):
                return value
    raise Unsupported(f"[[{name}]] item {index + 1} has no id or name to match it by")


def _unit(
    key: tuple[str, ...],
    lines: list[str],
    spans: _Spans,
    first: int,
    header: int | None,
    end: int,
    subs: list[tuple[int, str, bool]],
) -> Unit:
    """The parts of the unit on lines [first, end)."""
    parts: list[Part] = []
    body_from = first
    if header is not None:
        parts.append(Part(HEADER, "".join(lines[first:header]), lines[header]))
        body_from = header + 1
    body_end = subs[0][0] if subs else end
    pending: list[str] = []
    index = body_from
    while index < body_end:
        line = lines[index]
        if spans.in_string(index):
            raise Unsupported(f"line {index + 1} is inside a string that no key opened")
        if not line.strip() or _is_comment(line):
            pending.append(line)
            index += 1
            continue
        match = _ASSIGNED.match(line)
        if match is None:
            raise Unsupported(f"line {index + 1} is not a key = value statement")
        stop = index + 1
        while _still_open("".join(lines[index:stop])):
            if stop >= body_end:
                raise Unsupported(f"the value on line {index + 1} does not end")
            stop += 1
        parts.append(
            Part(("=", _bare(match.group(1))), "".join(pending), "".join(lines[index:stop]))
        )
        pending = []
        index = stop
    parts.append(Part(TAIL, "", "".join(pending)))
    seen: dict[str, int] = {}
    for position, (at, name, is_array) in enumerate(subs):
        stop = subs[position + 1][0] if position + 1 < len(subs) else end
        body = "".join(lines[at:stop])
        seen[name] = seen.get(name, 0) + 1
        # [[kpis.actuals]] blocks are matched by their date (or id …) when they have one.
        ident = _element_identity(_lookup(_parse(body), name)) if is_array else None
        parts.append(Part(("[", name, ident or f"#{seen[name]}"), "", body))
    keys = [part.key for part in parts]
    if len(set(keys)) != len(keys):
        raise Unsupported("a key or sub-table is written twice in one table")
    return Unit(key, tuple(parts))


def _element_identity(value: Any) -> str | None:
    """``date=2025-01-31`` for a one-element array of tables with such a key, else None."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
        for key in ELEMENT_KEYS:
            found = value[0].get(key)
            if isinstance(found, str | dt.date):
                return f"{key}={found}"
    return None


def _still_open(text: str) -> bool:
    if "[" not in text and "{" not in text and '"""' not in text and "'''" not in text:
        return False  # only brackets and multi-line strings carry a value over lines
    opened, string = _scan(text, len(text))
    return bool(opened) or string is not None


@dataclass(frozen=True)
class ArrayText:
    """A ``key = [ … ]`` statement cut at its elements.

    ``head`` runs to the opening bracket; each element has the blank/comment text before it
    (``leads``), its own text (``items``) and whether a comma follows it; ``tail`` is everything
    after the last element's comma (or the last element), from the closing bracket on.
    """

    head: str
    leads: tuple[str, ...]
    items: tuple[str, ...]
    commas: tuple[bool, ...]
    tail: str


def split_array(statement: str) -> ArrayText | None:
    """The elements of the array a statement assigns; None when the value is not an array."""
    match = _ASSIGNED.match(statement)
    if match is None:
        return None
    pos = _skip_blank(statement, match.end())
    if not statement.startswith("[", pos):
        return None
    head_end = pos + 1
    leads: list[str] = []
    items: list[str] = []
    commas: list[bool] = []
    cursor = head_end
    while True:
        start = _skip_blank(statement, cursor)
        if start >= len(statement):
            return None
        if statement[start] == "]":
            return ArrayText(
                statement[:head_end], tuple(leads), tuple(items), tuple(commas), statement[cursor:]
            )
        end = _element_end(statement, start)
        if end is None:
            return None
        leads.append(statement[cursor:start])
        after = _skip_blank(statement, end)
        if statement.startswith(",", after):
            if "#" in statement[end:after] or "\n" in statement[end:after]:
                return None  # a comment between an element and its comma: too odd to re-lay
            items.append(statement[start:after])
            commas.append(True)
            cursor = after + 1
        else:
            if not statement.startswith("]", after):
                return None
            items.append(statement[start:end].rstrip(" \t"))
            commas.append(False)
            cursor = start + len(items[-1])


def _element_end(text: str, pos: int) -> int | None:
    """Offset just after the array element starting at ``pos`` (before any comma or ``]``)."""
    depth = 0
    while pos < len(text):
        char = text[pos]
        if char in "\"'":
            delim = char * 3 if text.startswith(char * 3, pos) else char
            end = _string_end(text, pos + len(delim), delim, len(text))
            if end is None:
                return None
            pos = end
            continue
        if char == "#" or char == "\n":
            if depth == 0:
                return pos
            pos = _skip_blank(text, pos)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                return pos
            depth -= 1
        elif char == "," and depth == 0:
            return pos
        pos += 1
    return None
