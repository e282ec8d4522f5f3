"""Reading a plan's history from git: commits with chosen authors and dates in ``tmp_path``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_tui.cli import main
from roadmap_tui.model.changes import UNCOMMITTED, FileChanges
from roadmap_tui.render.changes import describe
from roadmap_tui.store.history import changes_since, file_changes, parse_since

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

UTC = dt.UTC
#: "Now" for durations: the day after the last commit below.
NOW = dt.datetime(2025, 3, 5, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so dates and times printed do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def plan_toml(*milestones: tuple[str, str, str, str, str], name: str = "Alpha") -> str:
    """A plan with milestones given as (id, title, due, status, owner)."""
    text = f'[plan]\nname = "{name}"\n'
    for ident, title, due, status, owner in milestones:
        text += (
            f'\n[[milestones]]\nid = "{ident}"\ntitle = "{title}"\ndue = {due}\n'
            f'status = "{status}"\nowner = "{owner}"\n'
        )
    return text


M1 = ("M1", "Design", "2025-03-10", "todo", "Alice")
M2 = ("M2", "Build", "2025-03-20", "todo", "Bob")


class Repo:
    """A git repository in a folder, committing with chosen authors and dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q")

    def git(self, *args: str, author: str = "Alice", date: str = "2025-03-01T10:00:00") -> str:
        env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": f"{author.lower()}@example.com",
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": f"{author.lower()}@example.com",
            "GIT_AUTHOR_DATE": f"{date}+00:00",
            "GIT_COMMITTER_DATE": f"{date}+00:00",
        }
        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def commit(self, name: str, text: str, author: str, date: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.git("add", name)
        self.git("commit", "-q", "-m", f"edit {name}", author=author, date=date)
        return path


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def history(repo: Repo, since: str | None = "2025-03-02") -> tuple[Path, FileChanges]:
    """The usual story: Alice writes the plan on 03-01, Bob starts M1 on 03-03, Carol slips M2
    and adds M3 on 03-04."""
    repo.commit("alpha.toml", plan_toml(M1, M2), "Alice", "2025-03-01T10:00:00")
    started = ("M1", "Design", "2025-03-10", "in_progress", "Alice")
    repo.commit("alpha.toml", plan_toml(started, M2), "Bob", "2025-03-03T09:00:00")
    slipped = ("M2", "Build", "2025-03-24", "todo", "Bob")
    m3 = ("M3", "Ship", "2025-03-31", "todo", "Carol")
    path = repo.commit(
        "alpha.toml", plan_toml(started, slipped, m3), "Carol", "2025-03-04T16:30:00"
    )
    return path, file_changes(path, parse_since(since, now=NOW))


def lines(found: FileChanges) -> list[str]:
    return [
        f"{c.item_id}: {describe(c)} — {c.who}"
        + (f" {c.when.astimezone(UTC):%m-%d %H:%M}" if c.when else "")
        for c in found.changes
    ]


# ─── commits and the working tree ────────────────────────────────────────────


def test_status_transitions_slips_and_adds_carry_their_commit_author_and_date(
    repo: Repo,
) -> None:
    _, found = history(repo)
    assert found.notices == ()
    assert lines(found) == [
        "M1: status todo → in progress — Bob 03-03 09:00",
        "M2: due 2025-03-20 → 2025-03-24 (slipped by 4 days) — Carol 03-04 16:30",
        "M3: added — Carol 03-04 16:30",
    ]


def test_uncommitted_edits_count_as_a_last_step_by_uncommitted(repo: Repo) -> None:
    path, _ = history(repo)
    done = ("M1", "Design", "2025-03-10", "done", "Alice")
    path.write_text(plan_toml(done, M2), encoding="utf-8")
    found = file_changes(path, parse_since("2025-03-04", now=NOW))
    assert lines(found)[-3:] == [
        "M1: status in progress → done — uncommitted",
        "M2: due 2025-03-24 → 2025-03-20 (pulled in by 4 days) — uncommitted",
        "M3: removed — uncommitted",
    ]
    assert all(c.when is None for c in found.changes if c.who == UNCOMMITTED)


def test_staged_edits_are_uncommitted_too(repo: Repo) -> None:
    path, _ = history(repo)
    path.write_text(plan_toml(("M1", "Design", "2025-03-10", "blocked", "Alice")), "utf-8")
    repo.git("add", "alpha.toml")
    found = file_changes(path, parse_since("2025-03-05", now=NOW))
    assert lines(found) == [
        "M1: status in progress → blocked — uncommitted",
        "M2: removed — uncommitted",
        "M3: removed — uncommitted",
    ]


def test_a_plan_nobody_touched_since_then_has_no_changes(repo: Repo) -> None:
    _, found = history(repo, since="2025-03-05")
    assert found.changes == () and found.notices == () and found.has_history


def test_an_untracked_file_has_all_its_items_added_by_uncommitted(repo: Repo) -> None:
    history(repo)
    path = repo.root / "beta.toml"
    path.write_text(plan_toml(M1, M2, name="Beta"), encoding="utf-8")
    found = file_changes(path, parse_since("1d", now=NOW))
    assert found.plan == "Beta"
    assert lines(found) == ["M1: added — uncommitted", "M2: added — uncommitted"]


def test_a_repository_without_commits_counts_the_file_as_new(repo: Repo) -> None:
    path = repo.root / "alpha.toml"
    path.write_text(plan_toml(M1), encoding="utf-8")
    found = file_changes(path, parse_since(None))
    assert (found.notices, lines(found)) == ((), ["M1: added — uncommitted"])


def test_a_file_deleted_in_the_working_tree_has_its_items_removed(repo: Repo) -> None:
    path, _ = history(repo)
    path.unlink()
    found = file_changes(path, parse_since("2025-03-05", now=NOW))
    assert not found.readable
    assert lines(found) == [f"{i}: removed — uncommitted" for i in ("M1", "M2", "M3")]


def test_a_file_created_after_the_point_has_its_items_added_by_that_commit(repo: Repo) -> None:
    _, found = history(repo, since="2025-02-01")
    assert lines(found)[:2] == ["M1: added — Alice 03-01 10:00", "M2: added — Alice 03-01 10:00"]
    assert lines(found)[2] == "M1: status todo → in progress — Bob 03-03 09:00"


def test_a_version_that_does_not_parse_is_skipped_with_a_note(repo: Repo) -> None:
    repo.commit("alpha.toml", plan_toml(M1), "Alice", "2025-03-01T10:00:00")
    repo.commit("alpha.toml", "[plan\nname = ", "Bob", "2025-03-03T09:00:00")
    done = ("M1", "Design", "2025-03-10", "done", "Alice")
    path = repo.commit("alpha.toml", plan_toml(done), "Carol", "2025-03-04T09:00:00")
    found = file_changes(path, parse_since("2025-03-02", now=NOW))
    assert lines(found) == ["M1: status todo → done — Carol 03-04 09:00"]
    assert len(found.notices) == 1
    assert found.notices[0].startswith("alpha.toml: skipped commit ")
    assert "does not parse" in found.notices[0]


def test_a_plan_in_a_subfolder_with_a_space_in_its_name(repo: Repo) -> None:
    repo.commit("my plans/alpha.toml", plan_toml(M1), "Alice", "2025-03-01T10:00:00")
    started = ("M1", "Design", "2025-03-10", "in_progress", "Alice")
    path = repo.commit("my plans/alpha.toml", plan_toml(started), "Bob", "2025-03-03T09:00:00")
    found = file_changes(path, parse_since("2025-03-02", now=NOW))
    assert lines(found) == ["M1: status todo → in progress — Bob 03-03 09:00"]
    assert found.changes[0].path == path


def test_reading_history_leaves_the_repository_untouched(repo: Repo) -> None:
    path, _ = history(repo)
    path.write_text(plan_toml(M1), encoding="utf-8")
    index = repo.root / ".git" / "index"
    before = (index.read_bytes(), repo.git("status", "--porcelain"), path.read_bytes())
    changes_since([path], parse_since("2025-03-02", now=NOW))
    assert (index.read_bytes(), repo.git("status", "--porcelain"), path.read_bytes()) == before


# ─── --since forms ───────────────────────────────────────────────────────────


def test_parse_since_forms() -> None:
    assert parse_since("3d", now=NOW).at == NOW - dt.timedelta(days=3)
    assert parse_since("12h", now=NOW).at == NOW - dt.timedelta(hours=12)
    assert parse_since("2w", now=NOW).at == NOW - dt.timedelta(weeks=2)
    assert parse_since(None, now=NOW).at == NOW - dt.timedelta(hours=24)
    day = parse_since("2025-03-04", now=NOW)
    assert (day.at, day.label) == (dt.datetime(2025, 3, 4, tzinfo=UTC), "2025-03-04 00:00")
    ref = parse_since("HEAD~1", now=NOW)
    assert (ref.ref, ref.at, ref.label) == ("HEAD~1", None, "HEAD~1")
    for bad in ("2025-13-01", "-x", "  "):
        with pytest.raises(ValueError):
            parse_since(bad, now=NOW)


@pytest.mark.parametrize(
    ("since", "first"),
    [
        ("3d", "M1: status todo → in progress — Bob 03-03 09:00"),
        ("2d", "M2: due 2025-03-20 → 2025-03-24 (slipped by 4 days) — Carol 03-04 16:30"),
        ("30h", "M2: due 2025-03-20 → 2025-03-24 (slipped by 4 days) — Carol 03-04 16:30"),
        ("2025-03-03", "M1: status todo → in progress — Bob 03-03 09:00"),
        ("HEAD~1", "M2: due 2025-03-20 → 2025-03-24 (slipped by 4 days) — Carol 03-04 16:30"),
        ("HEAD~2", "M1: status todo → in progress — Bob 03-03 09:00"),
    ],
)
def test_each_since_form_picks_the_right_starting_point(repo: Repo, since: str, first: str) -> None:
    _, found = history(repo, since=since)
    assert found.notices == ()
    assert lines(found)[0] == first


def test_since_a_tag_or_a_commit_sha(repo: Repo) -> None:
    path, _ = history(repo)
    repo.git("tag", "standup", "HEAD~1")
    sha = repo.git("rev-parse", "HEAD~1")
    by_tag = file_changes(path, parse_since("standup"))
    by_sha = file_changes(path, parse_since(sha[:10]))
    assert lines(by_tag) == lines(by_sha)
    assert [c.item_id for c in by_tag.changes] == ["M2", "M3"]


def test_an_unknown_revision_is_a_notice(repo: Repo) -> None:
    path, _ = history(repo)
    found = file_changes(path, parse_since("no-such-tag"))
    assert found.notices == ("'no-such-tag' is not a date, a duration or a git revision here",)
    assert found.changes == () and not found.has_history


# ─── when there is no history to read ────────────────────────────────────────


def test_a_folder_that_is_not_a_git_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "alpha.toml"
    path.write_text(plan_toml(M1), encoding="utf-8")
    # Whatever folders tmp_path is in, git does not look above it.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    found = file_changes(path, parse_since("1d"))
    assert found.notices == ("not in a git repository; changes not shown",)
    assert (found.changes, found.has_history, found.plan) == ((), False, "Alpha")


def test_git_not_installed(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ = history(repo)
    monkeypatch.setenv("PATH", "")
    found = file_changes(path, parse_since("1d"))
    assert found.notices == ("git is not installed; changes not shown",)
    assert found.changes == ()


def test_a_shallow_clone_says_history_is_missing(repo: Repo, tmp_path: Path) -> None:
    history(repo)
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone))
    path = clone / "alpha.toml"
    found = file_changes(path, parse_since("2025-03-02", now=NOW))
    assert found.notices == (
        "shallow clone: changes before 2025-03-04 16:30 are missing (git fetch --unshallow)",
    )
    assert found.changes == ()
    by_ref = file_changes(path, parse_since("HEAD~1"))
    assert by_ref.notices == ("shallow clone: HEAD~1 is not in the fetched history",)
    # Edits since the last fetched commit are still found.
    path.write_text(plan_toml(M1), encoding="utf-8")
    after = file_changes(path, parse_since("2025-03-05", now=NOW))
    assert after.notices == ()
    assert lines(after) == [
        "M1: status in progress → todo — uncommitted",
        "M2: removed — uncommitted",
        "M3: removed — uncommitted",
    ]


