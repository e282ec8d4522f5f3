"""Three-way merge of plan files by item id and by key, keeping each side's text.

``merge_plans(base, ours, theirs)`` cuts each version into units (``store.spans``): the root
keys, each ``[table]`` and each ``[[section]]`` item by its ``id`` (or ``name``). Units and,
within a unit changed on both sides, its parts (header, statements, trailing lines,
sub-tables) are merged three-way:

- changed on one side only → that side's text; the same change on both sides → ours' text;
- added on both sides with the same value → once; an item added on both sides with the same id
  but different content → a conflict around the whole item;
- deleted on one side and unchanged (in value) on the other → deleted; deleted on one side and
  edited on the other → a conflict around the item or key;
- the same key changed differently → a conflict around that statement, unless both values are
  arrays whose elements changed independently (``store.merge_arrays``).

Order follows ours; what only theirs added goes after its preceding neighbour in theirs.
Everything is compared with ``\\n`` line ends and written back with ours' (CRLF stays CRLF).
Nothing here touches the disk; ``Unsupported`` means the caller should merge by lines.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_tui.store.loader import clean_text, load_bytes
from roadmap_tui.store.merge_arrays import merge_array
from roadmap_tui.store.merge_order import merged_order
from roadmap_tui.store.spans import HEADER, TAIL, Part, Unit, Unsupported, split_units

_BOM = b"\xef\xbb\xbf"
_SHOWN = 60


@dataclass(frozen=True)
class Conflict:
    """One real conflict: where (``milestones[M2.1].due``) and what each side has."""

    where: str
    ours: str = ""
    theirs: str = ""
    #: Said instead of "ours …, theirs …" when the sides' values do not tell the story.
    note: str = ""

    def message(self, name: str) -> str:
        """The one-line report: ``plan.toml: milestones[M2.1].due: ours …, theirs …``."""
        where = f"{self.where}: " if self.where else ""
        what = self.note or f"ours {self.ours}, theirs {self.theirs}"
        return one_line(f"{name}: {where}{what}")


@dataclass(frozen=True)
class MergeResult:
    """The merged bytes and the conflicts marked in them (none: a clean merge)."""

    data: bytes
    conflicts: tuple[Conflict, ...] = ()
    #: Problems ``check`` finds in a merge of two good sides (a dangling reference …).
    problems: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Side:
    units: dict[tuple[str, ...], Unit]
    order: list[tuple[str, ...]]
    crlf: bool
    bom: bool
    final_newline: bool


def merge_plans(
    base: bytes, ours: bytes, theirs: bytes, *, marker_size: int = 7, name: str = "plan.toml"
) -> MergeResult:
    """Merge ``theirs`` into ``ours`` by item id, with ``base`` their common ancestor.

    Args:
        base: the ancestor's bytes; empty when both sides added the file.
        marker_size: how many ``<``, ``=``, ``>`` make a conflict marker (git's %L).
        name: how problems name the file.

    Raises:
        Unsupported: a side is not a plan, does not parse or cannot be cut into items.
    """
    sides = [_side(data, required=index > 0) for index, data in enumerate((base, ours, theirs))]
    merger = _Merger(*sides, marker_size=marker_size)
    text = merger.run()
    mine = sides[1]
    if not mine.final_newline and text.endswith("\n") and merger.ends_as_ours:
        text = text[:-1]
    if mine.crlf:
        text = text.replace("\n", "\r\n")
    data = (_BOM if mine.bom else b"") + text.encode("utf-8")
    if merger.conflicts:
        return MergeResult(data, tuple(merger.conflicts))
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise Unsupported(f"the merged text does not parse: {error}") from None
    return MergeResult(data, (), _new_problems(base, ours, theirs, data, name))


def _side(data: bytes, *, required: bool) -> _Side:
    bom = data.startswith(_BOM)
    try:
        text = data[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise Unsupported("not UTF-8 text") from None
    if "\x00" in text:
        raise Unsupported("a binary file")
    crlf = "\r\n" in text
    if crlf and text.count("\r\n") != text.count("\n"):
        raise Unsupported("mixed line endings")
    text = text.replace("\r\n", "\n")
    final_newline = text.endswith("\n") or not text
    if text and not text.endswith("\n"):
        text += "\n"
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise Unsupported("does not parse as TOML") from None
    if required and not isinstance(parsed.get("plan"), dict):
        raise Unsupported("not a plan (no [plan] table)")
    units = split_units(text, parsed)
    return _Side({u.key: u for u in units}, [u.key for u in units], crlf, bom, final_newline)


def _new_problems(
    base: bytes, ours: bytes, theirs: bytes, merged: bytes, name: str
) -> tuple[str, ...]:
    """Errors ``check`` finds in the merge that neither side had (so the merge made them)."""
    path = Path(name)
    errors = load_bytes(merged, path).errors
    if not errors or load_bytes(ours, path).errors or load_bytes(theirs, path).errors:
        return ()
    return tuple(str(problem) for problem in errors)


class _Merger:
    """One merge: walks units, then parts, collecting text and conflicts."""

    def __init__(self, base: _Side, ours: _Side, theirs: _Side, *, marker_size: int) -> None:
        self.base, self.ours, self.theirs = base, ours, theirs
        self.markers = ("<" * marker_size, "=" * marker_size, ">" * marker_size)
        self.conflicts: list[Conflict] = []
        self.ends_as_ours = False

    def run(self) -> str:
        base, ours, theirs = self.base.units, self.ours.units, self.theirs.units
        chosen: dict[tuple[str, ...], tuple[str, Unit | None]] = {}
        for key in [*self.ours.order, *self.theirs.order]:
            if key not in chosen:
                chosen[key] = self._unit(base.get(key), ours.get(key), theirs.get(key))
        order = merged_order(
            self.base.order, self.ours.order, self.theirs.order, lambda k: chosen[k][0] != ""
        )
        texts = [chosen[key][0] for key in order]
        if self._blank_between():
            for index, key in enumerate(order[:-1]):
                mine = ours.get(key)
                kept = mine is not None and not mine.last and texts[index] == mine.text
                if texts[index] and not kept and not texts[index].endswith("\n\n"):
                    # It ended its file, or lost its blank line where the next unit was
                    # deleted; another unit follows it now.
                    texts[index] += "\n"
        if order:
            mine = ours.get(order[-1])
            if (mine is None or not mine.last) and texts[-1].endswith("\n\n"):
                texts[-1] = texts[-1].rstrip("\n") + "\n"  # it ends the file now
            last = chosen[order[-1]][1]
            self.ends_as_ours = last is not None and last.last and last is ours.get(order[-1])
        return "".join(texts)

    def _blank_between(self) -> bool:
        """Whether ours (else base) separates tables and items with a blank line."""
        for side in (self.ours, self.base):
            inner = [side.units[key].text for key in side.order[1:-1]]
            if inner:
                return sum(text.endswith("\n\n") for text in inner) * 2 > len(inner)
        return True

    def _unit(
        self, base: Unit | None, ours: Unit | None, theirs: Unit | None
    ) -> tuple[str, Unit | None]:
        """The text a unit merges to ("" when deleted), and the unit it was taken from whole."""
        if ours is not None and theirs is not None:
            if ours.text == theirs.text or (base is not None and theirs.text == base.text):
                return ours.text, ours
            if base is not None and ours.text == base.text:
                return theirs.text, theirs
            if base is None and ours.value == theirs.value:
                return ours.text, ours
            if base is None and ours.key[:1] == ("[[",):
                note = "added on both sides with different content"
                self.conflicts.append(Conflict(ours.label, note=note))
                return self._marked(ours.text, theirs.text), None
            return self._parts(base, ours, theirs), None
        present = ours if ours is not None else theirs
        assert present is not None
        if base is None:
            return present.text, present
        if present.value == base.value:
            return "", None
        edited, deleted = "edited it", "deleted it"
        mine, yours = (edited, deleted) if present is ours else (deleted, edited)
        self.conflicts.append(Conflict(present.label, mine, yours))
        if present is ours:
            return self._marked(present.text, ""), None
        return self._marked("", present.text), None

    def _parts(self, base: Unit | None, ours: Unit, theirs: Unit) -> str:
        """A unit both sides changed, merged part by part."""
        parts = {
            side: {part.key: part for part in unit.parts} if unit is not None else {}
            for side, unit in (("b", base), ("o", ours), ("t", theirs))
        }
        chosen: dict[tuple[str, ...], str] = {}
        for key in [*parts["o"], *parts["t"]]:
            if key not in chosen:
                where = _where(ours, key)
                chosen[key] = self._part(
                    parts["b"].get(key), parts["o"].get(key), parts["t"].get(key), where
                )
        order = merged_order(
            list(parts["b"]), list(parts["o"]), list(parts["t"]), lambda k: chosen[k] != ""
        )
        # A key added after a sub-table header would land in the sub-table: statements first.
        rank = {HEADER: 0, TAIL: 2}
        order.sort(key=lambda k: rank.get(k, 1 if k[0] == "=" else 3))
        texts = [chosen[key] for key in order]
        last_of_ours = ours.parts[-1].key
        for index, key in enumerate(order[:-1]):
            # A sub-table that ended its item on one side may now be followed by another.
            mine = parts["o"].get(key)
            moved = mine is None or key == last_of_ours or texts[index] != mine.text
            if key[0] == "[" and moved and not texts[index].endswith("\n\n"):
                texts[index] += "\n" if self._blank_between() else ""
        return "".join(texts)

    def _part(self, base: Part | None, ours: Part | None, theirs: Part | None, where: str) -> str:
        if ours is not None and theirs is not None:
            lead = _pick(base.lead if base else None, ours.lead, theirs.lead)
            body = self._body(base, ours, theirs)
            if lead is not None and body is not None:
                return lead + body
            if lead is None:
                note = "the comment above it was changed differently on both sides"
                self.conflicts.append(Conflict(where, note=note))
                return self._marked(ours.text, theirs.text)
            self.conflicts.append(Conflict(where, _show(ours), _show(theirs)))
            return lead + self._marked(ours.body, theirs.body)
        present = ours if ours is not None else theirs
        assert present is not None
        if base is None:
            return present.text
        if present.text == base.text or (present.value is not None and present.value == base.value):
            return ""
        if present is ours:
            self.conflicts.append(Conflict(where, _show(present), "deleted it"))
            return self._marked(present.text, "")
        self.conflicts.append(Conflict(where, "deleted it", _show(present)))
        return self._marked("", present.text)

    def _body(self, base: Part | None, ours: Part, theirs: Part) -> str | None:
        picked = _pick(base.body if base else None, ours.body, theirs.body)
        if picked is not None or ours.value is None:
            return picked
        if ours.value == theirs.value or (base is not None and theirs.value == base.value):
            return ours.body
        if base is not None and ours.value == base.value:
            return theirs.body
        if ours.is_statement:
            return merge_array(base, ours, theirs)
        return None

    def _marked(self, ours: str, theirs: str) -> str:
        """Conflict markers around the lines where ``ours`` and ``theirs`` differ."""
        mine, yours = _lines(ours), _lines(theirs)
        head = 0
        while head < min(len(mine), len(yours)) and mine[head] == yours[head]:
            head += 1
        tail = 0
        while tail < min(len(mine), len(yours)) - head and mine[-1 - tail] == yours[-1 - tail]:
            tail += 1
        start, middle, end = self.markers
        return "".join(
            [
                *mine[:head],
                f"{start} ours\n",
                *mine[head : len(mine) - tail],
                f"{middle}\n",
                *yours[head : len(yours) - tail],
                f"{end} theirs\n",
                *mine[len(mine) - tail :],
            ]
        )


def _where(unit: Unit, key: tuple[str, ...]) -> str:
    """How a report names a part: ``milestones[M1].due``, ``kpis[K1].meta``, ``plan.name``."""
    name = key[1] if len(key) > 1 else ""
    if key[0] == "[" and len(unit.key) > 1 and name.startswith(unit.key[1] + "."):
        name = name[len(unit.key[1]) + 1 :]  # a sub-table: [kpis.meta] in kpis[K1] is "meta"
    return ".".join(part for part in (unit.label, name) if part)


def _lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n`` (only that ends a line in TOML, not U+2028 or \\f)."""
    pieces = text.split("\n")
    return [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])


def _pick(base: str | None, ours: str, theirs: str) -> str | None:
    """The three-way pick of one text; None when both sides changed it differently."""
    if ours == theirs or base == theirs:
        return ours
    if base == ours:
        return theirs
    return None


def _show(part: Part) -> str:
    """A statement's value for a one-line report: as TOML reads it, or as written."""
    value = part.value
    while isinstance(value, dict) and len(value) == 1:
        value = next(iter(value.values()))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        shown = json.dumps(value, ensure_ascii=False)
    else:
        shown = " ".join(part.body.split("=", 1)[-1].split())
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"


_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]")


def one_line(text: str) -> str:
    """One line with no control character, whatever the plan's values hold."""
    return clean_text(_BREAKS.sub(" ", text))


__all__ = ["Conflict", "MergeResult", "Unsupported", "merge_plans", "one_line"]
