"""The journal keeps what every write displaced; hard links, attributes and refusals."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from roadmap_tui.model import edits
from roadmap_tui.store import journal, swap
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.writer import WriteRefused, apply_edits, write_version

TODAY = dt.date(2025, 2, 10)
PLAN = """\
[plan]
name = "Journal"
start = 2025-01-01
end = 2025-06-30

[[milestones]]
id = "M1"
title = "First"
due = 2025-03-01
status = "todo"
"""


def cycle(path: Path) -> bytes:
    plan = load_file(path).plan
    assert plan is not None
    apply_edits(edits.cycle_status(path, plan.milestones[0], TODAY), None)
    return path.read_bytes()


def test_every_displaced_version_is_kept_privately_newest_first(
    tmp_path: Path, _private_state: Path
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    first = path.read_bytes()
    second = cycle(path)
    third = cycle(path)
    kept = journal.versions(path)
    assert [v.read() for v in kept] == [second, first]
    assert kept[0].summary == 'M1 status: "in_progress" → "done"'
    assert kept[1].summary == 'M1 status: "todo" → "in_progress"'
    assert kept[0].size == len(second) and kept[0].path == path.resolve()
    assert path.read_bytes() == third
    root = _private_state / "roadmap-tui"
    assert kept[0].file.is_relative_to(root)
    for folder in (root, kept[0].file.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for file in kept[0].file.parent.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600


def test_the_journal_keeps_the_last_fifty_versions(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    contents = [path.read_bytes()]
    for _ in range(journal.MAX_VERSIONS + 3):
        contents.append(cycle(path))
    kept = journal.versions(path)
    assert len(kept) == journal.MAX_VERSIONS
    assert [v.read() for v in kept] == contents[-2::-1][: journal.MAX_VERSIONS]


def test_a_version_whose_description_was_lost_is_still_listed(tmp_path: Path) -> None:
    # Only a version's bytes are flushed before the write goes on: a crash can lose its
    # description (the summary), never the version.
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    first = path.read_bytes()
    second = cycle(path)
    cycle(path)
    newest, oldest = journal.versions(path)
    oldest.file.with_suffix(".json").unlink()
    newest.file.with_suffix(".json").write_text("{", encoding="utf-8")
    kept = journal.versions(path)
    assert [v.read() for v in kept] == [second, first]
    assert [v.summary for v in kept] == ["(what replaced it was not recorded)"] * 2
    assert [v.size for v in kept] == [len(second), len(first)]
    assert kept[1].time.date() == oldest.time.date() and kept[0].path == path.resolve()
    assert abs((kept[1].time - oldest.time).total_seconds()) < 1


def test_the_journal_folder_is_made_again_if_it_goes(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    cycle(path)
    shutil.rmtree(journal.folder_for(path))
    second = path.read_bytes()
    cycle(path)
    assert [v.read() for v in journal.versions(path)] == [second]


def test_a_write_while_the_interpreter_exits_still_keeps_what_it_displaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No thread can start then: the version is kept on the writing thread instead.
    stopped = ThreadPoolExecutor(1)
    stopped.shutdown()
    monkeypatch.setattr(swap, "_KEEPER", stopped)
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    after = cycle(path)
    assert after != PLAN.encode()
    assert [v.read() for v in journal.versions(path)] == [PLAN.encode()]


def test_a_restore_is_itself_kept(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    original = path.read_bytes()
    edited = cycle(path)
    write_version(path, journal.versions(path)[0].read(), "restore")
    assert path.read_bytes() == original
    assert [v.read() for v in journal.versions(path)] == [edited, original]


def test_a_version_that_does_not_parse_is_not_restored(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    with pytest.raises(WriteRefused, match="does not parse"):
        write_version(path, b"[plan\n", "restore")
    assert path.read_text(encoding="utf-8") == PLAN


def test_a_journal_that_cannot_be_written_refuses_the_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "state-is-a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    with pytest.raises(WriteRefused, match=r"^M1 status not changed: cannot make "):
        cycle(path)
    assert path.read_text(encoding="utf-8") == PLAN
    # The new file, written while the journal was tried, is not left beside the plan.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml", "state-is-a-file"]


def test_a_hard_linked_file_is_written_in_place(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    other = tmp_path / "other-name.toml"
    os.link(path, other)
    inode = path.stat().st_ino
    after = cycle(path)
    assert other.read_bytes() == after != PLAN.encode()
    assert path.stat().st_ino == inode and path.stat().st_nlink == 2
    assert [v.read() for v in journal.versions(path)] == [PLAN.encode()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-name.toml", "plan.toml"]


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    try:
        os.setxattr(path, "user.origin", b"kept")
    except OSError as error:
        pytest.skip(f"this file system has no user attributes ({error.strerror})")
    cycle(path)
    assert os.getxattr(path, "user.origin") == b"kept"


@pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr")
def test_an_append_only_folder_is_refused_without_a_leftover(tmp_path: Path) -> None:
    folder = tmp_path / "append-only"
    folder.mkdir()
    path = folder / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    if subprocess.run(["chattr", "+a", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder append-only here (needs root and ext4/xfs/btrfs)")
    try:
        with pytest.raises(WriteRefused) as refused:
            cycle(path)
        assert refused.value.message == (
            "M1 status not changed: the folder append-only is append-only "
            "(files there cannot be replaced)"
        )
        assert [p.name for p in folder.iterdir()] == ["plan.toml"]
        assert path.read_text(encoding="utf-8") == PLAN
    finally:
        subprocess.run(["chattr", "-a", str(folder)], check=True)
