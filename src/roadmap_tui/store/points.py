"""Editing a KPI's points written as tables (``[[kpis.actuals]]``), keeping them tables.

Recording a value appends one ``[[kpis.actuals]]`` table laid out like the last one; its undo
removes exactly that text again; a second record on the same day changes the last table's
``date`` and ``value`` in place. Anything else is left to the writer's general path.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

from roadmap_tui.model.edits import Edit
from roadmap_tui.model.plan import Point
from roadmap_tui.store.locate import Locator
from roadmap_tui.store.textedit import Done

_VALUE_LINE = r"^([ \t]*{key}[ \t]*=[ \t]*)([^ \t#\r\n]+)([ \t]*#[^\r\n]*)?"


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


def _rewrite(core: str, point: Point, *, comments: bool = True) -> str | None:
    """A point table's text with its date and value changed (None if they are not simple);
    without the comments after them when ``comments`` is false (a copy for a new point)."""
    if isinstance(point.value, str) or point.op is not None:
        return None  # text values and comparators take the writer's general path
    for key, written in (("date", point.date.isoformat()), ("value", _number(point.value))):
        pattern = re.compile(_VALUE_LINE.format(key=key), re.MULTILINE)
        found = list(pattern.finditer(core))
        if len(found) != 1:
            return None
        match = found[0]
        end = match.end(2) if comments or match.group(3) is None else match.end(3)
        core = core[: match.start(2)] + written + core[end:]
    return core


def _is_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def edit_point_tables(
    text: str, edit: Edit, index: int, disk: Any, expected: dict[str, Any]
) -> Done | None:
    """``edit`` (of a points field written as tables) made as text, or None."""
    if not isinstance(edit.new, tuple) or not isinstance(disk, list) or not disk:
        return None
    old = [Point(date=p["date"], value=float(p["value"])) for p in disk if _simple(p)]
    if len(old) != len(disk):
        return None
    new = list(edit.new)
    locator = Locator(text)
    block = locator._block(edit.kind, index)
    if block is None:
        return None
    lines = text.split("\n")
    name = f"{edit.kind}.{edit.field}"
    heads = [h for h, n, many in locator._headers if block[0] < h < block[1] and n == name and many]
    if len(heads) != len(disk):
        return None
    starts = locator._line_starts
    # Each table's core: its header and key lines, without the blank lines after it.
    cores = []
    for number, head in enumerate(heads):
        end = heads[number + 1] if number + 1 < len(heads) else block[1]
        while end - 1 > head and _is_blank(lines[end - 1]):
            end -= 1
        cores.append((starts[head], starts[end - 1] + len(lines[end - 1])))
    last_start, last_end = cores[-1]
    if len(new) == len(old) + 1 and new[:-1] == old:
        prev_end = cores[-2][1] if len(cores) > 1 else None
        lead = text[prev_end:last_start] if prev_end is not None else "\n\n"
        added = _rewrite(text[last_start:last_end], new[-1], comments=False)
        if added is None:
            return None
        new_text = text[:last_end] + lead + added + text[last_end:]
    elif len(new) == len(old) - 1 and new == old[:-1] and len(cores) > 1:
        new_text = text[: cores[-2][1]] + text[last_end:]
    elif len(new) == len(old) and new[:-1] == old[:-1]:
        changed = _rewrite(text[last_start:last_end], new[-1])
        if changed is None:
            return None
        new_text = text[:last_start] + changed + text[last_end:]
    else:
        return None
    if not _block_reads(new_text, edit.kind, index, expected):
        return None
    return Done(new_text, None, None, None)


def _simple(point: Any) -> bool:
    return (
        isinstance(point, dict)
        and set(point) == {"date", "value"}
        and type(point["date"]) is dt.date
        and type(point["value"]) in (int, float)
    )


def _block_reads(text: str, kind: str, index: int, expected: dict[str, Any]) -> bool:
    """Whether the item's block (with its sub-tables) in ``text`` reads as ``expected``."""
    locator = Locator(text)
    block = locator._block(kind, index)
    if block is None:
        return False
    lines = text.split("\n")[block[0] : block[1]]
    try:
        return bool(tomllib.loads("\n".join(lines)) == {kind: [expected]})
    except tomllib.TOMLDecodeError:
        return False


__all__ = ["edit_point_tables"]
