"""Owner focus: who is named in plans, and a plan narrowed to one person."""

from __future__ import annotations

import datetime as dt

from roadmap_tui.model.owners import only_owner, owners, people
from roadmap_tui.model.plan import Kpi, Milestone, Plan, PlanInfo, Risk, Task

DAY = dt.date(2025, 1, 1)


def _plan() -> Plan:
    return Plan(
        plan=PlanInfo(name="p"),
        milestones=(
            Milestone(id="M1", title="a", due=DAY, status="todo", owner="张三"),
            Milestone(id="M2", title="b", due=DAY, status="todo", owner="张三/李四"),
            Milestone(id="M3", title="c", due=DAY, status="todo", owner="王五"),
            Milestone(id="M4", title="d", due=DAY, status="todo"),
        ),
        tasks=(Task(id="T1", title="t", owner="李四、Ann"),),
        risks=(Risk(id="R1", title="r", probability=3, impact=3, owner="Ann"),),
        kpis=(Kpi(id="k", name="k"),),
    )


def test_people_splits_the_ways_plans_name_several_owners() -> None:
    assert people("张三/李四") == ["张三", "李四"]
    assert people("A, B & C") == ["A", "B", "C"]
    assert people("李四、Ann") == ["李四", "Ann"]
    assert people(None) == []
    assert people("  ") == []


def test_owners_lists_everyone_once_sorted() -> None:
    assert owners([_plan()]) == ["Ann", "张三", "李四", "王五"]


def test_only_owner_keeps_shared_items_and_every_kpi() -> None:
    narrowed = only_owner(_plan(), "李四")
    assert [m.id for m in narrowed.milestones] == ["M2"]
    assert [t.id for t in narrowed.tasks] == ["T1"]
    assert narrowed.risks == ()
    assert [k.id for k in narrowed.kpis] == ["k"]
    assert [r.id for r in only_owner(_plan(), "Ann").risks] == ["R1"]
