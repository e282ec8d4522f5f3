"""The Milestones table's rows, merged from each plan's own: the same rows, order and counts as
one sort over every plan, however few of them are taken."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from roadmap_tui.model.plan import Milestone, Plan, PlanInfo, Status
from roadmap_tui.render.milestones import MilestoneRow, milestone_rows
from roadmap_tui.widgets.milestone_pick import PlanRows, pick, table_key

TODAY = date(2025, 3, 1)


def plan(name: str, *milestones: tuple[str, date | None, Status]) -> Plan:
    return Plan(
        plan=PlanInfo(name=name),
        milestones=tuple(
            Milestone(id=ident, title=f"{name} {ident}", due=due, status=status)
            for ident, due, status in milestones
        ),
    )


# Ties on purpose: the same due date in several plans keeps plan order, then file order.
PLANS = [
    (
        Path("a.toml"),
        plan(
            "A",
            ("A1", date(2025, 3, 5), "todo"),
            ("A2", date(2025, 2, 1), "todo"),
            ("A3", date(2025, 3, 5), "done"),
        ),
    ),
    (Path("b.toml"), plan("B", ("B1", date(2025, 3, 5), "todo"), ("B2", None, "blocked"))),
    (
        Path("c.toml"),
        plan("C", ("C1", date(2025, 2, 1), "in_progress"), ("C2", date(2025, 3, 5), "dropped")),
    ),
]


def per_plan() -> list[PlanRows]:
    return [PlanRows.of(path, p, TODAY, wide=False, show_plan=True) for path, p in PLANS]


def ids(rows: list[MilestoneRow]) -> list[str]:
    return [row.key[1] for row in rows]


def everything(*, include_closed: bool) -> list[MilestoneRow]:
    return milestone_rows(PLANS, TODAY, show_plan=True, include_closed=include_closed)


def test_merged_rows_are_one_sort_over_every_plan() -> None:
    for show_closed in (False, True):
        picked = pick(
            per_plan(), show_closed=show_closed, sticky=None, needle="", keep=set(), limit=100
        )
        expected = everything(include_closed=show_closed)
        assert ids(picked.rows) == ids(expected)
        assert picked.total == len(expected)
        assert picked.overdue == sum(1 for row in expected if row.overdue) == 2


def test_past_the_limit_only_the_kept_rows_come_along_in_their_place() -> None:
    every = everything(include_closed=False)
    kept = table_key(every[-1])
    picked = pick(per_plan(), show_closed=False, sticky=None, needle="", keep={kept, None}, limit=2)
    assert ids(picked.rows) == [*ids(every[:2]), every[-1].key[1]]
    assert picked.total == len(every) == 5


def test_a_row_just_closed_stays_listed_and_counted() -> None:
    done = next(row for row in everything(include_closed=True) if row.key[1] == "A3")
    sticky = table_key(done)
    picked = pick(per_plan(), show_closed=False, sticky=sticky, needle="", keep={sticky}, limit=100)
    assert "A3" in ids(picked.rows)
    assert picked.total == 6


def test_a_filter_looks_at_every_row() -> None:
    picked = pick(per_plan(), show_closed=True, sticky=None, needle="c c", keep=set(), limit=1)
    assert ids(picked.rows) == ["C1"]
    assert picked.total == 2  # "C C1" and "C C2" both match; one is listed
