"""One very large plan: how long a key press's write, its undo and ``roadmap-tui show`` take.

    python bench/bench_large.py [--milestones 100000] [--skip-show]

Prints, for a plan of N milestones (the scale set's layout, one file): a plain ``tomllib`` parse
of the file as the yardstick, the writer's first edit (a status cycled on the middle milestone,
nothing cached), a second edit on the file it just wrote, the undo of that, and ``show`` as a new
process (wall time and peak memory). Targets: a key press within 1 s, ``show`` within 10 s and
500 MiB.
"""

from __future__ import annotations

import argparse
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


if __name__ == "__main__":
    main()
