"""Timeline rules: what a plan looks like on a given day.

Everything here is a pure function of a ``Plan`` and a date ``today``: the current phase, time and
work progress, milestones ordered by urgency, KPI standing and the risk matrix. No I/O, no clock:
callers pass ``today`` so that the app, ``show`` and tests agree on the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal, TypeAlias

import msgspec

from roadmap_tui.model.levels import Exposure, exposure, level_of
from roadmap_tui.model.pace import Pace, actuals_until, next_target, pace_of
from roadmap_tui.model.plan import Kpi, Milestone, Phase, Plan, Point, Risk, Status, Task

PhaseState: TypeAlias = Literal["before", "current", "between", "after", "none"]
Trend: TypeAlias = Literal["up", "down", "flat"]

#: Statuses that take an item off the list of things still to do.
CLOSED: frozenset[Status] = frozenset({"done", "dropped"})


# ─── Phases and progress ─────────────────────────────────────────────────────


class Progress(msgspec.Struct, frozen=True):
    """How far along a phase or plan is, in time and in work.

    ``elapsed`` is the fraction of the span's days already past (None without a span). Work counts
    milestones and tasks; dropped items are left out of ``total``.
    """

    elapsed: float | None
    done: int
    total: int
    dropped: int = 0

    @property
    def work(self) -> float | None:
        """Fraction of the work done, or None when there is nothing to do."""
        return self.done / self.total if self.total else None


class CurrentPhase(msgspec.Struct, frozen=True):
    """Where ``today`` falls among a plan's phases.

    ``state`` says which of the day counts is set:

    - ``current``: ``phase`` contains today; ``days_left`` to its end (0 on its last day).
    - ``before``: today is before every phase; ``phase`` is the first, starting in ``starts_in``.
    - ``between``: after one phase and before the next; ``phase`` is the next, ``starts_in`` days.
    - ``after``: every phase has ended; ``phase`` is the last, ended ``ended_ago`` days ago.
    - ``none``: the plan has no phases.

    ``undone`` counts the plan's milestones and tasks neither done nor dropped: what is left
    undone once a plan is over, and what is still open otherwise.
    """

    state: PhaseState
    phase: Phase | None
    progress: Progress | None
    undone: int
    starts_in: int | None = None
    ended_ago: int | None = None
    days_left: int | None = None


def elapsed_fraction(start: dt.date, end: dt.date, today: dt.date) -> float:
    """Fraction of the days from ``start`` to ``end`` (both included) that are before ``today``."""
    days = (end - start).days + 1
    if days <= 0:
        return 1.0 if today > end else 0.0
    return min(1.0, max(0.0, (today - start).days / days))


def plan_span(plan: Plan) -> tuple[dt.date, dt.date] | None:
    """The plan's start and end: as written, else from its phases; None when neither says."""
    starts = [phase.start for phase in plan.phases]
    ends = [phase.end for phase in plan.phases]
    start = plan.plan.start or (min(starts) if starts else None)
    end = plan.plan.end or (max(ends) if ends else None)
    if start is None or end is None:
        return None
    return start, end


def _work(statuses: Iterable[Status]) -> tuple[int, int, int]:
    done = total = dropped = 0
    for status in statuses:
        if status == "dropped":
            dropped += 1
            continue
        total += 1
        done += status == "done"
    return done, total, dropped


def phase_items(plan: Plan, phase_id: str) -> tuple[list[Milestone], list[Task]]:
    """The milestones and tasks of a phase; a task without a phase follows its milestone's."""
    milestones = [m for m in plan.milestones if m.phase == phase_id]
    in_phase = {m.id for m in milestones}
    tasks = [
        t
        for t in plan.tasks
        if t.phase == phase_id or (t.phase is None and t.milestone in in_phase)
    ]
    return milestones, tasks


def unphased_tasks(plan: Plan) -> list[Task]:
    """Tasks in no phase: none of their own, and none through their milestone."""
    phase_of = {m.id: m.phase for m in plan.milestones}
    return [
        t
        for t in plan.tasks
        if t.phase is None and (t.milestone is None or phase_of.get(t.milestone) is None)
    ]


def phase_progress(plan: Plan, phase: Phase, today: dt.date) -> Progress:
    """Time elapsed in ``phase`` and the share of its milestones and tasks done."""
    milestones, tasks = phase_items(plan, phase.id)
    statuses = [m.status for m in milestones] + [t.effective_status for t in tasks]
    done, total, dropped = _work(statuses)
    return Progress(elapsed_fraction(phase.start, phase.end, today), done, total, dropped)


