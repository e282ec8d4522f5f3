"""The open plans, their loading and reloading, the edit queue, undo/redo and the git history.

Threads, each doing one kind of job in order:
- *loads*: start-up's background reads;
- *reloads*: every read a save causes (never queued behind start-up's);
- *edits*: every write (edit, undo, redo), one after another, in the order the keys asked;
- *history*: the git history for the Changes view and the timeline's slips.

State (the slots) is replaced whole under a lock, so any thread may read it; what happened is
told through ``emit`` as the typed events of ``workspace.events``, from whichever thread did it.
Nothing here imports textual or rich.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import itertools
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from roadmap_tui.model import edits as edit_rules
from roadmap_tui.model.changes import ChangeReport, FileChanges, changed_items
from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_name, safe_text
from roadmap_tui.store.loader import LoadResult, content_digest, load_bytes, load_file
from roadmap_tui.workspace import events as ev
from roadmap_tui.workspace.intents import Intent, edits_for, find_item
from roadmap_tui.workspace.slots import PlanSlot

#: How long to wait before reading a file that failed to parse once more: a truncate-and-rewrite
#: save caught between its two steps finishes well within this.
PARSE_RETRY_SECONDS = 0.05
#: Seconds before watching the plan folders is tried again after it failed, doubling each time
#: up to the last: a watch limit raised by hand or a folder that comes back is picked up.
WATCH_RETRY_SECONDS = (2.0, 4.0, 8.0, 16.0, 30.0)

Emit = Callable[[ev.Event], None]


def _digest_of(path: Path) -> str | None:
    """The content digest of a regular file, or None when it cannot be read as one."""
    try:
        return content_digest(path.read_bytes()) if path.is_file() else None
    except OSError:
        return None


class _Refused(Exception):
    """An edit that is not made; the message says what and why."""


class Workspace:
    """The plan files a session has open, and everything done to them.

    Args:
        files: the plan files, in tab order.
        folders: folders watched for new plan files.
        since: what the Changes view compares with (``--since``); None: the last standup.
        emit: called with every event, from the thread that caused it.
        settle: once start-up has read every plan, keep what is in memory then out of the
            garbage collector's full passes (``gc.freeze``). What start-up built lives as long
            as the session; a full pass then walks only what came since (with 200 plans
            open, one took 0.2–0.36 s: a stall in the middle of a key press). For a process
            that runs one session: in one that runs many (tests), it would keep each one's
            garbage cycles for good.
    """

    def __init__(
        self,
        files: Iterable[Path],
        *,
        emit: Emit,
        folders: Iterable[Path] = (),
        since: str | None = None,
        settle: bool = False,
    ) -> None:
        self._emit_to = emit
        self._settle = settle
        self.folders = list(folders)
        self.since = since
        self._lock = threading.Lock()
        self._slots: dict[Path, PlanSlot] = {}
        for path in files:
            self._slots.setdefault(path, PlanSlot(path))
        #: Which read each slot shows, so a slow read never replaces a later one.
        self._tickets = itertools.count()
        self._shown_ticket: dict[Path, int] = {}
        self._loads = ThreadPoolExecutor(1, thread_name_prefix="plan-loads")
        # Its own thread, so that a save is never queued behind start-up's reads.
        self._reloads = ThreadPoolExecutor(1, thread_name_prefix="plan-reloads")
        self._edits = ThreadPoolExecutor(1, thread_name_prefix="plan-edits")
        self._git = ThreadPoolExecutor(1, thread_name_prefix="plan-history")
        self._jobs: set[Future[None]] = set()
        self.undo_stack: list[edit_rules.EditGroup] = []
        self.redo_stack: list[edit_rules.EditGroup] = []
        self._history: dict[Path, FileChanges] = {}
        self._history_pending: dict[Path, bool] = {}
        self._history_busy = False
        self._due_tickets = itertools.count(1)
        #: Files the edit thread is writing and reading back, and those of them changed on
        #: disk meanwhile (read again once the edit is done).
        self._editing: set[Path] = set()
        self._missed: dict[Path, bool] = {}
        self._closed = False

    # State -------------------------------------------------------------------------------

    @property
    def slots(self) -> dict[Path, PlanSlot]:
        """Every open plan file's slot, in tab order (a copy: it never changes under you)."""
        with self._lock:
            return dict(self._slots)

    def slot(self, path: Path) -> PlanSlot | None:
        with self._lock:
            return self._slots.get(path)

    def plans(self) -> list[Plan]:
        """The plans that loaded, in tab order."""
        return [slot.plan for slot in self.slots.values() if slot.plan is not None]

    @property
    def busy(self) -> bool:
        """Whether any job (load, edit, history read) is queued or running."""
        with self._lock:
            return any(not job.done() for job in self._jobs)

    def _emit(self, event: ev.Event) -> None:
        if not self._closed:
            self._emit_to(event)

    def _store(self, path: Path, result: LoadResult, ticket: int) -> PlanSlot | None:
        """Record a read of ``path`` begun at ``ticket``, unless a later read is recorded."""
        with self._lock:
            slot = self._slots.get(path)
            if slot is None or ticket < self._shown_ticket.get(path, -1):
                return None
            self._shown_ticket[path] = ticket
            slot = self._slots[path] = slot.taking(result)
            return slot

    def _submit(self, pool: ThreadPoolExecutor, job: str, work: Callable[[], None]) -> None:
        def run() -> None:
            try:
                work()
            except Exception as error:  # a bug: say so, and keep the workspace going
                reason = safe_text(str(error), one_line=True) or type(error).__name__
                self._emit(ev.JobFailed(job, reason))

        if self._closed:
            return
        with self._lock:
            self._jobs = {j for j in self._jobs if not j.done()}
            future = pool.submit(run)
            self._jobs.add(future)

    # Loading -----------------------------------------------------------------------------

    def load_now(self, path: Path) -> PlanSlot:
        """Read one plan at once, on the caller's thread (the tab on the first frame)."""
        ticket = next(self._tickets)
        self._store(path, load_file(path), ticket)
        slot = self.slot(path)
        assert slot is not None
        return slot

    def load_rest(self) -> None:
        """Read every plan not read yet, in tab order, in the background."""
        for path, slot in self.slots.items():
            if slot.latest is None:
                self._submit(self._loads, "load", partial(self._load_job, path))
        if self._settle:
            self._settle = False
            self._submit(self._loads, "settle", gc.freeze)  # after the reads, in their queue

    def _load_job(self, path: Path) -> None:
        current = self.slot(path)
        if current is None or current.latest is not None:
            return  # read meanwhile (a reload, or the tab was shown)
        ticket = next(self._tickets)
        slot = self._store(path, load_file(path), ticket)
        if slot is not None:
            self._emit(ev.PlanLoaded(slot, "start"))

    def reload(self, path: Path, *, removed: bool = False) -> None:
        """Read ``path`` again after it changed on disk (or was added, or removed)."""
        self._submit(self._reloads, "reload", lambda: self._reload_job(path, removed))

    def _reload_job(self, path: Path, removed: bool) -> None:
        ticket = next(self._tickets)
        slot = self.slot(path)
        if slot is None:
            if not removed:
                self._add(path, ticket)
            return
        with self._lock:
            if path in self._editing:
                # The edit thread reads the file once its write is done; it reads it again
                # then if this change is not what it read (``_write``).
                self._missed[path] = removed
                return
        if removed:
            if slot.state != "removed":
                with self._lock:
                    slot = self._slots[path] = slot.gone()
                self._emit(ev.PlanRemoved(slot))
            return
        digest = _digest_of(path)
        if digest is not None and digest == slot.digest and slot.state in ("ok", "stale"):
            return  # what is shown already (this session's own write, or a no-op save)
        result = load_file(path)
        if result.plan is None and result.digest != slot.digest:
            # A truncating save may be caught half-written: look once more before saying so.
            time.sleep(PARSE_RETRY_SECONDS)
            result = load_file(path)
        if result.digest and result.digest == slot.digest and slot.state in ("ok", "stale"):
            return  # what is shown already (this session's own write, or a no-op save)
        stored = self._store(path, result, ticket)
        if stored is not None:
            self._emit(ev.PlanLoaded(stored))

    def _add(self, path: Path, ticket: int) -> None:
        result = load_file(path)
        with self._lock:
            if path in self._slots:
                return
            slot = self._slots[path] = PlanSlot(path).taking(result)
            self._shown_ticket[path] = ticket
        self._emit(ev.PlanLoaded(slot, added=True))

    def forget_if_gone(self, path: Path) -> bool:
        """Close a removed file that has not come back; True if it was closed."""
        with self._lock:
            slot = self._slots.get(path)
            if slot is None or slot.state != "removed" or path.exists():
                return False
            del self._slots[path]
            self._shown_ticket.pop(path, None)
        self._history.pop(path, None)
        self._emit(ev.PlanClosed(path))
        return True

    # Watching ----------------------------------------------------------------------------

    async def follow(self, stop: asyncio.Event) -> None:
        """Re-read every plan file the watcher reports, until ``stop`` is set.

        If watching fails (the OS limit on watches, a folder that cannot be read), a
        ``WatchFailed`` event says so and watching is tried again later (a one-shot wait, no
        polling); once it works again, every plan is re-read, since saves made meanwhile were
        not seen (``WatchResumed``).
        """
        from roadmap_tui.store.watcher import watch_plans

        failures = 0

        def ready() -> None:
            nonlocal failures
            if failures:
                failures = 0
                for path in self.slots:
                    self.reload(path)
                self._emit(ev.WatchResumed())

        while not stop.is_set():
            try:
                async for changes in watch_plans(list(self.slots), self.folders, stop, ready):
                    for change in sorted(changes, key=lambda c: str(c.path)):
                        self.reload(change.path, removed=change.kind == "removed")
                return
            except Exception as error:
                delay = WATCH_RETRY_SECONDS[min(failures, len(WATCH_RETRY_SECONDS) - 1)]
                failures += 1
                said = error.strerror if isinstance(error, OSError) else None
                reason = safe_text(said or str(error), one_line=True) or type(error).__name__
                self._emit(ev.WatchFailed(reason, delay))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)

    # Edits -------------------------------------------------------------------------------

    def submit(self, intent: Intent, today: dt.date) -> None:
        """Queue the edit ``intent`` asks for, as of ``today``; the events say how it went."""
        self._submit(self._edits, "edit", lambda: self._edit_job(intent, today))

    def undo(self) -> None:
        self._submit(self._edits, "undo", lambda: self._step_job("undo"))

    def redo(self) -> None:
        self._submit(self._edits, "redo", lambda: self._step_job("redo"))

    def _edit_job(self, intent: Intent, today: dt.date) -> None:
        target = intent.target
        try:
            slot = self.slot(target.path)
            name = safe_name(target.path.name)
            if slot is None or slot.plan is None:
                raise _Refused(f"{name} is not loaded")
            if slot.state != "ok":
                raise _Refused(f"{name} has errors on disk; fix the file before editing it here")
            item = find_item(slot.plan, target)
            if item is None:
                raise _Refused(f"{target.item_id} is no longer in {name}")
            try:
                group = edits_for(intent, item, today, plan=slot.plan, history=self.undo_stack)
            except ValueError as error:
                raise _Refused(f"{target.item_id}: {error}") from None
            if not group:
                self._emit(ev.NothingChanged(target.item_id))
                return
            applied = self._write(target.path, group)
        except _Refused as refusal:
            self._emit(ev.EditRefused(str(refusal), target.path))
            return
        self.undo_stack.append(applied)
        self.redo_stack.clear()
        self._emit(ev.EditApplied(target.path, group.summary, "edit"))

    def _step_job(self, step: ev.Step) -> None:
        stack = self.undo_stack if step == "undo" else self.redo_stack
        if not stack:
            self._emit(ev.NothingToStep(step))
            return
        done = stack[-1]
        try:
            self._write(done.path, done.inverse() if step == "undo" else done)
        except _Refused as refusal:
            self._emit(ev.EditRefused(str(refusal), done.path))
            return
        stack.pop()
        (self.redo_stack if step == "undo" else self.undo_stack).append(done)
        self._emit(ev.EditApplied(done.path, done.summary, step))

    def _write(self, path: Path, edits: edit_rules.EditGroup) -> edit_rules.EditGroup:
        """Write ``edits`` and read the file again; returns them as applied."""
        # tomlkit is only needed once something is written: keep it out of start-up.

        self._emit(ev.EditStarted(path))
        with self._lock:
            self._editing.add(path)
        try:
            return self._write_and_read(path, edits)
        finally:
            with self._lock:
                self._editing.discard(path)
                missed = self._missed.pop(path, None)
            if missed is not None:
                # A no-op unless the file changed after it was read.
                self.reload(path, removed=missed and not path.exists())

    def _write_and_read(self, path: Path, edits: edit_rules.EditGroup) -> edit_rules.EditGroup:
        from roadmap_tui.store import writer

        slot = self.slot(path)
        latest = slot.latest if slot is not None else None
        expected = writer.FileStamp(latest.size, 0, latest.digest) if latest is not None else None
        try:
            raw = latest.raw if latest is not None else None
            result = writer.apply_edits(edits, expected, parsed=raw)
        except writer.WriteRefused as refusal:
            self._read_after_write(path)  # show the truth on disk, whatever it is now
            raise _Refused(refusal.message) from None
        self._read_after_write(path, result.digest)
        return result.applied

    def _read_after_write(self, path: Path, written: str | None = None) -> None:
        """Read ``path`` again after a write; when the file still holds the bytes written
        (digest ``written``), with the writer's parse of them instead of a new one."""
        from roadmap_tui.store import writer

        ticket = next(self._tickets)
        result = None
        before = self.slot(path)
        if written is not None:
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            parsed = writer.parsed_after_write(written)
            if parsed is not None and content_digest(data) == written:
                result = load_bytes(data, path, parsed, before.latest if before else None)
        slot = self._store(path, result or load_file(path), ticket)
        if slot is not None:
            self._emit(ev.PlanLoaded(slot, "write"))

    def line_of(self, path: Path, kind: str, item_id: str) -> int:
        """The line an item starts on, for ``$EDITOR +LINE``."""
        from roadmap_tui.store.locate import Locator

        slot = self.slot(path)
        raw: dict[str, Any] = slot.latest.raw if slot is not None and slot.latest else {}
        items = raw.get(kind, [])
        index = next(
            (
                i
                for i, item in enumerate(items)
                if isinstance(item, dict) and item.get("id") == item_id
            ),
            None,
        )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return 1
        return Locator(text).find(kind, index, "id")[0] if index is not None else 1

    # History -----------------------------------------------------------------------------

    def read_history(self, paths: Sequence[Path] | None = None) -> None:
        """Read the git history of ``paths`` again (every plan's when None), in the background.

        Requests made while a read runs are gathered into the next one. A file whose folder
        has no history (not a repository, no git) is not asked again until every file is.
        """
        with self._lock:
            for path in paths if paths is not None else self._slots:
                forced = self._history_pending.get(path, False) or paths is None
                self._history_pending[path] = forced
            start = not self._history_busy
            self._history_busy = True
        if start:
            self._submit(self._git, "history", self._history_job)

    def _take_pending(self) -> dict[Path, bool]:
        with self._lock:
            pending, self._history_pending = self._history_pending, {}
            if not pending:
                self._history_busy = False
            return pending

    def _history_job(self) -> None:
        from roadmap_tui.store.history import file_changes, parse_since
        from roadmap_tui.store.standups import folders_of, last_standup

        try:
            while pending := self._take_pending():
                # History happens in real time, whatever --today says: a fixed day must not
                # make every commit since then look new.
                last = last_standup(folders_of(self.slots))
                try:
                    since = parse_since(self.since, last_standup=last)
                except ValueError as error:
                    self._emit(ev.HistoryFailed(f"--since: {error}"))
                    continue
                for path, forced in pending.items():
                    known = self._history.get(path)
                    if forced or known is None or known.has_history:
                        self._history[path] = file_changes(path, since)
                paths = list(self.slots)
                files = tuple(self._history[p] for p in paths if p in self._history)
                report = ChangeReport(since.label, files)
                self._emit(ev.HistoryReady(report, changed_items(report.changes)))
        except Exception as error:
            with self._lock:
                self._history_busy = False  # a later change starts a new reader
            reason = safe_text(str(error), one_line=True) or type(error).__name__
            self._emit(ev.HistoryFailed(reason))

    def record_standup(self, at: dt.datetime) -> None:
        """Remember that a standup ended ``at``: Changes now start from there (per plan folder).

        Raises OSError when it cannot be recorded.
        """
        from roadmap_tui.store.standups import folders_of, record_standup

        record_standup(folders_of(self.slots), at)
        if self.since is None:
            self.read_history()

    def read_due_versions(self, paths: Sequence[Path]) -> int:
        """Read each plan's committed due dates in the background; returns the event's ticket."""
        from roadmap_tui.store.history import due_versions

        ticket = next(self._due_tickets)

        def job() -> None:
            found = {path: due_versions(path) for path in paths}
            self._emit(ev.DueVersionsReady(ticket, found))

        self._submit(self._git, "slips", job)
        return ticket

    # Closing -----------------------------------------------------------------------------

    def close(self) -> None:
        """Stop: nothing queued starts, and no event is told any more.

        A write already under way finishes (it is never cut short), in the background.
        """
        self._closed = True
        for pool in (self._loads, self._reloads, self._edits, self._git):
            pool.shutdown(wait=False, cancel_futures=True)
