"""Save → change-event latency of the plan watcher, against watchfiles with its default settings.

Saves one plan file N times in place (truncate and rewrite) and N times by rename (write a temp
file, ``os.replace``), and times each from the moment the save returns to the moment the watcher
reports the file. Also reports the CPU each watcher uses while nothing happens.

    python bench/bench_reload_watch.py [-n 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from watchfiles import awatch

from roadmap_tui.store.watcher import QUIET_MS, SETTLE_MS, watch_plans

PLAN = '[plan]\nname = "Bench"\n# save {n}\n'
WARMUP = 3
IDLE_SECONDS = 2.0

Events = Callable[[Path, asyncio.Event], AsyncIterator[float]]


async def ours(plan: Path, stop: asyncio.Event) -> AsyncIterator[float]:
    """When our watcher reports ``plan``."""
    async for changes in watch_plans([plan], [plan.parent], stop):
        if any(change.path == plan for change in changes):
            yield time.perf_counter()


async def defaults(plan: Path, stop: asyncio.Event) -> AsyncIterator[float]:
    """When watchfiles, as it comes, reports ``plan``."""
    wanted = str(plan.resolve())
    async for changes in awatch(plan.parent, stop_event=stop):
        if any(path == wanted for _change, path in changes):
            yield time.perf_counter()


def save_in_place(plan: Path, n: int) -> None:
    with plan.open("r+", encoding="utf-8") as file:
        file.truncate(0)
        file.write(PLAN.format(n=n))


def save_by_rename(plan: Path, n: int) -> None:
    temp = plan.with_name(f".{plan.name}.tmp")
    temp.write_text(PLAN.format(n=n), encoding="utf-8")
    os.replace(temp, plan)


async def latencies(events: Events, save: Callable[[Path, int], None], count: int) -> list[float]:
    """Milliseconds from each of ``count`` saves returning to the watcher reporting it."""
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "bench.toml"
        plan.write_text(PLAN.format(n=0), encoding="utf-8")
        stop = asyncio.Event()
        seen: asyncio.Queue[float] = asyncio.Queue()

        async def consume() -> None:
            async for moment in events(plan, stop):
                seen.put_nowait(moment)

        consumer = asyncio.create_task(consume())
        await asyncio.sleep(0.2)  # let the watch start
        measured: list[float] = []
        for n in range(1, WARMUP + count + 1):
            # A random pause, longer than any batch takes to close, so saves land at every phase
            # of the watcher's step and never in a batch still open from the previous save.
            await asyncio.sleep(random.uniform(0.15, 0.25))
            while not seen.empty():
                seen.get_nowait()
            save(plan, n)
            saved = time.perf_counter()
            reported = await asyncio.wait_for(seen.get(), 5)
            if n > WARMUP:
                measured.append((reported - saved) * 1000)
        stop.set()
        await consumer
    return measured


async def idle_cpu(events: Events) -> float:
    """CPU milliseconds per second the process spends while the watcher waits on a quiet folder."""
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "bench.toml"
        plan.write_text(PLAN.format(n=0), encoding="utf-8")
        stop = asyncio.Event()

        async def consume() -> None:
            async for _moment in events(plan, stop):
                pass

        consumer = asyncio.create_task(consume())
        await asyncio.sleep(0.2)
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.sleep(IDLE_SECONDS)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        stop.set()
        await consumer
    return cpu * 1000 / wall


def figures(values: list[float]) -> tuple[float, float]:
    """Median and 95th percentile."""
    return statistics.median(values), statistics.quantiles(values, n=20)[18]


async def main(count: int) -> None:
    styles = {"in place": save_in_place, "by rename": save_by_rename}
    watchers: dict[str, Events] = {
        f"roadmap watcher (inotify on the loop, quiet {QUIET_MS}, settle {SETTLE_MS})": ours,
        "watchfiles defaults (debounce 1600, step 50)": defaults,
    }
    results: dict[str, dict[str, tuple[float, float]]] = {}
    idle: dict[str, float] = {}
    for name, events in watchers.items():
        results[name] = {
            style: figures(await latencies(events, save, count)) for style, save in styles.items()
        }
        idle[name] = await idle_cpu(events)

    print(f"save → change event, ms, {count} saves each (median / p95)")
    width = max(map(len, watchers)) + 2
    print(" " * width + "".join(f"{style:>22}" for style in styles) + f"{'idle CPU ms/s':>16}")
    for name in watchers:
        cells = "".join(f"{m:>13.1f} / {p:>6.1f}" for m, p in results[name].values())
        print(f"{name:<{width}}{cells}{idle[name]:>16.2f}")
    ours_name, base_name = watchers
    ratios = "".join(
        f"{results[base_name][s][0] / results[ours_name][s][0]:>13.1f} / "
        f"{results[base_name][s][1] / results[ours_name][s][1]:>6.1f}"
        for s in styles
    )
    print(f"{'ratio (defaults / ours)':<{width}}{ratios}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="saves per style (default 50)")
    asyncio.run(main(parser.parse_args().n))
