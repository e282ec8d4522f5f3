"""Dependencies between a plan's milestones and tasks: checks, the critical path, and slack.

``depends_on = ["ID", …]`` on a milestone or task names its prerequisites (ids in the same file).
Everything here is a pure function of a ``Plan``:

- ``dependency_flags``: each dependency that the dates or statuses contradict, with a one-line
  reason (a prerequisite due after the item that depends on it; a prerequisite not done when
  the item that depends on it is).
- ``critical_paths``: per phase and for the whole plan, the chain of dependencies that ends
  last (each step back takes the prerequisite due last), and the days between its end and the
  phase's or plan's end: its slack.
- ``dependents``: everything that depends on an item, directly or through others, for moving
  an item's date together with what follows it.

The plan's own dates are the schedule: nothing is inferred. An item without a due date has no
place in time, so it is in no date check and on no critical path. Ids that name nothing and
cycles are ``check``'s errors (a plan with them does not load); should one reach this module
anyway, the unknown id is passed over and the edge that closes a cycle is left out.
"""

from __future__ import annotations

import datetime as dt
import graphlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, TypeAlias

from roadmap_tui.model.plan import Plan
from roadmap_tui.model.timeline import plan_span

ItemKind: TypeAlias = Literal["milestones", "tasks"]
FlagKind: TypeAlias = Literal["due_after", "not_done"]
#: Statuses that no longer need their prerequisites (a dropped item waits on nothing).
_INACTIVE = frozenset({"dropped"})


@dataclass(frozen=True)
class Node:
    """A milestone or task as the schedule sees it: when, in what state, after what."""

    id: str
    kind: ItemKind
    title: str
    due: dt.date | None
    status: str
    depends_on: tuple[str, ...] = ()
    start: dt.date | None = None
    phase: str | None = None

    @property
    def begins(self) -> dt.date | None:
        """When the item's work starts: a task's start, else its due date (a point in time)."""
        return self.start or self.due


def nodes(plan: Plan) -> dict[str, Node]:
    """The plan's milestones and tasks by id, milestones first (a task follows its milestone's
    phase when it names none)."""
    result: dict[str, Node] = {}
    phase_of: dict[str, str | None] = {}
    for m in plan.milestones:
        phase_of[m.id] = m.phase
        result.setdefault(
            m.id,
            Node(m.id, "milestones", m.title, m.due, m.status, m.depends_on, phase=m.phase),
        )
    for t in plan.tasks:
        phase = t.phase or (phase_of.get(t.milestone) if t.milestone else None)
        node = Node(t.id, "tasks", t.title, t.due, t.effective_status, t.depends_on, t.start, phase)
        result.setdefault(t.id, node)
    return result


# ─── Checks ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class DependencyFlag:
    """A dependency the plan contradicts: ``dependent`` depends on ``prerequisite``, but …

    (``render.timeline_text.flag_text`` says why, with the dates or the status.)
    """

    prerequisite: str
    dependent: str
    kind: FlagKind


def dependency_flags(graph: dict[str, Node]) -> list[DependencyFlag]:
    """Every dependency contradicted by dates or statuses, in the order the items are written.

    - ``due_after``: the prerequisite is due after the item that depends on it.
    - ``not_done``: the item is done but its prerequisite is neither done nor dropped.

    Dropped items are left out: a dropped dependent waits on nothing, and a dropped
    prerequisite is no longer coming.
    """
    flags: list[DependencyFlag] = []
    for node in graph.values():
        if node.status in _INACTIVE:
            continue
        for pid in node.depends_on:
            pre = graph.get(pid)
            if pre is None or pre.status in _INACTIVE or pid == node.id:
                continue
            if pre.due is not None and node.due is not None and pre.due > node.due:
                flags.append(DependencyFlag(pid, node.id, "due_after"))
            if node.status == "done" and pre.status != "done":
                flags.append(DependencyFlag(pid, node.id, "not_done"))
    return flags


# ─── Ordering ──────────────────────────────────────────────────────────────────


