"""``roadmap-tui recover``: the kept versions of a plan file, listed and restored."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from click.testing import CliRunner

from roadmap_tui.cli import main
from roadmap_tui.model import edits
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.writer import apply_edits

PLAN = """\
[plan]
name = "Recover"
start = 2025-01-01
end = 2025-06-30

[[milestones]]
id = "M1"
title = "First"
due = 2025-03-01
status = "todo"
"""
ROW = re.compile(r"^ +(\d+)  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d +([\d,]+) B  (.*)$")


def cycle(path: Path) -> bytes:
    plan = load_file(path).plan
    assert plan is not None
    apply_edits(edits.cycle_status(path, plan.milestones[0], dt.date(2025, 2, 10)), None)
    return path.read_bytes()


def rows(output: str) -> list[tuple[str, str, str]]:
    return [m.groups() for line in output.splitlines() if (m := ROW.match(line))]  # type: ignore[misc]


def test_nothing_kept_yet(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(main, ["recover", str(path)])
    assert (result.exit_code, result.output) == (0, "No kept versions of plan.toml.\n")


def test_versions_are_listed_newest_first_and_restored(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    original = path.read_bytes()
    middle = cycle(path)
    latest = cycle(path)
    listed = CliRunner().invoke(main, ["recover", str(path)])
    assert listed.exit_code == 0
    assert rows(listed.output) == [
        ("1", f"{len(middle)}", 'M1 status: "in_progress" → "done"'),
        ("2", f"{len(original)}", 'M1 status: "todo" → "in_progress"'),
    ]
    restored = CliRunner().invoke(main, ["recover", str(path), "--restore", "2"])
    assert restored.exit_code == 0, restored.output
    assert restored.output.startswith("Restored version 2 of plan.toml (")
    assert path.read_bytes() == original
    # The restore is kept too: restoring version 1 undoes it.
    again = CliRunner().invoke(main, ["recover", str(path)])
    assert [row[0] for row in rows(again.output)] == ["1", "2", "3"]
    assert rows(again.output)[0][2].startswith("restore of version 2 (")
    undo = CliRunner().invoke(main, ["recover", str(path), "--restore", "1"])
    assert undo.exit_code == 0
    assert path.read_bytes() == latest


def test_a_number_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    cycle(path)
    for number in ("2", "0", "x", "99999999999999999999"):
        result = CliRunner().invoke(main, ["recover", str(path), "--restore", number])
        assert result.exit_code == 2, (number, result.output)
        assert "Traceback" not in result.output
    assert (
        "plan.toml has 1 kept version"
        in CliRunner().invoke(main, ["recover", str(path), "--restore", "2"]).output
    )


def test_a_deleted_plan_is_put_back(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    cycle(path)
    path.unlink()
    result = CliRunner().invoke(main, ["recover", str(path), "--restore", "1"])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == PLAN


def test_a_file_name_reaches_the_terminal_without_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "plan\x1b]0;owned\x07.toml"
    path.write_text(PLAN, encoding="utf-8")
    cycle(path)
    for arguments in ([], ["--restore", "1"], ["--restore", "5"]):
        result = CliRunner().invoke(main, ["recover", str(path), *arguments])
        assert "\x1b" not in result.output and "\x07" not in result.output, result.output
        assert "plan]0;owned.toml" in result.output
