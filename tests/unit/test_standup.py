"""The standup walk's rules: grouping of a person's items, walk order, durations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest

from roadmap_tui.model.plan import Milestone, Person, Plan, PlanInfo, Task
from roadmap_tui.model.standup import (
    Stop,
    format_elapsed,
    group_counts,
    items_for_stop,
    parse_duration,
    unmentioned,
    walk_order,
    walk_stops,
)

TODAY = dt.date(2025, 2, 10)


def _plan() -> Plan:
    def m(ident: str, due: dt.date, status: str, owner: str = "Ann") -> Milestone:
        return Milestone(id=ident, title=ident, due=due, status=status, owner=owner)  # type: ignore[arg-type]

    return Plan(
        plan=PlanInfo(name="p"),
        milestones=(
            m("late", dt.date(2025, 2, 1), "in_progress"),
            m("blocked", dt.date(2025, 3, 1), "blocked"),
            m("doing", dt.date(2025, 4, 1), "in_progress"),
            m("soon", dt.date(2025, 2, 17), "todo"),
            m("later", dt.date(2025, 2, 18), "todo"),
            m("done", dt.date(2025, 2, 1), "done"),
            m("bob", dt.date(2025, 2, 1), "todo", owner="Bob"),
        ),
        tasks=(Task(id="t", title="t", owner="Ann/Bob", due=dt.date(2025, 2, 12)),),
    )


def test_items_are_grouped_overdue_blocked_in_progress_due_soon() -> None:
    items = items_for_stop(Stop("person", ("Ann",)), [(Path("p.toml"), _plan())], TODAY)
    assert [(w.item.id, w.group) for w in items] == [
        ("late", "overdue"),
        ("blocked", "blocked"),
        ("doing", "in progress"),
        ("t", "due soon"),
        ("soon", "due soon"),
    ]


def test_walk_order_puts_the_given_order_first_then_everyone_else() -> None:
    assert walk_order([_plan()]) == ["Ann", "Bob"]
    assert walk_order([_plan()], ["Bob", "Cleo"]) == ["Bob", "Cleo", "Ann"]


def test_names_no_plan_mentions_are_found_owners_people_and_teams_are_not() -> None:
    plan = msgspec.structs.replace(
        _plan(), people=(Person(name="Dee"), Person(name="Core crew", team=True))
    )
    assert unmentioned([plan], ["Bob", "Dee", "Cleo", "Core crew", "all", "Ann/Bob"]) == [
        "Cleo",
        "Ann/Bob",
    ]


def test_blocked_and_in_progress_count_whether_or_not_overdue() -> None:
    items = items_for_stop(Stop("person", ("Ann",)), [(Path("p.toml"), _plan())], TODAY)
    # "late" is in progress AND overdue: counted in both; the header must not say 0 in progress.
    assert group_counts(items) == {"overdue": 1, "blocked": 1, "in progress": 2, "due soon": 2}
    late_blocked = Milestone(
        id="x", title="x", due=dt.date(2025, 1, 1), status="blocked", owner="Cy"
    )
    plan = Plan(plan=PlanInfo(name="q"), milestones=(late_blocked,))
    cy = items_for_stop(Stop("person", ("Cy",)), [(Path("q.toml"), plan)], TODAY)
    assert [(w.group, group_counts(cy)["blocked"]) for w in cy] == [("overdue", 1)]


def _team_plan() -> Plan:
    def m(ident: str, owner: str | None) -> Milestone:
        return Milestone(id=ident, title=ident, due=dt.date(2025, 2, 1), status="todo", owner=owner)

    return Plan(
        plan=PlanInfo(name="t"),
        milestones=(
            m("a", "Zed"),
            m("b", None),
            m("c", "全体"),
            m("d", "All"),
            m("e", "Amy"),
            m("f", ""),
        ),
    )


def test_the_walk_visits_people_then_unassigned_then_the_team_once() -> None:
    plan = _team_plan()
    stops = walk_stops([plan], ["Zed"])
    assert [(s.kind, s.label) for s in stops] == [
        ("person", "Zed"),
        ("person", "Amy"),
        ("unassigned", "Unassigned"),
        ("team", "All / 全体"),
    ]
    where = [(Path("t.toml"), plan)]
    assert [w.item.id for w in items_for_stop(stops[2], where, TODAY)] == ["b", "f"]
    assert [w.item.id for w in items_for_stop(stops[3], where, TODAY)] == ["c", "d"]


def test_team_words_are_not_people_in_the_order() -> None:
    assert walk_order([_team_plan()]) == ["Amy", "Zed"]
    assert Stop("person", ("Amy",)).label == "Amy"


@pytest.mark.parametrize(("text", "seconds"), [("2m", 120), ("90s", 90), ("1m30s", 90), ("45", 45)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_bad_duration_says_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("soon")


def test_elapsed_is_minutes_and_seconds() -> None:
    assert format_elapsed(83.9) == "1:23"
    assert format_elapsed(0) == "0:00"


def test_people_give_the_order_and_mark_team_names() -> None:
    from roadmap_tui.model.plan import Person

    plan = msgspec.structs.replace(
        _team_plan(),
        people=(
            Person(name="Zed"),
            Person(name="Core crew", team=True),
            Person(name="Amy"),
        ),
    )
    plan = msgspec.structs.replace(
        plan,
        milestones=(
            *plan.milestones,
            Milestone(id="g", title="g", due=dt.date(2025, 2, 1), status="todo", owner="Core crew"),
            Milestone(id="h", title="h", due=dt.date(2025, 2, 1), status="todo", owner="Bea"),
        ),
    )
    stops = walk_stops([plan])
    assert [s.label for s in stops] == ["Zed", "Amy", "Bea", "Unassigned", "All / Core crew / 全体"]
    # [standup] order (or --order) comes first, then [[people]], then A-Z.
    assert walk_order([plan], ["Bea"]) == ["Bea", "Zed", "Amy"]
