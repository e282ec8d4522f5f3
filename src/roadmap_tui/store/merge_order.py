"""Three-way merges of keyed sequences: which keys stay, and in what order.

Shared by the merge of units in a file, of keys in a table and of elements in an array.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def merged_order(
    base: Sequence[K], ours: Sequence[K], theirs: Sequence[K], keep: Callable[[K], bool]
) -> list[K]:
    """The kept keys in ours' order, with theirs' new ones placed after their neighbour.

    A key only theirs has goes after the nearest key before it in theirs' order that is already
    placed, and after any keys ours added there, so both sides' additions at one place (two
    items appended at the end) come ours first, then theirs, each in its own order. When only
    theirs moved keys that both sides kept, the move is its change: theirs' order leads, and
    ours' new keys are placed into it the same way.

    Args:
        keep: whether a key is in the result (deleted keys are not).
    """
    both = set(ours) & set(theirs)
    kept = [key for key in base if key in both]
    if _moved(theirs, kept) and not _moved(ours, kept):
        return _placed(base, theirs, ours, keep)
    return _placed(base, ours, theirs, keep)


def _moved(side: Sequence[K], kept: list[K]) -> bool:
    """Whether ``side`` has the keys ``kept`` in another order than the base."""
    wanted = set(kept)
    return [key for key in side if key in wanted] != kept


def _placed(
    base: Sequence[K], lead: Sequence[K], other: Sequence[K], keep: Callable[[K], bool]
) -> list[K]:
    """``lead``'s kept keys in its order, with ``other``'s new ones after their neighbours."""
    placed = [key for key in lead if keep(key)]
    present = set(placed)
    lead_new = set(lead) - set(base)
    for index, key in enumerate(other):
        if key in present or not keep(key):
            continue
        position = 0
        for before in reversed(other[:index]):
            if before in present:
                position = placed.index(before) + 1
                break
        while position < len(placed) and placed[position] in lead_new:
            position += 1
        placed.insert(position, key)
        present.add(key)
    return placed
