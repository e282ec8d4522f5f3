"""Editing from the keyboard in a real terminal: the file changes by one value, undo restores it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .sample import PANELS, Q1_THEME, TODAY, open_tab
from .terminal import TIMEOUT, Launcher

pytestmark = pytest.mark.e2e

PLAN = "distributed-rust.toml"
# The first open milestone of Distributed Rust on TODAY, as the file has it.
BEFORE = """\
status = "in_progress"   # ⏳ 进行中
phase = "Q1"
owner = "核心团队"

[[milestones]]
id = "M-Q1-0115"
"""
AFTER = f"""\
status = "done"   # ⏳ 进行中
phase = "Q1"
owner = "核心团队"
done_on = {TODAY}

[[milestones]]
id = "M-Q1-0115"
"""


def wait_for_file(path: Path, condition: str, expected: bytes | None, changed_from: bytes) -> bytes:
    """Poll ``path`` until it equals ``expected`` (or, with None, differs from ``changed_from``)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        now = path.read_bytes()
        if (now == expected) if expected is not None else (now != changed_from):
            return now
        if time.monotonic() > deadline:
            pytest.fail(f"{path.name}: {condition} did not happen within {TIMEOUT} s")
        time.sleep(0.05)


def test_space_cycles_one_status_line_and_u_restores_the_file_byte_for_byte(
    launch: Launcher, plans: Path, tmp_path: Path
) -> None:
    path = plans / PLAN
    original = path.read_bytes()
    text = original.decode("utf-8")
    assert text.count(BEFORE) == 1
    expected = text.replace(BEFORE, AFTER).encode("utf-8")

    term = launch([str(plans), "--today", TODAY], cwd=tmp_path)
    term.wait_for_text(*PANELS)
    open_tab(term, plans, PLAN)
    term.wait_for_text(Q1_THEME, "● M-Q1-0105")

    term.press("Space")
    after = wait_for_file(path, "the status edit", None, original)
    assert after == expected
    assert "# ⏳ 进行中" in after.decode("utf-8")  # the comment on the changed line survives
    assert after.startswith(b"#:schema ./plan.schema.json\n# Distributed Rust")
    # Done milestones leave the open list; the change is announced.
    term.wait_for(
        lambda s: "● M-Q1-0105" not in s and "M-Q1-0105 status" in s, "the done milestone"
    )

    term.press("u")
    wait_for_file(path, "undo", original, after)
    term.wait_for_text("● M-Q1-0105")
    term.quit()
    assert path.read_bytes() == original
