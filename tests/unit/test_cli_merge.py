"""``roadmap-tui merge`` and ``roadmap-tui git-setup`` as git and a user run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_tui.cli import main

BASE = """\
[plan]
name = "Demo"

[[milestones]]
id = "M1"
title = "One"
due = 2025-05-01
status = "todo"
"""
M2 = '\n[[milestones]]\nid = "M2"\ntitle = "Two"\ndue = 2025-06-01\nstatus = "todo"\n'
M3 = '\n[[milestones]]\nid = "M3"\ntitle = "Three"\ndue = 2025-07-01\nstatus = "todo"\n'


def three(tmp_path: Path, base: str, ours: str, theirs: str) -> list[str]:
    """Writes the versions the way git hands them to a driver; returns their paths."""
    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_bytes(text.encode())
        paths.append(str(path))
    return paths


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_a_clean_merge_is_written_into_ours_and_exits_0(tmp_path: Path) -> None:
    base, ours, theirs = three(tmp_path, BASE, BASE + M2, BASE + M3)
    Path(ours).chmod(0o640)
    assert run("merge", base, ours, theirs, "plans/plan.toml") == (0, "", "")
    assert Path(ours).read_text() == BASE + M2 + M3
    assert Path(ours).stat().st_mode & 0o777 == 0o640


def test_a_conflict_is_marked_reported_and_exits_1(tmp_path: Path) -> None:
    ours_text = BASE.replace("due = 2025-05-01", "due = 2025-05-20")
    theirs_text = BASE.replace("due = 2025-05-01", "due = 2025-05-15")
    base, ours, theirs = three(tmp_path, BASE, ours_text, theirs_text)
    code, out, err = run("merge", "--marker-size=9", base, ours, theirs, "plans/plan.toml")
    assert (code, out) == (1, "")
    assert err == "plans/plan.toml: milestones[M1].due: ours 2025-05-20, theirs 2025-05-15\n"
    assert Path(ours).read_text() == BASE.replace(
        "due = 2025-05-01\n",
        "<<<<<<<<< ours\ndue = 2025-05-20\n=========\ndue = 2025-05-15\n>>>>>>>>> theirs\n",
    )


def test_a_merge_check_would_reject_exits_1_with_the_problem(tmp_path: Path) -> None:
    phase = '[[phases]]\nid = "P1"\nname = "Build"\nstart = 2025-01-01\nend = 2025-12-31\n\n'
    plan = BASE.replace("[[milestones]]", phase + "[[milestones]]")
    base, ours, theirs = three(
        tmp_path,
        plan,
        plan.replace('status = "todo"', 'status = "todo"\nphase = "P1"'),
        plan.replace(phase, ""),
    )
    code, _, err = run("merge", base, ours, theirs, "plan.toml")
    assert code == 1
    assert err.startswith("plan.toml:") and err.endswith("(after merging both sides)\n")
    assert "P1" in err


def test_files_that_are_not_plans_go_to_git_merge_file(tmp_path: Path) -> None:
    text = "[tool]\na = 1\nb = 2\nc = 3\nd = 4\n"
    base, ours, theirs = three(
        tmp_path, text, text.replace("a = 1", "a = 10"), text.replace("d = 4", "d = 40")
    )
    code, out, err = run("merge", base, ours, theirs, "pyproject.toml")
    assert (code, out) == (0, "")
    assert (
        err == "pyproject.toml: not a plan (no [plan] table); merging by lines (git merge-file)\n"
    )
    assert Path(ours).read_text() == "[tool]\na = 10\nb = 2\nc = 3\nd = 40\n"


def test_a_side_that_does_not_parse_goes_to_git_merge_file_and_may_conflict(tmp_path: Path) -> None:
    broken = BASE.replace('name = "Demo"', 'name = "Demo')
    base, ours, theirs = three(tmp_path, BASE, broken, BASE.replace('name = "Demo"', 'name = "X"'))
    code, _, err = run("merge", base, ours, theirs, "plan.toml")
    assert code == 1
    assert err == "plan.toml: does not parse as TOML; merging by lines (git merge-file)\n"
    assert Path(ours).read_text().startswith('[plan]\n<<<<<<< ours\nname = "Demo\n=======\n')


def test_nesting_too_deep_to_read_goes_to_git_merge_file(tmp_path: Path) -> None:
    deep = BASE.replace('name = "Demo"\n', 'name = "Demo"\nx = ' + "[" * 5000 + "]" * 5000 + "\n")
    base, ours, theirs = three(tmp_path, BASE, deep, BASE + M3)
    code, _, err = run("merge", base, ours, theirs, "plan.toml")
    assert code == 0
    assert err == "plan.toml: could not merge by item (RecursionError); merging by lines\n"
    assert Path(ours).read_text() == deep + M3


# -- git-setup -----------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository with no global or system configuration, as the cwd."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    folder = tmp_path / "repo"
    folder.mkdir()
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    monkeypatch.chdir(folder)
    return folder


def git_config(key: str) -> str:
    return subprocess.run(
        ["git", "config", "--local", "--get", key], capture_output=True, text=True, check=False
    ).stdout.strip()


def test_git_setup_registers_the_driver_for_the_plans_folder_once(repo: Path) -> None:
    (repo / "plans").mkdir()
    (repo / "plans" / "team.toml").write_text(BASE)
    code, out, err = run("git-setup")
    assert (code, err) == (0, "")
    driver = git_config("merge.roadmap.driver")
    assert driver.endswith(" -m roadmap_tui merge --marker-size=%L %O %A %B %P")
    assert sys.executable in driver
    assert git_config("merge.roadmap.name") == "roadmap-tui: plans merged by item id"
    assert (repo / ".gitattributes").read_text() == "plans/*.toml merge=roadmap\n"
    assert ".gitattributes: plans/*.toml merge=roadmap  (added)" in out
    assert "merge.roadmap.driver = " in out and "(set)" in out
    code, out, _ = run("git-setup")
    assert code == 0
    assert out.count("(already set)") == 2 and "(already there)" in out
    assert (repo / ".gitattributes").read_text() == "plans/*.toml merge=roadmap\n"


def test_git_setup_anchors_plans_in_the_root_and_keeps_the_attributes_file(repo: Path) -> None:
    (repo / "roadmap.toml").write_text(BASE)
    (repo / ".gitattributes").write_bytes(b"*.svg binary\r\n*.png binary")
    code, _, _ = run("git-setup", "--use-path")
    assert code == 0
    assert git_config("merge.roadmap.driver") == "roadmap-tui merge --marker-size=%L %O %A %B %P"
    assert (repo / ".gitattributes").read_bytes() == (
        b"*.svg binary\r\n*.png binary\r\n/*.toml merge=roadmap\r\n"
    )


def test_git_setup_takes_a_pattern_and_updates_an_old_driver(repo: Path) -> None:
    subprocess.run(["git", "config", "merge.roadmap.driver", "old-command %A"], check=True)
    code, out, _ = run("git-setup", "--pattern", "docs/plans/*.toml")
    assert code == 0
    assert "(updated, was old-command %A)" in out
    assert (repo / ".gitattributes").read_text() == "docs/plans/*.toml merge=roadmap\n"


def test_git_setup_says_what_is_missing(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run("git-setup")
    assert code == 1
    assert (
        err == "roadmap-tui: no plan files in ./plans or here; name the files with --pattern GLOB\n"
    )
    code, _, err = run("git-setup", "--pattern", "my plans/*.toml")
    assert (code, err) == (
        1,
        "roadmap-tui: 'my plans/*.toml' cannot be written as a .gitattributes pattern\n",
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    code, _, err = run("git-setup", "--pattern", "*.toml")
    assert code == 1 and "not inside a git work tree" in err