# ─── show --since ────────────────────────────────────────────────────────────


def test_show_since_prints_markdown_for_chat(repo: Repo) -> None:
    path, _ = history(repo)
    path.write_text(
        plan_toml(("M1", "Design", "2025-03-10", "done", "Alice"), M2, name="Alpha"),
        encoding="utf-8",
    )
    args = ["show", str(path), "--since", "2025-03-03", "--format", "markdown"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "# Changes since 2025-03-03 00:00\n"
        "\n"
        "## Alpha\n"
        "- `M1` Design: status todo → in progress — Bob, 2025-03-03 09:00\n"
        "- `M2` Build: due 2025-03-20 → 2025-03-24 (slipped by 4 days) — Carol, 2025-03-04 16:30\n"
        "- `M3` Ship: added — Carol, 2025-03-04 16:30\n"
        "- `M1` Design: status in progress → done — uncommitted\n"
        "- `M2` Build: due 2025-03-24 → 2025-03-20 (pulled in by 4 days) — uncommitted\n"
        "- `M3` Ship: removed — uncommitted\n"
        "\n"
        "## By person\n"
        "\n"
        "**Alice**\n"
        "- `M1` Design: status todo → in progress\n"
        "- `M1` Design: status in progress → done\n"
        "\n"
        "**Bob**\n"
        "- `M2` Build: due 2025-03-20 → 2025-03-24 (slipped by 4 days)\n"
        "- `M2` Build: due 2025-03-24 → 2025-03-20 (pulled in by 4 days)\n"
        "\n"
        "**Carol**\n"
        "- `M3` Ship: added\n"
        "- `M3` Ship: removed\n"
    )


