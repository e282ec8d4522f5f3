"""Slips read from git: a scripted repository where one milestone's date moves three times."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from roadmap_tui.model.slips import Slip, slips
from roadmap_tui.render.timeline_text import slip_text
from roadmap_tui.store import history
from roadmap_tui.store.history import due_versions
from roadmap_tui.store.loader import load_file


def plan(m1_due: str, m2_due: str = "2025-06-01") -> str:
    return (
        '[plan]\nname = "Slips"\n\n'
        f'[[milestones]]\nid = "M1"\ntitle = "Beta"\ndue = {m1_due}\nstatus = "todo"\n\n'
        f'[[milestones]]\nid = "M2"\ntitle = "GA"\ndue = {m2_due}\nstatus = "todo"\n'
    )


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
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Three commits moving M1 (03-01 → 03-15 → 04-05), the file renamed in the last one."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "old.toml").write_text(plan("2025-03-01"))
    git(root, "add", "old.toml")
    git(root, "commit", "-qm", "first")
    (root / "old.toml").write_text(plan("2025-03-15"))
    git(root, "commit", "-qam", "second")
    git(root, "mv", "old.toml", "plan.toml")
    (root / "plan.toml").write_text(plan("2025-04-05"))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "third, renamed")
    return root / "plan.toml"


def test_three_commits_moving_one_date(repo: Path) -> None:
    versions = due_versions(repo)
    assert [v["M1"].isoformat() for v in versions if v["M1"]] == [
        "2025-03-01",
        "2025-03-15",
        "2025-04-05",
    ]
    current = load_file(repo).plan
    assert current is not None
    found = slips(versions, current)
    assert found["M1"] == Slip(baseline=dt.date(2025, 3, 1), moves=2, days=35)
    assert slip_text(found["M1"]) == "slipped +35 d (2 moves)"
    assert slip_text(found["M2"]) == "on its baseline"
    assert not found["M2"].moved


def test_an_uncommitted_move_counts_too(repo: Path) -> None:
    repo.write_text(plan("2025-02-20"))
    current = load_file(repo).plan
    assert current is not None
    assert slip_text(slips(due_versions(repo), current)["M1"]) == "pulled in 9 d (3 moves)"


def test_versions_are_read_once_per_commit(repo: Path) -> None:
    due_versions(repo)
    cached = dict(history._DUE_CACHE)
    assert len([k for k in cached if k.endswith(("old.toml", "plan.toml"))]) >= 3
    assert due_versions(repo) == due_versions(repo)


def test_no_repository_no_slips(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(plan("2025-03-01"))
    assert due_versions(path) == []
    current = load_file(path).plan
    assert current is not None
    assert slips([], current) == {}


def test_no_git_no_slips(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo.parent / "no-such-folder"))
    assert due_versions(repo) == []


def test_a_new_file_in_a_repository_has_no_history(repo: Path) -> None:
    fresh = repo.parent / "fresh.toml"
    fresh.write_text(plan("2025-03-01"))
    assert due_versions(fresh) == []


def test_describe_a_move_back_to_the_baseline() -> None:
    assert slip_text(Slip(dt.date(2025, 1, 1), 2, 0)) == "back on its baseline (2 moves)"
    assert slip_text(Slip(dt.date(2025, 1, 1), 1, 1)) == "slipped +1 d (1 move)"