def plan_progress(plan: Plan, today: dt.date) -> Progress:
    """Time elapsed over the whole plan and the share of all its milestones and tasks done."""
    statuses = [m.status for m in plan.milestones] + [t.effective_status for t in plan.tasks]
    done, total, dropped = _work(statuses)
    span = plan_span(plan)
    elapsed = elapsed_fraction(span[0], span[1], today) if span else None
    return Progress(elapsed, done, total, dropped)


def undone_count(plan: Plan) -> int:
    """Milestones and tasks neither done nor dropped."""
    statuses = [m.status for m in plan.milestones] + [t.effective_status for t in plan.tasks]
    return sum(status not in CLOSED for status in statuses)


def current_phase(plan: Plan, today: dt.date) -> CurrentPhase:
    """The phase that matters on ``today``; see ``CurrentPhase`` for the states.

    When phases overlap, the one that started last (then the one ending first) is current: it is
    the more specific of the two (a two-week sprint inside a two-month stage).
    """
    undone = undone_count(plan)
    if not plan.phases:
        return CurrentPhase("none", None, None, undone)
    ordered = sorted(plan.phases, key=lambda p: (p.start, p.end))
    containing = [p for p in ordered if p.start <= today <= p.end]
    if containing:
        phase = max(containing, key=lambda p: (p.start, -p.end.toordinal()))
        return CurrentPhase(
            "current",
            phase,
            phase_progress(plan, phase, today),
            undone,
            days_left=(phase.end - today).days,
        )
    if today < ordered[0].start:
        first = ordered[0]
        progress = phase_progress(plan, first, today)
        return CurrentPhase("before", first, progress, undone, starts_in=(first.start - today).days)
    upcoming = [p for p in ordered if p.start > today]
    if upcoming:
        nxt = upcoming[0]
        progress = phase_progress(plan, nxt, today)
        return CurrentPhase("between", nxt, progress, undone, starts_in=(nxt.start - today).days)
    last = max(ordered, key=lambda p: (p.end, p.start))
    return CurrentPhase(
        "after",
        last,
        phase_progress(plan, last, today),
        undone,
        ended_ago=(today - last.end).days,
    )


# ─── Milestones ──────────────────────────────────────────────────────────────


class MilestoneView(msgspec.Struct, frozen=True):
    """A milestone as seen on ``today``: ``days`` until its due date, negative when past it.

    An undated milestone has ``days`` None: it is never overdue and never upcoming.
    """

    milestone: Milestone
    days: int | None
    overdue: bool

    @property
    def closed(self) -> bool:
        return self.milestone.status in CLOSED


def milestone_view(milestone: Milestone, today: dt.date) -> MilestoneView:
    """One milestone's standing: overdue when its due date has passed and it is still open."""
    if milestone.due is None:
        return MilestoneView(milestone, None, False)
    days = (milestone.due - today).days
    return MilestoneView(milestone, days, days < 0 and milestone.status not in CLOSED)


def milestone_sort_key(view: MilestoneView) -> tuple[int, dt.date]:
    """Overdue first (longest late first), then open by due date (undated last), then closed."""
    group = 0 if view.overdue else (2 if view.closed else 1)
    return group, view.milestone.due or dt.date.max


def milestone_views(
    plan: Plan,
    today: dt.date,
    *,
    include_closed: bool = False,
    phase: str | None = None,
) -> tuple[MilestoneView, ...]:
    """The plan's milestones in order of urgency (``milestone_sort_key``; ties keep file order).

    Args:
        plan: the plan.
        today: the day to measure from.
        include_closed: also list done and dropped milestones (last).
        phase: only the milestones of the phase with this id.
    """
    views = [
        milestone_view(m, today)
        for m in plan.milestones
        if (phase is None or m.phase == phase) and (include_closed or m.status not in CLOSED)
    ]
    return tuple(sorted(views, key=milestone_sort_key))


# ─── KPIs ────────────────────────────────────────────────────────────────────


