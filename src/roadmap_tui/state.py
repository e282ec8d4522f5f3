"""What the app knows of each open plan file: the latest load, the last good one, and its state."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_name
from roadmap_tui.store.loader import LoadResult, Problem

SlotState = Literal["ok", "stale", "failed", "removed"]


@dataclass
class PlanSlot:
    """One open plan file. ``good`` is kept when a later load fails, so the view can stay."""

    path: Path
    latest: LoadResult | None = None
    good: LoadResult | None = None
    removed: bool = False

    def take(self, result: LoadResult) -> None:
        """Record a new load of the file."""
        self.latest = result
        self.removed = False
        if result.plan is not None:
            self.good = result

    @property
    def plan(self) -> Plan | None:
        """The plan to show: the last one that loaded."""
        return self.good.plan if self.good is not None else None

    @property
    def state(self) -> SlotState:
        if self.removed:
            return "removed"
        if self.latest is None or self.latest.plan is None:
            return "stale" if self.good is not None else "failed"
        return "ok"

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.latest.problems if self.latest is not None else ()

    @property
    def digest(self) -> str:
        """Hash of the bytes last read from disk (good or not)."""
        return self.latest.digest if self.latest is not None else ""

    @property
    def label(self) -> str:
        """The tab's name: the plan's name, or the file name (controls escaped) when none loaded."""
        plan = self.plan
        return plan.name if plan is not None else safe_name(self.path.name)
