"""Live reload in a real terminal: another program saves the plan, the screen follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from .sample import PANELS, Q1_THEME, TODAY, open_tab
from .terminal import Launcher

pytestmark = pytest.mark.e2e

PLAN = "distributed-rust.toml"
RELOAD_WITHIN = 3.0  # seconds; the watcher's budget is far lower, this is slack for a busy CI


def test_saves_by_another_process_show_up_and_a_broken_save_is_marked_stale(
    launch: Launcher, plans: Path, tmp_path: Path
) -> None:
    path = plans / PLAN
    text = path.read_text(encoding="utf-8")
    term = launch([str(plans), "--today", TODAY], cwd=tmp_path)
    term.wait_for_text(*PANELS)
    open_tab(term, plans, PLAN)
    term.wait_for_text(Q1_THEME, "● M-Q1-0105")

    # A new title, saved the way many editors save: truncate and rewrite.
    old_title = 'title = "启动Read Index开发"'
    assert text.count(old_title) == 1
    renamed = text.replace(old_title, 'title = "LIVE42"')
    path.write_text(renamed, encoding="utf-8")
    term.wait_for_text("● M-Q1-0105 LIVE42", timeout=RELOAD_WITHIN)

    # Broken TOML: the error names its line, and the last good plan stays, marked stale.
    good_due = "due = 2025-01-05\n"
    broken = renamed.replace(good_due, "due = 2025-01-05 oops\n", 1)
    line = renamed[: renamed.index(good_due)].count("\n") + 1
    path.write_text(broken, encoding="utf-8")
    # The banner and the last good rows under it (a loaded machine may paint the banner a
    # frame before the panels below have been laid out again under it).
    wanted = (f"{PLAN}:{line}:", "STALE", "LIVE42", "● M-Q1-0105")
    term.wait_for(lambda s: all(w in s for w in wanted), "stale, last good plan", RELOAD_WITHIN)

    # Fixed again: the marker goes.
    path.write_text(renamed, encoding="utf-8")
    screen = term.wait_for(
        lambda s: "STALE" not in s and "LIVE42" in s, "the stale mark gone", RELOAD_WITHIN
    )
    assert f"{PLAN}:{line}:" not in screen
    term.quit()
