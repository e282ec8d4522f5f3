"""Dependencies between milestones and tasks (``depends_on``): the cycles they may form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def find_cycles(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Dependency cycles, each as its members in the order the dependencies run.

    Every item caught in a cycle is in at least one reported cycle; a cycle is reported once,
    starting from its member that comes first in ``edges`` (file order). Ids that are not keys
    of ``edges`` (unknown ids) are ignored.

    Args:
        edges: each item's id → the ids it depends on, in file order.

    Returns:
        Cycles such as ``["M1", "M2"]`` for M1 → M2 → M1; ``["M1"]`` when M1 depends on itself.
    """
    order = {ident: position for position, ident in enumerate(edges)}
    done: set[str] = set()
    cycles: list[list[str]] = []
    seen_sets: set[frozenset[str]] = set()
    for root in edges:
        if root in done:
            continue
        # Iterative depth-first walk: a plan may chain thousands of items.
        path: list[str] = [root]
        on_path = {root: 0}
        stack = [iter(edges[root])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                finished = path.pop()
                del on_path[finished]
                done.add(finished)
                continue
            if step not in edges or step in done:
                continue
            if step in on_path:
                cycle = path[on_path[step] :]
                members = frozenset(cycle)
                if members not in seen_sets:
                    seen_sets.add(members)
                    first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
                    cycles.append(cycle[first:] + cycle[:first])
                continue
            on_path[step] = len(path)
            path.append(step)
            stack.append(iter(edges[step]))
    return cycles