def test_show_since_text_and_rich(repo: Repo, tmp_path: Path) -> None:
    path, _ = history(repo)
    outside = tmp_path / "outside" / "beta.toml"
    outside.parent.mkdir()
    outside.write_text(plan_toml(M1, name="Beta"), encoding="utf-8")
    args = ["show", str(path), str(outside), "--since", "HEAD~1", "--today", "2025-03-05"]
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    text = CliRunner().invoke(main, [*args, "--format", "text"], env=env)
    assert text.exit_code == 0, text.output
    assert text.output.splitlines()[:7] == [
        "Changes since HEAD~1",
        "",
        "Alpha",
        "  M2 Build: due 2025-03-20 → 2025-03-24 (slipped by 4 days) — Carol, 2025-03-04 16:30",
        "  M3 Ship: added — Carol, 2025-03-04 16:30",
        "",
        "Beta",
    ]
    assert "  ! not in a git repository; changes not shown" in text.output
    assert "    Alpha · M3 Ship: added" in text.output
    rich = CliRunner().invoke(main, [*args, "--width", "100"], env=env)
    assert rich.exit_code == 0
    assert "slipped by 4 days" in rich.output and "Carol, 2025-03-04 16:30" in rich.output
    assert "! not in a git repository; changes not shown" in rich.output


