"""Comparing two versions of a plan item by item, and printing the changes for people."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from rich.console import Console

from roadmap_tui.model.changes import (
    UNCOMMITTED,
    Change,
    ChangeReport,
    FileChanges,
    by_owner,
    changed_items,
    diff_plans,
)
from roadmap_tui.model.plan import (
    Kpi,
    Milestone,
    Plan,
    PlanInfo,
    Point,
    Risk,
    RiskStatus,
    Status,
    Task,
)
from roadmap_tui.render.changes import (
    changes_markdown,
    changes_renderable,
    changes_text,
    describe,
    markdown_escape,
)

WHEN = dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC)
PATH = Path("plans/alpha.toml")


def plan(*items: Milestone | Task | Risk | Kpi, name: str = "Alpha") -> Plan:
    return Plan(
        plan=PlanInfo(name=name),
        milestones=tuple(i for i in items if isinstance(i, Milestone)),
        tasks=tuple(i for i in items if isinstance(i, Task)),
        risks=tuple(i for i in items if isinstance(i, Risk)),
        kpis=tuple(i for i in items if isinstance(i, Kpi)),
    )


def ms(
    ident: str = "M1",
    status: Status = "todo",
    due: dt.date = dt.date(2025, 3, 10),
    title: str = "Design",
    owner: str | None = "Alice",
) -> Milestone:
    return Milestone(id=ident, title=title, due=due, status=status, owner=owner)


def risk(
    probability: int | str | None = "中", impact: int | str | None = 3, status: RiskStatus = "open"
) -> Risk:
    return Risk(
        id="R1",
        title="Slow disks",
        probability=probability,
        impact=impact,
        owner="Bob",
        status=status,
    )


def kpi(*points: tuple[dt.date, float]) -> Kpi:
    return Kpi(
        id="p99",
        name="P99 latency",
        unit="ms",
        actuals=tuple(Point(date=d, value=v) for d, v in points),
    )


def summary(changes: tuple[Change, ...]) -> list[str]:
    return [f"{c.item_id}: {describe(c)}" for c in changes]


# ─── diff_plans ──────────────────────────────────────────────────────────────


def test_a_status_transition_is_one_change_with_who_and_when() -> None:
    changes = diff_plans(
        plan(ms(status="todo")), plan(ms(status="in_progress")), when=WHEN, who="Bob", path=PATH
    )
    assert changes == (
        Change(
            kind="status",
            section="milestone",
            item_id="M1",
            title="Design",
            field="status",
            old="todo",
            new="in_progress",
            plan="Alpha",
            owner="Alice",
            when=WHEN,
            who="Bob",
            path=PATH,
        ),
    )
    assert describe(changes[0]) == "status todo → in progress"


def test_identical_plans_have_no_changes() -> None:
    same = plan(ms(), risk(), kpi((dt.date(2025, 3, 1), 25)))
    assert diff_plans(same, same) == ()


def test_due_date_moves_say_slipped_or_pulled_in_by_days() -> None:
    slipped = diff_plans(plan(ms()), plan(ms(due=dt.date(2025, 3, 14))))
    pulled = diff_plans(plan(ms()), plan(ms(due=dt.date(2025, 3, 9))))
    assert [c.days for c in slipped + pulled] == [4, -1]
    assert summary(slipped + pulled) == [
        "M1: due 2025-03-10 → 2025-03-14 (slipped by 4 days)",
        "M1: due 2025-03-10 → 2025-03-09 (pulled in by 1 day)",
    ]


def test_items_are_matched_by_id_not_position() -> None:
    old = plan(ms("M1"), ms("M2", title="Build"))
    new = plan(ms("M2", title="Build", status="done"), ms("M1"))
    assert summary(diff_plans(old, new)) == ["M2: status todo → done"]


def test_added_removed_and_renamed_items() -> None:
    old = plan(ms("M1"), ms("M2", title="Build"))
    new = plan(ms("M1", title="Design v2"), ms("M3", title="Ship"))
    changes = diff_plans(old, new)
    assert summary(changes) == ["M1: renamed from “Design”", "M3: added", "M2: removed"]
    assert [c.title for c in changes] == ["Design v2", "Ship", "Build"]


def test_a_file_that_did_not_exist_has_every_item_added_and_a_deleted_one_removed() -> None:
    full = plan(ms("M1"), Task(id="T1", title="Write", done=False), risk(), kpi())
    added = diff_plans(None, full)
    assert [(c.kind, c.section, c.item_id) for c in added] == [
        ("added", "milestone", "M1"),
        ("added", "task", "T1"),
        ("added", "risk", "R1"),
        ("added", "kpi", "p99"),
    ]
    assert {c.kind for c in diff_plans(full, None)} == {"removed"}
    assert diff_plans(None, None) == ()


def test_a_task_ticked_done_is_a_status_change() -> None:
    old = plan(Task(id="T1", title="Write", done=False))
    new = plan(Task(id="T1", title="Write", done=True))
    assert summary(diff_plans(old, new)) == ["T1: status todo → done"]


def test_owner_changes_are_listed_and_the_new_owner_owns_the_change() -> None:
    changes = diff_plans(plan(ms(owner="Alice")), plan(ms(owner="Carol")))
    assert summary(changes) == ["M1: owner Alice → Carol"]
    assert changes[0].owner == "Carol"


def test_risk_levels_changes_show_the_written_value_and_the_level() -> None:
    changes = diff_plans(plan(risk("中", 3)), plan(risk("高", 2, status="mitigating")))
    assert summary(changes) == [
        "R1: probability 中 (3) → 高 (4)",
        "R1: impact 3 → 2",
        "R1: risk status open → mitigating",
    ]


def test_an_unrated_risk_being_rated_is_a_change_and_staying_unrated_is_not() -> None:
    assert diff_plans(plan(risk(None, None)), plan(risk(None, None))) == ()
    changes = diff_plans(plan(risk(None, None)), plan(risk("中", None)))
    assert summary(changes) == ["R1: probability — → 中 (3)"]


def test_rewriting_a_risk_level_in_another_scale_is_not_a_change() -> None:
    assert diff_plans(plan(risk("中", 3)), plan(risk("medium", "60%"))) == ()


def test_new_and_corrected_kpi_actuals() -> None:
    old = plan(kpi((dt.date(2025, 3, 1), 25)))
    new = plan(kpi((dt.date(2025, 3, 1), 24.5), (dt.date(2025, 3, 4), 21)))
    changes = diff_plans(old, new)
    assert summary(changes) == [
        "p99: actual 24.5 ms on 2025-03-01 (was 25 ms)",
        "p99: actual 21 ms on 2025-03-04",
    ]
    assert changes[1].new == Point(date=dt.date(2025, 3, 4), value=21)


def test_by_owner_sorts_people_and_puts_unowned_items_last() -> None:
    old = plan(ms("M1", owner="bob"), ms("M2", owner=None), ms("M3", owner="Alice"))
    new = plan(*(ms(m.id, owner=m.owner, status="done") for m in old.milestones))
    grouped = by_owner(diff_plans(old, new))
    assert list(grouped) == ["Alice", "bob", None]
    assert [c.item_id for c in grouped["bob"]] == ["M1"]


def test_changed_items_names_the_rows_to_mark() -> None:
    changes = diff_plans(plan(ms(), risk()), plan(ms(status="done"), risk(4)), path=PATH)
    assert changed_items(changes) == {(PATH, "milestone", "M1"), (PATH, "risk", "R1")}


# ─── render ──────────────────────────────────────────────────────────────────


def report(*changes: Change, notices: tuple[str, ...] = ()) -> ChangeReport:
    return ChangeReport("2025-03-04 00:00", (FileChanges(PATH, "Alpha", changes, notices),))


def test_markdown_escapes_plan_text_so_chat_shows_it_as_written() -> None:
    assert markdown_escape("a*b_c [x](y) <b> #1 `z`") == r"a\*b\_c \[x\](y) \<b\> \#1 \`z\`"
    change = diff_plans(None, plan(ms(title="**bold** [link](x)\nnext")), who=UNCOMMITTED)[0]
    text = changes_markdown(report(change))
    assert r"- `M1` \*\*bold\*\* \[link\](x) next: added — uncommitted" in text


def test_text_and_rich_keep_plan_text_literal() -> None:
    hostile = "[bold red]x[/] **y**"
    change = diff_plans(None, plan(ms(title=hostile)), who=UNCOMMITTED)[0]
    assert f"  M1 {hostile}: added — uncommitted" in changes_text(report(change))
    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    console.print(changes_renderable(report(change)))
    assert hostile in console.export_text()


def test_a_report_with_only_notices_has_no_per_person_section() -> None:
    notice = "not in a git repository; changes not shown"
    empty = ChangeReport("1d", (FileChanges(PATH, "Alpha", notices=(notice,), has_history=False),))
    assert changes_markdown(empty) == f"# Changes since 1d\n\n## Alpha\n> {notice}\n"
    assert changes_text(report()) == "Changes since 2025-03-04 00:00\n\nAlpha\n  No changes.\n"
