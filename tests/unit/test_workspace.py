"""The workspace without Textual: what it reads, writes and tells, in the order it tells it.

Each test collects the events a ``Workspace`` emits from its threads and waits for the one it
expects (10 s at most, as a user waits for the screen); what is asserted is what a user would
notice: the file's bytes, the plan the event carries, the sentence a refusal gives.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import queue
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from roadmap_tui.store.loader import load_file
from roadmap_tui.workspace import events as ev
from roadmap_tui.workspace.intents import CycleStatus, SetNote, Target
from roadmap_tui.workspace.workspace import Workspace

TODAY = dt.date(2025, 2, 10)
E = TypeVar("E")

PLAN = """\
[plan]
name = "Core"

[[milestones]]
id = "M1"
title = "Ship"  # the comment stays
due = 2025-03-01
status = "todo"

[[milestones]]
id = "M2"
title = "Tell people"
due = 2025-03-08
status = "todo"
"""


class Told:
    """The events a workspace emitted, in order, from any thread."""

    def __init__(self) -> None:
        self.events: queue.Queue[ev.Event] = queue.Queue()
        self.seen: list[ev.Event] = []

    def __call__(self, event: ev.Event) -> None:
        self.events.put(event)

    def next(self, kind: type[E]) -> E:
        """The next event of ``kind`` (earlier ones of other kinds are kept in ``seen``)."""
        while True:
            event = self.events.get(timeout=10)
            self.seen.append(event)
            if isinstance(event, kind):
                return event


@pytest.fixture
def told() -> Told:
    return Told()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "core.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.fixture
def workspace(plan: Path, told: Told) -> Iterator[Workspace]:
    space = Workspace([plan], emit=told)
    space.load_now(plan)
    yield space
    space.close()


def target(path: Path, item: str = "M1") -> Target:
    return Target(path, "milestones", item)


def test_the_first_plan_is_read_at_once_and_the_others_in_the_background(
    tmp_path: Path, told: Told
) -> None:
    paths = []
    for name in ("a", "b", "c"):
        path = tmp_path / f"{name}.toml"
        path.write_text(PLAN.replace('"Core"', f'"Plan {name}"'), encoding="utf-8")
        paths.append(path)
    space = Workspace(paths, emit=told)
    try:
        first = space.load_now(paths[0])
        assert first.state == "ok" and first.plan is not None
        assert first.plan.name == "Plan a"
        assert [s.state for s in space.slots.values()] == ["ok", "loading", "loading"]
        space.load_rest()
        loaded = [told.next(ev.PlanLoaded).slot.plan for _ in range(2)]
        assert [p.name for p in loaded if p is not None] == ["Plan b", "Plan c"]
        assert [s.state for s in space.slots.values()] == ["ok", "ok", "ok"]
    finally:
        space.close()


def test_keys_are_written_one_after_another_in_the_order_they_were_pressed(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    workspace.submit(CycleStatus(target(plan)), TODAY)
    workspace.submit(CycleStatus(target(plan)), TODAY)
    first = told.next(ev.EditApplied)
    second = told.next(ev.EditApplied)
    assert (first.summary, second.summary) == (
        'M1 status: "todo" → "in_progress"',
        'M1 status: "in_progress" → "done"',
    )
    done = 'status = "done"\ndone_on = 2025-02-10'
    assert plan.read_text(encoding="utf-8") == PLAN.replace('status = "todo"', done, 1)
    slot = workspace.slot(plan)
    assert slot is not None and slot.plan is not None
    assert slot.plan.milestones[0].status == "done"


def test_an_edit_tells_it_started_then_the_new_plan_then_that_it_is_done(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    workspace.submit(SetNote(target(plan, "M2"), "waiting on legal"), TODAY)
    told.next(ev.EditApplied)
    kinds = [type(event) for event in told.seen]
    assert kinds == [ev.EditStarted, ev.PlanLoaded, ev.EditApplied]
    loaded = next(e for e in told.seen if isinstance(e, ev.PlanLoaded))
    assert loaded.slot.plan is not None
    assert loaded.slot.plan.milestones[1].note == "waiting on legal"


def test_undo_puts_back_the_exact_bytes_and_redo_does_it_again(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    workspace.submit(CycleStatus(target(plan)), TODAY)
    told.next(ev.EditApplied)
    changed = plan.read_bytes()
    workspace.undo()
    assert told.next(ev.EditApplied).step == "undo"
    assert plan.read_bytes() == PLAN.encode("utf-8")
    workspace.redo()
    assert told.next(ev.EditApplied).step == "redo"
    assert plan.read_bytes() == changed
    workspace.redo()
    assert told.next(ev.NothingToStep).step == "redo"


def test_a_file_with_errors_on_disk_is_not_edited_and_the_refusal_says_why(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    broken = PLAN.replace('status = "todo"', 'status = "todo', 1)
    plan.write_text(broken, encoding="utf-8")
    workspace.reload(plan)
    assert told.next(ev.PlanLoaded).slot.state == "stale"
    workspace.submit(CycleStatus(target(plan)), TODAY)
    refusal = told.next(ev.EditRefused)
    assert refusal.reason == "core.toml has errors on disk; fix the file before editing it here"
    assert plan.read_text(encoding="utf-8") == broken


def test_an_item_that_is_gone_is_refused_by_id(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    workspace.submit(CycleStatus(target(plan, "M9")), TODAY)
    assert told.next(ev.EditRefused).reason == "M9 is no longer in core.toml"
    assert plan.read_text(encoding="utf-8") == PLAN


def test_a_save_elsewhere_is_read_and_a_save_of_the_same_bytes_is_not_told(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    plan.write_text(PLAN.replace('"Ship"', '"Ship it"'), encoding="utf-8")
    workspace.reload(plan)
    slot = told.next(ev.PlanLoaded).slot
    assert slot.plan is not None and slot.plan.milestones[0].title == "Ship it"
    workspace.reload(plan)  # nothing new on disk
    workspace.submit(SetNote(target(plan), "x"), TODAY)  # queued behind nothing: a marker
    told.next(ev.EditApplied)
    assert sum(isinstance(e, ev.PlanLoaded) for e in told.seen) == 2  # the save and the edit


def test_a_removed_file_stays_marked_until_it_is_forgotten(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    plan.unlink()
    workspace.reload(plan, removed=True)
    removed = told.next(ev.PlanRemoved)
    assert removed.slot.state == "removed" and removed.slot.plan is not None
    assert workspace.forget_if_gone(plan)
    assert told.next(ev.PlanClosed).path == plan
    assert workspace.slots == {}


def test_a_file_that_comes_back_within_the_grace_is_not_forgotten(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    plan.unlink()
    workspace.reload(plan, removed=True)
    told.next(ev.PlanRemoved)
    plan.write_text(PLAN, encoding="utf-8")
    workspace.reload(plan)
    assert told.next(ev.PlanLoaded).slot.state == "ok"
    assert not workspace.forget_if_gone(plan)


def test_a_new_plan_file_in_a_watched_folder_is_added(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    other = plan.with_name("other.toml")
    other.write_text(PLAN.replace('"Core"', '"Other"'), encoding="utf-8")
    workspace.reload(other)
    added = told.next(ev.PlanLoaded)
    assert added.added and added.slot.plan is not None and added.slot.plan.name == "Other"
    assert list(workspace.slots) == [plan, other]


def test_watching_reads_a_save_made_by_another_program(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    async def scenario() -> ev.PlanLoaded:
        stop = asyncio.Event()
        follow = asyncio.create_task(workspace.follow(stop))
        await asyncio.sleep(0.2)  # the watch is set up once the task has run
        plan.write_text(PLAN.replace('"Ship"', '"Shipped"'), encoding="utf-8")
        loaded = await asyncio.to_thread(told.next, ev.PlanLoaded)
        stop.set()
        await asyncio.wait_for(follow, 10)
        return loaded

    loaded = asyncio.run(scenario())
    assert loaded.slot.plan is not None
    assert loaded.slot.plan.milestones[0].title == "Shipped"


def test_history_says_what_changed_since_a_revision(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=plan.parent, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "plan")
    plan.write_text(PLAN.replace('status = "todo"', 'status = "done"', 1), encoding="utf-8")
    workspace.since = "HEAD"
    workspace.read_history()
    ready = told.next(ev.HistoryReady)
    assert (plan, "milestone", "M1") in ready.changed
    assert ready.report.since == "HEAD"


def test_a_bad_since_is_told_as_a_failed_history(
    workspace: Workspace, plan: Path, told: Told
) -> None:
    workspace.since = "99999999d"
    workspace.read_history()
    assert told.next(ev.HistoryFailed).reason.startswith("--since: ")


def test_the_core_imports_no_screen_library() -> None:
    code = (
        "import sys, roadmap_tui.workspace.workspace, roadmap_tui.workspace.intents;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "style",
    ["plain", "crlf", "bom", "escaped", "warned"],
    ids=["plain", "crlf-line-ends", "byte-order-mark", "escaped-bell", "unknown-key"],
)
def test_the_plan_shown_after_a_write_is_the_plan_a_fresh_read_finds(
    tmp_path: Path, told: Told, style: str
) -> None:
    text = PLAN.replace("\n", "\r\n") if style == "crlf" else PLAN
    if style == "escaped":  # read as a bell, shown without it
        text += '\n[[milestones]]\nid = "M3"\ntitle = "Ring\\u0007"\n'
        text += 'due = 2025-03-09\nstatus = "todo"\n'
    if style == "warned":  # a warning, which a later read must still give
        text = text.replace('title = "Tell people"', 'title = "Tell people"\ncolour = "red"')
    data = ("\ufeff" if style == "bom" else "") + text
    path = tmp_path / "core.toml"
    path.write_bytes(data.encode("utf-8"))
    space = Workspace([path], emit=told)
    try:
        space.load_now(path)
        space.submit(CycleStatus(target(path)), TODAY)
        space.submit(SetNote(target(path, "M2"), "a note\twith a tab"), TODAY)
        told.next(ev.EditApplied)
        told.next(ev.EditApplied)
        shown = space.slot(path)
        assert shown is not None and shown.latest is not None
        fresh = load_file(path)
        assert (shown.latest.plan, shown.latest.problems) == (fresh.plan, fresh.problems)
        assert shown.latest.digest == fresh.digest
        assert fresh.plan is not None and fresh.plan.milestones[1].note == "a note\twith a tab"
        if style == "escaped":
            assert fresh.plan.milestones[2].title == "Ring"
        assert len(fresh.problems) == (style == "warned")
    finally:
        space.close()
