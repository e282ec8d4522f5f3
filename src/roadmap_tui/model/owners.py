"""Owners: everyone named in plans, and a plan narrowed to one person's items."""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from roadmap_tui.model.plan import Plan

#: How one ``owner`` value names several people: "张三/李四", "张三、李四", "A, B", "A & B".
_SEPARATORS = re.compile(r"\s*(?:/|、|,|，|&|\+|;|；)\s*")


def people(owner: str | None) -> list[str]:
    """The people an ``owner`` value names, in the order written."""
    if not owner:
        return []
    return [name for name in _SEPARATORS.split(owner.strip()) if name]


def owners(plans: Iterable[Plan]) -> list[str]:
    """Everyone who owns a milestone, task or risk in ``plans``, sorted, each once."""
    found: set[str] = set()
    for plan in plans:
        for items in (plan.milestones, plan.tasks, plan.risks):
            for item in items:
                found.update(people(item.owner))
    return sorted(found, key=str.casefold)


def owned_by(owner: str | None, person: str) -> bool:
    """Whether ``person`` is among the people an ``owner`` value names."""
    return person in people(owner)


def only_owner(plan: Plan, person: str) -> Plan:
    """``plan`` with only ``person``'s milestones, tasks and risks; KPIs and phases stay."""
    return msgspec.structs.replace(
        plan,
        milestones=tuple(m for m in plan.milestones if owned_by(m.owner, person)),
        tasks=tuple(t for t in plan.tasks if owned_by(t.owner, person)),
        risks=tuple(r for r in plan.risks if owned_by(r.owner, person)),
    )
