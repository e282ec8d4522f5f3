"""Three-way merges of plan files by item id: one hand-written case per rule, byte-exact."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from roadmap_tui.store.loader import load_bytes
from roadmap_tui.store.merge import Unsupported, merge_plans

BASE = """\
# Team plan
[plan]
name = "Demo"

[[milestones]]
id = "M1"
title = "One"
due = 2025-05-01
status = "todo"

[[milestones]]
id = "M2"
title = "Two"
due = 2025-06-01
status = "todo"
"""

M3 = """
[[milestones]]
id = "M3"
title = "Three"
due = 2025-07-01
status = "todo"
"""

M4 = """
[[milestones]]
id = "M4"
title = 'Four'   # theirs writes single quotes
due = 2025-08-01
status = "todo"
"""


def merge(base: str, ours: str, theirs: str, **options: int) -> tuple[str, list[str]]:
    """The merged text and the conflict report lines."""
    result = merge_plans(base.encode(), ours.encode(), theirs.encode(), **options)
    return result.data.decode(), [c.message("plan.toml") for c in result.conflicts]


def git_line_merge_conflicts(tmp_path: Path, base: str, ours: str, theirs: str) -> bool:
    """Whether git's own line merge conflicts on these three versions."""
    assert shutil.which("git"), "the merge driver needs git; so do these tests"
    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f"{name}.toml"
        path.write_text(text)
        paths.append(str(path))
    done = subprocess.run(
        ["git", "merge-file", "-p", paths[1], paths[0], paths[2]], check=False, capture_output=True
    )
    return done.returncode != 0


def test_both_sides_append_at_the_end_keeps_both_ours_first(tmp_path: Path) -> None:
    ours, theirs = BASE + M3, BASE + M4
    assert git_line_merge_conflicts(tmp_path, BASE, ours, theirs)
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == []
    assert text == BASE + M3 + M4


def test_edits_on_neighbouring_lines_of_different_items(tmp_path: Path) -> None:
    compact = BASE.replace('\n\n[[milestones]]\nid = "M2"', '\n[[milestones]]\nid = "M2"')
    ours = compact.replace('due = 2025-05-01\nstatus = "todo"', 'due = 2025-05-01\nstatus = "done"')
    theirs = compact.replace('[[milestones]]\nid = "M2"', '# moved up\n[[milestones]]\nid = "M2"')
    assert git_line_merge_conflicts(tmp_path, compact, ours, theirs)
    text, conflicts = merge(compact, ours, theirs)
    assert conflicts == []
    assert text == ours.replace(
        '[[milestones]]\nid = "M2"', '# moved up\n[[milestones]]\nid = "M2"'
    )


def test_a_key_changed_on_one_side_takes_that_sides_bytes() -> None:
    theirs = BASE.replace('title = "Two"', "title = 'Zwei' # renamed in review")
    ours = BASE.replace("due = 2025-05-01", "due = 2025-05-08")
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == []
    assert text == ours.replace('title = "Two"', "title = 'Zwei' # renamed in review")


def test_the_same_change_on_both_sides_is_taken_once() -> None:
    ours = BASE.replace("due = 2025-06-01", "due = 2025-06-15") + M3
    theirs = BASE.replace("due = 2025-06-01", "due   =   2025-06-15") + M3
    text, conflicts = merge(BASE, ours, theirs)
    assert (text, conflicts) == (ours, [])


def test_an_item_deleted_on_one_side_and_untouched_on_the_other_is_deleted() -> None:
    without_m1 = BASE.replace(
        '[[milestones]]\nid = "M1"\ntitle = "One"\ndue = 2025-05-01\nstatus = "todo"\n\n', ""
    )
    ours = BASE.replace('title = "Two"', 'title = "Second"')
    text, conflicts = merge(BASE, ours, without_m1)
    assert conflicts == []
    assert text == without_m1.replace('title = "Two"', 'title = "Second"')
    # And the other way round: ours deleted it, theirs changed something else.
    text, conflicts = merge(BASE, without_m1, ours)
    assert text == without_m1.replace('title = "Two"', 'title = "Second"')


