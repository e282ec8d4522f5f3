"""Measuring helpers for ``bench/run.py`` that the other bench scripts do not provide.

- ``first_paint``: start an app in a fresh process and time it to its first full paint (the last
  frame before the screen stays still), optionally with its peak memory. The child side is this
  file run as a script.
- ``PaintClock``: when an app in ``run_test`` painted, to time a key press to the frame showing it.
- ``write_latencies``: key press → the edit durable on disk, in the running app.
- ``scale_session``: key press → next frame, and save → on screen, in the All plans view.
- ``idle_cpu_percent``: the installed command in a real tmux pane, CPU time over a quiet spell.

Headless apps skip turning frames into terminal output; the probes do that step themselves, so a
paint here costs what it costs in a terminal.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

TODAY = dt.date(2025, 3, 1)
SIZE = (120, 40)
#: A screen that has not changed for this long is taken as fully painted.
QUIET_SECONDS = 0.5
BENCH = Path(__file__).resolve().parent


def copy_samples(folder: Path) -> Path:
    """A copy of the five sample plans in ``folder`` (nothing here may write to the originals)."""
    from roadmap_tui.sources import bundled_samples

    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(bundled_samples().glob("*.toml")):
        shutil.copyfile(source, folder / source.name)
    return folder


# -- first paint, in a fresh process -----------------------------------------------------------


def first_paint(
    kind: str, paths: Iterable[Path] = (), *, all_plans: bool = False
) -> dict[str, Any]:
    """Start an app in a new Python process and time it to its first full paint.

    Args:
        kind: ``"bare"`` (Header, a Static, Footer) or ``"app"`` (the dashboard over ``paths``).
        paths: plan files or folders, for ``"app"``.
        all_plans: after the first paint, also show the All plans tab and wait for it (so the
            peak memory covers the heaviest view).

    Returns:
        ``seconds`` from starting the process to the last frame before the first quiet spell,
        ``cpu_seconds`` (the CPU time the process had used by then), ``paints`` (frames until
        then) and ``peak_mib`` (the process's peak resident memory).
    """
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "paint.json"
        command = [sys.executable, str(Path(__file__)), kind, str(out), *map(str, paths)]
        if all_plans:
            command.insert(3, "--all-plans")
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"paint probe failed ({done.returncode}): {done.stderr[-2000:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    report["seconds"] = report["painted"] - started
    return report


def _screen_text(screen: Any) -> str:
    """What the screen shows now, as plain text."""
    full = screen._compositor.render_update(full=True)
    return "\n".join("".join(strip.text for strip in row) for row in full.strips)


def _probe(kind: str, out: Path, paths: list[Path], all_plans: bool) -> None:
    """The child side of ``first_paint``: imports are part of what is timed.

    A frame counts when it changes what the screen shows (many frames repaint what is already
    there). Reading the screen's text after each frame takes time that the app would not spend;
    it is taken off every later time stamp.
    """
    from textual.app import App, ComposeResult
    from textual.timer import Timer
    from textual.widgets import Footer, Header, Static, TabbedContent

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("roadmap-tui")
            yield Footer()

    app: App[Any]
    if kind == "bare":
        app = Bare()
    else:
        from roadmap_tui.app import make_app

        app = make_app(paths, today=TODAY, watch=True)
    report: dict[str, Any] = {"paints": 0, "changes": 0}
    quiet: Timer | None = None
    stage = "start"
    display = app._display
    overhead = cpu_overhead = 0.0
    shown = ""
    changed = changed_cpu = 0.0

    def settled() -> None:
        nonlocal stage
        if stage == "start":
            report["painted"] = changed
            report["cpu_seconds"] = changed_cpu
            if all_plans:
                from roadmap_tui.app import ALL_PLANS

                stage = "all plans"
                app.query_one("#plans", TabbedContent).active = ALL_PLANS
                restart()
                return
        report["all_plans_painted"] = changed
        report["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out.write_text(json.dumps(report), encoding="utf-8")
        app.exit()

    def restart() -> None:
        nonlocal quiet
        if quiet is not None:
            quiet.stop()
        quiet = app.set_timer(QUIET_SECONDS, settled)

    def timed_display(screen: Any, renderable: Any) -> None:
        nonlocal overhead, cpu_overhead, shown, changed, changed_cpu
        display(screen, renderable)
        if renderable is None:
            return
        renderable.render_segments(app.console)
        painted, painted_cpu = time.perf_counter(), time.process_time()
        text = _screen_text(screen)
        if text != shown:
            shown, changed = text, painted - overhead
            changed_cpu = painted_cpu - cpu_overhead
            report["changes"] += 1
        report["paints"] += 1
        overhead += time.perf_counter() - painted
        cpu_overhead += time.process_time() - painted_cpu
        restart()

    app._display = timed_display  # type: ignore[method-assign]
    app.run(headless=True, size=SIZE)


# -- frames of an app under run_test -----------------------------------------------------------


class PaintClock:
    """Records when an app under ``run_test`` paints a frame (rendered as a terminal would)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.times: list[float] = []
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                renderable.render_segments(app.console)
                self.times.append(time.perf_counter())

        app._display = timed_display

    async def next_after(self, moment: float, timeout: float = 5.0) -> float:
        """The time of the first frame painted after ``moment``."""
        deadline = time.perf_counter() + timeout
        while True:
            later = [t for t in self.times[-4:] if t > moment]
            if later:
                return later[0]
            if time.perf_counter() > deadline:
                raise TimeoutError("no frame painted")
            await asyncio.sleep(0.0005)


async def scale_session(
    paths: list[Path], presses: int, saves: int
) -> tuple[list[float], list[float]]:
    """Key presses and live reloads in the All plans view of one app over many plan files.

    One app serves both (starting it over a large set is itself slow): first ``presses`` presses
    of ``j`` in the milestone list, each timed to the next frame; then ``saves`` saves by rename
    of the milestone under the cursor, each timed by ``bench_reload`` to the table showing it.

    Keys go in as the terminal driver sends them (``simulate_key``), not through ``Pilot.press``:
    after each key, Pilot posts a callback to every widget on the screen and waits for them all,
    which with thousands of widgets would hold up the very frame being timed.

    Returns:
        (milliseconds per key press, milliseconds per reload)
    """
    import random

    import bench_reload
    from textual.widgets import TabbedContent

    from roadmap_tui.app import ALL_PLANS, make_app

    app = make_app(paths, today=TODAY, watch=True)
    timed = bench_reload.Timed(app)
    keys: list[float] = []
    reloads: list[float] = []
    async with app.run_test(size=SIZE, message_hook=timed.hook) as pilot:
        clock = PaintClock(app)
        await pilot.pause()
        app.query_one("#plans", TabbedContent).active = ALL_PLANS
        await pilot.pause()
        app.action_focus_panel("milestones")
        await pilot.pause()
        for n in range(presses + 3):
            await asyncio.sleep(0.05)
            pressed = time.perf_counter()
            app.simulate_key("j")
            painted = await clock.next_after(pressed)
            if n >= 3:
                keys.append((painted - pressed) * 1000)
        path, item_id = bench_reload.first_open_milestone(app)
        text = path.read_text(encoding="utf-8")
        for n in range(saves + 2):
            await asyncio.sleep(random.uniform(0.15, 0.25))
            took = await timed.time_save(
                path, item_id, text, f"SCALE{n:03d}", bench_reload.save_by_rename
            )
            if n >= 2:
                reloads.append(took)
    return keys, reloads


async def write_latencies(path: Path, presses: int) -> list[float]:
    """Milliseconds from a status key press to ``apply_edits`` returning (the edit durable).

    Presses space (cycle status) on the selected milestone of the one plan opened, over and
    over, with done milestones listed; each press writes the file. The app then re-reads the
    file: not timed here.
    """
    from roadmap_tui.app import make_app
    from roadmap_tui.store import writer

    written: list[float] = []
    apply_edits = writer.apply_edits

    def timed_apply(*args: Any, **kwargs: Any) -> Any:
        result = apply_edits(*args, **kwargs)
        written.append(time.perf_counter())
        return result

    app = make_app([path], today=TODAY, watch=True)
    measured: list[float] = []
    writer.apply_edits = timed_apply  # type: ignore[assignment]
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.action_focus_panel("milestones")
            await pilot.press("a")  # list done milestones too, so the list never runs out
            for n in range(presses + 3):
                await asyncio.sleep(0.05)  # the watcher has seen the last write: as a person types
                before = len(written)
                pressed = time.perf_counter()
                app.simulate_key("space")
                deadline = time.perf_counter() + 5
                while len(written) == before and time.perf_counter() < deadline:
                    await asyncio.sleep(0.0005)
                if len(written) == before:
                    raise RuntimeError(f"press {n} wrote nothing to {path.name}")
                if n >= 3:
                    measured.append((written[before] - pressed) * 1000)
    finally:
        writer.apply_edits = apply_edits
    return measured


# -- idle CPU in a real terminal ---------------------------------------------------------------


def _tmux(socket: str, *args: str) -> str:
    done = subprocess.run(
        ["tmux", "-L", socket, "-f", "/dev/null", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _children(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    found = [pid]
    for candidate in found:
        found += [child for child, parent in parents.items() if parent == candidate]
    return found


def _cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def idle_cpu_percent(plans: Path, seconds: float, command: list[str]) -> float:
    """CPU use of ``command PLANS`` in an 80×24 tmux pane over ``seconds`` with nothing happening.

    Waits for the dashboard's first paint (its footer on screen), lets it settle for a second,
    then reads the process's user and system time from ``/proc``.
    """
    socket = f"roadmap-bench-{os.getpid()}"
    line = " ".join([*command, str(plans), "--today", TODAY.isoformat()])
    _tmux(socket, "new-session", "-d", "-x", "80", "-y", "24", "-s", "bench", line)
    try:
        deadline = time.monotonic() + 30
        while "Quit" not in _tmux(socket, "capture-pane", "-p", "-t", "bench"):
            if time.monotonic() > deadline:
                raise RuntimeError("the dashboard never painted in tmux")
            time.sleep(0.05)
        time.sleep(1.0)
        pane = int(_tmux(socket, "list-panes", "-t", "bench", "-F", "#{pane_pid}").split()[0])
        pids = _children(pane)
        ticks, wall = _cpu_ticks(pids), time.monotonic()
        time.sleep(seconds)
        ticks, wall = _cpu_ticks(pids) - ticks, time.monotonic() - wall
        if "Quit" not in _tmux(socket, "capture-pane", "-p", "-t", "bench"):
            raise RuntimeError("the dashboard left the screen while idle")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)
    return ticks / os.sysconf("SC_CLK_TCK") / wall * 100


def installed_command() -> list[str]:
    """The installed ``roadmap-tui`` beside this Python, or ``python -m roadmap_tui``."""
    script = Path(sys.executable).with_name("roadmap-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "roadmap_tui"]


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    return function(), time.perf_counter() - started


if __name__ == "__main__":
    # The paint probe: python _common.py KIND OUT [--all-plans] [PATH ...]
    arguments = sys.argv[1:]
    wide = "--all-plans" in arguments
    kind, out, *rest = [a for a in arguments if a != "--all-plans"]
    _probe(kind, Path(out), [Path(p) for p in rest], wide)
