"""The standup walk's pure rules: who is next, and what of theirs to talk about today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

from roadmap_tui.model.owners import owned_by, owners, people
from roadmap_tui.model.plan import Milestone, Plan, Task
from roadmap_tui.model.timeline import CLOSED

Group: TypeAlias = Literal["overdue", "blocked", "in progress", "due soon"]
GROUPS: tuple[Group, ...] = ("overdue", "blocked", "in progress", "due soon")
SOON_DAYS = 7


#: Owner words that mean the whole team, not a person (compared case-insensitively).
TEAM_WORDS: frozenset[str] = frozenset(
    {"全体", "全团队", "所有人", "团队", "all", "everyone", "team"}
)
StopKind: TypeAlias = Literal["person", "unassigned", "team"]


@dataclass(frozen=True)
class WalkItem:
    """One milestone or task to mention, and why.

    ``group`` is the first reason in ``GROUPS`` order (it sorts the list); ``reasons`` holds
    every one that applies, so a blocked item that is also late counts as both.
    """

    path: Path
    plan_name: str
    kind: Literal["milestones", "tasks"]
    item: Milestone | Task
    group: Group
    reasons: frozenset[Group] = frozenset()

    @property
    def due(self) -> dt.date | None:
        return self.item.due


@dataclass(frozen=True)
class Stop:
    """One stop of the walk: a person, the unowned items, or the team-wide owners together.

    ``names`` are the owner names the stop covers (the team stop covers several).
    """

    kind: StopKind
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        if self.kind == "unassigned":
            return "Unassigned"
        return " / ".join(self.names)


def _reasons(item: Milestone | Task, today: dt.date) -> frozenset[Group]:
    status = item.status if isinstance(item, Milestone) else item.effective_status
    if status in CLOSED:
        return frozenset()
    due = item.due
    found: set[Group] = set()
    if due is not None and due < today:
        found.add("overdue")
    if status == "blocked":
        found.add("blocked")
    if status == "in_progress":
        found.add("in progress")
    if due is not None and 0 <= (due - today).days <= SOON_DAYS:
        found.add("due soon")
    return frozenset(found)


def team_names(plans: Iterable[Plan]) -> set[str]:
    """Names the plans' ``[[people]]`` mark ``team = true``."""
    found: set[str] = set()
    for plan in plans:
        for person in plan.people:
            if person.team:
                found.add(person.name)
    return found


def is_team(name: str, teams: Iterable[str] = ()) -> bool:
    """Whether an owner name means the whole team (a built-in word or a ``team = true`` entry)."""
    return name.casefold() in TEAM_WORDS or name in set(teams)


def _matches(stop: Stop, owner: str | None) -> bool:
    if stop.kind == "unassigned":
        return not people(owner)
    return any(owned_by(owner, name) for name in stop.names)


def items_for_stop(
    stop: Stop, plans: Sequence[tuple[Path, Plan]], today: dt.date
) -> list[WalkItem]:
    """The stop's items worth mentioning, grouped in ``GROUPS`` order, then by due date."""
    found: list[WalkItem] = []
    for path, plan in plans:
        for kind, items in (("milestones", plan.milestones), ("tasks", plan.tasks)):
            for item in items:
                if not _matches(stop, item.owner):
                    continue
                reasons = _reasons(item, today)
                if reasons:
                    group = next(g for g in GROUPS if g in reasons)
                    found.append(WalkItem(path, plan.name, kind, item, group, reasons))  # type: ignore[arg-type]
    return sorted(
        found,
        key=lambda w: (GROUPS.index(w.group), w.due or dt.date.max, w.item.id),
    )


def group_counts(items: Iterable[WalkItem]) -> dict[Group, int]:
    """How many items have each reason; an item late AND blocked counts in both."""
    counts = dict.fromkeys(GROUPS, 0)
    for item in items:
        for reason in item.reasons:
            counts[reason] += 1
    return counts


def people_order(plans: Iterable[Plan]) -> list[str]:
    """The names of the plans' ``[[people]]`` who are persons, in file order."""
    found: list[str] = []
    for plan in plans:
        for person in plan.people:
            if not person.team and person.name not in found:
                found.append(person.name)
    return found


def walk_order(plans: Iterable[Plan], order: Sequence[str] = ()) -> list[str]:
    """Every person to visit: ``order`` first (as given), then ``[[people]]``, then A-Z.

    Names in ``order`` that own nothing are kept: they may still have something to say. (Names
    no plan mentions at all are refused earlier, on the command line: see ``unmentioned``.)
    Team-wide owners (``is_team``) are not persons and are left out (see ``walk_stops``).
    """
    plans = list(plans)
    teams = team_names(plans)
    first = [name for name in dict.fromkeys([*order, *people_order(plans)])]
    rest = [name for name in owners(plans) if name not in first]
    return [name for name in first + rest if not is_team(name, teams)]


def unmentioned(plans: Iterable[Plan], names: Sequence[str]) -> list[str]:
    """The ``names`` no plan mentions: not an owner, not in ``[[people]]``, no team-wide word.

    In the order given, each once.
    """
    plans = list(plans)
    known = set(owners(plans)) | {person.name for plan in plans for person in plan.people}
    return [n for n in dict.fromkeys(names) if n not in known and not is_team(n)]


def walk_stops(plans: Iterable[Plan], order: Sequence[str] = ()) -> list[Stop]:
    """The whole walk: each person (``walk_order``), then Unassigned, then the team as one stop.

    The team stop covers every team-wide owner name the plans use; it is there only if some
    item is owned by one.
    """
    plans = list(plans)
    teams = team_names(plans)
    stops = [Stop("person", (name,)) for name in walk_order(plans, order)]
    stops.append(Stop("unassigned", ()))
    team = tuple(name for name in owners(plans) if is_team(name, teams))
    if team:
        stops.append(Stop("team", team))
    return stops


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
