"""What the dashboard looks through: whose items it shows and which items to mark as changed.

The app owns this state; it hands a ``Lens`` down through ``PlanView.show`` to the panels, so no
panel asks the app for it. Textual-free, so the app and the widgets both import it freely.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from roadmap_tui.model.owners import only_owner
from roadmap_tui.model.plan import Plan

T = TypeVar("T")

#: An item as (plan file, section, id): the key the Changes view marks items by.
ItemRef = tuple[Path | None, str, str]


@dataclass(frozen=True)
class Lens:
    """How the panels look at the plans.

    Attributes:
        owner: show only this person's milestones, tasks and risks (None: everyone's).
        changed: items changed since the last standup, marked with a Δ.
    """

    owner: str | None = None
    changed: frozenset[ItemRef] = field(default_factory=frozenset)


class PerPlan(Generic[T]):
    """What was computed from each plan, kept while the plan object lives on.

    A reload gives a new ``Plan`` object; a file that did not change keeps its own. So a value
    kept by plan identity (and by whatever else it depends on, ``key``) is recomputed for the
    file that changed and reused for the other 199.
    """

    def __init__(self) -> None:
        self._made: dict[int, tuple[Plan, Hashable, T]] = {}

    def get(self, plan: Plan, key: Hashable, make: Callable[[], T]) -> T:
        """The value for ``plan`` and ``key``: kept, or made now with ``make()``."""
        made = self._made.get(id(plan))
        # Identity, not equality: comparing two plans of thousands of items costs what
        # recomputing does. The plan is held, so its id cannot be reused while it is here.
        if made is not None and made[0] is plan and made[1] == key:
            return made[2]
        value = make()
        self._made[id(plan)] = (plan, key, value)
        return value

    def keep_only(self, plans: Iterable[Plan]) -> None:
        """Forget every plan but ``plans`` (the others were replaced by a reload, or closed)."""
        alive = {id(plan) for plan in plans}
        for gone in [key for key in self._made if key not in alive]:
            del self._made[gone]


class Narrowed:
    """Each plan narrowed to one owner's items, made once per plan object and owner."""

    def __init__(self) -> None:
        self._cache: PerPlan[Plan] = PerPlan()

    def __call__(self, plan: Plan, owner: str | None) -> Plan:
        if owner is None:
            return plan
        return self._cache.get(plan, owner, lambda: only_owner(plan, owner))

    def keep_only(self, plans: Iterable[Plan]) -> None:
        self._cache.keep_only(plans)