def _edges(graph: dict[str, Node]) -> dict[str, set[str]]:
    """Each item's known prerequisites, with any edge that would close a cycle left out."""
    edges = {
        nid: {p for p in node.depends_on if p in graph and p != nid} for nid, node in graph.items()
    }
    if not any(edges.values()):
        return edges  # nothing depends on anything: no cycle to look for
    while True:
        try:
            graphlib.TopologicalSorter(edges).prepare()
            return edges
        except graphlib.CycleError as error:
            cycle: list[str] = error.args[1]
            # cycle = [a, b, …, a]: each is a prerequisite of the one after it.
            edges[cycle[1]].discard(cycle[0])


def _order(edges: dict[str, set[str]]) -> list[str]:
    """Ids with every prerequisite before what depends on it (``graphlib``; written order
    when there are no dependencies, the common case, which needs no sorting)."""
    if not any(edges.values()):
        return list(edges)
    return list(graphlib.TopologicalSorter(edges).static_order())


def topological_order(graph: dict[str, Node]) -> list[str]:
    """Ids with every prerequisite before the items that depend on it (``graphlib``)."""
    return _order(_edges(graph))


def dependents(graph: dict[str, Node], item_id: str) -> list[str]:
    """Everything that depends on ``item_id``, directly or through others, in plan order."""
    edges = _edges(graph)
    following: dict[str, list[str]] = {nid: [] for nid in graph}
    for nid, prerequisites in edges.items():
        for pid in prerequisites:
            following[pid].append(nid)
    seen: set[str] = set()
    stack = [item_id]
    while stack:
        for nid in following.get(stack.pop(), []):
            if nid not in seen and nid != item_id:
                seen.add(nid)
                stack.append(nid)
    return [nid for nid in graph if nid in seen]


# ─── The critical path ─────────────────────────────────────────────────────────


@dataclass(frozen=True)
class CriticalPath:
    """The chain of dependencies that ends last within a phase (or the whole plan).

    ``items`` runs from the first prerequisite to the item due last; ``slack`` is the days from
    that item's due date to ``end`` (negative: the chain runs past the end).
    """

    scope: str
    end: dt.date
    items: tuple[Node, ...]
    slack: int

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(node.id for node in self.items)


@dataclass(frozen=True)
class Schedule:
    """A plan's dependency picture: flags, critical paths, and each item's slack."""

    graph: dict[str, Node]
    flags: tuple[DependencyFlag, ...]
    plan_path: CriticalPath | None
    phase_paths: dict[str, CriticalPath]
    #: Days an item may move later before something after it, or the plan's end, must move.
    slack: dict[str, int]

    @cached_property
    def critical(self) -> frozenset[str]:
        """Ids on the plan's critical path or on any phase's."""
        ids = set(self.plan_path.ids if self.plan_path else ())
        for path in self.phase_paths.values():
            ids.update(path.ids)
        return frozenset(ids)

    @cached_property
    def _flags_by_item(self) -> dict[str, list[DependencyFlag]]:
        found: dict[str, list[DependencyFlag]] = {}
        for flag in self.flags:
            found.setdefault(flag.prerequisite, []).append(flag)
            if flag.dependent != flag.prerequisite:
                found.setdefault(flag.dependent, []).append(flag)
        return found

    def flags_of(self, item_id: str) -> list[DependencyFlag]:
        """The flags an item is in, as prerequisite or as dependent."""
        return self._flags_by_item.get(item_id, [])

    def following(self, item_id: str) -> list[str]:
        """The items that name ``item_id`` in their ``depends_on`` (directly)."""
        return [n.id for n in self.graph.values() if item_id in n.depends_on]


def _active_dated(node: Node) -> bool:
    return node.due is not None and node.status not in _INACTIVE


@dataclass(frozen=True)
class _Forward:
    """Per dated item: the longest chain of dated prerequisites ending at it (how many items),
    and the earliest it can finish, given that it cannot finish before its prerequisites do
    (its due date, or later when a prerequisite is due after it: a flagged dependency)."""

    length: dict[str, int]
    finish: dict[str, dt.date]


def _forward(graph: dict[str, Node], edges: dict[str, set[str]]) -> _Forward:
    length: dict[str, int] = {}
    finish: dict[str, dt.date] = {}
    for nid in _order(edges):
        node = graph[nid]
        if not _active_dated(node):
            continue
        before = [p for p in edges[nid] if p in finish]
        length[nid] = 1 + max((length[p] for p in before), default=0)
        took = _due(node) - (node.begins or _due(node))
        finish[nid] = max([_due(node), *(finish[p] + took for p in before)])
    return _Forward(length, finish)


