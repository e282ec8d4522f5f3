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
    items appended at the end) come ours first, then theirs, each in its own order.

    Args:
        keep: whether a key is in the result (deleted keys are not).
    """
    placed = [key for key in ours if keep(key)]
    present = set(placed)
    ours_new = set(ours) - set(base)
    for index, key in enumerate(theirs):
        if key in present or not keep(key):
            continue
        position = 0
        for before in reversed(theirs[:index]):
            if before in present:
                position = placed.index(before) + 1
                break
        while position < len(placed) and placed[position] in ours_new:
            position += 1
        placed.insert(position, key)
        present.add(key)
    return placed
