"""SVG snapshots of the Timeline view at 80×24 and 160×48 (``pytest --snapshot-update``).

The plan is committed once with M5 due 2025-03-28 and then moved to 2025-04-18 without a
commit, so the chart shows M5's ghost at its baseline; nothing on screen names tmp_path.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from roadmap_tui.launch import make_app

LAUNCH = Path(__file__).resolve().parents[1] / "data" / "timeline" / "launch.toml"
SnapCompare = Callable[..., bool]


def committed_plan(root: Path) -> Path:
    plan = root / "launch.toml"
    text = LAUNCH.read_text()
    plan.write_text(text.replace("due = 2025-04-18", "due = 2025-03-28"))
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.com",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.com",
    }
    for args in (["init", "-q"], ["add", "launch.toml"], ["commit", "-qm", "baseline"]):
        subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env, check=True)
    plan.write_text(text)
    return plan


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_timeline(snap_compare: SnapCompare, tmp_path: Path, size: Any) -> None:
    assert shutil.which("git"), "the slip ghost needs git"
    app = make_app([committed_plan(tmp_path)], today=dt.date(2025, 3, 14), watch=False)

    async def open_timeline(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("t")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("j", "j", "j")  # down to M5, whose date slipped

    assert snap_compare(app, terminal_size=size, run_before=open_timeline)
