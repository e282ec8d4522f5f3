"""Writing edits: byte-exact changes, atomic replacement, and refusals that leave files alone."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import stat
from pathlib import Path

import pytest

from roadmap_tui.model import edits
from roadmap_tui.model.edits import MISSING, Edit, EditGroup
from roadmap_tui.model.plan import Plan
from roadmap_tui.store import journal, writer
from roadmap_tui.store.loader import content_digest, load_file
from roadmap_tui.store.writer import WriteRefused, apply_edits, read_stamp

TODAY = dt.date(2025, 2, 10)

PLAN = """\
# A small plan
[plan]
name = "Demo"

# The first milestone
[[milestones]]
id = "M1"
title = "First"
due = 2025-03-01
status = "todo"
owner = 'Ann'   # literal on purpose

[[milestones]]
id = "M2"
title = "Second"
due = 2025-04-01
status = "done"
done_on = 2025-02-01
note = "keep me"

# ── risks ──
[[risks]]
id = "R1"
title = "Slow"
probability = "中"
impact = 3

[[kpis]]
id = "p99"
name = "P99"
actuals = [{ date = 2025-01-01, value = 25 }]

[[kpis]]
id = "qps"
name = "QPS"
actuals = [
  { date = 2025-01-01, value = 100 },
]
"""


def write_plan(tmp_path: Path, text: str = PLAN, name: str = "plan.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def plan_of(path: Path) -> Plan:
    result = load_file(path)
    assert result.plan is not None, result.problems
    return result.plan


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a unified diff removes (-) and adds (+)."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def cycle(path: Path, item_id: str = "M1") -> writer.WriteResult:
    item = next(m for m in plan_of(path).milestones if m.id == item_id)
    return apply_edits(edits.cycle_status(path, item, TODAY), read_stamp(path))


def test_cycling_a_status_changes_exactly_that_line(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = cycle(path)
    after = path.read_text(encoding="utf-8")
    assert changed_lines(PLAN, after) == ['-status = "todo"', '+status = "in_progress"']
    assert result.digest == content_digest(path.read_bytes())
    assert result.stamp == read_stamp(path)
    assert not result.rebased


def test_done_adds_done_on_after_the_last_key_and_undone_removes_it(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    cycle(path)
    in_progress = path.read_text(encoding="utf-8")
    cycle(path)
    done = path.read_text(encoding="utf-8")
    assert changed_lines(in_progress, done) == [
        '-status = "in_progress"',
        '+status = "done"',
        "+done_on = 2025-02-10",
    ]
    assert '# The first milestone\n[[milestones]]\nid = "M1"' in done
    assert "owner = 'Ann'   # literal on purpose\ndone_on = 2025-02-10\n\n[[milestones]]" in done
    cycle(path)
    assert path.read_text(encoding="utf-8") == PLAN


def test_added_key_takes_the_items_indentation_and_spacing(tmp_path: Path) -> None:
    text = '[plan]\nname = "x"\n\n[[milestones]]\n  id = "M1"\n  title = "t"\n  due=2025-03-01\n'
    text += '  status="in_progress"\n\n  # about the next one\n[[milestones]]\n  id = "M2"\n'
    text += '  title = "u"\n  due = 2025-03-01\n  status = "todo"\n'
    path = write_plan(tmp_path, text)
    cycle(path)
    after = path.read_text(encoding="utf-8")
    assert '  status="done"\n  done_on=2025-02-10\n\n  # about the next one\n' in after


def test_a_removed_key_takes_only_its_line(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    m2 = plan_of(path).milestones[1]
    apply_edits(edits.set_note(path, m2, ""), None)
    assert changed_lines(PLAN, path.read_text(encoding="utf-8")) == ['-note = "keep me"']


def test_undoing_a_removal_puts_the_line_back_where_it_was(tmp_path: Path) -> None:
    text = PLAN.replace('note = "keep me"', 'note = "keep me"  # why\nversion = "v1"')
    path = write_plan(tmp_path, text)
    removed = apply_edits(edits.set_note(path, plan_of(path).milestones[1], ""), None)
    assert changed_lines(text, path.read_text(encoding="utf-8")) == ['-note = "keep me"  # why']
    assert removed.applied.edits[0].after == "done_on"
    apply_edits(removed.undo, None)
    assert path.read_text(encoding="utf-8") == text  # its comment comes back with it


def test_a_checklist_task_blocked_and_back_is_exact(tmp_path: Path) -> None:
    text = PLAN + '\n[[tasks]]\nid = "T1"\ntitle = "t"\ndone = false\nowner = "Ann"\n'
    path = write_plan(tmp_path, text)
    blocked = apply_edits(edits.toggle_blocked(path, plan_of(path).tasks[0]), None)
    assert changed_lines(text, path.read_text(encoding="utf-8")) == [
        "-done = false",
        '+status = "blocked"',
    ]
    apply_edits(blocked.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_single_quoted_strings_stay_single(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    edit = Edit(path, "milestones", "M1", "owner", "Ann", "Bob Lee")
    apply_edits([edit], None)
    after = path.read_text(encoding="utf-8")
    assert changed_lines(PLAN, after) == [
        "-owner = 'Ann'   # literal on purpose",
        "+owner = 'Bob Lee'   # literal on purpose",
    ]
    # A value a literal string cannot hold is written as a basic string.
    apply_edits([Edit(path, "milestones", "M1", "owner", "Bob Lee", "Bob's")], None)
    assert 'owner = "Bob\'s"   # literal on purpose\n' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "value", "expected"),
    [
        ("'old'", "new", "'new'"),
        ("'old'", "it's", '"it\'s"'),
        ("'old'", "two\nlines", '"two\\nlines"'),
        ('"""old"""', 'a\n"b"', '"""a\n"b""""'),
        ('"""old"""', "\nleading", '"""\n\nleading"""'),
        ("'''old'''", "c:\\path\nnext", "'''c:\\path\nnext'''"),
        ("'''old'''", "it's '''", "\"it's '''\""),
    ],
)
def test_string_styles_are_kept_where_they_can_hold_the_value(
    tmp_path: Path, written: str, value: str, expected: str
) -> None:
    text = PLAN.replace('note = "keep me"', f"note = {written}")
    path = write_plan(tmp_path, text)
    old = plan_of(path).milestones[1].note
    assert old is not None
    result = apply_edits([Edit(path, "milestones", "M2", "note", old, value)], None)
    assert path.read_text(encoding="utf-8") == text.replace(written, expected)
    assert plan_of(path).milestones[1].note == value
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_undo_writes_values_back_as_they_were_written(tmp_path: Path) -> None:
    text = PLAN.replace('note = "keep me"', 'note = "caf\\u00e9"').replace(
        'probability = "中"', "probability = 0.60"
    )
    path = write_plan(tmp_path, text)
    plan = plan_of(path)
    noted = apply_edits(edits.set_note(path, plan.milestones[1], "tea"), None)
    stepped = apply_edits(edits.step_risk(path, plan.risks[0], "probability", 1), None)
    assert "probability = 0.8\n" in path.read_text(encoding="utf-8")
    apply_edits(stepped.undo, None)
    apply_edits(noted.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_notes_with_quotes_and_newlines_round_trip(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    text = 'say "hi" \\ 你好\nsecond line\ttab'
    result = apply_edits(edits.set_note(path, plan_of(path).milestones[0], text), None)
    assert plan_of(path).milestones[0].note == text
    assert changed_lines(PLAN, path.read_text(encoding="utf-8")) == [
        '+note = "say \\"hi\\" \\\\ 你好\\nsecond line\\ttab"'
    ]
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == PLAN


def test_crlf_stays_crlf_everywhere(tmp_path: Path) -> None:
    crlf = PLAN.replace("\n", "\r\n")
    path = write_plan(tmp_path, crlf)
    done = cycle(path)
    done2 = cycle(path)
    kpi = plan_of(path).kpis[1]
    recorded = apply_edits(edits.record_actual(path, kpi, TODAY, 120), None)
    noted = apply_edits(edits.set_note(path, plan_of(path).risks[0], "a\nb"), None)
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert (
        b"status = \"done\"\r\nowner = 'Ann'   # literal on purpose\r\ndone_on = 2025-02-10\r\n"
        in data
    )
    assert b"  { date = 2025-02-10, value = 120 },\r\n]" in data
    for result in (noted, recorded, done2, done):
        apply_edits(result.undo, None)
    assert path.read_bytes() == crlf.encode()


def test_a_multiline_string_in_a_crlf_file_breaks_lines_with_crlf(tmp_path: Path) -> None:
    crlf = PLAN.replace('note = "keep me"', 'note = """keep\nme"""').replace("\n", "\r\n")
    path = write_plan(tmp_path, crlf)
    result = apply_edits([Edit(path, "milestones", "M2", "note", "keep\nme", "one\ntwo")], None)
    data = path.read_bytes()
    assert b'note = """one\r\ntwo"""\r\n' in data
    assert data.count(b"\n") == data.count(b"\r\n")
    assert plan_of(path).milestones[1].note == "one\ntwo"
    apply_edits(result.undo, None)
    assert path.read_bytes() == crlf.encode()


def test_utf8_bom_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + PLAN.encode())
    cycle(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode() == PLAN.replace('status = "todo"', 'status = "in_progress"')


def test_kpi_actual_appends_to_an_inline_array(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    apply_edits(edits.record_actual(path, plan_of(path).kpis[0], TODAY, 30), None)
    assert changed_lines(PLAN, path.read_text(encoding="utf-8")) == [
        "-actuals = [{ date = 2025-01-01, value = 25 }]",
        "+actuals = [{ date = 2025-01-01, value = 25 }, { date = 2025-02-10, value = 30 }]",
    ]


def test_kpi_actual_appends_a_line_to_a_multiline_array(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = apply_edits(edits.record_actual(path, plan_of(path).kpis[1], TODAY, 120.5), None)
    assert changed_lines(PLAN, path.read_text(encoding="utf-8")) == [
        "+  { date = 2025-02-10, value = 120.5 },"
    ]
    assert plan_of(path).kpis[1].actuals[-1].value == 120.5
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == PLAN


def test_kpi_actual_in_an_array_without_trailing_comma_undoes_exactly(tmp_path: Path) -> None:
    text = PLAN.replace("value = 100 },\n]", "value = 100 }\n]")
    path = write_plan(tmp_path, text)
    result = apply_edits(edits.record_actual(path, plan_of(path).kpis[1], TODAY, 7), None)
    assert "value = 100 },\n  { date = 2025-02-10, value = 7 }\n]" in path.read_text("utf-8")
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_first_kpi_actual_adds_the_key_and_undo_removes_it(tmp_path: Path) -> None:
    text = PLAN.replace("actuals = [{ date = 2025-01-01, value = 25 }]\n", 'unit = "ms"\n')
    path = write_plan(tmp_path, text)
    result = apply_edits(edits.record_actual(path, plan_of(path).kpis[0], TODAY, 21), None)
    after = path.read_text(encoding="utf-8")
    assert 'unit = "ms"\nactuals = [{ date = 2025-02-10, value = 21 }]\n' in after
    assert result.applied.edits[0].old is MISSING
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_a_defaulted_risk_status_is_added_and_undone_exactly(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = apply_edits(edits.cycle_risk_status(path, plan_of(path).risks[0]), None)
    assert changed_lines(PLAN, path.read_text(encoding="utf-8")) == ['+status = "mitigating"']
    assert result.undo.edits[0].new is MISSING
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == PLAN


def test_risk_steps_keep_the_scale(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    risk = plan_of(path).risks[0]
    apply_edits(edits.step_risk(path, risk, "probability", 1), None)
    apply_edits(edits.step_risk(path, risk, "impact", -1), None)
    assert changed_lines(PLAN, path.read_text(encoding="utf-8")) == [
        '-probability = "中"',
        "-impact = 3",
        '+probability = "高"',
        "+impact = 2",
    ]


def test_a_symlinked_plan_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = write_plan(tmp_path / "real")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    result = cycle(link)
    assert link.is_symlink()
    assert result.path == link
    assert result.target == real.resolve()
    assert 'status = "in_progress"' in real.read_text(encoding="utf-8")
    assert [p.name for p in real.parent.iterdir()] == ["plan.toml"]


def test_file_mode_is_kept(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    path.chmod(0o640)
    cycle(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_read_only_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    path.chmod(0o444)
    with pytest.raises(WriteRefused) as refused:
        cycle(path)
    assert refused.value.message == "M1 status not changed: plan.toml is read-only"
    assert path.read_text(encoding="utf-8") == PLAN
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = write_plan(folder)
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user can write in read-only folders (root)")
        with pytest.raises(WriteRefused, match=r"^M1 status not changed: cannot create a file"):
            cycle(path)
        assert path.read_text(encoding="utf-8") == PLAN
    finally:
        folder.chmod(0o755)


def test_a_failed_write_leaves_the_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_plan(tmp_path)

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(writer.os, "replace", full)
    monkeypatch.setattr(writer.swap, "exchange", full)
    with pytest.raises(WriteRefused, match=r"^M1 status not changed: .*no space left"):
        cycle(path)
    assert path.read_text(encoding="utf-8") == PLAN
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


def test_an_external_change_elsewhere_is_kept(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    m1 = plan_of(path).milestones[0]
    loaded = read_stamp(path)
    external = PLAN.replace('note = "keep me"', 'note = "edited in vim"')
    path.write_text(external, encoding="utf-8")
    result = apply_edits(edits.cycle_status(path, m1, TODAY), loaded)
    assert result.rebased
    assert path.read_text(encoding="utf-8") == external.replace(
        'status = "todo"', 'status = "in_progress"'
    )


def test_an_external_change_of_the_same_value_is_refused(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    m1 = plan_of(path).milestones[0]
    loaded = read_stamp(path)
    external = PLAN.replace('status = "todo"', 'status = "done"')
    path.write_text(external, encoding="utf-8")
    with pytest.raises(WriteRefused) as refused:
        apply_edits(edits.cycle_status(path, m1, TODAY), loaded)
    assert refused.value.message == 'M1 status is now "done" on disk; not changed'
    assert path.read_bytes() == external.encode()


def test_a_save_between_the_check_and_the_swap_is_given_back_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program renames its save over the plan just before the writer's swap: the swap
    brings that save out, the writer notices, swaps it back and applies the edit to it."""
    path = write_plan(tmp_path)
    m1 = plan_of(path).milestones[0]
    external = PLAN.replace("impact = 3", "impact = 4")
    real_exchange = writer.swap.exchange
    calls: list[Path] = []

    def racing(first: Path, second: Path) -> bool:
        if not calls:
            other = tmp_path / "other.tmp"
            other.write_text(external, encoding="utf-8")
            os.replace(other, path)
        calls.append(first)
        return real_exchange(first, second)

    monkeypatch.setattr(writer.swap, "exchange", racing)
    result = apply_edits(edits.cycle_status(path, m1, TODAY), None)
    assert len(calls) == 3  # swapped in, swapped back, swapped in again on the new content
    assert path.read_text(encoding="utf-8") == external.replace(
        'status = "todo"', 'status = "in_progress"'
    )
    assert result.stamp.sha256 == content_digest(path.read_bytes())
    kept = [version.read() for version in journal.versions(path)]
    assert kept == [external.encode()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]


