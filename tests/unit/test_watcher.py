"""The plan watcher against real files, saved the ways editors and tools save them."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest

from roadmap_tui.store.watcher import PlanChange, is_plan_name, watch_plans

PLAN = '[plan]\nname = "Alpha"\n'
EDITED = '[plan]\nname = "Alpha, edited"\n'
WAIT = 2.0  # the most any expected batch may take; a passing test waits ~20 ms per batch


async def settle_loop() -> None:
    """Let the other tasks run until they next wait on something outside the event loop."""
    for _ in range(5):
        await asyncio.sleep(0)


class Watch:
    """A running ``watch_plans`` whose batches a test awaits one by one."""

    def __init__(self, files: Iterable[Path], folders: Iterable[Path]) -> None:
        self.stop = asyncio.Event()
        self.batches = watch_plans(files, folders, self.stop)
        self.pending: asyncio.Future[set[PlanChange]] | None = None

    async def start(self) -> None:
        """Begin watching. The folder watches are in place once the generator first suspends:
        awatch sets them up synchronously before handing off to its thread."""
        self.pending = asyncio.ensure_future(anext(self.batches))
        await settle_loop()

    async def next(self, timeout: float = WAIT) -> set[PlanChange]:
        assert self.pending is not None
        done, _ = await asyncio.wait({self.pending}, timeout=timeout)
        assert done, f"no change reported within {timeout} s"
        batch = self.pending.result()
        self.pending = asyncio.ensure_future(anext(self.batches))
        return batch

    async def quiet(self, timeout: float) -> bool:
        """Whether no batch arrives within ``timeout`` seconds."""
        assert self.pending is not None
        done, _ = await asyncio.wait({self.pending}, timeout=timeout)
        return not done

    async def close(self) -> float:
        """Stop, and return how long the generator took to end."""
        started = time.perf_counter()
        self.stop.set()
        if self.pending is not None:
            with pytest.raises(StopAsyncIteration):
                await asyncio.wait_for(self.pending, WAIT)
        await self.batches.aclose()
        return time.perf_counter() - started


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "alpha.toml"
    path.write_text(PLAN)
    return path


@pytest.fixture
async def watch(plan: Path) -> AsyncIterator[Watch]:
    """Watching ``plan`` and its folder for new plan files."""
    watching = Watch([plan], [plan.parent])
    await watching.start()
    yield watching
    await watching.close()


async def test_in_place_rewrite(watch: Watch, plan: Path) -> None:
    with plan.open("r+") as file:  # truncate and rewrite the same inode, as VS Code does
        file.truncate(0)
        file.write(EDITED)
    assert await watch.next() == {PlanChange(plan, "changed")}


async def test_rename_over_from_temp_file(watch: Watch, plan: Path) -> None:
    for temp in (plan.with_name(".alpha.toml.tmp"), plan.with_name("alpha.toml.8f3a.tmp")):
        temp.write_text(EDITED)
        os.replace(temp, plan)
        assert await watch.next() == {PlanChange(plan, "changed")}


async def test_vim_style_save(watch: Watch, plan: Path) -> None:
    probe = plan.with_name("4913")  # vim checks it may create files in the folder
    probe.write_text("")
    probe.unlink()
    backup = plan.with_name("alpha.toml~")
    plan.rename(backup)
    plan.write_text(EDITED)
    backup.unlink()
    assert await watch.next() == {PlanChange(plan, "changed")}
    assert plan.read_text() == EDITED


async def test_jetbrains_style_save(watch: Watch, plan: Path) -> None:
    temp = plan.with_name("alpha.toml___jb_tmp___")
    old = plan.with_name("alpha.toml___jb_old___")
    temp.write_text(EDITED)
    plan.rename(old)
    temp.rename(plan)
    old.unlink()
    assert await watch.next() == {PlanChange(plan, "changed")}


async def test_delete_then_recreate(watch: Watch, plan: Path) -> None:
    plan.unlink()  # git checkout
    plan.write_text(EDITED)
    assert await watch.next() == {PlanChange(plan, "changed")}


async def test_two_quick_saves_end_on_the_final_state(watch: Watch, plan: Path) -> None:
    plan.write_text(EDITED)
    plan.write_text(PLAN + "# second save\n")
    batches = [await watch.next()]
    # The saves may land in one batch or two; nothing after the last write is missed.
    if not await watch.quiet(0.1):
        batches.append(await watch.next())
    assert 1 <= len(batches) <= 2
    assert all(batch == {PlanChange(plan, "changed")} for batch in batches)
    assert plan.read_text().endswith("# second save\n")


async def test_new_plan_file_is_added(watch: Watch, plan: Path) -> None:
    new = plan.with_name("beta.toml")
    new.write_text(PLAN)
    assert await watch.next() == {PlanChange(new, "added")}
    new.write_text(EDITED)
    assert await watch.next() == {PlanChange(new, "changed")}


async def test_files_that_are_not_plans_are_ignored(watch: Watch, plan: Path) -> None:
    for name in ("notes.txt", ".hidden.toml", "pyproject.toml", "Cargo.toml", "alpha.toml.bak"):
        plan.with_name(name).write_text(PLAN)
    (plan.parent / "nested.toml").mkdir()
    plan.write_text(EDITED)  # the change that must come through, alone
    assert await watch.next() == {PlanChange(plan, "changed")}


async def test_removed_plan_is_removed_and_then_added_back(watch: Watch, plan: Path) -> None:
    plan.unlink()
    assert await watch.next() == {PlanChange(plan, "removed")}
    plan.write_text(PLAN)
    assert await watch.next() == {PlanChange(plan, "added")}


async def test_plan_renamed_away_is_removed_and_its_new_name_added(
    watch: Watch, plan: Path
) -> None:
    renamed = plan.with_name("gamma.toml")
    plan.rename(renamed)
    assert await watch.next() == {PlanChange(plan, "removed"), PlanChange(renamed, "added")}


async def test_temp_plan_file_that_comes_and_goes_is_nothing(watch: Watch, plan: Path) -> None:
    fleeting = plan.with_name("scratch.toml")
    fleeting.write_text(PLAN)
    fleeting.unlink()
    plan.write_text(EDITED)
    batches = [await watch.next()]
    if not await watch.quiet(0.1):
        batches.append(await watch.next())
    assert set().union(*batches) <= {
        PlanChange(plan, "changed"),
        PlanChange(fleeting, "added"),
        PlanChange(fleeting, "removed"),
    }
    assert PlanChange(plan, "changed") in set().union(*batches)
    # Reported added only if it was seen to exist, and then removed: never removed alone.
    kinds = [change.kind for batch in batches for change in batch if change.path == fleeting]
    assert kinds in ([], ["added", "removed"])


async def test_without_folders_only_the_given_files_count(plan: Path) -> None:
    watch = Watch([plan], [])
    await watch.start()
    try:
        plan.with_name("beta.toml").write_text(PLAN)
        plan.write_text(EDITED)
        assert await watch.next() == {PlanChange(plan, "changed")}
    finally:
        await watch.close()


async def test_a_given_file_need_not_look_like_a_plan(tmp_path: Path) -> None:
    odd = tmp_path / "roadmap.plan"
    odd.write_text(PLAN)
    watch = Watch([odd], [tmp_path])
    await watch.start()
    try:
        tmp = tmp_path / ".roadmap.plan.tmp"
        tmp.write_text(EDITED)
        os.replace(tmp, odd)
        assert await watch.next() == {PlanChange(odd, "changed")}
    finally:
        await watch.close()


async def test_paths_are_reported_as_given(
    tmp_path: Path, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    watch = Watch([Path("alpha.toml")], [Path(".")])
    await watch.start()
    try:
        plan.write_text(EDITED)
        assert await watch.next() == {PlanChange(Path("alpha.toml"), "changed")}
        (tmp_path / "beta.toml").write_text(PLAN)
        assert await watch.next() == {PlanChange(Path("beta.toml"), "added")}
    finally:
        await watch.close()


async def test_symlinked_plan_edited_through_the_link_or_replaced(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "team.toml"
    target.write_text(PLAN)
    plans = tmp_path / "plans"
    plans.mkdir()
    link = plans / "team.toml"
    link.symlink_to(target)
    watch = Watch([link], [plans])
    await watch.start()
    try:
        link.write_text(EDITED)  # in place, through the link: only the target's folder hears it
        assert await watch.next() == {PlanChange(link, "changed")}
        temp = shared / ".team.toml.tmp"  # the app's writer: resolve, then replace the target
        temp.write_text(PLAN)
        os.replace(temp, target)
        assert await watch.next() == {PlanChange(link, "changed")}
        (shared / "other.toml").write_text(PLAN)  # the target's folder is not a plan folder
        link.unlink()
        assert await watch.next() == {PlanChange(link, "removed")}
    finally:
        await watch.close()


async def test_new_symlink_into_another_folder_is_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "ext.toml"
    target.write_text(PLAN)
    plans = tmp_path / "plans"
    plans.mkdir()
    watch = Watch([], [plans])
    await watch.start()
    try:
        link = plans / "ext.toml"
        link.symlink_to(target)
        assert await watch.next() == {PlanChange(link, "added")}
        await settle_loop()  # the watch restarts to take in the target's folder
        target.write_text(EDITED)
        assert await watch.next() == {PlanChange(link, "changed")}
    finally:
        await watch.close()


async def test_stop_event_ends_the_generator_promptly(watch: Watch) -> None:
    await asyncio.sleep(0.05)  # let it settle into waiting for events
    assert await watch.close() < 0.5
    watch.pending = None  # already ended; the fixture's close has nothing to await


async def test_stop_event_set_before_start_ends_at_once(plan: Path) -> None:
    stop = asyncio.Event()
    stop.set()
    assert [batch async for batch in watch_plans([plan], [plan.parent], stop)] == []


async def test_nothing_to_watch_waits_for_the_stop_event(tmp_path: Path) -> None:
    stop = asyncio.Event()
    batches = watch_plans([tmp_path / "gone" / "plan.toml"], [tmp_path / "gone"], stop)
    pending = asyncio.ensure_future(anext(batches))
    await asyncio.sleep(0)
    stop.set()
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(pending, 0.5)


def test_is_plan_name_follows_plan_files() -> None:
    assert is_plan_name("alpha.toml")
    for name in ("pyproject.toml", ".hidden.toml", "alpha.toml~", "notes.txt", "4913"):
        assert not is_plan_name(name)
