"""Checks across items of one plan file: ``depends_on`` references and cycles, unique people.

Kept apart from the loader's per-item validation; the loader calls ``check_references`` with its
own way of locating and reporting a problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from roadmap_tui.model.depends import find_cycles
from roadmap_tui.store.locate import Locator

#: ``report(where, message)``: one error at a line and column.
Report = Callable[[tuple[int, int], str], None]

#: Words plans write for a priority, and the priority each means (``check`` suggests it).
PRIORITY_WORDS: dict[str, str] = {
    **dict.fromkeys(["紧急", "极高", "critical", "urgent", "p0"], "P0"),
    **dict.fromkeys(["高", "high", "🔴", "p1"], "P1"),
    **dict.fromkeys(["中", "medium", "🟡", "p2"], "P2"),
    **dict.fromkeys(["低", "low", "🟢", "p3"], "P3"),
}

#: Words plans write for an approval state, and the value each means.
APPROVAL_WORDS: dict[str, str] = {
    **dict.fromkeys(["草稿", "草案", "draft"], "draft"),
    **dict.fromkeys(["待批准", "待审批", "审批中", "待审核", "pending"], "pending"),
    **dict.fromkeys(["已批准", "批准", "已通过", "通过", "approved"], "approved"),
    **dict.fromkeys(["已拒绝", "驳回", "拒绝", "rejected"], "rejected"),
}

#: Sections whose items may depend on one another, and the word for one of their items.
_DEPENDENT = {"milestones": "milestone", "tasks": "task"}


def suggestion(words: dict[str, str], written: str) -> str | None:
    """The value ``written`` means in ``words`` (matched without case or surrounding space)."""
    return words.get(written.strip().casefold()) or words.get(written.strip())


class Namer(Protocol):
    """How the loader names things in messages."""

    def label(self, section: str, index: int, item: dict[str, Any]) -> str:
        """``milestones[M1]``, or ``people #2`` for an item without a usable id."""
        ...

    def quote(self, value: Any) -> str:
        """A value written the way TOML would."""
        ...


def check_references(raw: dict[str, Any], locator: Locator, report: Report, names: Namer) -> None:
    """Report unknown ``depends_on`` ids, dependency cycles and people named twice.

    Args:
        raw: the parsed file.
        locator: positions in its text.
        report: where errors go.
        names: how items and values are written in messages.
    """
    _check_people(raw, locator, report, names)
    items = {name: _tables(raw.get(name)) for name in _DEPENDENT}
    known = {
        item["id"]
        for tables in items.values()
        for _, item in tables
        if isinstance(item.get("id"), str)
    }
    edges: dict[str, list[str]] = {}
    where_of: dict[str, tuple[str, int, dict[str, Any]]] = {}
    for name, tables in items.items():
        for index, item in tables:
            wanted = item.get("depends_on")
            ident = item.get("id")
            if not isinstance(wanted, list) or not isinstance(ident, str):
                continue
            place = locator.find(name, index, "depends_on")
            for position, target in enumerate(wanted):
                if isinstance(target, str) and target not in known:
                    report(
                        locator.element(place, position),
                        f"{names.label(name, index, item)}.depends_on: "
                        f"no milestone or task has id {names.quote(target)}",
                    )
            edges.setdefault(ident, []).extend(t for t in wanted if isinstance(t, str))
            where_of.setdefault(ident, (name, index, item))
    for cycle in find_cycles(edges):
        name, index, item = where_of[cycle[0]]
        members = " → ".join([*cycle, cycle[0]])
        report(
            locator.find(name, index, "depends_on"),
            f"{names.label(name, index, item)}.depends_on: dependency cycle {members}",
        )


def _check_people(raw: dict[str, Any], locator: Locator, report: Report, names: Namer) -> None:
    seen: set[str] = set()
    for index, person in _tables(raw.get("people")):
        name = person.get("name")
        if not isinstance(name, str):
            continue
        if name in seen:
            report(
                locator.find("people", index, "name"),
                f"{names.label('people', index, person)}: duplicate name {names.quote(name)}",
            )
        seen.add(name)


def _tables(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]
