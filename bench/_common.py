"""Measuring helpers for ``bench/run.py`` that the other bench scripts do not provide.

- ``first_paint``: start an app in a fresh process and time it to its first full paint (the last
  frame before the screen stays still), optionally with its peak memory. The child side is this
  file run as a script.
- ``PaintClock``: when an app in ``run_test`` painted, to time a key press to the frame showing it.
- ``key_latencies``: key press → the file replaced, and → the frame showing the new status.
- ``scale_session``: key press → next frame, and save → on screen, in the All plans view.
- ``idle_cpu_percent``: the installed command in a real tmux pane, CPU time and wake-ups over a
  quiet spell.

Headless apps skip turning frames into terminal output; the probes do that step themselves, so a
paint here costs what it costs in a terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterable
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
        kind: ``"bare"`` (Header, a 20-row DataTable, Footer) or ``"app"`` (the dashboard).
        paths: plan files or folders, for ``"app"``.
        all_plans: after the first paint, also show the All plans tab and wait for it (so the
            peak memory covers the heaviest view).

    Returns:
        ``seconds`` from starting the process to the first complete frame (the footer's keys
        and the first table's rows on screen), ``settled_seconds`` to the last frame before the
        first quiet spell, ``complete_cpu`` and ``cpu_seconds`` (the CPU time used by each),
        ``paints`` (frames until settled) and ``peak_mib`` (peak resident memory).
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
    report["settled_seconds"] = report["painted"] - started
    report["seconds"] = report.get("complete", report["painted"]) - started
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
    from textual.binding import Binding
    from textual.timer import Timer
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        """The yardstick: what any dashboard must at least show — a header, a 20-row table and
        a footer with a key — built the way a small Textual app builds it."""

        BINDINGS = [Binding("q", "quit", "Quit")]  # noqa: RUF012

        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("ID", "Milestone", "Owner", "Due", "When")
            for n in range(20):
                table.add_row(f"M{n}", f"cell {n}-1", f"owner {n}", "2025-03-01", f"in {n} d")
            table.focus()

    def complete(text: str) -> bool:
        """The first complete screen: data in the table, and the footer's keys."""
        if "Quit" not in text:
            return False
        if kind == "bare":
            return "cell 0-1" in text
        from roadmap_tui.widgets.milestones import MilestoneTable

        tables = app.query(MilestoneTable)
        return bool(tables) and tables.first().row_count > 0

    app: App[Any]
    if kind == "bare":
        app = Bare()
    else:
        from roadmap_tui.launch import make_app

        app = make_app(paths, today=TODAY, watch=True, settle_memory=True)
    report: dict[str, Any] = {"paints": 0, "changes": 0}
    quiet: Timer | None = None
    stage = "start"
    display = app._display
    overhead = cpu_overhead = 0.0
    shown = ""
    changed = changed_cpu = 0.0

    def settled() -> None:
        nonlocal stage
        if stage == "all plans" and not every_plan_read(app):
            restart()  # the other plans are read after the first frame: All plans waits
            return
        if stage == "start":
            report["painted"] = changed
            report["cpu_seconds"] = changed_cpu
            report.setdefault("complete", changed)
            report.setdefault("complete_cpu", changed_cpu)
            if all_plans:
                from roadmap_tui.app import ALL_PLANS
                from roadmap_tui.widgets.plan_tabs import PlanTabs

                stage = "all plans"
                app.query_one("#plans", PlanTabs).active = ALL_PLANS
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
            if "complete" not in report and complete(text):
                report["complete"] = changed
                report["complete_cpu"] = changed_cpu
        report["paints"] += 1
        overhead += time.perf_counter() - painted
        cpu_overhead += time.process_time() - painted_cpu
        restart()

    app._display = timed_display  # type: ignore[method-assign]
    app.run(headless=True, size=SIZE)