def test_delete_against_edit_is_a_conflict_around_the_item() -> None:
    without_m2 = BASE[: BASE.index('\n[[milestones]]\nid = "M2"') + 1]
    ours = BASE.replace("due = 2025-06-01", "due = 2025-06-20")
    text, conflicts = merge(BASE, ours, without_m2)
    assert conflicts == ["plan.toml: milestones[M2]: ours edited it, theirs deleted it"]
    assert text == without_m2 + (
        "<<<<<<< ours\n"
        '[[milestones]]\nid = "M2"\ntitle = "Two"\ndue = 2025-06-20\nstatus = "todo"\n'
        "=======\n"
        ">>>>>>> theirs\n"
    )


def test_the_same_key_changed_differently_is_marked_on_its_line_only() -> None:
    ours = BASE.replace("due = 2025-05-01", "due = 2025-05-20")
    theirs = BASE.replace("due = 2025-05-01", "due = 2025-05-15")
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == ["plan.toml: milestones[M1].due: ours 2025-05-20, theirs 2025-05-15"]
    assert text == BASE.replace(
        "due = 2025-05-01\n",
        "<<<<<<< ours\ndue = 2025-05-20\n=======\ndue = 2025-05-15\n>>>>>>> theirs\n",
    )


def test_conflict_markers_honour_the_marker_size() -> None:
    ours = BASE.replace('name = "Demo"', 'name = "Ours"')
    theirs = BASE.replace('name = "Demo"', 'name = "Theirs"')
    text, conflicts = merge(BASE, ours, theirs, marker_size=10)
    assert conflicts == ['plan.toml: plan.name: ours "Ours", theirs "Theirs"']
    assert (
        '<<<<<<<<<< ours\nname = "Ours"\n==========\nname = "Theirs"\n>>>>>>>>>> theirs\n' in text
    )


def test_two_different_items_given_the_same_new_id_conflict() -> None:
    ours, theirs = BASE + M3, BASE + M3.replace('"Three"', '"Drei"')
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == ["plan.toml: milestones[M3]: added on both sides with different content"]
    assert text == BASE + (
        '\n[[milestones]]\nid = "M3"\n'
        '<<<<<<< ours\ntitle = "Three"\n=======\ntitle = "Drei"\n>>>>>>> theirs\n'
        'due = 2025-07-01\nstatus = "todo"\n'
    )


def test_new_items_go_after_their_preceding_neighbour() -> None:
    inserted = (
        '[[milestones]]\nid = "M1b"\ntitle = "Between"\ndue = 2025-05-15\nstatus = "todo"\n\n'
    )
    theirs = BASE.replace('[[milestones]]\nid = "M2"', inserted + '[[milestones]]\nid = "M2"')
    ours = BASE + M3
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == []
    assert text == theirs + M3


KPI = """\
[plan]
name = "Demo"

[[kpis]]
id = "K1"
name = "Users"
actuals = [
  { date = 2025-01-31, value = 10 },
]
targets = [{ date = 2025-06-30, value = 100 }]
"""


def test_kpi_actuals_appended_on_both_sides_merge_by_date() -> None:
    jan = "  { date = 2025-01-31, value = 10 },\n"
    ours = KPI.replace(jan, jan + "  { date = 2025-03-31, value = 30 },\n")
    theirs = KPI.replace(
        jan, jan + "  # from the February report\n  { date = 2025-02-28, value = 20 },\n"
    )
    text, conflicts = merge(KPI, ours, theirs)
    assert conflicts == []
    assert text == KPI.replace(
        jan,
        jan
        + "  # from the February report\n  { date = 2025-02-28, value = 20 },\n"
        + "  { date = 2025-03-31, value = 30 },\n",
    )


def test_points_on_one_line_merge_in_that_layout() -> None:
    target = "targets = [{ date = 2025-06-30, value = 100 }]"
    ours = KPI.replace(
        target, "targets = [{ date = 2025-06-30, value = 100 }, { date = 2025-12-31, value = 300 }]"
    )
    theirs = KPI.replace(
        target, "targets = [{ date = 2025-03-31, value = 40 }, { date = 2025-06-30, value = 100 }]"
    )
    text, conflicts = merge(KPI, ours, theirs)
    assert conflicts == []
    assert text == KPI.replace(
        target,
        "targets = [{ date = 2025-03-31, value = 40 }, { date = 2025-06-30, value = 100 }, "
        "{ date = 2025-12-31, value = 300 }]",
    )


