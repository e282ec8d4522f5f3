"""What the sample plans show on the test date, and how a test reaches a plan's tab."""

from __future__ import annotations

from pathlib import Path

from .terminal import Terminal

SAMPLE_PLANS = Path(__file__).resolve().parents[2] / "sample_plans"
TODAY = "2025-02-10"
PANELS = ("1 Current", "2 Milestones", "3 Risk matrix", "4 KPIs")
# Distributed Rust's current phase on TODAY, and its theme: shown in the Current panel.
Q1_NAME, Q1_THEME = "Q1 2025: 基础巩固期", "完善核心功能，对齐行业标准"
#: In the footer while the milestone table has the focus.
MILESTONE_KEYS = "space Status"


def tabs_before(folder: Path, name: str) -> int:
    """How many ``]`` presses from the first tab reach plan file ``name`` (tabs go by name)."""
    return sorted(p.name for p in folder.glob("*.toml")).index(name)


def current_heading(screen: str) -> str:
    """The first line inside the Current panel: the phase (or plan) it is about."""
    lines = screen.splitlines()
    rows = [i for i, line in enumerate(lines) if "1 Current" in line]
    # A tab shown for the first time is built on that show: for a frame there is no panel.
    return lines[rows[0] + 1][:36] if rows and rows[0] + 1 < len(lines) else ""


def open_tab(term: Terminal, folder: Path, name: str) -> str:
    """Focus the milestones and step with ``]`` to plan file ``name``, one tab at a time.

    Each step waits for the tab to change on screen before the next key, as a user reading the
    screen would; ``test_dashboard_e2e`` covers keys typed faster than that.
    """
    term.press("2")
    screen = term.wait_for_text(MILESTONE_KEYS)
    for _ in range(tabs_before(folder, name)):
        before = current_heading(screen)
        term.press("]")
        screen = term.wait_for(
            lambda s, b=before: current_heading(s) not in ("", b), "the next tab"
        )
    return screen
