"""Regenerate docs/dashboard.svg: the dashboard on the sample plans, drawn by the app itself.

Run from the repository root with the project installed: ``python docs/make_screenshot.py``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from roadmap_tui.launch import make_app

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "sample_plans"
SIZE = (120, 32)
TODAY = dt.date(2025, 10, 17)  # Distributed Rust's as_of: its 当前 values are measured
PLAN = "distributed-rust.toml"


async def screenshot(target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        # A copy, so that nothing the app does can touch the samples.
        plans = Path(shutil.copytree(SAMPLES, Path(folder) / "plans"))
        app = make_app([plans], today=TODAY, watch=False)
        async with app.run_test(size=SIZE) as pilot:
            tabs = sorted(p.name for p in plans.glob("*.toml")).index(PLAN)
            await pilot.press("2", *["right_square_bracket"] * tabs)
            await pilot.pause()
            svg = app.export_screenshot(title="roadmap-tui")
    target.write_text(svg, encoding="utf-8")


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "dashboard.svg"
    asyncio.run(screenshot(target))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
