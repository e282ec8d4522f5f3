"""One edit → file saved: how long ``store.writer.apply_edits`` takes.

Times status cycles (and their undos) on milestones of a copy of the largest sample plan and of a
generated plan of 2,000 milestones, each write complete: read, conflict check, edit, temp file,
fsync, replace. Targets: under 30 ms on a sample plan, under 100 ms on 2,000 milestones.

"Cold" is the first edit after the file changed behind the app's back, which must parse the whole
file again; "warm" is an edit of a file the app itself wrote last (its parse is remembered).

Baseline: a plain ``tomllib`` parse of the same file, the least any careful write must do to
know the file still parses; the ratio says what the edit costs on top of that.

    python bench/bench_write.py [-n 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
import tomllib
from pathlib import Path

from roadmap_tui.model.edits import cycle_status
from roadmap_tui.store import writer
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.writer import apply_edits, read_stamp

TODAY = dt.date(2025, 2, 10)
SAMPLE = Path(__file__).parents[1] / "sample_plans" / "otlp-rust.toml"


def generated(count: int) -> str:
    """A plan of ``count`` milestones, commented and laid out like the samples."""
    parts = ['[plan]\nname = "Generated"\nstart = 2025-01-01\nend = 2026-12-31\n']
    statuses = ("todo", "in_progress", "done", "blocked")
    for n in range(count):
        status = statuses[n % 4]
        done_on = "done_on = 2025-02-01\n" if status == "done" else ""
        parts.append(
            f'\n# milestone {n}\n[[milestones]]\nid = "M{n}"\ntitle = "里程碑 {n}: work"\n'
            f'due = 2025-{n % 12 + 1:02d}-15\nstatus = "{status}"\nowner = "owner {n % 7}"\n'
            f'{done_on}note = "a note with \\"quotes\\" and 中文"\n'
        )
    return "".join(parts)


class Clock:
    """Wall time and this process's CPU time of one step, in ms; CPU time barely moves when
    other programs load the machine, so the two together tell contention from cost."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self) -> None:
        self._start = (time.perf_counter(), time.process_time())

    def __exit__(self, *exc: object) -> None:
        self.wall.append((time.perf_counter() - self._start[0]) * 1000)
        self.cpu.append((time.process_time() - self._start[1]) * 1000)


def figures(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def bench(path: Path, rounds: int) -> None:
    text = path.read_text(encoding="utf-8")
    plan = load_file(path).plan
    assert plan is not None
    parse, cold, warm = Clock(), Clock(), Clock()
    picker = random.Random(1)
    for _ in range(rounds):
        # Interleaved, so that the baseline and the edits see the same load on the machine.
        with parse:
            tomllib.loads(text)
        group = cycle_status(path, picker.choice(plan.milestones), TODAY)
        writer._PARSED.clear()  # as if another program had saved the file since
        with cold:
            result = apply_edits(group, read_stamp(path))
        with warm:
            apply_edits(result.undo, result.stamp)
    assert path.read_text(encoding="utf-8") == text, "undo did not restore the file"
    print(f"{path.name}: {len(plan.milestones)} milestones, {len(text.encode()) / 1024:.0f} KiB")
    base, base_cpu = figures(parse.wall)[0], figures(parse.cpu)[0]
    print(f"  {'tomllib parse':<13} median {base:6.1f} ms {'':16} cpu {base_cpu:6.1f} ms")
    for label, clock in (("edit, cold", cold), ("edit, warm", warm)):
        median, p95 = figures(clock.wall)
        cpu = figures(clock.cpu)[0]
        print(
            f"  {label:<13} median {median:6.1f} ms   p95 {p95:6.1f} ms   cpu {cpu:6.1f} ms"
            f"   ({median / base:.1f}x a tomllib parse)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=60, help="edits per file (default 60)")
    rounds = parser.parse_args().n
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / SAMPLE.name
        shutil.copyfile(SAMPLE, sample)
        big = Path(folder) / "generated-2000.toml"
        big.write_text(generated(2000), encoding="utf-8")
        for path in (sample, big):
            bench(path, rounds)


if __name__ == "__main__":
    main()
