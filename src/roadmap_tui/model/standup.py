"""The standup walk's pure rules: who is next, and what of theirs to talk about today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

from roadmap_tui.model.owners import owned_by, owners
from roadmap_tui.model.plan import Milestone, Plan, Task
from roadmap_tui.model.timeline import CLOSED

Group: TypeAlias = Literal["overdue", "blocked", "in progress", "due soon"]
GROUPS: tuple[Group, ...] = ("overdue", "blocked", "in progress", "due soon")
SOON_DAYS = 7


@dataclass(frozen=True)
class WalkItem:
    """One milestone or task to mention, and why."""

    path: Path
    plan_name: str
    kind: Literal["milestones", "tasks"]
    item: Milestone | Task
    group: Group

    @property
    def due(self) -> dt.date | None:
        return self.item.due


def _group(item: Milestone | Task, today: dt.date) -> Group | None:
    status = item.status if isinstance(item, Milestone) else item.effective_status
    if status in CLOSED:
        return None
    due = item.due
    if due is not None and due < today:
        return "overdue"
    if status == "blocked":
        return "blocked"
    if status == "in_progress":
        return "in progress"
    if due is not None and (due - today).days <= SOON_DAYS:
        return "due soon"
    return None


def items_for(person: str, plans: Sequence[tuple[Path, Plan]], today: dt.date) -> list[WalkItem]:
    """``person``'s items worth mentioning, grouped in ``GROUPS`` order, then by due date."""
    found: list[WalkItem] = []
    for path, plan in plans:
        for kind, items in (("milestones", plan.milestones), ("tasks", plan.tasks)):
            for item in items:
                if not owned_by(item.owner, person):
                    continue
                group = _group(item, today)
                if group is not None:
                    found.append(WalkItem(path, plan.name, kind, item, group))  # type: ignore[arg-type]
    return sorted(
        found,
        key=lambda w: (GROUPS.index(w.group), w.due or dt.date.max, w.item.id),
    )


def walk_order(plans: Iterable[Plan], order: Sequence[str] = ()) -> list[str]:
    """Everyone to visit: those in ``order`` first (as given), then the rest alphabetically.

    Names in ``order`` that own nothing are kept: they may still have something to say.
    """
    everyone = owners(plans)
    first = [name for name in dict.fromkeys(order)]
    return first + [name for name in everyone if name not in first]


def format_elapsed(seconds: float) -> str:
    """``83`` → ``"1:23"``."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def parse_duration(text: str) -> float:
    """``"2m"``, ``"90s"``, ``"1m30s"``, ``"120"`` → seconds; ValueError when unreadable."""
    import re

    match = re.fullmatch(r"\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s?)?\s*", text)
    if not match or not any(match.groups()):
        raise ValueError(f"{text!r} is not a duration (e.g. 2m, 90s, 1m30s)")
    minutes, seconds = match.groups()
    return int(minutes or 0) * 60 + int(seconds or 0)
