"""Timeline rules: current phase, progress, milestone order, KPI standing, the risk matrix."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from roadmap_tui.model.plan import (
    Kpi,
    LevelValue,
    Milestone,
    Phase,
    Plan,
    PlanInfo,
    Point,
    Risk,
    Status,
    Task,
)
from roadmap_tui.model.timeline import (
    current_phase,
    elapsed_fraction,
    kpi_view,
    milestone_views,
    phase_progress,
    plan_progress,
    plan_span,
    risk_matrix,
    risk_view,
)

Q1 = Phase(id="Q1", name="Q1 基础巩固期", start=date(2025, 1, 1), end=date(2025, 3, 31))
Q2 = Phase(id="Q2", name="Q2 扩展增强期", start=date(2025, 4, 15), end=date(2025, 6, 30))


def milestone(ident: str, due: date, status: Status = "todo", phase: str = "Q1") -> Milestone:
    return Milestone(id=ident, title=f"标题 {ident}", due=due, status=status, phase=phase)


def make_plan(**sections: object) -> Plan:
    return Plan(plan=PlanInfo(name="计划"), **sections)  # type: ignore[arg-type]


PLAN = make_plan(
    phases=(Q2, Q1),  # out of order on purpose: rules go by dates, not file order
    milestones=(
        milestone("M1", date(2025, 1, 15), "done"),
        milestone("M2", date(2025, 2, 1)),
        milestone("M3", date(2025, 5, 1), phase="Q2"),
    ),
    tasks=(Task(id="T1", title="t", phase="Q1", done=True), Task(id="T2", title="t", phase="Q2")),
)


# ─── current phase ───────────────────────────────────────────────────────────


def test_inside_a_phase_it_is_current_with_days_left() -> None:
    current = current_phase(PLAN, date(2025, 2, 10))
    assert current.state == "current"
    assert current.phase == Q1
    assert current.days_left == 49
    assert current.starts_in is None and current.ended_ago is None


def test_last_day_of_a_phase_is_still_current() -> None:
    current = current_phase(PLAN, date(2025, 3, 31))
    assert (current.state, current.phase, current.days_left) == ("current", Q1, 0)


def test_before_the_plan_it_is_the_first_phase_and_days_until_it_starts() -> None:
    current = current_phase(PLAN, date(2024, 12, 20))
    assert current.state == "before"
    assert current.phase == Q1
    assert current.starts_in == 12


def test_between_phases_it_is_the_next_phase() -> None:
    current = current_phase(PLAN, date(2025, 4, 5))
    assert current.state == "between"
    assert current.phase == Q2
    assert current.starts_in == 10


def test_after_the_plan_it_is_the_last_phase_with_days_since_and_what_was_left() -> None:
    current = current_phase(PLAN, date(2025, 7, 10))
    assert current.state == "after"
    assert current.phase == Q2
    assert current.ended_ago == 10
    # M2, M3 and T2 are neither done nor dropped.
    assert current.undone == 3


def test_overlapping_phases_prefer_the_more_specific_one() -> None:
    stage = Phase(id="P1", name="stage", start=date(2025, 1, 1), end=date(2025, 2, 28))
    sprint = Phase(id="P0", name="sprint", start=date(2025, 1, 1), end=date(2025, 1, 14))
    plan = make_plan(phases=(stage, sprint))
    assert current_phase(plan, date(2025, 1, 10)).phase == sprint
    assert current_phase(plan, date(2025, 1, 20)).phase == stage


def test_a_plan_without_phases() -> None:
    current = current_phase(make_plan(), date(2025, 1, 1))
    assert (current.state, current.phase, current.progress) == ("none", None, None)


# ─── progress ────────────────────────────────────────────────────────────────


def test_elapsed_fraction_counts_whole_days() -> None:
    start, end = date(2025, 1, 1), date(2025, 1, 10)
    assert elapsed_fraction(start, end, date(2025, 1, 1)) == 0
    assert elapsed_fraction(start, end, date(2025, 1, 6)) == 0.5
    assert elapsed_fraction(start, end, date(2025, 1, 11)) == 1
    assert elapsed_fraction(start, end, date(2024, 1, 1)) == 0
    assert elapsed_fraction(start, end, date(2030, 1, 1)) == 1


def test_work_done_leaves_dropped_items_out_of_the_total() -> None:
    plan = make_plan(
        phases=(Q1,),
        milestones=(
            milestone("M1", date(2025, 1, 5), "done"),
            milestone("M2", date(2025, 1, 6), "dropped"),
            milestone("M3", date(2025, 1, 7), "blocked"),
        ),
        tasks=(
            Task(id="T1", title="t", phase="Q1", done=True),
            Task(id="T2", title="t", phase="Q1", status="dropped"),
            Task(id="T3", title="t", phase="Q1", status="in_progress"),
            # No phase of its own: it belongs to its milestone's phase.
            Task(id="T4", title="t", milestone="M1", done=False),
            Task(id="T5", title="t", phase="Q9", done=True),
        ),
    )
    progress = phase_progress(plan, Q1, date(2025, 2, 15))
    assert (progress.done, progress.total, progress.dropped) == (2, 5, 2)
    assert progress.work == pytest.approx(0.4)
    assert progress.elapsed == pytest.approx(45 / 90)


def test_nothing_to_do_has_no_work_fraction() -> None:
    progress = phase_progress(make_plan(phases=(Q1,)), Q1, date(2025, 1, 1))
    assert progress.total == 0
    assert progress.work is None


def test_plan_progress_uses_the_plan_span_or_its_phases() -> None:
    assert plan_span(PLAN) == (date(2025, 1, 1), date(2025, 6, 30))
    progress = plan_progress(PLAN, date(2025, 2, 10))
    assert (progress.done, progress.total) == (2, 5)
    assert progress.elapsed == pytest.approx(40 / 181)
    assert plan_progress(make_plan(), date(2025, 1, 1)).elapsed is None


# ─── milestones ──────────────────────────────────────────────────────────────


SORTING = make_plan(
    phases=(Q1,),
    milestones=(
        milestone("later", date(2025, 3, 1)),
        milestone("done-late", date(2025, 1, 2), "done"),
        milestone("late-a-bit", date(2025, 2, 5), "blocked"),
        milestone("dropped", date(2025, 1, 3), "dropped"),
        milestone("today", date(2025, 2, 10), "in_progress"),
        milestone("very-late", date(2025, 1, 10)),
        milestone("soon", date(2025, 2, 12)),
    ),
)
TODAY = date(2025, 2, 10)


def test_overdue_first_then_upcoming_by_due_date_and_done_hidden() -> None:
    views = milestone_views(SORTING, TODAY)
    assert [v.milestone.id for v in views] == ["very-late", "late-a-bit", "today", "soon", "later"]
    assert [v.overdue for v in views] == [True, True, False, False, False]
    assert [v.days for v in views] == [-31, -5, 0, 2, 19]


def test_done_and_dropped_come_last_when_asked_for_and_are_never_overdue() -> None:
    views = milestone_views(SORTING, TODAY, include_closed=True)
    assert [v.milestone.id for v in views][-2:] == ["done-late", "dropped"]
    assert not any(v.overdue for v in views[-2:])


def test_milestones_of_one_phase() -> None:
    assert [v.milestone.id for v in milestone_views(PLAN, TODAY, phase="Q2")] == ["M3"]


# ─── KPIs ────────────────────────────────────────────────────────────────────


def kpi(better: str = "higher", actuals: tuple[tuple[date, float], ...] = ()) -> Kpi:
    return Kpi(
        id="k",
        name="k",
        better=better,  # type: ignore[arg-type]
        actuals=tuple(Point(date=d, value=v) for d, v in actuals),
        targets=(
            Point(date=date(2025, 6, 30), value=80),
            Point(date=date(2025, 3, 31), value=50),
        ),
    )


def test_kpi_view_carries_the_next_target_and_the_pace() -> None:
    view = kpi_view(kpi(actuals=((date(2025, 1, 1), 50),)), TODAY)
    assert view.target == Point(date=date(2025, 3, 31), value=50)
    assert view.pace.status == "on track"


def test_latest_actual_is_the_last_dated_up_to_today_and_trend_is_direction_aware() -> None:
    actuals = ((date(2025, 2, 1), 40), (date(2025, 1, 1), 30), (date(2025, 5, 1), 99))
    view = kpi_view(kpi("lower", actuals), TODAY)
    assert view.latest == Point(date=date(2025, 2, 1), value=40)
    assert [p.value for p in view.history] == [30, 40]
    assert (view.trend, view.improving) == ("up", False)
    assert kpi_view(kpi("higher", actuals), TODAY).improving is True


def test_kpi_without_actuals_has_no_standing() -> None:
    view = kpi_view(kpi(), TODAY)
    assert (view.latest, view.trend, view.improving) == (None, None, None)
    assert view.pace.status == "no data"
    assert view.target is not None


# ─── risks ───────────────────────────────────────────────────────────────────


def risk(ident: str, p: LevelValue, i: LevelValue, status: str = "open") -> Risk:
    return Risk(id=ident, title=ident, probability=p, impact=i, status=status)  # type: ignore[arg-type]


def test_matrix_buckets_words_numbers_and_percentages() -> None:
    risks = [
        risk("R1", "中", "高"),
        risk("R2", "60%", "high"),
        risk("R3", 0.9, "极高"),
        risk("R4", 1, "very low"),
        risk("R5", "低", "critical", status="closed"),
    ]
    matrix = risk_matrix(risks)
    assert [v.risk.id for v in matrix.cell(3, 4).risks] == ["R1", "R2"]
    assert [v.risk.id for v in matrix.cell(5, 5).risks] == ["R3"]
    assert [v.risk.id for v in matrix.cell(1, 1).risks] == ["R4"]
    assert matrix.cell(3, 4).exposure == "high"
    assert matrix.cell(5, 5).exposure == "critical"
    assert matrix.cell(1, 1).exposure == "low"
    assert matrix.cell(2, 3).exposure == "medium"
    assert matrix.find("R5") is None
    assert [v.risk.id for v in matrix.placed] == ["R3", "R1", "R2", "R4"]


def test_closed_risks_come_back_when_asked_for() -> None:
    matrix = risk_matrix([risk("R5", "低", "critical", status="closed")], include_closed=True)
    found = matrix.find("R5")
    assert found is not None
    assert (found.probability, found.impact, found.score, found.exposure) == (2, 5, 10, "high")


def test_a_risk_with_unreadable_levels_is_kept_aside() -> None:
    matrix = risk_matrix([risk("R9", "maybe", 3)])
    assert [r.id for r in matrix.unplaced] == ["R9"]
    assert risk_view(risk("R9", "maybe", 3)) is None


def test_timeline_imports_neither_rich_nor_textual() -> None:
    code = (
        "import sys, roadmap_tui.model.timeline; "
        "print('rich' in sys.modules, 'textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_work_counts_milestones_and_tasks_never_ticked_checklists() -> None:
    from roadmap_tui.model.plan import Check

    ticked = (Check(text="API", done=True), Check(text="Docs", done=True))
    phase = Phase(
        id="Q1",
        name="Q1",
        start=date(2025, 1, 1),
        end=date(2025, 3, 31),
        deliverables=ticked,
        acceptance=ticked,
    )
    m = Milestone(
        id="M",
        title="M",
        due=date(2025, 3, 1),
        status="todo",
        phase="Q1",
        deliverables=ticked,
        acceptance=ticked,
    )
    done = Task(id="T", title="t", phase="Q1", done=True)
    p = Plan(plan=PlanInfo(name="p"), phases=(phase,), milestones=(m,), tasks=(done,))
    # One task done of one milestone and one task: 1/2, whatever the ticks say.
    assert (plan_progress(p, TODAY).done, plan_progress(p, TODAY).total) == (1, 2)
    assert phase_progress(p, phase, TODAY).work == 0.5