def _driver(
    graph: dict[str, Node], edges: dict[str, set[str]], ahead: _Forward, nid: str
) -> str | None:
    """The prerequisite that drives ``nid``: finishing last; then with the longer chain; then
    the one written first."""
    order = graph[nid].depends_on
    candidates = [p for p in edges[nid] if p in ahead.finish]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (ahead.finish[p], ahead.length[p], -order.index(p)))


def _due(node: Node) -> dt.date:
    assert node.due is not None
    return node.due


def critical_path(
    graph: dict[str, Node],
    scope: Iterable[str],
    end: dt.date | None,
    name: str,
    *,
    _known: tuple[dict[str, set[str]], _Forward] | None = None,
) -> CriticalPath | None:
    """The chain that finishes last among ``scope``'s items, traced back through its drivers.

    An item finishes on its due date, or later if a prerequisite finishes after that date (a
    flagged dependency), so a contradicted date cannot hide the chain that really ends last.
    ``end`` is the date the chain must finish by (None: the chain's own finish, slack 0).
    None when no item in scope has a due date.
    """
    # A plan's phases share one ordering pass (``_known``): it is the costly part.
    edges, ahead = _known or (_edges(graph), _forward(graph, _edges(graph)))
    dated = [nid for nid in scope if nid in ahead.finish]
    if not dated:
        return None
    position = {nid: i for i, nid in enumerate(graph)}
    last = max(dated, key=lambda n: (ahead.finish[n], ahead.length[n], -position[n]))
    chain = [last]
    while (step := _driver(graph, edges, ahead, chain[-1])) is not None:
        chain.append(step)
    chain.reverse()
    done = ahead.finish[last]
    finish = end or done
    return CriticalPath(name, finish, tuple(graph[n] for n in chain), (finish - done).days)


def total_slack(
    graph: dict[str, Node], end: dt.date | None, edges: dict[str, set[str]] | None = None
) -> dict[str, int]:
    """Each dated item's slack: how many days later it could be due before anything that
    depends on it would have to start later, or before ``end`` (the plan's end) is passed."""
    edges = edges if edges is not None else _edges(graph)
    following: dict[str, list[str]] = {nid: [] for nid in graph}
    for nid, prerequisites in edges.items():
        for pid in prerequisites:
            following[pid].append(nid)
    latest: dict[str, dt.date] = {}
    order = _order(edges)
    for nid in reversed(order):
        node = graph[nid]
        if not _active_dated(node):
            continue
        bounds = [end] if end is not None else []
        for did in following[nid]:
            after = graph[did]
            if did in latest and after.begins is not None and after.due is not None:
                # The dependent must start by its own latest finish less its length.
                bounds.append(latest[did] - (after.due - after.begins))
        latest[nid] = min(bounds) if bounds else _due(node)
    return {nid: (latest[nid] - _due(graph[nid])).days for nid in latest}


def schedule(plan: Plan, end: dt.date | None = None) -> Schedule:
    """The plan's dependency flags, critical paths (per phase and overall) and slack.

    Args:
        plan: the plan.
        end: the date the plan must finish by; None: its end as written or by its phases
            (``plan_span``), else the due date of its last item.
    """
    graph = nodes(plan)
    if end is None:
        span = plan_span(plan)
        end = span[1] if span else None
    edges = _edges(graph)
    known = (edges, _forward(graph, edges))
    phase_paths: dict[str, CriticalPath] = {}
    for phase in plan.phases:
        scope = [nid for nid, node in graph.items() if node.phase == phase.id]
        path = critical_path(graph, scope, phase.end, phase.name, _known=known)
        if path is not None:
            phase_paths[phase.id] = path
    plan_path = critical_path(graph, list(graph), end, plan.name, _known=known)
    return Schedule(
        graph,
        tuple(dependency_flags(graph)),
        plan_path,
        phase_paths,
        total_slack(graph, end, edges),
    )


__all__ = [
    "CriticalPath",
    "DependencyFlag",
    "Node",
    "Schedule",
    "critical_path",
    "dependency_flags",
    "dependents",
    "nodes",
    "schedule",
    "topological_order",
    "total_slack",
]
