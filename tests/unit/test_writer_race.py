"""A save in place by another program, interleaved step by step with a write of ours.

The other program here is a file handle of this process: the writer's check for processes that
hold the plan open for writing (``/proc/*/fd``) sees it as it would see an editor's. It saves in
place in two parts, opening the plan with ``O_TRUNC``. Each step of it is run at a fixed point
of the writer's work (right before a given call the writer makes), so the interleavings that a
loaded machine produces only now and then happen here every time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from roadmap_tui.model import edits as edit_rules
from roadmap_tui.store import journal, swap, writer
from roadmap_tui.store.loader import load_file

HEAD = """\
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


def version(n: int) -> bytes:
    """The other program's ``n``-th save: its own milestone's note at ``n``."""
    tail = (
        f'\n[[milestones]]\nid = "EXT"\ntitle = "Theirs"\ndue = 2025-09-15\nstatus = "todo"\n'
        f'note = "ext {n}"\n'
    )
    return (HEAD + tail).encode()


class InPlaceSaver:
    """Another program saving ``version(n)`` in place: open with O_TRUNC, write, close."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: int | None = None
        self.data = b""

    def begin(self, n: int) -> None:
        """Open the plan (whatever file its name points to now) and write the first part."""
        self.data = version(n)
        self.handle = os.open(self.path, os.O_WRONLY | os.O_TRUNC)
        os.write(self.handle, self.data[: self.cut])

    def finish(self) -> None:
        """Write the rest and close."""
        assert self.handle is not None
        os.write(self.handle, self.data[self.cut :])
        os.close(self.handle)
        self.handle = None

    @property
    def cut(self) -> int:
        return self.data.index(b"[[milestones]]", len(HEAD) - 10)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_bytes(version(0))
    return path


@pytest.fixture
def other(plan: Path) -> Iterator[InPlaceSaver]:
    saver = InPlaceSaver(plan)
    yield saver
    if saver.handle is not None:
        os.close(saver.handle)


def step_at(
    monkeypatch: pytest.MonkeyPatch,
    module: object,
    name: str,
    step: Callable[[], object],
    call: int = 1,
) -> None:
    """Run ``step`` (the other program's next move) right before the writer's call number
    ``call`` (from 1) of ``module.name``."""
    real = getattr(module, name)
    calls = [0]

    def wrapped(*args: object) -> object:
        calls[0] += 1
        if calls[0] == call:
            step()
        return real(*args)

    monkeypatch.setattr(module, name, wrapped)


def press_key(path: Path) -> writer.WriteResult:
    """Set APP's note from the plan as loaded now, with the stamp of that load."""
    loaded = load_file(path)
    assert loaded.plan is not None
    item = next(m for m in loaded.plan.milestones if m.id == "APP")
    group = edit_rules.set_note(path, item, "app 1")
    return writer.apply_edits(group, writer.FileStamp(loaded.size, 0, loaded.digest))


def kept(path: Path) -> list[bytes]:
    return [v.read() for v in journal.versions(path)]


def check(plan: Path, other: InPlaceSaver, refusal: str) -> None:
    """The key was refused; once the other program is done the file is its last save, and
    every version the writer kept is one whole save."""
    assert refusal.startswith("APP note not changed: "), refusal
    assert "is writing plan.toml" in refusal, refusal
    if other.handle is not None:
        other.finish()
    assert plan.read_bytes() == other.data
    assert set(kept(plan)) <= {version(0), version(1), version(2)}, kept(plan)


def test_a_save_begun_before_the_exchange_is_never_replaced(
    plan: Path, other: InPlaceSaver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The key is pressed on version 0. While the writer prepares the new file the other program
    # opens the plan and writes half of version 1; it finishes, and begins version 2 (in the
    # file the writer has put in the plan's place), right after the writer has read the file it
    # displaced.
    step_at(monkeypatch, journal, "keep", lambda: other.begin(1))
    step_at(monkeypatch, swap, "read_all", lambda: (other.finish(), other.begin(2)), call=2)
    with pytest.raises(writer.WriteRefused) as refused:
        press_key(plan)
    check(plan, other, refused.value.message)
    assert kept(plan) == []


def test_a_save_begun_at_the_exchange_is_kept_whole(
    plan: Path, other: InPlaceSaver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As above, but the other program opens the plan only after the writer's last look for
    # writers before the exchange: the exchange displaces a file in motion.
    step_at(monkeypatch, swap, "exchange", lambda: other.begin(1))
    step_at(monkeypatch, swap, "read_all", lambda: (other.finish(), other.begin(2)), call=2)
    with pytest.raises(writer.WriteRefused) as refused:
        press_key(plan)
    check(plan, other, refused.value.message)
    assert kept(plan) == [version(1)]
