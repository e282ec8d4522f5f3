"""Another program saves a plan file while edits are written to it: nothing may be lost.

The other program is a real separate process (this file run as a script) that takes no lock, as
editors take none: it saves in place in two parts with a pause between them (open with O_TRUNC,
write up to a ``[[milestones]]`` line, pause, write the rest), saves by renaming a new file over
the plan at high frequency, or runs ``git checkout`` of other versions. Its versions are fixed in
advance (``version(n)``), each with all its milestones. Meanwhile this process presses a key the
way the app does, over and over: load the file, build the edit from what was loaded, write it
with the stamp of that load.

Afterwards: the file is the other program's last version, with our last edit applied or not;
no version the writer displaced was a half-written file (each is one whole version); and every
version the writer displaced is in the journal.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from roadmap_tui.model import edits as edit_rules
from roadmap_tui.store import journal, writer
from roadmap_tui.store.loader import LoadResult, load_file

MILESTONES = 20
HEAD = """\
# A plan another program keeps saving.
[plan]
name = "Race"
start = 2025-01-01
end = 2025-12-31

[[milestones]]
id = "APP"
title = "Edited by the app"
due = 2025-06-30
status = "todo"
note = "app 0"
"""
APP_NOTE = re.compile(rb'note = "app \d+"')


def version(n: int, milestones: int = MILESTONES) -> bytes:
    """The other program's ``n``-th version: the same plan, its own counter at ``n``."""
    parts = [HEAD]
    for m in range(1, milestones):
        parts.append(
            f'\n[[milestones]]\nid = "M{m}"\ntitle = "Milestone {m}"\n'
            f'due = 2025-{m % 12 + 1:02d}-15\nstatus = "todo"\nnote = "ext {n}"\n'
        )
    return "".join(parts).encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the other program -----------------------------------------------------------------------


