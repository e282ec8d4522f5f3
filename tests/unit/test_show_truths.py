"""``show`` prints the same truths as the app: pace and why, and empty panels that say why."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from roadmap_tui.cli import main

TINY = Path(__file__).parents[1] / "data" / "truth" / "tiny.toml"


def _show(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["show", str(TINY), "--today", "2025-01-16", *args])
    return result.exit_code, result.stdout, result.stderr


def test_show_gives_each_kpi_its_pace_and_the_reason() -> None:
    code, out, _ = _show("--width", "100")
    assert code == 0
    assert "▲ on track" in out
    # 30 ms on 01-01 to 20 ms by 01-31: half way on 01-16 the pace is 25; now 21.
    assert "latency: needs ≤20 ms by 01-31; pace today 25; now 21 ms" in out


def test_owner_focus_says_the_panel_is_narrowed_not_empty() -> None:
    code, out, err = _show("--width", "100", "--owner", "Ines")
    assert code == 0
    assert "No risks owned by Ines — 5 in this plan." in out
    assert "M1" in out and "Ship the parser" in out
    assert err == ""


def test_owner_who_owns_nothing_is_warned_about() -> None:
    code, out, err = _show("--width", "100", "--owner", "nobody")
    assert code == 0
    assert "roadmap-tui: nobody named 'nobody' owns anything in these plans" in err
    assert "No open milestones owned by nobody — 1 in this plan." in out


def test_show_lists_unrated_risks_and_undated_milestones_as_what_they_are() -> None:
    path = TINY.with_name("unknowns.toml")
    result = CliRunner().invoke(main, ["show", str(path), "--today", "2025-01-16", "--width", "90"])
    out = result.stdout
    assert result.exit_code == 0
    assert "Unrated (not on the matrix): 1 · R1" in out
    assert "R1  unrated  Unrated one" in out
    assert re.search(r"M1 +Someday +no date", out)  # listed, never late
    assert "Milestones 2 open, 1 overdue" in out
