"""The state a block is read in: the phase and milestone around it, the kind of items the
heading or label above it announces, and the dates relative times count from."""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap_tui.importer.dates import Context as DateContext
from roadmap_tui.importer.draft import MilestoneDraft, PhaseDraft, RiskDraft, TaskDraft


@dataclass(frozen=True)
class Ctx:
    phase: PhaseDraft | None = None
    milestone: MilestoneDraft | None = None
    task: TaskDraft | None = None
    risk: RiskDraft | None = None
    #: The kind of items the nearest heading or label announces (tasks, acceptance, risks…).
    kind: str | None = None
    priority: str | None = None
    #: Status a checklist bucket ("Planning", "Backlog") gives its items.
    bucket: str | None = None
    dates: DateContext = field(default_factory=DateContext)
    heading_line: int = 0
    heading_title: str = ""
    #: A sub-label such as "周一" the items sit under, kept in their note.
    sublabel: str | None = None
