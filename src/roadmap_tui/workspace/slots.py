"""What the workspace knows of each open plan file: the latest load, the last good one, its state.

A ``PlanSlot`` is a value: the workspace replaces a file's slot whole when something new is
known, so a reader on another thread never sees half of a change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_name
from roadmap_tui.store.loader import LoadResult, Problem

SlotState = Literal["loading", "ok", "stale", "failed", "removed"]


@dataclass(frozen=True)
class PlanSlot:
    """One open plan file. ``good`` is kept when a later load fails, so the view can stay."""

    path: Path
    latest: LoadResult | None = None
    good: LoadResult | None = None
    removed: bool = False

    def taking(self, result: LoadResult) -> PlanSlot:
        """This slot after a new load of the file."""
        good = result if result.plan is not None else self.good
        return replace(self, latest=result, good=good, removed=False)

    def gone(self) -> PlanSlot:
        """This slot once the file is no longer there (its last good view stays)."""
        return replace(self, removed=True)

    @property
    def plan(self) -> Plan | None:
        """The plan to show: the last one that loaded."""
        return self.good.plan if self.good is not None else None

    @property
    def state(self) -> SlotState:
        if self.removed:
            return "removed"
        if self.latest is None:
            return "loading"
        if self.latest.plan is None:
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
