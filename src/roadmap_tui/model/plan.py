"""The plan model: typed, immutable plan items, as the loader validates them.

Field names here are the file format's key names (docs/plan-format.md); msgspec validates raw
``tomllib`` output against these structs.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeAlias

import msgspec

Status: TypeAlias = Literal["todo", "in_progress", "blocked", "done", "dropped"]
RiskStatus: TypeAlias = Literal["open", "mitigating", "closed"]
Better: TypeAlias = Literal["higher", "lower"]
#: A risk level as written in the file: 1-5, a word (低/中/高 …) or a percentage.
LevelValue: TypeAlias = int | float | str

STATUSES: tuple[Status, ...] = ("todo", "in_progress", "blocked", "done", "dropped")
RISK_STATUSES: tuple[RiskStatus, ...] = ("open", "mitigating", "closed")


class _Item(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every plan item: immutable, keyword-only."""


class PlanInfo(_Item, frozen=True, kw_only=True):
    name: str
    version: str | None = None
    owner: str | None = None
    summary: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


class Phase(_Item, frozen=True, kw_only=True):
    id: str
    name: str
    start: dt.date
    end: dt.date
    theme: str | None = None
    budget: str | int | float | None = None
    headcount: float | None = None
    goals: tuple[str, ...] = ()
    version: str | None = None


class Milestone(_Item, frozen=True, kw_only=True):
    id: str
    title: str
    due: dt.date
    status: Status
    phase: str | None = None
    owner: str | None = None
    note: str | None = None
    done_on: dt.date | None = None
    version: str | None = None


class Task(_Item, frozen=True, kw_only=True):
    id: str
    title: str
    status: Status | None = None
    done: bool | None = None
    phase: str | None = None
    milestone: str | None = None
    owner: str | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    estimate_hours: float | None = None
    note: str | None = None

    @property
    def effective_status(self) -> Status:
        """The task's status, whether the file gives ``status`` or a ``done`` tick."""
        if self.status is not None:
            return self.status
        return "done" if self.done else "todo"


class Risk(_Item, frozen=True, kw_only=True):
    id: str
    title: str
    probability: LevelValue
    impact: LevelValue
    category: str | None = None
    mitigation: str | None = None
    contingency: str | None = None
    owner: str | None = None
    status: RiskStatus = "open"
    note: str | None = None


class Point(_Item, frozen=True, kw_only=True):
    date: dt.date
    value: float


class Kpi(_Item, frozen=True, kw_only=True):
    id: str
    name: str
    unit: str | None = None
    better: Better = "higher"
    actuals: tuple[Point, ...] = ()
    targets: tuple[Point, ...] = ()
    note: str | None = None


class Standup(_Item, frozen=True, kw_only=True):
    """How the standup walk goes for this plan's people."""

    order: tuple[str, ...] = ()


class Plan(_Item, frozen=True, kw_only=True):
    """One plan file's content."""

    plan: PlanInfo
    standup: Standup | None = None
    phases: tuple[Phase, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    tasks: tuple[Task, ...] = ()
    risks: tuple[Risk, ...] = ()
    kpis: tuple[Kpi, ...] = ()

    @property
    def name(self) -> str:
        return self.plan.name


#: Section name in the file → the struct its items validate against.
SECTIONS: dict[str, type[_Item]] = {
    "phases": Phase,
    "milestones": Milestone,
    "tasks": Task,
    "risks": Risk,
    "kpis": Kpi,
}
