"""Dependency checks, the critical path, slack and dependents, on graphs worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from roadmap_tui.model import edits
from roadmap_tui.model.plan import Milestone, Task
from roadmap_tui.model.schedule import (
    DependencyFlag,
    Node,
    critical_path,
    dependency_flags,
    dependents,
    topological_order,
    total_slack,
)
from roadmap_tui.render.timeline_text import flag_text, path_text
from roadmap_tui.store import writer


def d(text: str) -> dt.date:
    return dt.date.fromisoformat("2025-" + text)


def graph(*items: Node) -> dict[str, Node]:
    return {node.id: node for node in items}


def m(nid: str, due: str | None, status: str = "todo", *after: str, phase: str = "P1") -> Node:
    return Node(nid, "milestones", nid, d(due) if due else None, status, after, phase=phase)


# A → B → C is the chain that ends last (03-31, the phase's end); D hangs off A with room to
# spare; U has no date and so no place on any path.
CHAIN = graph(
    m("A", "01-31", "done"),
    m("B", "02-28", "in_progress", "A"),
    m("C", "03-31", "todo", "B"),
    m("D", "03-20", "todo", "A"),
    m("U", None, "todo", "C"),
)


def test_critical_path_is_the_chain_ending_last() -> None:
    path = critical_path(CHAIN, list(CHAIN), d("03-31"), "Phase 1")
    assert path is not None
    assert path.ids == ("A", "B", "C")
    assert path.slack == 0
    assert path_text(path) == "3 milestones on the critical path, slack 0 d"


def test_slack_counts_days_to_the_end_and_goes_negative_past_it() -> None:
    early = critical_path(CHAIN, list(CHAIN), d("04-10"), "P")
    late = critical_path(CHAIN, list(CHAIN), d("03-25"), "P")
    assert early is not None and early.slack == 10
    assert late is not None and late.slack == -6


def test_the_driving_prerequisite_is_the_one_due_last() -> None:
    g = graph(
        m("X", "01-10"),
        m("Y", "02-10"),
        m("Z", "03-01", "todo", "X", "Y"),
        Node("T", "tasks", "T", d("03-05"), "todo", ("Z",), d("03-02")),
    )
    path = critical_path(g, list(g), d("03-05"), "P")
    assert path is not None
    assert path.ids == ("Y", "Z", "T")
    assert path_text(path) == "2 milestones and 1 task on the critical path, slack 0 d"


def test_a_phase_path_only_ends_inside_the_phase() -> None:
    g = graph(m("A", "01-31", phase="P1"), m("B", "04-30", "todo", "A", phase="P2"))
    first = critical_path(g, ["A"], d("03-31"), "P1")
    second = critical_path(g, ["B"], d("06-30"), "P2")
    assert first is not None and first.ids == ("A",) and first.slack == 59
    # The chain to P2's end starts in P1: a prerequisite is followed wherever it is.
    assert second is not None and second.ids == ("A", "B") and second.slack == 61


def test_no_dated_item_no_path() -> None:
    assert critical_path(CHAIN, ["U"], d("03-31"), "P") is None


def test_total_slack_is_the_room_before_a_dependent_or_the_end_moves() -> None:
    g = graph(
        m("A", "01-31"),
        m("B", "02-28", "todo", "A"),
        Node("T", "tasks", "T", d("03-20"), "todo", ("B",), d("03-10")),
    )
    slack = total_slack(g, d("03-31"))
    # T may end by 03-31 (11 d); it takes 10 days, so B must be done by 03-21 (21 d), and A
    # by B's latest date less nothing (a milestone is a point): 03-21, 49 d after 01-31.
    assert slack == {"T": 11, "B": 21, "A": 49}


def test_flags_a_prerequisite_due_after_its_dependent() -> None:
    g = graph(m("E", "04-10"), m("F", "04-05", "todo", "E"))
    assert dependency_flags(g) == [DependencyFlag("E", "F", "due_after")]
    assert [flag_text(f, g) for f in dependency_flags(g)] == [
        "E is due 2025-04-10, 5 d after F (2025-04-05), which depends on it"
    ]


def test_flags_a_done_item_whose_prerequisite_is_not() -> None:
    g = graph(m("B", "02-28", "in_progress"), m("G", "03-01", "done", "B"))
    assert [flag_text(f, g) for f in dependency_flags(g)] == [
        "G is done but its prerequisite B is not (in progress)"
    ]


def test_no_flags_for_dropped_items_undated_items_or_consistent_ones() -> None:
    g = graph(
        m("A", "04-10", "dropped"),
        m("B", "04-01", "done", "A"),
        m("C", None, "todo", "B"),
        m("D", "03-01", "dropped", "B"),
        m("E", "05-01", "done", "B"),
    )
    assert dependency_flags(g) == []


def test_cycles_and_unknown_ids_do_not_stop_the_ordering() -> None:
    g = graph(m("X", "01-01", "todo", "Y", "nowhere"), m("Y", "01-02", "todo", "X"))
    assert sorted(topological_order(g)) == ["X", "Y"]
    assert critical_path(g, list(g), None, "P") is not None


def test_dependents_are_transitive_and_in_plan_order() -> None:
    assert dependents(CHAIN, "A") == ["B", "C", "D", "U"]
    assert dependents(CHAIN, "C") == ["U"]
    assert dependents(CHAIN, "D") == []


PLAN = """\
[plan]
name = "Move"

