"""Read-only mode: on the shared standup screen no key may rewrite a plan."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from roadmap_tui.launch import make_app

SAMPLES = Path(__file__).resolve().parents[2] / "sample_plans"
TODAY = dt.date(2025, 2, 10)

#: (panel key, key that would write) for every writing key of every panel.
WRITING_KEYS = [
    ("2", "space"),
    ("2", "b"),
    ("2", "x"),
    ("2", "plus"),
    ("2", "minus"),
    ("1", "space"),
    ("3", "p"),
    ("3", "P"),
    ("3", "i"),
    ("3", "I"),
    ("3", "space"),
    ("2", "u"),
    ("2", "U"),
]


@pytest.mark.parametrize(("panel", "key"), WRITING_KEYS)
async def test_read_only_refuses_every_writing_key(tmp_path: Path, panel: str, key: str) -> None:
    # A plan with tasks in its current phase and rated risks, so that every key has a target.
    plan = tmp_path / "distributed-rust.toml"
    shutil.copyfile(SAMPLES / "distributed-rust.toml", plan)
    before = plan.read_bytes()
    app = make_app([plan], today=TODAY, watch=False, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "READ-ONLY" in app.sub_title
        await pilot.press(panel, key)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("Read-only" in m for m in messages), messages
    assert plan.read_bytes() == before


async def test_lock_key_toggles_and_unlocked_edits_write(tmp_path: Path) -> None:
    plan = tmp_path / "dispa.toml"
    shutil.copyfile(SAMPLES / "dispa.toml", plan)
    before = plan.read_bytes()
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("L", "2", "space")
        await pilot.pause()
        assert "READ-ONLY" in app.sub_title
        assert plan.read_bytes() == before
        await pilot.press("L", "space")
        await pilot.pause()
        assert "READ-ONLY" not in app.sub_title
        assert plan.read_bytes() != before
