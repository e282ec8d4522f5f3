"""Another program rewrites a plan file hundreds of times while the app writes edits to it.

An external process (this file run as a script) saves a copy of a sample plan 500 times, half in
place (truncate and rewrite, as VS Code saves) and half by renaming a new file over it (as vim
saves). Each save reads the file and increments a counter in the note of a milestone only it
writes (``EXT``) and, every other time, a counter in the note of a milestone the app edits too
(``SHARED``). Meanwhile this process makes 200 edits the way the app does: load the file, build
the edit from what was loaded, ``apply_edits`` with the stamp of that load, load again.

Afterwards the file must parse, hold every external increment (a lost one leaves the counter
short, since the external process reads it from the file each time), hold every app edit that
was applied, and no moment of the run may have shown a mix of two versions.

The writer checks the file before it renames its new version over it, but between that check and
the rename there are a few microseconds that no lock-free writer can close against a program that
takes no lock. The test makes just that step exclusive (both sides hold one ``flock`` for it), so
that what it checks is what the writer controls: noticing every change made since the view was
loaded and since the file was read, applying edits again by item id to newer content, and
refusing an edit whose value changed under it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from roadmap_tui.model import edits as edit_rules
from roadmap_tui.model.edits import Edit, EditGroup
from roadmap_tui.model.plan import Milestone, Plan
from roadmap_tui.sources import bundled_samples
from roadmap_tui.store import writer
from roadmap_tui.store.loader import LoadResult, load_bytes, load_file

EXTERNAL_SAVES = 500
APP_EDITS = 200
#: Milestones only the app edits; their notes and due dates are checked at the end.
APP_ONLY = ("M1.1", "M1.2", "M1.3")
EXTRA = """\
[[milestones]]
id = "EXT"
title = "外部计数"
due = 2025-06-30
status = "todo"
note = "ext 0"

[[milestones]]
id = "SHARED"
title = "共享计数"
due = 2025-06-30
status = "todo"
note = "shared 0"

"""
EXT_NOTE = re.compile(r'note = "ext (\d+)"')
SHARED_NOTE = re.compile(r'note = "shared (\d+)"')


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    with open(lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- the other program -----------------------------------------------------------------------


def external_saves(path: Path, lock: Path, log: Path, progress: Path, count: int) -> None:
    """Save ``path`` ``count`` times, each time adding one to the counters it reads there.

    The saves keep pace with the app's edits (``progress`` holds how many it has made), so the
    two overlap from start to end however fast this machine is.
    """
    records: list[dict[str, Any]] = []
    rng = random.Random(7)
    for n in range(1, count + 1):
        while n * APP_EDITS > (app_progress(progress) + 1) * count:
            time.sleep(0.0005)
        time.sleep(rng.uniform(0, 0.003))
        in_place = n % 2 == 1
        with exclusive(lock):
            text = path.read_bytes().decode("utf-8")
            ext = EXT_NOTE.search(text)
            shared = SHARED_NOTE.search(text)
            if ext is None or shared is None:
                raise SystemExit(f"save {n}: counters missing from the file read:\n{text}")
            ext_value = int(ext.group(1)) + 1
            text = EXT_NOTE.sub(f'note = "ext {ext_value}"', text)
            shared_value = None
            if n % 2 == 0:
                shared_value = int(shared.group(1)) + 1
                text = SHARED_NOTE.sub(f'note = "shared {shared_value}"', text)
            data = text.encode("utf-8")
            if in_place:
                handle = os.open(path, os.O_WRONLY | os.O_TRUNC)
                try:
                    os.write(handle, data)
                finally:
                    os.close(handle)
            else:
                temp = path.with_name(f".{path.name}.ext")
                temp.write_bytes(data)
                os.replace(temp, path)
        records.append(
            {
                "digest": digest(data),
                "ext": ext_value,
                "shared": shared_value,
                # Readers may catch an in-place save part-written: keep its bytes to tell.
                "text": text if in_place else None,
                "time": time.monotonic(),
            }
        )
    log.write_text(json.dumps(records), encoding="utf-8")


def app_progress(progress: Path) -> int:
    data = progress.read_bytes()
    return int(data) if data.strip() else 0


# -- this process: the app's side -----------------------------------------------------------


@dataclass
class AppRun:
    """What the app's side did: edits applied (with their stamps), refused (with messages)."""

    applied: list[tuple[Edit, writer.WriteResult]] = field(default_factory=list)
    refused: list[tuple[EditGroup, str]] = field(default_factory=list)
    rebased: int = 0
    started: float = 0.0
    ended: float = 0.0


def milestone(plan: Plan, item_id: str) -> Milestone:
    return next(m for m in plan.milestones if m.id == item_id)


def edit_for(n: int, plan: Plan, path: Path) -> EditGroup:
    """The ``n``-th edit, built from the plan as loaded, as a key press builds it."""
    if n % 4 == 0:
        shared = milestone(plan, "SHARED")
        count = int((shared.note or "shared 0").split()[1])
        return edit_rules.set_note(path, shared, f"shared {count + 1}")
    item = milestone(plan, APP_ONLY[n % len(APP_ONLY)])
    if n % 4 == 3:
        return edit_rules.shift_due(path, item, 1)
    return edit_rules.set_note(path, item, f"app note {n}")


def load_whole(path: Path, seen: Callable[[bytes], None]) -> LoadResult:
    """Load the file as the app's reload does: a failed parse is looked at again shortly."""
    for _ in range(100):
        data = path.read_bytes()
        seen(data)
        result = load_bytes(data, path)
        if result.plan is not None:
            return result
        time.sleep(0.001)
    raise AssertionError(f"the file did not parse for 100 ms: {result.problems}")


