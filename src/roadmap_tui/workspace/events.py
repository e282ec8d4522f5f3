"""What the workspace tells its owner: one frozen dataclass per event.

Events are emitted from the workspace's worker threads (or, for the watcher, its event loop);
the owner decides on which thread it handles them (the app posts them to its own loop).
Every field is data: the sentences people read are made from them in ``render.notices``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from roadmap_tui.model.changes import ChangeReport, Section
from roadmap_tui.model.slips import DueVersion
from roadmap_tui.workspace.slots import PlanSlot

Step = Literal["edit", "undo", "redo"]


@dataclass(frozen=True)
class PlanLoaded:
    """A plan file was read: at start (``start``), after it changed on disk (``disk``: saved,
    added, come back), or after this session wrote it (``write``).

    ``added``: the file is new to the workspace (a plan file that appeared in a watched folder).
    """

    slot: PlanSlot
    cause: Literal["start", "disk", "write"] = "disk"
    added: bool = False

    @property
    def path(self) -> Path:
        return self.slot.path


@dataclass(frozen=True)
class PlanRemoved:
    """The file is gone; its last view stays, marked, until ``forget_if_gone`` closes it."""

    slot: PlanSlot

    @property
    def path(self) -> Path:
        return self.slot.path


@dataclass(frozen=True)
class PlanClosed:
    """A removed file did not come back: it is no longer open."""

    path: Path


@dataclass(frozen=True)
class EditStarted:
    """An edit (or undo, redo) is being written: what is shown is about to change."""

    path: Path


@dataclass(frozen=True)
class EditApplied:
    """An edit, undo or redo was written and the file read again."""

    path: Path
    summary: str
    step: Step = "edit"


@dataclass(frozen=True)
class EditRefused:
    """Nothing was written; ``reason`` says what and why (file names already escaped)."""

    reason: str
    path: Path | None = None


@dataclass(frozen=True)
class NothingChanged:
    """The edit asked for the value already there: nothing was written."""

    item_id: str


@dataclass(frozen=True)
class NothingToStep:
    """Undo (or redo) was asked for with nothing to take back (or do again)."""

    step: Step


@dataclass(frozen=True)
class HistoryReady:
    """The plans' git history as far back as the Changes view compares."""

    report: ChangeReport
    changed: frozenset[tuple[Path | None, Section, str]]


@dataclass(frozen=True)
class HistoryFailed:
    """The history could not be read; ``reason`` says why."""

    reason: str


@dataclass(frozen=True)
class DueVersionsReady:
    """Each plan's committed due dates (for slips), for the request with this ``ticket``."""

    ticket: int
    versions: Mapping[Path, Sequence[DueVersion]]


@dataclass(frozen=True)
class WatchFailed:
    """Watching the plan files stopped working; it is tried again in ``retry_in`` seconds."""

    reason: str
    retry_in: float


@dataclass(frozen=True)
class WatchResumed:
    """Watching works again after a failure; every plan has been queued to be read again."""


@dataclass(frozen=True)
class JobFailed:
    """A background job ended with an error the workspace did not expect."""

    job: str
    reason: str


Event = (
    PlanLoaded
    | PlanRemoved
    | PlanClosed
    | EditStarted
    | EditApplied
    | EditRefused
    | NothingChanged
    | NothingToStep
    | HistoryReady
    | HistoryFailed
    | DueVersionsReady
    | WatchFailed
    | WatchResumed
    | JobFailed
)
