"""The plan model: typed, immutable plan items, as the loader validates them.

Field names here are the file format's key names (docs/plan-format.md); msgspec validates raw
``tomllib`` output against these structs.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeAlias

import msgspec

Status: TypeAlias = Literal["todo", "planned", "in_progress", "blocked", "done", "dropped"]
RiskStatus: TypeAlias = Literal["open", "mitigating", "closed"]
Better: TypeAlias = Literal["higher", "lower"]
#: Urgency, P0 most urgent.
Priority: TypeAlias = Literal["P0", "P1", "P2", "P3"]
#: Where a plan stands in its approval.
Approval: TypeAlias = Literal["draft", "pending", "approved", "rejected"]
#: How a KPI target compares: reach at least (``>=``), at most (``<=``) …
Op: TypeAlias = Literal[">=", "<=", ">", "<"]
#: A risk level as written in the file: 1-5, a word (低/中/高 …) or a percentage.
LevelValue: TypeAlias = int | float | str

STATUSES: tuple[Status, ...] = ("todo", "planned", "in_progress", "blocked", "done", "dropped")
PRIORITIES: tuple[Priority, ...] = ("P0", "P1", "P2", "P3")
APPROVALS: tuple[Approval, ...] = ("draft", "pending", "approved", "rejected")
OPS: tuple[Op, ...] = (">=", "<=", ">", "<")


class _Item(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every plan item: immutable, keyword-only."""


class Check(_Item, frozen=True, kw_only=True):
    """One checklist line (a deliverable, an acceptance criterion). Ticks are not work."""

    text: str
    done: bool = False


class PlanInfo(_Item, frozen=True, kw_only=True):
    name: str
    version: str | None = None
    owner: str | None = None
    summary: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    #: The date the document describes; the bundled samples open as of it.
    as_of: dt.date | None = None
    #: The day relative times in the source ("Week 1", "第1个月") count from.
    anchor: dt.date | None = None
    budget: str | int | float | None = None
    approval: Approval | None = None
    non_goals: tuple[str, ...] = ()


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
    deliverables: tuple[Check, ...] = ()
    acceptance: tuple[Check, ...] = ()


class Milestone(_Item, frozen=True, kw_only=True):
    id: str
    title: str
    #: None when the plan gives no date: listed, never late, never upcoming.
    due: dt.date | None = None
    status: Status
    phase: str | None = None
    owner: str | None = None
    note: str | None = None
    done_on: dt.date | None = None
    version: str | None = None
    priority: Priority | None = None
    depends_on: tuple[str, ...] = ()
    deliverables: tuple[Check, ...] = ()
    acceptance: tuple[Check, ...] = ()


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
    priority: Priority | None = None
    depends_on: tuple[str, ...] = ()
    #: Files the task touches, as written.
    files: tuple[str, ...] = ()

    @property
    def effective_status(self) -> Status:
        """The task's status, whether the file gives ``status`` or a ``done`` tick."""
        if self.status is not None:
            return self.status
        return "done" if self.done else "todo"


class Risk(_Item, frozen=True, kw_only=True):
    id: str
    title: str
    #: None when the register does not rate it: the risk is unrated, never in the matrix.
    probability: LevelValue | None = None
    impact: LevelValue | None = None
    #: The register's own overall rating (风险等级): not probability, not impact.
    level: LevelValue | None = None
    priority: Priority | None = None
    category: str | None = None
    mitigation: str | None = None
    contingency: str | None = None
    owner: str | None = None
    status: RiskStatus = "open"
    note: str | None = None

    @property
    def rated(self) -> bool:
        """Whether the file gives both probability and impact (only then is it in the matrix)."""
        return self.probability is not None and self.impact is not None


class Point(_Item, frozen=True, kw_only=True):
    date: dt.date
    #: A number, or text as written for a KPI whose target is not a number ("GA 发布").
    value: float | str
    #: On targets: reach at least (>=) / at most (<=) …; absent, the KPI's ``better`` decides.
    op: Op | None = None


class Kpi(_Item, frozen=True, kw_only=True):
    id: str
    name: str
    unit: str | None = None
    better: Better = "higher"
    actuals: tuple[Point, ...] = ()
    targets: tuple[Point, ...] = ()
    note: str | None = None


class Person(_Item, frozen=True, kw_only=True):
    """Someone (or, with ``team = true``, a group) the plan names, in standup order."""

    name: str
    role: str | None = None
    responsibilities: tuple[str, ...] = ()
    team: bool = False


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
    people: tuple[Person, ...] = ()

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
    "people": Person,
}
