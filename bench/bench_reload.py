"""Save → new value on screen: how long live reload takes in the running app.

Runs the app headless (``run_test``) with the watcher on over a copy of the sample plans, changes
one visible milestone's title N times (half saved in place, half by rename) and times each save,
from the moment it returns to the moment the milestone table holds the new title (read on the
app's own loop when the app posts ``PlanReloaded``). Painting follows on the next frame.

Baseline: the same saves reported by watchfiles' ``awatch`` with its default settings, which is
what a watcher costs before the app does anything at all.

Scale: 200 generated plan files holding 10,000 milestones, all open; one of them changes. Its
reload time against that of one small plan opened alone shows whether a reload costs the file
that changed or every file open.

    python bench/bench_reload.py [-n 50]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.message import Message
from watchfiles import awatch

from roadmap_tui.app import ALL_PLANS, RoadmapApp
from roadmap_tui.launch import make_app
from roadmap_tui.messages import PlanReloaded
from roadmap_tui.sources import bundled_samples
from roadmap_tui.widgets.milestones import MilestoneTable, row_key
from roadmap_tui.widgets.plan_tabs import PlanTabs

TODAY = dt.date(2025, 3, 1)
SIZE = (120, 40)
WARMUP = 3
TIMEOUT = 5.0

Save = Callable[[Path, str], None]


def save_in_place(path: Path, text: str) -> None:
    """Truncate and rewrite, as VS Code does."""
    with path.open("r+", encoding="utf-8", newline="") as file:
        file.truncate(0)
        file.write(text)


def save_by_rename(path: Path, text: str) -> None:
    """Write a temp file beside it and rename it over, as vim and JetBrains do."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8", newline="")
    os.replace(temp, path)


def retitled(text: str, item_id: str, title: str) -> str:
    """``text`` with milestone ``item_id``'s title set to ``title`` (same quoting)."""
    pattern = re.compile(rf'(\nid = "{re.escape(item_id)}"\n(?:(?!\[\[).*\n)*?title = )"[^"\n]*"')
    new, count = pattern.subn(lambda m: f'{m.group(1)}"{title}"', text, count=1)
    assert count == 1, f"no title found for {item_id}"
    return new


def stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


class Timed:
    """An app under test, and when its ``PlanReloaded`` messages arrive with the title shown.

    With ``painted=True`` a save is timed to the first frame painted (rendered as a terminal
    would) after the table holds the new title: the frame that shows it.
    """

    def __init__(self, app: RoadmapApp, *, painted: bool = False) -> None:
        import _common

        self.app = app
        self.arrived: asyncio.Queue[tuple[float, Path]] = asyncio.Queue()
        self.target: tuple[Path, str] | None = None
        self.clock = _common.PaintClock(app) if painted else None

    def hook(self, message: Message) -> None:
        if isinstance(message, PlanReloaded):
            self.arrived.put_nowait((time.perf_counter(), message.path))

    def shown_title(self, path: Path, item_id: str) -> str:
        table = self.app.active_view().query_one(MilestoneTable)
        cell: Text = table.get_cell(row_key(path, item_id), "Milestone")
        return cell.plain.strip()

    async def time_save(self, path: Path, item_id: str, text: str, title: str, save: Save) -> float:
        """Milliseconds from ``save`` returning to the table (or the frame) showing ``title``."""
        while not self.arrived.empty():
            self.arrived.get_nowait()
        save(path, retitled(text, item_id, title))
        saved = time.perf_counter()
        deadline = saved + TIMEOUT
        while True:
            moment, reloaded = await asyncio.wait_for(self.arrived.get(), deadline - saved)
            if reloaded == path and self.shown_title(path, item_id).startswith(title):
                if self.clock is not None:
                    moment = await self.clock.next_after(moment)
                return (moment - saved) * 1000


def first_open_milestone(app: RoadmapApp) -> tuple[Path, str]:
    table = app.active_view().query_one(MilestoneTable)
    key = table.selected_key
    assert key is not None, "the first tab shows no milestone"
    path, item_id = key.split("\x00")
    return Path(path), item_id


async def app_latencies(
    folder: Path, count: int, *, painted: bool = False
) -> tuple[list[float], list[float]]:
    """(in place, by rename) save → title shown (``painted``: → its frame), over ``folder``."""
    app = make_app([folder], today=TODAY, watch=True, settle_memory=True)
    timed = Timed(app, painted=painted)
    in_place: list[float] = []
    renamed: list[float] = []
    async with app.run_test(size=SIZE, message_hook=timed.hook) as pilot:
        await pilot.pause(0.3)
        path, item_id = first_open_milestone(app)
        text = path.read_text(encoding="utf-8")
        for n in range(-WARMUP, count):
            await asyncio.sleep(random.uniform(0.15, 0.25))
            save = save_in_place if n % 2 == 0 else save_by_rename
            took = await timed.time_save(path, item_id, text, f"BENCH{n + WARMUP:03d}", save)
            if n >= 0:
                (in_place if save is save_in_place else renamed).append(took)
    return in_place, renamed