[[milestones]]
id = "M1"
title = "First"
due = 2025-03-03 # the anchor
status = "todo"

[[tasks]]
id = "T1"
title = "Work"
start = 2025-03-04
due = 2025-03-10
"""


def test_shifting_together_is_one_group_written_and_undone_byte_exactly(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(PLAN.encode())
    milestone = Milestone(id="M1", title="First", due=d("03-03"), status="todo")
    task = Task(id="T1", title="Work", start=d("03-04"), due=d("03-10"))
    group = edits.shift_together(path, [milestone, task], 7, "M1 and 1 dependent +7 d")
    assert [(e.item_id, e.field, e.old, e.new) for e in group] == [
        ("M1", "due", d("03-03"), d("03-10")),
        ("T1", "start", d("03-04"), d("03-11")),
        ("T1", "due", d("03-10"), d("03-17")),
    ]
    assert group.summary == "M1 and 1 dependent +7 d"
    applied = writer.apply_edits(group, None).applied
    assert path.read_text() == (
        PLAN.replace("2025-03-03 #", "2025-03-10 #")
        .replace("start = 2025-03-04", "start = 2025-03-11")
        .replace("due = 2025-03-10\n", "due = 2025-03-17\n")
    )
    writer.apply_edits(applied.inverse(), None)
    assert path.read_bytes() == PLAN.encode()


def test_nothing_to_shift_is_an_empty_group() -> None:
    undated = Task(id="T", title="t")
    assert not edits.shift_together(Path("p.toml"), [undated], 7, "x")


def test_a_contradicted_date_does_not_hide_the_chain_that_ends_last() -> None:
    # M4 is due 04-04 but waits on M5 (04-18): it cannot finish before 04-18, so the chain
    # to G runs through M5 and M4, not through M3 (04-11) whose date is earlier.
    g = graph(
        m("M2", "02-28", "done"),
        m("M3", "04-11", "todo", "M2"),
        m("M5", "04-18", "todo", "M2"),
        m("M4", "04-04", "todo", "M5"),
        m("G", "06-27", "todo", "M3", "M4"),
    )
    path = critical_path(g, ["M3", "M4", "M5"], d("04-30"), "Build")
    assert path is not None
    assert path.ids == ("M2", "M5", "M4")
    assert path.slack == 12
    whole = critical_path(g, list(g), d("06-27"), "Plan")
    assert whole is not None and whole.ids == ("M2", "M5", "M4", "G")
