"""The plan being recovered: mutable drafts of the plan items, each with its source line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Check:
    text: str
    done: bool
    line: int


@dataclass
class PhaseDraft:
    id: str
    name: str
    line: int
    start: dt.date | None = None
    end: dt.date | None = None
    theme: str | None = None
    budget: str | None = None
    headcount: float | None = None
    version: str | None = None
    goals: list[str] = field(default_factory=list)
    deliverables: list[Check] = field(default_factory=list)
    acceptance: list[Check] = field(default_factory=list)
    #: Dates were counted from the anchor, not read from the document.
    relative: bool = False
    #: "Week 13", "Q1 2025"…: a later heading with the same label is the same phase.
    label: str = ""


@dataclass
class MilestoneDraft:
    id: str
    title: str
    line: int
    due: dt.date | None = None
    status: str = "todo"
    #: False when the document states no status and ``todo`` is the importer's default.
    status_stated: bool = False
    phase: str | None = None
    owner: str | None = None
    note: str | None = None
    done_on: dt.date | None = None
    version: str | None = None
    priority: str | None = None
    depends_on: list[str] = field(default_factory=list)
    deliverables: list[Check] = field(default_factory=list)
    acceptance: list[Check] = field(default_factory=list)


@dataclass
class TaskDraft:
    id: str
    title: str
    line: int
    status: str | None = None
    done: bool | None = None
    phase: str | None = None
    milestone: str | None = None
    owner: str | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    estimate_hours: float | None = None
    note: str | None = None
    priority: str | None = None
    depends_on: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass
class RiskDraft:
    id: str
    title: str
    line: int
    probability: str | None = None
    impact: str | None = None
    level: str | None = None
    category: str | None = None
    mitigation: str | None = None
    contingency: str | None = None
    owner: str | None = None
    note: str | None = None
    priority: str | None = None


@dataclass
class PointDraft:
    date: dt.date
    value: float | str
    op: str | None = None


@dataclass
class KpiDraft:
    id: str
    name: str
    line: int
    unit: str | None = None
    better: str | None = None
    actuals: list[PointDraft] = field(default_factory=list)
    targets: list[PointDraft] = field(default_factory=list)
    note: str | None = None


@dataclass
class PersonDraft:
    name: str
    line: int
    role: str | None = None
    responsibilities: list[str] = field(default_factory=list)
    team: bool = False


@dataclass
class PlanDraft:
    name: str
    owner: str | None = None
    summary: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None
    anchor: dt.date | None = None
    budget: str | None = None
    approval: str | None = None
    non_goals: list[str] = field(default_factory=list)
    phases: list[PhaseDraft] = field(default_factory=list)
    milestones: list[MilestoneDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    risks: list[RiskDraft] = field(default_factory=list)
    kpis: list[KpiDraft] = field(default_factory=list)
    people: list[PersonDraft] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Items recovered, by class (what the summary line and the tests count)."""
        owners: list[PhaseDraft | MilestoneDraft] = [*self.phases, *self.milestones]
        return {
            "phases": len(self.phases),
            "milestones": len(self.milestones),
            "tasks": len(self.tasks),
            "deliverables": sum(len(o.deliverables) for o in owners),
            "acceptance": sum(len(o.acceptance) for o in owners),
            "risks": len(self.risks),
            "kpis": len(self.kpis),
            "people": len(self.people),
        }

    def plannable(self) -> bool:
        counts = self.counts()
        return any(counts[key] for key in ("phases", "milestones", "tasks", "risks", "kpis"))


def join_note(old: str | None, new: str) -> str:
    """A note with ``new`` added: ``old; new`` (just ``new`` when there was none)."""
    return new if not old else f"{old}; {new}"