class KpiView(msgspec.Struct, frozen=True):
    """A KPI's standing on ``today``.

    ``history`` holds the actuals dated on or before today, oldest first; ``latest`` is the last
    of them. ``target`` is the first target dated today or later (None once all are past).
    ``pace`` says whether the KPI is on track, at risk or off track (``model.pace``).
    ``trend`` is the direction of the last two actuals, and ``improving`` whether that is good.
    """

    kpi: Kpi
    today: dt.date
    history: tuple[Point, ...]
    latest: Point | None
    target: Point | None
    pace: Pace
    trend: Trend | None
    improving: bool | None


def kpi_view(kpi: Kpi, today: dt.date) -> KpiView:
    """Latest actual, next target, pace and trend of one KPI on ``today``."""
    history = actuals_until(kpi, today)
    latest = history[-1] if history else None
    trend: Trend | None = None
    improving = None
    numbers = [p.value for p in history[-2:] if isinstance(p.value, int | float)]
    if len(numbers) == 2:
        before, after = numbers
        trend = "up" if after > before else "down" if after < before else "flat"
        if trend != "flat":
            improving = (trend == "up") == (kpi.better == "higher")
    target = next_target(kpi, today)
    return KpiView(kpi, today, history, latest, target, pace_of(kpi, today), trend, improving)


def kpi_views(plan: Plan, today: dt.date) -> tuple[KpiView, ...]:
    """Every KPI of the plan, in file order."""
    return tuple(kpi_view(kpi, today) for kpi in plan.kpis)


# ─── Risks ───────────────────────────────────────────────────────────────────


class RiskView(msgspec.Struct, frozen=True):
    """A risk placed on the matrix: its levels (1-5), score and exposure band."""

    risk: Risk
    probability: int
    impact: int

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def exposure(self) -> Exposure:
        return exposure(self.probability, self.impact)


class RiskCell(msgspec.Struct, frozen=True):
    """One cell of the 5 x 5 matrix and the risks in it, in file order."""

    probability: int
    impact: int
    risks: tuple[RiskView, ...]

    @property
    def exposure(self) -> Exposure:
        return exposure(self.probability, self.impact)


class RiskMatrix(msgspec.Struct, frozen=True):
    """Risks bucketed by probability level x impact level.

    ``rows[p - 1][i - 1]`` is the cell of probability level ``p`` and impact level ``i``.
    ``unplaced`` holds risks not on the matrix: unrated ones (no probability or impact given)
    and ones whose levels cannot be read (the loader rejects those, but a matrix built from
    hand-made data should not lose them silently).
    """

    rows: tuple[tuple[RiskCell, ...], ...]
    unplaced: tuple[Risk, ...] = ()

    @property
    def unrated(self) -> tuple[Risk, ...]:
        """Risks the plan gives no probability or impact for."""
        return tuple(risk for risk in self.unplaced if not risk.rated)

    def cell(self, probability: int, impact: int) -> RiskCell:
        return self.rows[probability - 1][impact - 1]

    def find(self, risk_id: str) -> RiskView | None:
        """The placed risk with this id, if it is on the matrix."""
        for row in self.rows:
            for cell in row:
                for view in cell.risks:
                    if view.risk.id == risk_id:
                        return view
        return None

    @property
    def placed(self) -> tuple[RiskView, ...]:
        """Every risk on the matrix, highest exposure first (then file order)."""
        views = [view for row in self.rows for cell in row for view in cell.risks]
        return tuple(sorted(views, key=lambda v: -v.score))


def risk_view(risk: Risk) -> RiskView | None:
    """The risk's place on the matrix, or None if it is unrated or a level cannot be read."""
    if risk.probability is None or risk.impact is None:
        return None
    probability, impact = level_of(risk.probability), level_of(risk.impact)
    if probability is None or impact is None:
        return None
    return RiskView(risk, probability, impact)


def risk_matrix(risks: Iterable[Risk], *, include_closed: bool = False) -> RiskMatrix:
    """Bucket ``risks`` into the 5 x 5 matrix; closed risks are left out unless asked for."""
    buckets: dict[tuple[int, int], list[RiskView]] = {}
    unplaced: list[Risk] = []
    for risk in risks:
        if risk.status == "closed" and not include_closed:
            continue
        view = risk_view(risk)
        if view is None:
            unplaced.append(risk)
            continue
        buckets.setdefault((view.probability, view.impact), []).append(view)
    rows = tuple(
        tuple(RiskCell(p, i, tuple(buckets.get((p, i), ()))) for i in range(1, 6))
        for p in range(1, 6)
    )
    return RiskMatrix(rows, tuple(unplaced))
