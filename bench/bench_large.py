"""One very large plan: how long a key press's write, its undo and ``roadmap-tui show`` take.

    python bench/bench_large.py [--milestones 100000] [--skip-show] [--skip-app]

Prints, for a plan of N milestones (the scale set's layout, one file): a plain ``tomllib`` parse
of the file as the yardstick, the writer's first edit (a status cycled on the middle milestone,
nothing cached), a second edit on the file it just wrote, the undo of that, and ``show`` as a new
process (wall time and peak memory). Targets: a key press within 1 s, ``show`` within 10 s and
500 MiB.

Then the same plan in the app (80×24, headless, watcher on): space on the selected milestone,
timed to the file replaced; ``j`` pressed 50 ms later, while the write and the read after it are
under way, timed to the frame showing the cursor moved (the screen must not freeze); the frame
showing the new status; and the longest time between two frames from the press to that one.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roadmap_tui.model import edits
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.writer import FileStamp, apply_edits

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(n: int) -> str:
    out = ""
    while True:
        n, digit = divmod(n, 36)
        out = _DIGITS[digit] + out
        if not n:
            return out


def plan_text(count: int, layout: str) -> str:
    """A plan of ``count`` milestones as small as the format allows (the loader takes at most
    5 MiB): one inline table a line, or ``[[milestones]]`` tables."""
    statuses = ("todo",) * 9 + ("blocked",)
    head = '[plan]\nname = "Large"\nstart = 2025-01-01\nend = 2025-12-31\n\n'
    rows = []
    for n in range(count):
        status = statuses[n % 10]
        fields = f'id="{_base36(n)}",title="t",due=2025-01-15,status="{status}"'
        if layout == "inline":
            rows.append("{" + fields + "},\n")
        else:
            rows.append("[[milestones]]\n" + fields.replace(",", "\n") + "\n")
    if layout == "inline":
        return "milestones = [\n" + "".join(rows) + "]\n\n" + head
    return head + "".join(rows)


def _timed(label: str, step: Callable[[], object]) -> object:
    """Run ``step``; print its wall time and this process's CPU time (the machine's load
    inflates the first, hardly the second)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = step()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<38} {wall:8.3f} s wall {used:8.3f} s CPU", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--milestones", type=int, default=100_000)
    parser.add_argument("--layout", choices=("inline", "tables"), default="inline")
    parser.add_argument("--skip-show", action="store_true")
    parser.add_argument("--skip-app", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_STATE_HOME"] = str(Path(folder) / "state")
        path = Path(folder) / "large.toml"
        path.write_text(plan_text(args.milestones, args.layout), encoding="utf-8")
        data = path.read_bytes()
        print(f"{args.milestones} milestones ({args.layout}), {len(data) / 2**20:.1f} MiB")
        _timed("tomllib.loads (yardstick)", lambda: tomllib.loads(data.decode()))
        loaded = load_file(path)
        assert loaded.plan is not None, loaded.problems
        plan = loaded.plan
        today = dt.date(2025, 3, 1)
        middle = plan.milestones[len(plan.milestones) // 2]
        first = edits.cycle_status(path, middle, today)
        view = FileStamp(loaded.size, 0, loaded.digest)
        # As the app presses a key: with the stamp and the parse of the view it shows.
        result = _timed(
            "key press (the view's parse given)",
            lambda: apply_edits(first, view, parsed=loaded.raw),
        )
        last = plan.milestones[-1]
        second = edits.cycle_status(path, last, today)
        result = _timed("next key press (file just written)", lambda: apply_edits(second, None))
        undo = result.undo  # type: ignore[attr-defined]
        _timed("undo", lambda: apply_edits(undo, None))
        third = edits.cycle_status(path, plan.milestones[1], today)
        path.write_bytes(path.read_bytes() + b"# touched by another program\n")
        _timed("key press, nothing known (cold)", lambda: apply_edits(third, None))
        if not args.skip_show:
            command = [
                sys.executable,
                "-m",
                "roadmap_tui",
                "show",
                str(path),
                "--today",
                "2025-03-01",
            ]
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            used, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
            print(f"{'roadmap-tui show':<38} {wall:8.3f} s wall {used:8.3f} s CPU", end="")
            print(f"  peak {peak:.0f} MiB")
        if not args.skip_app:
            path.write_text(plan_text(args.milestones, args.layout), encoding="utf-8")
            asyncio.run(_in_the_app(path))


async def _in_the_app(path: Path) -> None:
    """A key press in the app over the large plan; see the module's docstring."""
    import _common

    from roadmap_tui.launch import make_app
    from roadmap_tui.store import writer
    from roadmap_tui.widgets.milestones import MilestoneTable

    written: list[float] = []
    apply = writer.apply_edits

    def timed_apply(*args: Any, **kwargs: Any) -> Any:
        result = apply(*args, **kwargs)
        written.append(time.perf_counter())
        return result

    writer.apply_edits = timed_apply  # type: ignore[assignment]
    start = time.perf_counter()
    app = make_app([path], today=dt.date(2025, 3, 1), watch=True, settle_memory=True)
    async with app.run_test(size=(80, 24)) as pilot:
        clock = _common.PaintClock(app)
        await pilot.pause()
        print(f"{'app: open to first frame':<38} {time.perf_counter() - start:8.3f} s wall")
        app.action_focus_panel("milestones")
        await pilot.pause()
        table = app.active_view().query_one(MilestoneTable)
        key = table.selected_key
        assert key is not None
        cells = [str(cell) for cell in table.get_row(key)]
        clock.times.clear()
        pressed = time.perf_counter()
        app.simulate_key("space")
        await asyncio.sleep(0.05)
        row, moved = table.cursor_row, time.perf_counter()
        app.simulate_key("j")
        while table.cursor_row == row and time.perf_counter() - moved < 60:
            await asyncio.sleep(0.001)
        j_frame = await clock.next_after(time.perf_counter(), 60)
        while not written and time.perf_counter() - pressed < 60:
            await asyncio.sleep(0.001)
        while [str(c) for c in table.get_row(key)] == cells and time.perf_counter() - pressed < 60:
            await asyncio.sleep(0.001)
        shown = await clock.next_after(time.perf_counter(), 60)
    writer.apply_edits = apply
    frames = [t for t in clock.times if t <= shown]
    gap = max((b - a for a, b in zip([pressed, *frames], frames, strict=False)), default=0.0)
    ms = 1000
    print(f"{'app: space → file replaced':<38} {(written[0] - pressed) * ms:8.0f} ms")
    print(f"{'app: j meanwhile → its frame':<38} {(j_frame - moved) * ms:8.0f} ms")
    print(f"{'app: space → frame with the status':<38} {(shown - pressed) * ms:8.0f} ms")
    print(f"{'app: longest wait for a frame':<38} {gap * ms:8.0f} ms")


if __name__ == "__main__":
    main()
