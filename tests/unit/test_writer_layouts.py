"""Layouts the writer once rewrote beyond the edited value (issue items 8 and 9)."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from roadmap_tui.model import edits
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.writer import apply_edits, read_stamp

HEAD = '[plan]\nname = "x"\nstart = 2025-01-01\nend = 2025-12-31\n'


def changed(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_inline_item_changes_only_its_own_line(tmp_path: Path) -> None:
    text = (
        "milestones = [\n"
        '  { id = "A", title = "a", due = 2025-01-15, status = "todo" },  # first\n'
        '  {id="B",title="b",due=2025-01-15,status="done",done_on=2025-01-10},\n'
        '  { id = "C", title = "c", due = 2025-01-15, status = "todo", note = \'n\' },\n'
        "]\n\n" + HEAD
    )
    path = write(tmp_path, text)
    plan = load_file(path).plan
    assert plan is not None
    for item in plan.milestones:
        result = apply_edits(edits.cycle_status(path, item, dt.date(2025, 2, 1)), None)
        lines = changed(text, path.read_text(encoding="utf-8"))
        assert len(lines) == 2 and all(f'"{item.id}"' in line for line in lines), lines
        apply_edits(result.undo, None)
        assert path.read_text(encoding="utf-8") == text
    # Removing a key leaves no double space, and the undo puts it back as it was.
    b = plan.milestones[1]
    result = apply_edits(edits.cycle_status(path, b, dt.date(2025, 2, 1)), None)
    assert '{id="B",title="b",due=2025-01-15,status="todo"},' in path.read_text(encoding="utf-8")
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_points_with_an_extra_key_are_not_taken_for_a_change_on_disk(tmp_path: Path) -> None:
    text = (
        HEAD + '\n[[kpis]]\nid = "K1"\nname = "Speed"\n'
        'actuals = [{ date = 2025-01-01, value = 10, source = "bench" }]\n'
    )
    path = write(tmp_path, text)
    plan = load_file(path).plan
    assert plan is not None
    stamp = read_stamp(path)
    result = apply_edits(edits.record_actual(path, plan.kpis[0], dt.date(2025, 2, 1), 12), stamp)
    assert changed(text, path.read_text(encoding="utf-8")) == [
        '-actuals = [{ date = 2025-01-01, value = 10, source = "bench" }]',
        '+actuals = [{ date = 2025-01-01, value = 10, source = "bench" }, '
        "{ date = 2025-02-01, value = 12 }]",
    ]
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_actuals_written_as_tables_stay_tables(tmp_path: Path) -> None:
    text = (
        HEAD + '\n[[kpis]]\nid = "K1"\nname = "Speed"\n\n'
        "[[kpis.actuals]]\ndate = 2025-01-01\nvalue = 10  # first\n"
    )
    path = write(tmp_path, text)
    plan = load_file(path).plan
    assert plan is not None
    result = apply_edits(edits.record_actual(path, plan.kpis[0], dt.date(2025, 2, 1), 12), None)
    assert path.read_text(encoding="utf-8") == text + (
        "\n[[kpis.actuals]]\ndate = 2025-02-01\nvalue = 12\n"
    )
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_a_value_on_its_own_line_changes_and_nothing_else(tmp_path: Path) -> None:
    # Odd spacing, a literal string, a comment after the value, a line in a multi-line string
    # that looks like the key, and CRLF line ends: only the value's own bytes change.
    text = (
        HEAD + '\n[[milestones]]\nid = "M1"\ntitle = "one"\n'
        'note = """\nstatus = "todo"\n"""\n'
        "due   =   2025-03-01   # agreed\n"
        "status\t=\t'todo'    # asked by ops\n"
    ).replace("\n", "\r\n")
    path = write(tmp_path, text)
    path.write_bytes(text.encode())
    plan = load_file(path).plan
    assert plan is not None
    milestone = plan.milestones[0]
    result = apply_edits(edits.set_status(path, milestone, "blocked", dt.date(2025, 2, 1)), None)
    after = path.read_bytes().decode()
    assert after == text.replace("\t'todo'    #", "\t'blocked'    #")
    apply_edits(result.undo, None)
    assert path.read_bytes().decode() == text
    moved = edits.set_due(path, milestone, dt.date(2025, 4, 2))
    apply_edits(moved, None)
    assert path.read_bytes().decode() == text.replace("2025-03-01   #", "2025-04-02   #")