def app_edits(path: Path, progress: Path, count: int, seen: Callable[[bytes], None]) -> AppRun:
    run = AppRun(started=time.monotonic())
    rng = random.Random(11)
    loaded = load_whole(path, seen)
    for n in range(count):
        progress.write_text(f"{n:8d}", encoding="utf-8")
        assert loaded.plan is not None
        group = edit_for(n, loaded.plan, path)
        # A pause between seeing the plan and pressing the key lets the other program save.
        time.sleep(rng.uniform(0, 0.004))
        expected = writer.FileStamp(loaded.size, 0, loaded.digest)
        try:
            result = writer.apply_edits(group, expected)
        except writer.WriteRefused as refusal:
            run.refused.append((group, refusal.message))
        else:
            run.applied.extend((edit, result) for edit in result.applied)
            run.rebased += result.rebased
        loaded = load_whole(path, seen)
    run.ended = time.monotonic()
    return run


class Sampler(threading.Thread):
    """Reads the file over and over while the run lasts, keeping each distinct content seen."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.seen: dict[str, bytes] = {}
        self.reads = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                data = self.path.read_bytes()
            except FileNotFoundError:  # a rename never leaves the name missing: fail below
                data = b"<missing>"
            self.seen.setdefault(digest(data), data)
            self.reads += 1
            time.sleep(0.001)


# -- the test --------------------------------------------------------------------------------


def test_no_lost_update_and_no_torn_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "dispa.toml"
    shutil.copyfile(bundled_samples() / "dispa.toml", path)
    text = path.read_text(encoding="utf-8")
    first = text.index("\n[[milestones]]\n") + 1  # a header, not a comment naming it
    path.write_text(text[:first] + EXTRA + text[first:], encoding="utf-8")
    initial = path.read_bytes()
    lock, log = tmp_path / "lock", tmp_path / "external.json"
    progress = tmp_path / "progress"
    progress.write_text("0", encoding="utf-8")

    original_replace = writer._replace

    def replace_exclusively(*args: Any, **kwargs: Any) -> writer.FileStamp | None:
        with exclusive(lock):
            return original_replace(*args, **kwargs)

    monkeypatch.setattr(writer, "_replace", replace_exclusively)

    loads: dict[str, bytes] = {}

    def seen(data: bytes) -> None:
        loads.setdefault(digest(data), data)

    sampler = Sampler(path)
    sampler.start()
    external = subprocess.Popen(
        [sys.executable, __file__, *map(str, (path, lock, log, progress, EXTERNAL_SAVES))],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 10
        while path.read_bytes() == initial and time.monotonic() < deadline:
            time.sleep(0.001)
        run = app_edits(path, progress, APP_EDITS, seen)
        progress.write_text(str(APP_EDITS), encoding="utf-8")
        _, errors = external.communicate(timeout=30)
    finally:
        external.kill()
        sampler.stop.set()
        sampler.join()
    assert external.returncode == 0, errors
    records: list[dict[str, Any]] = json.loads(log.read_text(encoding="utf-8"))

    # The two really ran together, and the app met a file changed under it.
    assert len(records) == EXTERNAL_SAVES
    assert records[0]["time"] < run.ended and run.started < records[-1]["time"]
    assert len(run.applied) + len(run.refused) >= APP_EDITS
    assert run.rebased >= 10, f"only {run.rebased} edits met a file changed since its load"

    # The file parses, and no external save was lost.
    final = load_file(path)
    assert final.plan is not None, final.problems
    final_text = path.read_text(encoding="utf-8")
    assert milestone(final.plan, "EXT").note == f"ext {EXTERNAL_SAVES}"
    external_shared = sum(1 for r in records if r["shared"] is not None)
    app_shared = sum(1 for edit, _ in run.applied if edit.item_id == "SHARED")
    assert milestone(final.plan, "SHARED").note == f"shared {external_shared + app_shared}"

    # Every app edit was applied (the last one to each value is in the file) or refused, saying
    # which value and why; a refused note never reached the file.
    last: dict[tuple[str, str], Any] = {}
    for edit, _ in run.applied:
        last[edit.item_id, edit.field] = edit.new
    for item_id in APP_ONLY:
        shown = milestone(final.plan, item_id)
        assert shown.note == last.get((item_id, "note"), shown.note)
        assert shown.due == last.get((item_id, "due"), shown.due)
    assert any(item_id == "SHARED" for item_id, _ in last)
    for group, message in run.refused:
        (edit,) = group.edits
        assert message.startswith(f"{edit.item_id} {edit.field}"), message
        if isinstance(edit.new, str) and edit.item_id != "SHARED":
            assert f'"{edit.new}"' not in final_text
    conflicts = [m for _, m in run.refused if "on disk; not changed" in m]
    assert conflicts, "no edit of the shared note ever met a newer value on disk"

    # No moment showed a torn file: each content read was one whole version, or an in-place
    # save caught between its truncation and its last byte (the other program's own doing).
    versions = {digest(initial)} | {r["digest"] for r in records}
    versions |= {result.stamp.sha256 for _, result in run.applied}
    in_place = [r["text"].encode("utf-8") for r in records if r["text"] is not None]
    for key, data in {**loads, **sampler.seen}.items():
        if key in versions:
            continue
        torn = data.decode("utf-8", "replace")[-300:]
        assert any(whole.startswith(data) for whole in in_place), f"a torn read, ending:\n{torn}"
    assert sampler.reads > 500


if __name__ == "__main__":
    # The other program: python test_concurrency.py PLAN LOCK LOG PROGRESS COUNT
    plan, lock_file, log_file, progress_file, saves = sys.argv[1:]
    external_saves(Path(plan), Path(lock_file), Path(log_file), Path(progress_file), int(saves))
