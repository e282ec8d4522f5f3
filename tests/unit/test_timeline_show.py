"""``show --view timeline``: the printed chart, its notes, slips from git, and bad input."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from click.testing import CliRunner

from roadmap_tui.cli import main

LAUNCH = Path(__file__).resolve().parents[1] / "data" / "timeline" / "launch.toml"
ARGS = ["show", "--view", "timeline", "--today", "2025-03-14"]

EXPECTED_100 = """\
months · < >                  2025-01   2025-02  2025-03    2025-04   2025-05   2025-06   2025-07
                              ┬─────────┬────────┬────▼ today 2025-03-14────────┬─────────┬─────────
Launch 发布                                           │
▌Design 设计                   ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒    │
 *✓ M1 Spec signed off 规格…                ◆         │
 *✓ M2 Prototype                                 ◆    │
▌Build                                            ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
 !○ M4 Docs ready                                     │      ◆
  ● M3 Beta build                                     │        ◆
   ● T1 Load tests                                  ▓▓▓▓▓▓▓
 !○ M5 API frozen                                     │          ◆
▌Launch                                               │               ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
 *○ M6 General availability                           │                                  ◆
   ○ T2 Release notes                                 │                         ░░░░░░░
◆ milestone · ◇ where it was first committed · ▒ phase · │ today
░▓█ task todo/in progress/done · * critical path · ! flagged dependency

Launch 发布
  Critical path, plan: M1 → M2 → M5 → M4 → M6: 5 milestones on the critical path, slack 0 d
  Critical path, Design 设计: M1 → M2: 2 milestones on the critical path, slack 0 d
  Critical path, Build: M1 → M2 → M5 → M4: 4 milestones on the critical path, slack 12 d
  Critical path, Launch: M1 → M2 → M5 → M4 → M6: 5 milestones on the critical path, slack 0 d
  ! M5 is due 2025-04-18, 14 d after M4 (2025-04-04), which depends on it
"""


def run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(main, [*ARGS, *args])
    return done.exit_code, done.stdout, done.stderr


def test_text_at_100_columns() -> None:
    code, out, _ = run("--width", "100", "--format", "text", str(LAUNCH))
    assert (code, out) == (0, EXPECTED_100)


def test_80_columns_fits_the_span_at_quarters_and_cuts_cjk_by_cell() -> None:
    code, out, _ = run("--width", "80", "--format", "text", str(LAUNCH))
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("quarters · < >          2025 Q1     2025 Q2")
    assert " *✓ M1 Spec signed off…       ◆   │" in lines
    assert max(len(line) for line in lines[:16]) <= 80


def test_markdown_puts_the_chart_in_a_fence_and_notes_in_a_list() -> None:
    code, out, _ = run("--width", "100", "--format", "markdown", str(LAUNCH))
    assert code == 0
    chart = EXPECTED_100.split("\n\n")[0]
    assert out.startswith("```text\n" + chart + "\n```\n\n### Launch 发布\n\n")
    assert "- ! M5 is due 2025-04-18, 14 d after M4 (2025-04-04), which depends on it\n" in out


def test_a_plan_that_fails_exits_1_with_file_line_col(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[plan]\nname = "x"\n[[milestones]]\nid = 1\n')
    code, out, err = run("--format", "text", str(bad), str(LAUNCH))
    assert code == 1
    assert f"{bad}:4:1: milestones #1.id: expected a string, got 1\n" in err
    assert "Launch 发布" in out  # the good plan is still printed


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.com",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.com",
    }
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env, check=True)


def test_slips_from_git_show_as_a_ghost_and_a_line(tmp_path: Path) -> None:
    plan = tmp_path / "launch.toml"
    text = LAUNCH.read_text()
    plan.write_text(text.replace("due = 2025-04-18", "due = 2025-03-14"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "launch.toml")
    git(tmp_path, "commit", "-qm", "baseline")
    plan.write_text(text.replace("due = 2025-04-18", "due = 2025-03-28"))
    git(tmp_path, "commit", "-qam", "slip")
    plan.write_text(text)  # and once more, not committed yet
    code, out, _ = run("--width", "100", "--format", "text", str(plan))
    assert code == 0
    assert "  M5 slipped +35 d (2 moves) from 2025-03-14" in out.splitlines()
    m5 = next(line for line in out.splitlines() if "M5 API frozen" in line)
    # the ghost at the baseline (today's column), a dotted line to the marker
    assert m5 == " !○ M5 API frozen                                     ◇┄┄┄┄┄┄┄┄┄┄◆"


def test_an_undated_milestone_is_listed_without_a_marker(tmp_path: Path) -> None:
    plan = tmp_path / "p.toml"
    plan.write_text(
        '[plan]\nname = "U"\n[[milestones]]\nid = "A"\ntitle = "Dated"\ndue = 2025-03-01\n'
        'status = "todo"\n[[milestones]]\nid = "B"\ntitle = "[b]x[/b]"\n'
        'status = "planned"\n'
    )
    code, out, _ = run("--width", "60", "--format", "text", str(plan))
    lines = out.splitlines()
    assert code == 0
    assert lines[3].startswith("▌(no phase)")
    assert lines[4].startswith(" *○ A Dated") and "◆" in lines[4]
    # Listed, with no marker (only the today line crosses it); markup shown as written.
    assert lines[5].startswith("  ◌ B [b]x[/b]      ")
    assert set(lines[5][20:]) <= {" ", "│"}