def test_the_same_point_given_two_values_conflicts() -> None:
    jan = "  { date = 2025-01-31, value = 10 },\n"
    ours = KPI.replace(jan, jan + "  { date = 2025-02-28, value = 20 },\n")
    theirs = KPI.replace(jan, jan + "  { date = 2025-02-28, value = 21 },\n")
    text, conflicts = merge(KPI, ours, theirs)
    assert len(conflicts) == 1
    assert conflicts[0].startswith("plan.toml: kpis[K1].actuals: ours [")
    assert text.count("<<<<<<< ours\n") == 1


def test_crlf_line_ends_stay_crlf() -> None:
    def crlf(text: str) -> str:
        return text.replace("\n", "\r\n")

    text, conflicts = merge(crlf(BASE), crlf(BASE + M3), crlf(BASE + M4))
    assert conflicts == []
    assert text == crlf(BASE + M3 + M4)
    ours = crlf(BASE.replace("due = 2025-05-01", "due = 2025-05-20"))
    theirs = crlf(BASE.replace("due = 2025-05-01", "due = 2025-05-15"))
    text, _ = merge(crlf(BASE), ours, theirs)
    assert (
        "\r\n<<<<<<< ours\r\ndue = 2025-05-20\r\n=======\r\ndue = 2025-05-15\r\n>>>>>>> theirs\r\n"
        in text
    )
    assert "\n" not in text.replace("\r\n", "")


def test_comments_of_both_sides_survive() -> None:
    ours = BASE.replace(
        '[[milestones]]\nid = "M2"', '# Q2 work\n[[milestones]]\nid = "M2"'
    ).replace('title = "One"', 'title = "One" # the first')
    theirs = BASE.replace("due = 2025-05-01", "# agreed in review\ndue = 2025-05-03").replace(
        "# Team plan\n", "# Team plan\n# Owner: Ann\n"
    )
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == []
    assert text == (
        BASE.replace('[[milestones]]\nid = "M2"', '# Q2 work\n[[milestones]]\nid = "M2"')
        .replace('title = "One"', 'title = "One" # the first')
        .replace("due = 2025-05-01", "# agreed in review\ndue = 2025-05-03")
        .replace("# Team plan\n", "# Team plan\n# Owner: Ann\n")
    )


def test_a_comment_above_a_key_and_its_new_value_merge() -> None:
    ours = BASE.replace("due = 2025-05-01", "# slipped a week\ndue = 2025-05-01")
    theirs = BASE.replace("due = 2025-05-01", "due = 2025-05-08")
    text, conflicts = merge(BASE, ours, theirs)
    assert (text, conflicts) == (
        BASE.replace("due = 2025-05-01", "# slipped a week\ndue = 2025-05-08"),
        [],
    )


def test_keys_added_deleted_and_removed_against_a_change() -> None:
    ours = BASE.replace('title = "One"\n', 'title = "One"\nowner = "ann"\n').replace(
        'status = "todo"\n', "", 1
    )
    theirs = BASE.replace("due = 2025-06-01\n", 'due = 2025-06-01\nnote = "tight"\n')
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == []
    assert text == ours.replace("due = 2025-06-01\n", 'due = 2025-06-01\nnote = "tight"\n')
    theirs = BASE.replace('status = "todo"', 'status = "done"', 1)
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == ['plan.toml: milestones[M1].status: ours deleted it, theirs "done"']
    assert '<<<<<<< ours\n=======\nstatus = "done"\n>>>>>>> theirs\n' in text


NEW_FORMAT = """\
[plan]
name = "Demo"
approval = "draft"

[standup]
order = ["Ann", "Bo"]

[[people]]
name = "Ann"
role = "lead"

[[people]]
name = "Bo"
role = "dev"

[[phases]]
id = "P1"
name = "Build"
start = 2025-01-01
end = 2025-03-31
deliverables = [
  { text = "API", done = false },
  { text = "CLI", done = false },
]

[[decisions]]
id = "D1"
text = "Use TOML"
"""