def test_show_format_markdown_alone_means_since_24_real_hours_ago(repo: Repo) -> None:
    # History happens in real time: --today moves the plan's calendar, not the window.
    path, _ = history(repo)
    before = dt.datetime.now() - dt.timedelta(hours=24)
    result = CliRunner().invoke(
        main, ["show", str(path), "--format", "markdown", "--today", "2025-03-05"]
    )
    after = dt.datetime.now() - dt.timedelta(hours=24)
    assert result.exit_code == 0, result.output
    shown = {f"# Changes since {t.strftime('%Y-%m-%d %H:%M')}\n" for t in (before, after)}
    assert result.output.split("\n", 1)[0] + "\n" in shown
    assert "## Alpha\n" in result.output


def test_show_changes_start_from_the_last_standup(repo: Repo) -> None:
    from roadmap_tui.store.standups import record_standup

    path, _ = history(repo)
    at = dt.datetime(2025, 3, 2, 9, 30).astimezone()
    record_standup([path.parent], at)
    result = CliRunner().invoke(main, ["show", str(path), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Changes since the last standup (2025-03-02 09:30)\n")


def test_show_since_rejects_a_malformed_date(repo: Repo) -> None:
    path, _ = history(repo)
    result = CliRunner().invoke(main, ["show", str(path), "--since", "2025-02-30"])
    assert result.exit_code == 2
    assert "'2025-02-30' is not a valid date" in result.output
    assert "Traceback" not in result.output


def test_show_since_exits_1_when_a_plan_cannot_be_read_now(repo: Repo) -> None:
    path, _ = history(repo)
    path.write_text("[plan\n", encoding="utf-8")
    args = ["show", str(path), "--since", "HEAD~1", "--format", "text"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "  ! alpha.toml: skipped the uncommitted version, it does not parse: " in result.output
    # What was committed since is still listed.
    assert "  M3 Ship: added — Carol, 2025-03-04 16:30" in result.output