def test_a_file_that_no_longer_parses_is_refused(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    m1 = plan_of(path).milestones[0]
    broken = PLAN.replace('title = "Second"', 'title = "Second')
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(WriteRefused, match=r"^M1 status not changed: plan\.toml does not parse"):
        apply_edits(edits.cycle_status(path, m1, TODAY), None)
    assert path.read_text(encoding="utf-8") == broken


def test_an_unknown_id_is_refused(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    edit = Edit(path, "milestones", "M9", "status", "todo", "done")
    with pytest.raises(WriteRefused) as refused:
        apply_edits([edit], None)
    assert (
        refused.value.message
        == "M9 status not changed: there is no milestone 'M9' in plan.toml now"
    )
    assert path.read_text(encoding="utf-8") == PLAN


def test_a_vanished_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gone.toml"
    edit = Edit(path, "milestones", "M1", "status", "todo", "done")
    with pytest.raises(WriteRefused, match=r"gone\.toml no longer exists"):
        apply_edits([edit], None)


def test_a_group_is_all_or_nothing(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    good = Edit(path, "milestones", "M1", "status", "todo", "done")
    stale = Edit(path, "milestones", "M2", "note", "old text", "new")
    with pytest.raises(WriteRefused, match=r'^M2 note is now "keep me" on disk'):
        apply_edits(EditGroup(path, (good, stale)), None)
    assert path.read_text(encoding="utf-8") == PLAN


def test_an_empty_group_writes_nothing(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    before = path.stat().st_mtime_ns
    result = apply_edits(EditGroup(path), None)
    assert result.stamp == read_stamp(path)
    assert path.stat().st_mtime_ns == before


def test_a_file_without_a_final_newline_round_trips(tmp_path: Path) -> None:
    text = '[plan]\nname = "x"\n\n[[milestones]]\nid = "M1"\ntitle = "t"\ndue = 2025-03-01\n'
    text += 'status = "in_progress"'
    path = write_plan(tmp_path, text)
    done = cycle(path)
    assert path.read_text(encoding="utf-8").endswith('status = "done"\ndone_on = 2025-02-10')
    apply_edits(done.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_inline_items_are_edited_through_the_whole_document(tmp_path: Path) -> None:
    text = "milestones = [\n"
    text += '  { id = "M1", title = "t", due = 2025-03-01, status = "in_progress" },\n]\n'
    text += '\n[plan]\nname = "x"\n'
    path = write_plan(tmp_path, text)
    done = cycle(path)
    assert 'status = "done", done_on = 2025-02-10 },\n' in path.read_text(encoding="utf-8")
    apply_edits(done.undo, None)
    assert path.read_text(encoding="utf-8") == text


def test_a_header_inside_a_multiline_string_does_not_mislead(tmp_path: Path) -> None:
    text = PLAN.replace(
        'note = "keep me"', 'note = """\n[[milestones]]\nid = "M1"\nstatus = "todo"\n"""'
    )
    path = write_plan(tmp_path, text)
    cycle(path)
    after = path.read_text(encoding="utf-8")
    assert changed_lines(text, after) == ['-status = "todo"', '+status = "in_progress"']
    assert plan_of(path).milestones[1].note == '[[milestones]]\nid = "M1"\nstatus = "todo"\n'