async def awatch_latencies(folder: Path, count: int) -> list[float]:
    """The same saves, reported by watchfiles' ``awatch`` with its defaults."""
    path = sorted(folder.glob("*.toml"))[0]
    text = path.read_text(encoding="utf-8")
    item_id = re.findall(r'\[\[milestones\]\]\nid = "([^"]+)"', text)[0]
    stop = asyncio.Event()
    seen: asyncio.Queue[float] = asyncio.Queue()
    wanted = str(path.resolve())

    async def consume() -> None:
        async for changes in awatch(folder, stop_event=stop):
            if any(changed == wanted for _kind, changed in changes):
                seen.put_nowait(time.perf_counter())

    consumer = asyncio.create_task(consume())
    await asyncio.sleep(0.3)
    measured: list[float] = []
    for n in range(-WARMUP, count):
        await asyncio.sleep(random.uniform(0.15, 0.25))
        while not seen.empty():
            seen.get_nowait()
        save = save_in_place if n % 2 == 0 else save_by_rename
        save(path, retitled(text, item_id, f"BASE{n + WARMUP:03d}"))
        saved = time.perf_counter()
        moment = await asyncio.wait_for(seen.get(), TIMEOUT)
        if n >= 0:
            measured.append((moment - saved) * 1000)
    stop.set()
    await consumer
    return measured


def generate_plans(folder: Path, files: int, milestones: int) -> None:
    """``files`` plans sharing ``milestones`` open milestones between them."""
    each = milestones // files
    for f in range(files):
        lines = [f'[plan]\nname = "规模 {f:03d}"\nstart = 2025-01-01\nend = 2025-12-31\n']
        for m in range(each):
            due = dt.date(2025, 1, 1) + dt.timedelta(days=(f + m * 7) % 360)
            lines.append(
                f'[[milestones]]\nid = "S{f:03d}-{m:03d}"\ntitle = "里程碑 {f}-{m}"\n'
                f'due = {due.isoformat()}\nstatus = "todo"\nowner = "owner{m % 9}"\n'
            )
        (folder / f"plan-{f:03d}.toml").write_text("\n".join(lines), encoding="utf-8")


async def timed_saves(app: RoadmapApp, timed: Timed, count: int, warmup: int) -> list[float]:
    """Save → title shown, ``count`` times, for the milestone under the active tab's cursor."""
    path, item_id = first_open_milestone(app)
    text = path.read_text(encoding="utf-8")
    measured: list[float] = []
    for n in range(-warmup, count):
        await asyncio.sleep(random.uniform(0.15, 0.25))
        title = f"SCALE{n + warmup:03d}"
        took = await timed.time_save(path, item_id, text, title, save_by_rename)
        if n >= 0:
            measured.append(took)
    save_by_rename(path, text)
    return measured


async def scale_times(folder: Path, count: int) -> tuple[float, list[float], list[float]]:
    """(seconds to start, reloads shown in the plan's tab, reloads shown in All plans)."""
    started = time.perf_counter()
    app = make_app([folder], today=TODAY, watch=True, settle_memory=True)
    timed = Timed(app)
    async with app.run_test(size=SIZE, message_hook=timed.hook) as pilot:
        await pilot.pause()
        startup = time.perf_counter() - started
        import _common

        while not _common.every_plan_read(app):  # the other plans are read after the first frame
            await asyncio.sleep(0.05)
        await pilot.pause(0.3)
        in_tab = await timed_saves(app, timed, count, warmup=1)
        app.query_one("#plans", PlanTabs).active = ALL_PLANS
        await pilot.pause(0.3)
        in_all = await timed_saves(app, timed, max(3, count // 2), warmup=1)
    return startup, in_tab, in_all


def row(name: str, samples: list[float]) -> str:
    median, p95 = stats(samples)
    return f"{name:<44} {len(samples):>4} {median:>9.1f} {p95:>9.1f}"


async def main(count: int, scale_files: int, scale_milestones: int, scale_count: int) -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        samples = root / "samples"
        samples.mkdir()
        for source in bundled_samples().glob("*.toml"):
            shutil.copyfile(source, samples / source.name)
        in_place, renamed = await app_latencies(samples, count)
        baseline = await awatch_latencies(samples, count)

        small = root / "small"
        small.mkdir()
        generate_plans(small, 1, scale_milestones // scale_files)
        big = root / "big"
        big.mkdir()
        generate_plans(big, scale_files, scale_milestones)
        one_start, one_tab, one_all = await scale_times(small, scale_count)
        many_start, many_tab, many_all = await scale_times(big, scale_count)

    both = in_place + renamed
    print(f"{'save → new title in the table (ms)':<44} {'n':>4} {'median':>9} {'p95':>9}")
    print(row("app, saved in place", in_place))
    print(row("app, saved by rename", renamed))
    print(row("app, all saves", both))
    print(row("watchfiles awatch defaults, event only", baseline))
    print(row("1 small plan: its tab", one_tab))
    print(row("1 small plan: All plans", one_all))
    print(row(f"{scale_files} plans, {scale_milestones} milestones: its tab", many_tab))
    print(row(f"{scale_files} plans, {scale_milestones} milestones: All plans", many_all))
    print()
    print(f"app / awatch defaults, median: {stats(both)[0] / stats(baseline)[0]:.2f}")
    for view, many, one in (("its tab", many_tab, one_tab), ("All plans", many_all, one_all)):
        ratio = stats(many)[0] / stats(one)[0]
        print(f"{scale_files} plans / 1 plan, median, {view}: {ratio:.2f}")
    print(f"start-up: 1 plan {one_start:.1f} s, {scale_files} plans {many_start:.1f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="saves to time (half of each kind)")
    parser.add_argument("--files", type=int, default=200, help="plan files in the scale case")
    parser.add_argument("--milestones", type=int, default=10_000, help="milestones in all")
    parser.add_argument("--scale-n", type=int, default=10, help="saves to time per scale case")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.n, arguments.files, arguments.milestones, arguments.scale_n))
