"""A key pressed in the app while another program is half-way through saving the plan.

The other program (a separate process, taking no lock) saves in place in two writes a second
apart. Space pressed in between must not rebase the edit onto the half-written file: the edit
is refused with a message, and the other program's save ends up whole on disk.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_tui.launch import make_app
from roadmap_tui.store import journal

if TYPE_CHECKING:
    from conftest import WaitFor

TODAY = dt.date(2025, 2, 10)
OTHER = """\
import os, sys, time
path, data = sys.argv[1], open(sys.argv[2], "rb").read()
cut = data.index(b"[[milestones]]", len(data) // 2)
handle = os.open(path, os.O_WRONLY | os.O_TRUNC)
os.write(handle, data[:cut])
time.sleep(float(sys.argv[3]))
os.write(handle, data[cut:])
os.close(handle)
"""


def plan_text(note: str) -> bytes:
    parts = ['[plan]\nname = "Race"\nstart = 2025-01-01\nend = 2025-12-31\n']
    for m in range(1, 21):
        parts.append(
            f'\n[[milestones]]\nid = "M{m:02d}"\ntitle = "Milestone {m}"\n'
            f'due = 2025-06-{m:02d}\nstatus = "todo"\nnote = "{note}"\n'
        )
    return "".join(parts).encode("utf-8")


async def test_space_during_a_two_part_save_is_refused(tmp_path: Path, wait_for: WaitFor) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_bytes(plan_text("before"))
    theirs = plan_text("saved by the other program")
    (tmp_path / "theirs").write_bytes(theirs)
    app = make_app([plan], today=TODAY, watch=False)
    notices: list[str] = []
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2")
        shown = app.notify

        def spy(message: str, **options: Any) -> None:  # the real notice, and a note of it
            notices.append(message)
            shown(message, **options)

        app.notify = spy  # type: ignore[method-assign]
        other = subprocess.Popen(
            [sys.executable, "-c", OTHER, str(plan), str(tmp_path / "theirs"), "1.0"]
        )
        try:
            deadline = time.monotonic() + 10
            while plan.read_bytes() == plan_text("before") and time.monotonic() < deadline:
                time.sleep(0.001)
            await pilot.press("space")
            await wait_for(pilot, lambda: bool(notices))
        finally:
            assert other.wait(timeout=20) == 0
    assert plan.read_bytes() == theirs
    assert len(notices) == 1 and notices[0].startswith("M01 status not changed: "), notices
    assert "is writing plan.toml" in notices[0]
    assert journal.versions(plan) == []
