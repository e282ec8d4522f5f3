"""The dashboard as a user first meets it: the installed command in an 80 x 24 terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from .sample import (
    MILESTONE_KEYS,
    PANELS,
    Q1_NAME,
    Q1_THEME,
    SAMPLE_PLANS,
    TODAY,
    open_tab,
    tabs_before,
)
from .terminal import Launcher

pytestmark = pytest.mark.e2e

PLAN = "distributed-rust.toml"


def test_four_panels_at_80x24_and_the_current_quarter_of_distributed_rust(
    launch: Launcher, plans: Path, tmp_path: Path
) -> None:
    term = launch([str(plans), "--today", TODAY], cwd=tmp_path)
    screen = term.wait_for_text(*PANELS)
    assert f"today {TODAY}" in screen
    assert "DataFlare" in screen  # the first tab, in name order
    assert Q1_NAME not in screen

    screen = open_tab(term, plans, PLAN)
    assert Q1_NAME in screen
    assert Q1_THEME in screen
    assert "Distributed Rust" in screen
    assert all(title in screen for title in PANELS)
    assert len(screen.splitlines()) <= 24

    left = term.quit()
    assert Q1_NAME not in left  # the terminal is given back as it was


def test_tab_keys_typed_quickly_are_all_obeyed(
    launch: Launcher, plans: Path, tmp_path: Path
) -> None:
    term = launch([str(plans), "--today", TODAY], cwd=tmp_path)
    term.wait_for_text(*PANELS)
    term.press("2")
    term.wait_for_text(MILESTONE_KEYS)

    # Two presses in one burst, as from a held key: both count, and the tab stays put.
    term.press(*["]"] * tabs_before(plans, PLAN))

    def on_distributed_rust(screen: str) -> bool:
        return Q1_NAME in screen and MILESTONE_KEYS in screen

    term.wait_for(on_distributed_rust, "Distributed Rust with its milestones focused")
    term.holds(on_distributed_rust, "Distributed Rust with its milestones focused", 0.5)
    term.quit()


def test_bare_command_opens_a_writable_copy_of_the_samples(
    launch: Launcher, tmp_path: Path
) -> None:
    empty, temp = tmp_path / "empty", tmp_path / "tmp"
    empty.mkdir()
    temp.mkdir()
    shipped = {p.name: p.read_bytes() for p in SAMPLE_PLANS.glob("*.toml")}
    term = launch(["--today", TODAY], cwd=empty, env={"XDG_DATA_HOME": str(temp)})

    screen = term.wait_for_text(*PANELS)
    assert "sample plans" in screen
    copy = temp / "roadmap-tui" / "samples"  # the one place the copy lives, reused
    assert sorted(p.name for p in copy.glob("*.toml")) == sorted(shipped)

    # An edit lands in the copy; the samples the app ships with stay as they are.
    first = sorted(shipped)[0]
    term.press("2")
    term.wait_for_text(MILESTONE_KEYS)
    term.press("Space")
    term.wait_for(lambda _: (copy / first).read_bytes() != shipped[first], "the copy's edit")
    assert {p.name: p.read_bytes() for p in SAMPLE_PLANS.glob("*.toml")} == shipped
    term.quit()
    assert list(empty.iterdir()) == []
