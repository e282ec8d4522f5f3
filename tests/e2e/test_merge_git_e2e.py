"""The merge driver in a real git repository: set up with ``git-setup``, used by ``git merge``.

Two branches change one plan the way a team does: one closes a milestone and appends another,
the other moves a neighbouring date and appends its own. Plain git conflicts on that; with the
driver the merge is clean and ``check`` passes. Then a real conflict: both branches move the
same date differently, and git reports it on its line.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .terminal import roadmap_command

PLAN = """\
# Team roadmap
[plan]
name = "Demo"

[[milestones]]
id = "M1"
title = "Design"
due = 2025-04-01
status = "in_progress"
[[milestones]]
id = "M2"
title = "Build"
due = 2025-05-01
status = "todo"
"""


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": str(tmp_path / "no-global-config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_MERGE_AUTOEDIT": "no",
    }
    folder = tmp_path / "repo"
    (folder / "plans").mkdir(parents=True)
    (folder / "plans" / "plan.toml").write_text(PLAN)
    for args in (
        ["init", "-q", "-b", "main"],
        ["config", "user.name", "Test"],
        ["config", "user.email", "test@example.com"],
        ["config", "commit.gpgsign", "false"],
        ["add", "."],
        ["commit", "-q", "-m", "plan"],
    ):
        git(folder, env, *args)
    return folder, env


def git(
    folder: Path, env: dict[str, str], *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=60
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return done


def branch(folder: Path, env: dict[str, str], name: str, start: str, text: str) -> None:
    git(folder, env, "checkout", "-q", "-b", name, start)
    (folder / "plans" / "plan.toml").write_text(text)
    git(folder, env, "commit", "-q", "-am", name)


def roadmap(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*roadmap_command(), *args], cwd=folder, env=env, capture_output=True, text=True, timeout=60
    )


M3 = '\n[[milestones]]\nid = "M3"\ntitle = "Beta"\ndue = 2025-06-01\nstatus = "todo"\n'
M4 = '\n[[milestones]]\nid = "M4"\ntitle = "Launch"\ndue = 2025-07-01\nstatus = "todo"\n'


def test_git_merges_plans_by_item_with_the_driver(repo: tuple[Path, dict[str, str]]) -> None:
    folder, env = repo
    ours = PLAN.replace('status = "in_progress"', 'status = "done"') + M3
    theirs = (
        PLAN.replace('[[milestones]]\nid = "M2"', '# after review\n[[milestones]]\nid = "M2"') + M4
    )
    branch(folder, env, "theirs", "main", theirs)
    branch(folder, env, "ours", "main", ours)

    # Plain git: both branches appended at the end and edited neighbouring lines.
    plain = git(folder, env, "merge", "theirs", check=False)
    assert plain.returncode != 0
    assert "CONFLICT (content): Merge conflict in plans/plan.toml" in plain.stdout
    git(folder, env, "merge", "--abort")

    setup = roadmap(folder, env, "git-setup")
    assert setup.returncode == 0, setup.stderr
    assert ".gitattributes: plans/*.toml merge=roadmap  (added)" in setup.stdout
    git(folder, env, "add", ".gitattributes")
    git(folder, env, "commit", "-q", "-m", "merge plans by item")

    merged = git(folder, env, "merge", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    expected = (
        ours.replace('[[milestones]]\nid = "M2"', '# after review\n[[milestones]]\nid = "M2"') + M4
    )
    assert (folder / "plans" / "plan.toml").read_text() == expected
    check = roadmap(folder, env, "check", "plans/plan.toml")
    assert check.returncode == 0, check.stdout
    assert "plans/plan.toml: ok, 0 phases, 4 milestones" in check.stdout


def test_a_real_conflict_is_reported_on_its_line(repo: tuple[Path, dict[str, str]]) -> None:
    folder, env = repo
    assert roadmap(folder, env, "git-setup").returncode == 0
    git(folder, env, "add", ".gitattributes")
    git(folder, env, "commit", "-q", "-m", "merge plans by item")
    branch(folder, env, "theirs", "main", PLAN.replace("due = 2025-05-01", "due = 2025-05-15") + M4)
    branch(folder, env, "ours", "main", PLAN.replace("due = 2025-05-01", "due = 2025-05-20") + M3)

    merged = git(folder, env, "merge", "theirs", check=False)
    assert merged.returncode != 0
    report = merged.stdout + merged.stderr
    assert "plans/plan.toml: milestones[M2].due: ours 2025-05-20, theirs 2025-05-15" in report
    assert "CONFLICT (content): Merge conflict in plans/plan.toml" in report
    text = (folder / "plans" / "plan.toml").read_text()
    # Only the one line is marked; both appended milestones are in.
    assert (
        text
        == PLAN.replace(
            "due = 2025-05-01\n",
            "<<<<<<< ours\ndue = 2025-05-20\n=======\ndue = 2025-05-15\n>>>>>>> theirs\n",
        )
        + M3
        + M4
    )
    status = git(folder, env, "status", "--porcelain").stdout
    assert "UU plans/plan.toml" in status