def test_newer_sections_and_keys_merge_generically() -> None:
    ours = (
        NEW_FORMAT.replace('{ text = "API", done = false }', '{ text = "API", done = true }')
        .replace('role = "dev"', 'role = "developer"')
        .replace('approval = "draft"', 'approval = "pending"')
    )
    theirs = (
        NEW_FORMAT.replace('{ text = "CLI", done = false }', '{ text = "CLI", done = true }')
        .replace(
            '[[people]]\nname = "Bo"',
            '[[people]]\nname = "Cy"\nrole = "qa"\n\n[[people]]\nname = "Bo"',
        )
        .replace('name = "Demo"', 'name = "Demo"\nas_of = 2025-02-01')
        + '\n[[decisions]]\nid = "D2"\ntext = "Merge by id"\n'
    )
    text, conflicts = merge(NEW_FORMAT, ours, theirs)
    assert conflicts == []
    assert text == (
        NEW_FORMAT.replace('{ text = "API", done = false }', '{ text = "API", done = true }')
        .replace('{ text = "CLI", done = false }', '{ text = "CLI", done = true }')
        .replace('role = "dev"', 'role = "developer"')
        .replace('approval = "draft"', 'approval = "pending"')
        .replace(
            '[[people]]\nname = "Bo"',
            '[[people]]\nname = "Cy"\nrole = "qa"\n\n[[people]]\nname = "Bo"',
        )
        .replace('name = "Demo"', 'name = "Demo"\nas_of = 2025-02-01')
        + '\n[[decisions]]\nid = "D2"\ntext = "Merge by id"\n'
    )


def test_both_sides_adding_the_file_merge_against_an_empty_base() -> None:
    text, conflicts = merge("", BASE, BASE + M3)
    assert (text, conflicts) == (BASE + M3, [])


def test_a_file_without_a_final_newline_keeps_it_that_way() -> None:
    ours = BASE.rstrip("\n")
    theirs = BASE.replace('name = "Demo"', 'name = "Ours and theirs"')
    text, conflicts = merge(BASE, ours, theirs)
    assert (text, conflicts) == (theirs.rstrip("\n"), [])
    text, _ = merge(BASE, ours, BASE + M3)
    assert text == BASE + M3


def test_a_byte_order_mark_of_ours_is_kept() -> None:
    bom = b"\xef\xbb\xbf"
    result = merge_plans(BASE.encode(), bom + BASE.encode(), (BASE + M3).encode())
    assert result.data == bom + (BASE + M3).encode()


def test_reported_values_carry_no_control_characters() -> None:
    ours = BASE.replace('title = "One"', 'title = "\\u001b[31mred\\u202e"')
    theirs = BASE.replace('title = "One"', 'title = "x\\ny"')
    _, conflicts = merge(BASE, ours, theirs)
    assert conflicts == ['plan.toml: milestones[M1].title: ours "\\u001b[31mred", theirs "x\\ny"']
    assert all(ch.isprintable() for ch in conflicts[0])


def test_a_merge_that_breaks_check_is_reported() -> None:
    phase = '[[phases]]\nid = "P1"\nname = "Build"\nstart = 2025-01-01\nend = 2025-12-31\n\n'
    plan = BASE.replace("[[milestones]]", phase + "[[milestones]]", 1)
    # Ours puts M1 in phase P1 while theirs deletes P1: each side alone is a good plan.
    ours = plan.replace('status = "todo"\n', 'status = "todo"\nphase = "P1"\n', 1)
    theirs = plan.replace(phase, "")
    assert not load_bytes(ours.encode(), Path("p.toml")).errors
    assert not load_bytes(theirs.encode(), Path("p.toml")).errors
    result = merge_plans(plan.encode(), ours.encode(), theirs.encode(), name="plan.toml")
    assert result.conflicts == ()
    assert len(result.problems) == 1 and "P1" in result.problems[0]


@pytest.mark.parametrize(
    ("ours", "why"),
    [
        ('title = "x"\n', "not a plan"),
        ("[plan\n", "does not parse"),
        ('[plan]\nname = "D"\n\n[[milestones]]\ntitle = "no id"\n', "has no id or name"),
        ('[plan]\r\nname = "D"\n', "mixed line endings"),
    ],
)
def test_what_cannot_be_merged_by_item_is_left_to_git(ours: str, why: str) -> None:
    with pytest.raises(Unsupported, match=why):
        merge_plans(BASE.encode(), ours.encode(), BASE.encode())