def every_plan_read(app: Any) -> bool:
    """Whether the dashboard has read every plan file and has nothing left to do."""
    slots = app.workspace.slots.values()
    return all(slot.state != "loading" for slot in slots) and not app.workspace.busy


# -- frames of an app under run_test -----------------------------------------------------------


class PaintClock:
    """Records when an app under ``run_test`` paints a frame (rendered as a terminal would).

    Waiting for a frame costs the app nothing: the waiter is woken by the frame itself, never
    by polling (a poll every half millisecond took the loop and the GIL from the very work
    being timed).
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.times: list[float] = []
        #: Waiting for the first frame painted once ``shows()`` holds, checked as each frame
        #: is painted (a frame can come and go between two looks from outside).
        self._shows: tuple[Callable[[], bool], asyncio.Future[float]] | None = None
        #: Waiting for the first frame painted after a moment.
        self._after: list[tuple[float, asyncio.Future[float]]] = []
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                renderable.render_segments(app.console)
                now = time.perf_counter()
                self.times.append(now)
                self._wake(now)

        app._display = timed_display

    def _wake(self, now: float) -> None:
        if self._shows is not None:
            shows, shown = self._shows
            if not shown.done() and shows():
                shown.set_result(now)
        waiting, self._after = self._after, []
        for moment, painted in waiting:
            if painted.done():
                continue
            if moment < now:
                painted.set_result(now)
            else:
                self._after.append((moment, painted))

    def first_showing(
        self, shows: Callable[[], bool], timeout: float = 5.0
    ) -> Coroutine[Any, Any, float]:
        """The time of the first frame painted from this call on once ``shows()`` holds."""
        shown: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._shows = (shows, shown)  # from now: not from when the result is awaited

        async def painted() -> float:
            try:
                return await asyncio.wait_for(shown, timeout)
            except TimeoutError:
                raise TimeoutError("no frame painted that shows it") from None
            finally:
                self._shows = None

        return painted()

    async def next_after(self, moment: float, timeout: float = 5.0) -> float:
        """The time of the first frame painted after ``moment``."""
        later = [t for t in self.times[-4:] if t > moment]
        if later:
            return later[0]
        painted: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._after.append((moment, painted))
        try:
            return await asyncio.wait_for(painted, timeout)
        except TimeoutError:
            raise TimeoutError("no frame painted") from None


async def scale_session(
    paths: list[Path], presses: int, saves: int
) -> tuple[list[float], list[float]]:
    """Key presses and live reloads in the All plans view of one app over many plan files.

    One app serves both (starting it over a large set is itself slow): first ``presses`` presses
    of ``j`` in the milestone list, each timed to the next frame; then ``saves`` saves by rename
    of the milestone under the cursor, each timed to the frame showing it.

    Keys go in as the terminal driver sends them (``simulate_key``), not through ``Pilot.press``:
    after each key, Pilot posts a callback to every widget on the screen and waits for them all,
    which with thousands of widgets would hold up the very frame being timed.

    Returns:
        (milliseconds per key press, milliseconds per reload)
    """
    import random

    import bench_reload

    from roadmap_tui.app import ALL_PLANS
    from roadmap_tui.launch import make_app
    from roadmap_tui.widgets.plan_tabs import PlanTabs

    app = make_app(paths, today=TODAY, watch=True, settle_memory=True)
    timed = bench_reload.Timed(app, painted=True)
    keys: list[float] = []
    reloads: list[float] = []
    async with app.run_test(size=SIZE, message_hook=timed.hook) as pilot:
        clock = timed.clock
        assert clock is not None
        await pilot.pause()
        app.query_one("#plans", PlanTabs).active = ALL_PLANS
        while not every_plan_read(app):  # as a user who waits for the whole set to be read
            await asyncio.sleep(0.05)
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


#: How far apart the timed key presses are: a person's pace, and long enough for the previous
#: press's write, reload and repaint to be over, so no press waits behind the one before.
PRESS_GAP_SECONDS = 0.3


async def key_latencies(path: Path, presses: int) -> tuple[list[float], list[float]]:
    """Milliseconds from a status key press to the file replaced, and to the frame showing it.

    Presses space (cycle status) on the selected milestone of the one plan opened, over and over,
    with done milestones listed; each press writes the file. "Replaced" is ``apply_edits``
    returning (written, fsynced, renamed); "the frame" is the first frame painted after the
    selected row's cells changed.

    Returns:
        (key → disk, key → paint) in milliseconds, one of each per press.
    """
    from roadmap_tui.launch import make_app
    from roadmap_tui.store import writer
    from roadmap_tui.widgets.milestones import MilestoneTable

    written: list[float] = []
    apply_edits = writer.apply_edits
    loop = asyncio.get_running_loop()
    wrote = asyncio.Event()

    def timed_apply(*args: Any, **kwargs: Any) -> Any:
        result = apply_edits(*args, **kwargs)
        written.append(time.perf_counter())
        loop.call_soon_threadsafe(wrote.set)  # after the time is taken
        return result

    app = make_app([path], today=TODAY, watch=True, settle_memory=True)
    to_disk: list[float] = []
    to_paint: list[float] = []
    writer.apply_edits = timed_apply  # type: ignore[assignment]
    try:
        async with app.run_test(size=SIZE) as pilot:
            clock = PaintClock(app)
            await pilot.pause()
            app.action_focus_panel("milestones")
            await pilot.press("a")  # list done milestones too, so the list never runs out
            for n in range(presses + 3):
                await asyncio.sleep(PRESS_GAP_SECONDS)
                table = app.active_view().query_one(MilestoneTable)
                key = table.selected_key
                cells = [str(cell) for cell in table.get_row(key)] if key else None

                def changed(key: Any = key, cells: Any = cells, table: Any = table) -> bool:
                    return key is None or [str(c) for c in table.get_row(key)] != cells

                shown = asyncio.ensure_future(clock.first_showing(changed))
                before = len(written)
                wrote.clear()
                pressed = time.perf_counter()
                app.simulate_key("space")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wrote.wait(), 5)
                if len(written) == before:
                    raise RuntimeError(f"press {n} wrote nothing to {path.name}")
                painted = await shown
                if n >= 3:
                    to_disk.append((written[before] - pressed) * 1000)
                    to_paint.append((painted - pressed) * 1000)
    finally:
        writer.apply_edits = apply_edits
    return to_disk, to_paint


def wakeups(pids: list[int]) -> int:
    """Voluntary context switches so far of every thread of ``pids`` (each one a wake-up)."""
    total = 0
    for pid in pids:
        for status in Path(f"/proc/{pid}/task").glob("*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            for line in text.splitlines():
                if line.startswith("voluntary_ctxt_switches:"):
                    total += int(line.split()[1])
    return total


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


def idle_cpu_percent(plans: Path, seconds: float, command: list[str]) -> tuple[float, float]:
    """``command PLANS`` in an 80×24 tmux pane over ``seconds`` with nothing happening.

    Waits for the dashboard's first paint (its footer on screen), lets it settle for a second,
    then reads the processes' user and system time and their threads' voluntary context
    switches from ``/proc``.

    Returns:
        (CPU use in percent of one core, wake-ups per second)
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
        pids = _children(pane)  # the app (and a shell waiting on it, which never wakes)
        ticks, woken, wall = _cpu_ticks(pids), wakeups(pids), time.monotonic()
        time.sleep(seconds)
        ticks, wall = _cpu_ticks(pids) - ticks, time.monotonic() - wall
        woken = wakeups(pids) - woken
        if "Quit" not in _tmux(socket, "capture-pane", "-p", "-t", "bench"):
            raise RuntimeError("the dashboard left the screen while idle")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)
    return ticks / os.sysconf("SC_CLK_TCK") / wall * 100, woken / wall


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
