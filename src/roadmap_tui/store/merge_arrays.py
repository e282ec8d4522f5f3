"""Three-way merge of one array value element by element (KPI actuals by date, checklists …).

When both sides changed the same ``key = [ … ]`` differently, the change can still be clean if
they touched different elements: points added on both sides to ``actuals``, different
``deliverables`` ticked. Elements are matched by a key they all carry (``id``, ``date``,
``name`` or ``text``) or, for arrays of plain values, by the value itself.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib
from collections.abc import Callable, Hashable
from typing import Any

from roadmap_tui.store.merge_order import merged_order
from roadmap_tui.store.spans import ELEMENT_KEYS, ArrayText, Part, split_array

_Source = tuple[str, int]  # ("o" or "t", index in that side's array)


def merge_array(base: Part | None, ours: Part, theirs: Part) -> str | None:
    """The statement with both sides' element changes, or None when they collide.

    Args:
        base: the statement in the common ancestor (None when both sides added it).
        ours, theirs: the statement on each side; both assign arrays.
    """
    lists = [_array(part.value) if part is not None else [] for part in (base, ours, theirs)]
    if any(value is None for value in lists):
        return None
    old, mine, yours = (value or [] for value in lists)
    ident, field = _identifier(old, mine, yours)
    texts = split_array(ours.body), split_array(theirs.body)
    if ident is None or texts[0] is None or texts[1] is None:
        return None
    if len(texts[0].items) != len(mine) or len(texts[1].items) != len(yours):
        return None
    before = {ident(item): item for item in old}
    sides = {
        "o": {ident(v): i for i, v in enumerate(mine)},
        "t": {ident(v): i for i, v in enumerate(yours)},
    }
    values = {"o": mine, "t": yours}
    chosen: dict[Hashable, _Source] = {}
    for key in [*sides["o"], *sides["t"]]:
        if key in chosen:
            continue
        try:
            source = _choose(key, before, sides, values)
        except _Collision:
            return None
        if source is not None:
            chosen[key] = source
    kept = [key for key in before if key in sides["o"] and key in sides["t"]]
    if any([key for key in side if key in kept] != kept for side in sides.values()):
        return None  # a side reordered the elements (a standup order …): that is its change
    order = merged_order(list(before), list(sides["o"]), list(sides["t"]), chosen.__contains__)
    if field == "date" and all(_sorted([ident(v) for v in side]) for side in (mine, yours)):
        order.sort(key=_date_key)
    merged = [values[chosen[key][0]][chosen[key][1]] for key in order]
    body = _assemble(texts[0], texts[1], [chosen[key] for key in order])
    if body is None or _array(_parse(body)) != merged:
        return None
    return body


def _choose(
    key: Hashable,
    before: dict[Hashable, Any],
    sides: dict[str, dict[Hashable, int]],
    values: dict[str, list[Any]],
) -> _Source | None:
    """Where element ``key`` comes from, or None when it is deleted.

    Raises:
        _Collision: the sides changed the element in ways that exclude each other.
    """
    found = {side: values[side][index[key]] for side, index in sides.items() if key in index}
    old = before.get(key, _ABSENT)
    if len(found) == 2:
        if found["o"] == found["t"] or found["t"] == old:
            return ("o", sides["o"][key])
        if found["o"] == old:
            return ("t", sides["t"][key])
        raise _Collision
    ((side, value),) = found.items()
    if old is _ABSENT:
        return (side, sides[side][key])
    if value != old:
        raise _Collision
    return None


_ABSENT = object()


class _Collision(Exception):
    """Both sides changed one element differently, or one deleted what the other changed."""


def _array(value: Any) -> list[Any] | None:
    """The array a one-statement document assigns (``a.b = [...]`` → the list)."""
    while isinstance(value, dict) and len(value) == 1:
        value = next(iter(value.values()))
    return value if isinstance(value, list) else None


def _parse(text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _identifier(
    *lists: list[Any],
) -> tuple[Callable[[Any], Hashable], str] | tuple[None, str]:
    """How elements are matched across the sides: by a key field, or by their value."""
    elements = [element for values in lists for element in values]
    if elements and all(isinstance(element, dict) for element in elements):
        for field in ELEMENT_KEYS:
            if all(_unique([e.get(field) for e in values]) for values in lists):
                return (lambda element, field=field: element[field]), field
        return None, ""
    if all(not isinstance(element, dict | list) for element in elements) and all(
        _unique(values) for values in lists
    ):
        # 1 and 1.0 and true are equal in Python but not the same TOML value.
        return (lambda element: (type(element).__name__, element)), ""
    return None, ""


def _unique(values: list[Any]) -> bool:
    keys = [(type(value).__name__, value) for value in values]
    if any(value is None or isinstance(value, dict | list) for value in values):
        return False
    return len(set(keys)) == len(keys)


def _sorted(keys: list[Any]) -> bool:
    try:
        return all(_date_key(a) <= _date_key(b) for a, b in itertools.pairwise(keys))
    except TypeError:
        return False


def _date_key(value: Any) -> tuple[dt.date, str]:
    # Dates and date-times both sort by their day; text keeps ties stable.
    if isinstance(value, dt.datetime):
        return value.date(), value.isoformat()
    if isinstance(value, dt.date):
        return value, ""
    raise TypeError(value)


def _assemble(ours: ArrayText, theirs: ArrayText, order: list[_Source]) -> str | None:
    """The array written in ours' layout with the chosen elements, each in its side's text."""
    template = ours if ours.items else theirs
    if not template.items:
        return None
    multi = any("\n" in lead for lead in template.leads)
    texts = {"o": ours, "t": theirs}
    pieces = [template.head]
    for position, (side, index) in enumerate(order):
        source = texts[side]
        lead = source.leads[index]
        if multi:
            lead = lead if "\n" in lead else template.leads[-1]
        elif position == 0:
            lead = template.leads[0]
        else:
            lead = template.leads[1] if len(template.leads) > 1 else " "
        item = source.items[index]
        if position < len(order) - 1 or template.commas[-1]:
            item += ","
        else:
            item = item.rstrip(" \t")
        pieces.append(lead + item)
    pieces.append(template.tail)
    return "".join(pieces)
