"""The Timeline view over the scale set: key press → frame while scrolling, in All plans.

    python bench/bench_timeline.py [--presses 60]

Generates the 200-file, 10,000-milestone set (``gen_plans``) in a temporary folder, opens the
app on it, shows All plans, presses ``t`` (timed on its own: the timeline of every plan is
built then), and then scrolls with the keys a person would: ``j`` and ``pagedown``/``pageup``
down and up through the rows, ``l``/``h`` through time. Each key is timed to the next frame
painted, rendered as a terminal would (``_common.PaintClock``).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _common
import gen_plans

#: The keys pressed in turn while scrolling.
KEYS = ("j", "pagedown", "j", "l", "pagedown", "h", "pageup", "j")


async def timeline_frames(paths: list[Path], presses: int) -> tuple[float, list[float]]:
    """(ms from ``t`` to the timeline's first frame, ms per scrolling key to its frame)."""

    from roadmap_tui.app import ALL_PLANS
    from roadmap_tui.launch import make_app
    from roadmap_tui.widgets.plan_tabs import PlanTabs

    app = make_app(paths, today=_common.TODAY, watch=False, settle_memory=True)
    frames: list[float] = []
    async with app.run_test(size=_common.SIZE) as pilot:
        clock = _common.PaintClock(app)
        await pilot.pause()
        app.query_one("#plans", PlanTabs).active = ALL_PLANS
        while not _common.every_plan_read(app):  # the other plans are read after the first frame
            await asyncio.sleep(0.05)
        await pilot.pause()
        app.action_focus_panel("milestones")
        await pilot.pause()
        await asyncio.sleep(0.2)
        pressed = time.perf_counter()
        app.simulate_key("t")
        opened = (await clock.next_after(pressed, timeout=30)) - pressed
        # The Changes view's and the slips' git readers run once after start-up and after
        # t: scrolling is timed once they are done, as when a person starts to scroll.
        await app.workers.wait_for_complete()
        await pilot.pause()
        for n in range(presses + 3):
            await asyncio.sleep(0.03)
            pressed = time.perf_counter()
            app.simulate_key(KEYS[n % len(KEYS)])
            painted = await clock.next_after(pressed)
            if n >= 3:
                frames.append((painted - pressed) * 1000)
    return opened * 1000, frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=60)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as folder:
        paths = gen_plans.generate(Path(folder) / "scale")
        opened, frames = asyncio.run(timeline_frames([Path(folder) / "scale"], arguments.presses))
    ordered = sorted(frames)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{len(paths)} files; t → timeline shown: {opened:.0f} ms")
    print(
        f"scrolling key → frame: median {statistics.median(frames):.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(frames):.1f} ms over {len(frames)} keys",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