def save_in_place(path: Path, count: int, pause: float, gap: float) -> None:
    """Save ``count`` versions in place, each in two writes ``pause`` seconds apart."""
    rng = random.Random(5)
    for n in range(1, count + 1):
        data = version(n)
        cut = data.index(b"[[milestones]]", len(data) // 2)
        handle = os.open(path, os.O_WRONLY | os.O_TRUNC)
        try:
            os.write(handle, data[:cut])
            time.sleep(pause)
            os.write(handle, data[cut:])
        finally:
            os.close(handle)
        time.sleep(rng.uniform(0, gap))


def save_by_rename(path: Path, count: int, gap: float) -> None:
    """Save ``count`` versions by renaming a new file over the plan, as vim does."""
    rng = random.Random(6)
    temp = path.with_name(f".{path.name}.other")
    for n in range(1, count + 1):
        temp.write_bytes(version(n))
        os.replace(temp, path)
        time.sleep(rng.uniform(0, gap))


def git_checkouts(path: Path, count: int) -> None:
    """Check out the file from the tags ``v1`` and ``v2`` in turn, ``count`` times."""
    for n in range(count):
        tag = "v2" if n % 2 == 0 else "v1"
        subprocess.run(["git", "checkout", "-q", tag, "--", path.name], cwd=path.parent, check=True)


# -- this process: key presses ---------------------------------------------------------------


@dataclass
class Presses:
    """What the key presses did."""

    applied: list[writer.WriteResult] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def notes(self) -> set[bytes]:
        return {
            f'note = "{edit.new}"'.encode() for result in self.applied for edit in result.applied
        }


def load(path: Path) -> LoadResult | None:
    """The plan as the app's reload would show it (a failed parse is retried shortly)."""
    for _ in range(200):
        result = load_file(path)
        if result.plan is not None:
            return result
        time.sleep(0.005)
    return None


def press_keys(path: Path, other: subprocess.Popen[bytes]) -> Presses:
    """Edit the APP milestone's note, as long as the other program runs (and once after)."""
    presses = Presses()
    rng = random.Random(9)
    n = 0
    while True:
        running = other.poll() is None
        loaded = load(path)
        assert loaded is not None and loaded.plan is not None, "the file stopped parsing"
        item = next(m for m in loaded.plan.milestones if m.id == "APP")
        n += 1
        group = edit_rules.set_note(path, item, f"app {n}")
        time.sleep(rng.uniform(0, 0.005))  # between seeing the plan and pressing the key
        try:
            result = writer.apply_edits(group, writer.FileStamp(loaded.size, 0, loaded.digest))
        except writer.WriteRefused as refusal:
            presses.refused.append(refusal.message)
        else:
            presses.applied.append(result)
        if not running:
            return presses


def run_race(path: Path, *arguments: str) -> Presses:
    other = subprocess.Popen(
        [sys.executable, __file__, *arguments], stderr=subprocess.PIPE, cwd=path.parent
    )
    try:
        start = path.read_bytes()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # begin once the other program has begun
            try:
                if path.read_bytes() != start:
                    break
            except FileNotFoundError:  # git removes the file before it writes the new one
                break
            time.sleep(0.0005)
        presses = press_keys(path, other)
        _, errors = other.communicate(timeout=60)
    finally:
        other.kill()
    assert other.returncode == 0, errors.decode()
    return presses


def check_outcome(path: Path, last: bytes, whole: set[str], presses: Presses) -> None:
    """The file is the other program's ``last`` version with our last edit applied or not;
    every version the writer displaced was whole and is in the journal."""
    final = path.read_bytes()
    assert final == last or (
        APP_NOTE.sub(b'note = "app 0"', final) == last
        and APP_NOTE.search(final).group(0) in presses.notes  # type: ignore[union-attr]
    ), final.decode()
    ours = {result.stamp.sha256 for result in presses.applied}
    kept = [v for v in journal.versions(path) if not v.summary.startswith("saved by another")]
    assert len(kept) == min(journal.MAX_VERSIONS, len(presses.applied))
    for kept_version in journal.versions(path):
        data = kept_version.read()
        assert digest(data) in whole | ours, f"a displaced version was not whole:\n{data!r}"
    for message in presses.refused:
        assert message.startswith("APP note not changed") or message.startswith(
            'APP note is now "app 0" on disk'
        ), message


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_bytes(version(0))
    return path


@pytest.mark.parametrize(("pause", "count"), [(0.001, 150), (0.02, 25), (0.3, 4), (1.5, 2)])
def test_two_part_saves_in_place(plan: Path, pause: float, count: int) -> None:
    presses = run_race(plan, "in-place", str(plan), str(count), str(pause), "0.01")
    whole = {digest(version(n)) for n in range(count + 1)}
    check_outcome(plan, version(count), whole, presses)
    assert len(presses.applied) + len(presses.refused) >= 2
    if pause >= 0.3:  # the key was certainly pressed during a pause: it must have been refused
        assert any("is writing plan.toml" in message for message in presses.refused)


def test_rename_saves_at_high_frequency(plan: Path) -> None:
    # Long enough for a good number of presses even when each waits out the settle window.
    count = 2000
    presses = run_race(plan, "rename", str(plan), str(count), "0.003")
    whole = {digest(version(n)) for n in range(count + 1)}
    check_outcome(plan, version(count), whole, presses)
    assert len(presses.applied) + len(presses.refused) >= 10


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_checkout_of_other_versions(plan: Path) -> None:
    folder = plan.parent
    short, long = version(1, MILESTONES), version(2, MILESTONES + 5)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    for tag, data in (("v1", short), ("v2", long)):
        plan.write_bytes(data)
        subprocess.run([*git, "add", "plan.toml"], cwd=folder, check=True)
        subprocess.run([*git, "commit", "-q", "-m", tag], cwd=folder, check=True)
        subprocess.run([*git, "tag", tag], cwd=folder, check=True)
    plan.write_bytes(short)
    count = 12
    presses = run_race(plan, "git", str(plan), str(count))
    check_outcome(plan, short, {digest(short), digest(long)}, presses)
    assert load_file(plan).plan is not None


if __name__ == "__main__":
    # The other program: python test_concurrency.py MODE PLAN COUNT [PAUSE] [GAP]
    mode, target, saves, *rest = sys.argv[1:]
    if mode == "in-place":
        save_in_place(Path(target), int(saves), float(rest[0]), float(rest[1]))
    elif mode == "rename":
        save_by_rename(Path(target), int(saves), float(rest[0]))
    else:
        git_checkouts(Path(target), int(saves))
