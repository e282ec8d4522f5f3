"""What the workspace tells its owner: one frozen struct per event.

Events are emitted from the workspace's worker threads (or, for the watcher, its event loop);
the owner decides on which thread it handles them (the app posts them to its own loop).
Every field is data: the sentences people read are made from them in ``render.notices``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import msgspec

from roadmap_tui.model.changes import ChangeReport, Section
from roadmap_tui.model.slips import DueVersion
from roadmap_tui.workspace.slots import PlanSlot

Step = Literal["edit", "undo", "redo"]


class PlanLoaded(msgspec.Struct, frozen=True):
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


class PlanRemoved(msgspec.Struct, frozen=True):
    """The file is gone; its last view stays, marked, until ``forget_if_gone`` closes it."""

    slot: PlanSlot

    @property
    def path(self) -> Path:
        return self.slot.path


class PlanClosed(msgspec.Struct, frozen=True):
    """A removed file did not come back: it is no longer open."""

    path: Path


class EditStarted(msgspec.Struct, frozen=True):
    """An edit (or undo, redo) is being written: what is shown is about to change."""

    path: Path


class EditApplied(msgspec.Struct, frozen=True):
    """An edit, undo or redo was written and the file read again."""

    path: Path
    summary: str
    step: Step = "edit"


class EditRefused(msgspec.Struct, frozen=True):
    """Nothing was written; ``reason`` says what and why (file names already escaped)."""

    reason: str
    path: Path | None = None


class NothingChanged(msgspec.Struct, frozen=True):
    """The edit asked for the value already there: nothing was written."""

    item_id: str


class NothingToStep(msgspec.Struct, frozen=True):
    """Undo (or redo) was asked for with nothing to take back (or do again)."""

    step: Step


class HistoryReady(msgspec.Struct, frozen=True):
    """The plans' git history as far back as the Changes view compares."""

    report: ChangeReport
    changed: frozenset[tuple[Path | None, Section, str]]


class HistoryFailed(msgspec.Struct, frozen=True):
    """The history could not be read; ``reason`` says why."""

    reason: str


class DueVersionsReady(msgspec.Struct, frozen=True):
    """Each plan's committed due dates (for slips), for the request with this ``ticket``."""

    ticket: int
    versions: Mapping[Path, Sequence[DueVersion]]


class WatchFailed(msgspec.Struct, frozen=True):
    """Watching the plan files stopped working; it is tried again in ``retry_in`` seconds."""

    reason: str
    retry_in: float


class WatchResumed(msgspec.Struct, frozen=True):
    """Watching works again after a failure; every plan has been queued to be read again."""


class JobFailed(msgspec.Struct, frozen=True):
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
