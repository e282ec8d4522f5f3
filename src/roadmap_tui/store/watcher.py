"""Watching plan files: raw folder events → one settled change per plan file.

On Linux the events come from inotify read on the event loop (``store.inotify``), so an idle
watcher never wakes; elsewhere from watchfiles.

``watch_plans`` watches the folders that hold the plan files (never the files themselves: editors
that save by rename replace the file, and a watch on the old inode would go deaf), filters events
to plan files, and reports each touched plan once per batch by its state *now*: it exists → changed
(or added, if it was not there before); it is gone → removed. That one rule covers every way editors
save — truncate and rewrite, rename over from a temp file, vim's ``file~`` backup, JetBrains'
``___jb_tmp___``/``___jb_old___`` pair, delete then recreate — without knowing any of them.

Nothing here imports textual or rich.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable
from contextlib import aclosing
from pathlib import Path
from typing import Literal, NamedTuple

from roadmap_tui.store import inotify
from roadmap_tui.store.loader import NOT_PLANS, plan_files

# On Linux the watcher reads inotify on the event loop (``store.inotify``): nothing runs while
# nothing changes. A save is a burst of events (truncate+write; or create temp → write → rename
# over; or vim's rename → create → write → unlink backup) that takes well under a millisecond
# apart from fsyncs, so a batch ends once QUIET_MS pass with no new event, and never later than
# SETTLE_MS after its first event: a folder that never goes quiet is still reported. A batch split
# by a slow fsync is still correct: each part is judged by the file's state when it is reported,
# and the app retries a parse that fails right after a truncating save.
QUIET_MS = 4
SETTLE_MS = 15

# Elsewhere, watchfiles: its Rust loop sleeps `step` ms, looks at the set of distinct (change,
# path) pairs seen so far, and returns the batch once one whole step passes with no new pair, or
# once `debounce` ms have passed since the first one. It wakes every step even when idle, which
# is why Linux does not use it.
DEBOUNCE_MS = 50
STEP_MS = 20
# The stop event is checked by the Rust loop on every step, whatever this is; the timeout only
# hands control back to Python now and then (watchfiles' default on Windows, where it matters for
# Ctrl+C; samuelcolvin/watchfiles#110).
RUST_TIMEOUT_MS = 1_000

ChangeKind = Literal["changed", "added", "removed"]


class PlanChange(NamedTuple):
    """One plan file's settled state after a batch of events.

    ``path`` is the plan file as the caller named it (a file given to ``watch_plans``), or
    ``folder / name`` for a plan file found in a given folder.
    """

    path: Path
    kind: ChangeKind


def is_plan_name(name: str) -> bool:
    """Whether a file called ``name`` in a plan folder is a plan (the rule of ``plan_files``)."""
    return name.endswith(".toml") and not name.startswith(".") and name not in NOT_PLANS


def _located(path: Path) -> Path:
    """``path`` absolute, its folder resolved but its name kept (a symlink stays itself)."""
    return path.absolute().parent.resolve() / path.name


class _Plans:
    """The plan files being watched: where their events arrive and whether each was there."""

    def __init__(self, files: Iterable[Path], folders: Iterable[Path]) -> None:
        self.given = set(files)
        self.present: dict[Path, bool] = {}
        #: Resolved folder → the folder as given; new plan files there are reported as theirs.
        self.folders: dict[Path, Path] = {}
        #: Event path (str, as watchfiles reports it) → the plan files it stands for. A symlinked
        #: plan has two: the link (replaced or removed) and its target (edited through the link).
        self.sources: dict[str, set[Path]] = {}
        self.keys: dict[Path, set[str]] = {}
        #: Counts changes to ``keys``: the watched folders need a new look only after one
        #: (or while one of them does not exist yet: ``all_there``).
        self.revision = 0
        self.all_there = True
        for folder in folders:
            self.folders[folder.absolute().resolve()] = folder
        found = plan_files([folder for folder in self.folders.values() if folder.is_dir()])
        for plan in [*self.given, *found]:
            if plan not in self.present:
                self.present[plan] = plan.is_file()
                self._index(plan)

    def _index(self, plan: Path) -> None:
        keys = {str(_located(plan)), str(plan.resolve())}
        if self.keys.get(plan) == keys:
            return
        self.revision += 1
        for key in self.keys.pop(plan, set()):
            self.sources[key].discard(plan)
            if not self.sources[key]:
                del self.sources[key]
        self.keys[plan] = keys
        for key in keys:
            self.sources.setdefault(key, set()).add(plan)

    def _forget(self, plan: Path) -> None:
        self.revision += 1
        del self.present[plan]
        for key in self.keys.pop(plan, set()):
            self.sources[key].discard(plan)
            if not self.sources[key]:
                del self.sources[key]

    def plans_for(self, raw: str) -> set[Path]:
        """The plan files an event on ``raw`` concerns (none: not a plan file)."""
        known = self.sources.get(raw)
        if known:
            return set(known)
        path = Path(raw)
        folder = self.folders.get(path.parent)
        if folder is not None and is_plan_name(path.name):
            return {folder / path.name}
        return set()

    def wanted(self, _change: object, raw: str) -> bool:
        """The ``watch_filter`` for awatch."""
        return bool(self.plans_for(raw))

    def everything(self) -> set[str]:
        """Every path an event could concern: after a lost event, anything may have changed."""
        raws = set(self.sources)
        for folder in self.watched_folders():
            raws.update(str(folder / path.name) for path in plan_files([folder]))
        return raws

    def watched_folders(self) -> set[Path]:
        """The existing folders to watch: the given ones, and each plan's (and its target's)."""
        folders = set(self.folders)
        for keys in self.keys.values():
            folders.update(Path(key).parent for key in keys)
        found = {folder for folder in folders if folder.is_dir()}
        self.all_there = len(found) == len(folders)
        return found

    def settle(self, raws: Iterable[str]) -> set[PlanChange]:
        """Each plan a batch of event paths touched, judged by whether it is a file now."""
        touched: set[Path] = set()
        for raw in raws:
            touched |= self.plans_for(raw)
        settled: set[PlanChange] = set()
        for plan in touched:
            now = plan.is_file()
            was = self.present.get(plan, False)
            if now:
                self.present[plan] = True
                self._index(plan)  # a link may point somewhere new
                settled.add(PlanChange(plan, "changed" if was else "added"))
                continue
            if plan in self.given:
                self.present[plan] = False
            elif plan in self.present:
                self._forget(plan)
            if was:
                settled.add(PlanChange(plan, "removed"))
        return settled


async def watch_plans(
    files: Iterable[Path],
    folders: Iterable[Path],
    stop_event: asyncio.Event,
    on_ready: Callable[[], None] | None = None,
) -> AsyncIterator[set[PlanChange]]:
    """Yield the plan files that changed, batch by batch, until ``stop_event`` is set.

    Args:
        files: plan files to watch (as from ``loader.plan_files``); reported by these paths.
        folders: folders in which new plan files (``*.toml``, not dot-files, not
            ``pyproject.toml`` …) may appear; their current plan files are watched too.
        stop_event: set it to end the generator.
        on_ready: called once every folder is being watched (saves from then on are seen).

    Yields:
        Non-empty sets of ``PlanChange``, at most one per plan file. A plan that was removed and
        comes back is ``added``; the caller re-reads the file on ``changed`` and ``added`` alike.

    Raises:
        OSError: the folders cannot be watched (e.g. the OS limit on watches is reached).
    """
    plans = _Plans(files, folders)
    batches = _inotify_batches if inotify.available() else _watchfiles_batches
    async with aclosing(batches(plans, stop_event, on_ready or _nothing)) as raw_batches:
        async for raws in raw_batches:
            settled = plans.settle(raws)
            if settled:
                yield settled


def _nothing() -> None:
    pass


async def _inotify_batches(
    plans: _Plans, stop_event: asyncio.Event, on_ready: Callable[[], None]
) -> AsyncGenerator[set[str]]:
    """Event paths from inotify, one settled burst at a time; no wake-up while nothing happens."""
    loop = asyncio.get_running_loop()
    pending: set[str] = set()
    arrived = asyncio.Event()

    def on_event(raw: str) -> None:
        pending.add(raw)
        arrived.set()

    stopped = asyncio.ensure_future(stop_event.wait())
    first: asyncio.Future[Literal[True]] | None = None
    try:
        with inotify.FolderWatch(on_event) as watch:
            for folder in sorted(plans.watched_folders()):
                watch.add(folder)
            looked = plans.revision
            on_ready()
            while True:
                first = waiting = asyncio.ensure_future(arrived.wait())
                await asyncio.wait({waiting, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if stop_event.is_set():
                    return
                deadline = loop.time() + SETTLE_MS / 1000
                while (left := deadline - loop.time()) > 0:
                    arrived.clear()
                    try:
                        await asyncio.wait_for(arrived.wait(), min(QUIET_MS / 1000, left))
                    except TimeoutError:
                        break
                arrived.clear()
                raws = set(pending)
                pending.clear()
                if inotify.OVERFLOW in raws:
                    raws |= plans.everything()
                yield raws
                # A (new) symlinked plan may point into a folder not watched yet: looked for
                # only when a plan's paths changed (with 200 plans, a look costs ~10 ms).
                if plans.revision != looked or not plans.all_there:
                    looked = plans.revision
                    for folder in sorted(plans.watched_folders()):
                        if str(folder) not in watch.folders:
                            watch.add(folder)
    finally:
        stopped.cancel()
        if first is not None:
            first.cancel()


async def _watchfiles_batches(
    plans: _Plans, stop_event: asyncio.Event, on_ready: Callable[[], None]
) -> AsyncGenerator[set[str]]:
    """Event paths from watchfiles (platforms without inotify), one batch at a time."""
    from watchfiles import awatch

    on_ready()  # watchfiles does not say when its watch is set up; this is the closest point
    while not stop_event.is_set():
        watching = plans.watched_folders()
        if not watching:
            await stop_event.wait()
            return
        async with aclosing(
            awatch(
                *sorted(watching),
                watch_filter=plans.wanted,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=stop_event,
                rust_timeout=RUST_TIMEOUT_MS,
                recursive=False,
            )
        ) as batches:
            async for raw_changes in batches:
                yield {raw for _change, raw in raw_changes}
                if not plans.watched_folders() <= watching:
                    # A (new) symlinked plan points into a folder not yet watched: start over
                    # with it; watchfiles cannot add a folder to a running watch.
                    break
            else:
                return