SUB_TABLES = """\
[plan]
name = "Demo"
milestones = [
  { id = "M1", title = "a", due = 2025-01-01, status = "todo" },
  { id = "M2", title = "b", due = 2025-02-01, status = "todo" },
]

[[kpis]]
id = "K1"
name = "Users"

[kpis.meta]
source = "db"

[[kpis.actuals]]
date = 2025-01-31
value = 1
"""


def test_items_written_inline_and_sub_tables_merge_by_id_and_date() -> None:
    feb = "\n[[kpis.actuals]]\ndate = 2025-02-28\nvalue = 2\n"
    mar = "\n[[kpis.actuals]]\ndate = 2025-03-31\nvalue = 3\n"
    ours = SUB_TABLES.replace('title = "a"', 'title = "A"') + feb
    theirs = SUB_TABLES.replace('title = "b"', 'title = "B"') + mar
    text, conflicts = merge(SUB_TABLES, ours, theirs)
    assert conflicts == []
    assert (
        text
        == SUB_TABLES.replace('title = "a"', 'title = "A"').replace('title = "b"', 'title = "B"')
        + feb
        + mar
    )
    ours = SUB_TABLES.replace('source = "db"', 'source = "warehouse"')
    theirs = SUB_TABLES.replace('source = "db"', 'source = "sheet"')
    _, conflicts = merge(SUB_TABLES, ours, theirs)
    assert conflicts == ['plan.toml: kpis[K1].meta: ours "warehouse", theirs "sheet"']


def test_markers_stay_on_lines_of_their_own_around_a_line_separator() -> None:
    # U+2028 ends a line for str.splitlines, not for TOML: both values share "Mile\u2028".
    ours = BASE.replace('title = "One"', 'title = "Mile\u2028one"')
    theirs = BASE.replace('title = "One"', 'title = "Mile\u2028stone"')
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == ['plan.toml: milestones[M1].title: ours "Mile one", theirs "Mile stone"']
    assert text == BASE.replace(
        'title = "One"\n',
        '<<<<<<< ours\ntitle = "Mile\u2028one"\n'
        '=======\ntitle = "Mile\u2028stone"\n>>>>>>> theirs\n',
    )


def test_arrays_of_words_merge_by_value_unless_a_side_reorders_them() -> None:
    plan = NEW_FORMAT.replace(
        'approval = "draft"\n', 'approval = "draft"\nnon_goals = ["mobile"]\n'
    )
    ours = plan.replace('non_goals = ["mobile"]', 'non_goals = ["mobile", "SSO"]').replace(
        'order = ["Ann", "Bo"]', 'order = ["Ann", "Bo", "Cy"]'
    )
    theirs = plan.replace('non_goals = ["mobile"]', 'non_goals = ["mobile", "i18n"]').replace(
        'order = ["Ann", "Bo"]', 'order = ["Bo", "Ann"]'
    )
    text, conflicts = merge(plan, ours, theirs)
    assert 'non_goals = ["mobile", "SSO", "i18n"]\n' in text
    assert conflicts == ['plan.toml: standup.order: ours ["Ann", "Bo", "Cy"], theirs ["Bo", "Ann"]']


def test_items_moved_on_one_side_only_are_moved() -> None:
    m1 = '[[milestones]]\nid = "M1"\ntitle = "One"\ndue = 2025-05-01\nstatus = "todo"\n'
    m2 = '[[milestones]]\nid = "M2"\ntitle = "Two"\ndue = 2025-06-01\nstatus = "todo"\n'
    head = '# Team plan\n[plan]\nname = "Demo"\n\n'
    assert head + m1 + "\n" + m2 == BASE
    theirs = head + m2 + "\n" + m1
    ours = BASE.replace('title = "One"', 'title = "Uno"') + M3
    text, conflicts = merge(BASE, ours, theirs)
    assert conflicts == []
    # Ours added M3 after M2, and M2 is first now.
    m1_edited = m1.replace('title = "One"', 'title = "Uno"')
    assert text == head + m2 + "\n" + M3.lstrip("\n") + "\n" + m1_edited
