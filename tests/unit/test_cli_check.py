"""``roadmap-tui check`` and ``roadmap-tui schema``: output, summaries and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from plan_texts import GOOD

from roadmap_tui.cli import main
from roadmap_tui.schema import schema_text

ROOT = Path(__file__).resolve().parents[2]


OK_LINE = ": ok, 1 phases, 1 milestones, 0 tasks, 0 risks, 0 KPIs"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of plans, made the current folder so paths print as written."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "plans"
    folder.mkdir()
    return folder


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_prints_one_summary_and_exits_0(plans: Path) -> None:
    write(plans / "a.toml", GOOD)
    assert run("check", "plans/a.toml") == (0, f"plans/a.toml{OK_LINE}\n", "")


def test_warnings_alone_exit_0(plans: Path) -> None:
    write(plans / "a.toml", GOOD.replace('"todo"', '"done"') + 'colour = "green"\n')
    code, out, _ = run("check", "plans/a.toml")
    assert code == 0
    assert out.splitlines() == [
        "plans/a.toml:14:1: warning: milestones[M1.1]: done but has no done_on date",
        'plans/a.toml:16:1: warning: milestones[M1.1]: unknown key "colour" (kept)',
        f"plans/a.toml{OK_LINE} (2 warnings)",
    ]


def test_errors_exit_1_and_the_summary_counts_errors_and_warnings(plans: Path) -> None:
    text = GOOD.replace("due = 2024-10-14", 'due = "soon"') + "x = 1\n"
    write(plans / "a.toml", text)
    code, out, _ = run("check", "plans/a.toml")
    assert code == 1
    assert out.splitlines() == [
        'plans/a.toml:13:1: milestones[M1.1].due: expected a date, got "soon" '
        "(not a valid date; write dates as 2025-03-31, without quotes)",
        'plans/a.toml:16:1: warning: milestones[M1.1]: unknown key "x" (kept)',
        "plans/a.toml: FAILED (1 error, 1 warning)",
    ]


def test_singular_and_plural_in_the_summary(plans: Path) -> None:
    write(plans / "one.toml", GOOD.replace('"todo"', '"nope"'))
    write(plans / "two.toml", GOOD.replace('"todo"', '"nope"').replace("title = ", "title = 5 #"))
    code, out, _ = run("check", "plans/one.toml", "plans/two.toml")
    assert code == 1
    summaries = [line for line in out.splitlines() if "FAILED" in line]
    assert summaries == [
        "plans/one.toml: FAILED (1 error)",
        "plans/two.toml: FAILED (2 errors)",
    ]


def test_a_folder_is_searched_in_name_order_and_any_error_fails_the_run(plans: Path) -> None:
    write(plans / "b.toml", GOOD)
    write(plans / "a.toml", GOOD.replace('"todo"', '"进行中"'))
    write(plans / "pyproject.toml", "[project]\nname = 'x'\n")
    write(plans / "notes.txt", "not a plan")
    code, out, err = run("check", "plans")
    assert code == 1
    assert err == ""
    assert out.splitlines() == [
        'plans/a.toml:14:1: milestones[M1.1].status: "进行中" is not a status; '
        'did you mean "in_progress"?',
        "plans/a.toml: FAILED (1 error)",
        f"plans/b.toml{OK_LINE}",
    ]


def test_folders_and_files_mix_and_every_file_is_reported(plans: Path) -> None:
    write(plans / "a.toml", GOOD)
    other = plans.parent / "other"
    other.mkdir()
    write(other / "c.toml", GOOD)
    code, out, _ = run("check", "plans", "other/c.toml")
    assert code == 0
    assert out.splitlines() == [f"plans/a.toml{OK_LINE}", f"other/c.toml{OK_LINE}"]


def test_a_nonexistent_path_is_an_error_for_that_path(plans: Path) -> None:
    write(plans / "a.toml", GOOD)
    code, out, _ = run("check", "plans/a.toml", "plans/missing.toml")
    assert code == 1
    assert out.splitlines() == [
        f"plans/a.toml{OK_LINE}",
        "plans/missing.toml: no such file",
        "plans/missing.toml: FAILED (1 error)",
    ]


def test_an_empty_folder_says_so_on_stderr(plans: Path) -> None:
    code, out, err = run("check", "plans")
    assert (code, out) == (1, "")
    assert err == "roadmap-tui: no plan files found in plans\n"


def test_check_needs_a_path() -> None:
    code, _, err = run("check")
    assert code == 2
    assert "Missing argument" in err


def test_the_sample_plans_check_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run("check", "sample_plans")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(list((ROOT / "sample_plans").glob("*.toml")))
    assert all(": ok, " in line and "warning" not in line for line in lines), lines


def test_schema_prints_valid_json_equal_to_the_schema_text() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert out == schema_text()
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    plan = schema["$defs"]["Plan"]
    assert plan["required"] == ["plan"]
    assert {"plan", "phases", "milestones", "tasks", "risks", "kpis"} <= set(plan["properties"])


def test_python_dash_m_runs_check_for_real(tmp_path: Path) -> None:
    write(tmp_path / "good.toml", GOOD)
    write(tmp_path / "bad.toml", GOOD.replace("due = 2024-10-14", "due = 2024-10-14T09:00:00"))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "roadmap_tui", "check"]
    good = subprocess.run(
        [*command, "good.toml"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60
    )
    assert (good.returncode, good.stdout, good.stderr) == (0, f"good.toml{OK_LINE}\n", "")
    bad = subprocess.run(
        [*command, "good.toml", "bad.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == [
        f"good.toml{OK_LINE}",
        "bad.toml:13:1: milestones[M1.1].due: expected a date, got a date-time",
        "bad.toml: FAILED (1 error)",
    ]
    assert bad.stderr == ""
