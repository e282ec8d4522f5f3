"""How far each milestone's due date has moved since it was first committed.

``store.history.due_versions`` reads every committed version of a plan file (each as
``{milestone id: due date}``, oldest first); ``slips`` compares them with the plan as it is now.
A milestone's *baseline* is the first due date committed for it; it *moved* each time a version
gave it a different due date than the version before; it has *slipped* by today's due date less
the baseline. A milestone never committed has no baseline, so no slip: nothing is claimed
that the history does not show.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence

import msgspec

from roadmap_tui.model.plan import Plan

#: One version of a plan file: each milestone's due date in it (None: it had none).
DueVersion = Mapping[str, dt.date | None]


class Slip(msgspec.Struct, frozen=True):
    """A milestone's due date against its first committed one."""

    baseline: dt.date
    moves: int
    days: int

    @property
    def moved(self) -> bool:
        return self.moves > 0 or self.days != 0


def slips(versions: Sequence[DueVersion], plan: Plan) -> dict[str, Slip]:
    """Each milestone's slip, for milestones with a due date now and one in some commit.

    Args:
        versions: the committed versions, oldest first (``store.history.due_versions``).
        plan: the plan as shown now (the working copy, saved or not).
    """
    found: dict[str, Slip] = {}
    for milestone in plan.milestones:
        now = milestone.due
        if now is None:
            continue
        dates = [v[milestone.id] for v in versions if v.get(milestone.id) is not None]
        if not dates:
            continue
        sequence = [*dates, now]
        moves = sum(1 for a, b in itertools.pairwise(sequence) if a != b)
        baseline = dates[0]
        assert baseline is not None
        found[milestone.id] = Slip(baseline, moves, (now - baseline).days)
    return found


__all__ = ["DueVersion", "Slip", "slips"]
