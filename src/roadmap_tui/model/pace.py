"""KPI pace: whether a KPI is where it should be today on its way to the next target.

A KPI is judged against the straight line from where it last had to be (the previous target, or
its first actual when no target is behind it) to the next target (the first one dated today or
later). Where that line stands today is the *pace*. The latest actual is then:

- **on track** when it is at or beyond the pace (or already meets the next target);
- **at risk** when it is behind the pace by no more than ``TOLERANCE`` of the gap still left
  between the pace and the next target (the band narrows as the date nears, so on the target's
  own day only meeting it is on track);
- **off track** when it is further behind;
- **no data** when there is no actual up to today, no target, or the values are text.

"Behind" follows the next target's ``op`` when it has one (``>=``/``>``: higher is better,
``<=``/``<``: lower is better), else the KPI's ``better``. Once every target is past, the KPI is
judged on its last target alone: on track when met, off track when missed.

Pure: no I/O, no clock, no text for people (``render.kpis`` words the reason).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, TypeAlias

import msgspec

from roadmap_tui.model.plan import Better, Kpi, Op, Point

PaceStatus: TypeAlias = Literal["on track", "at risk", "off track", "no data"]
TargetState: TypeAlias = Literal["met", "missed", "unknown", "ahead"]
#: Behind the pace by at most this share of the gap still left to the next target: "at risk".
TOLERANCE = 0.10


def _number(point: Point) -> float | None:
    value: object = point.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def point_op(point: Point) -> Op | None:
    """The comparator a target carries (``op``), if any."""
    return point.op


def direction(kpi: Kpi, target: Point | None) -> Better:
    """Which way is better for reaching ``target``: its ``op``, else the KPI's ``better``."""
    op = point_op(target) if target is not None else None
    if op is None:
        return kpi.better
    return "higher" if op in (">=", ">") else "lower"


def reaches(kpi: Kpi, actual: float, target: Point) -> bool:
    """Whether ``actual`` meets ``target``: by its ``op``, else ``>=``/``<=`` as ``better`` says."""
    value = _number(target)
    if value is None:
        return False
    op = point_op(target) or (">=" if kpi.better == "higher" else "<=")
    return {
        ">=": actual >= value,
        "<=": actual <= value,
        ">": actual > value,
        "<": actual < value,
    }[op]


def actuals_until(kpi: Kpi, day: dt.date) -> tuple[Point, ...]:
    """The actuals dated on or before ``day``, oldest first."""
    return tuple(sorted((p for p in kpi.actuals if p.date <= day), key=lambda p: p.date))


def next_target(kpi: Kpi, today: dt.date) -> Point | None:
    """The first target dated ``today`` or later; None when every target is past."""
    ahead = sorted((p for p in kpi.targets if p.date >= today), key=lambda p: p.date)
    return ahead[0] if ahead else None


def previous_target(kpi: Kpi, today: dt.date) -> Point | None:
    """The last target dated before ``today``."""
    behind = sorted((p for p in kpi.targets if p.date < today), key=lambda p: p.date)
    return behind[-1] if behind else None


class TargetResult(msgspec.Struct, frozen=True):
    """One target judged on ``today``.

    ``actual`` is the latest actual on or before the target's date (for a past target) or the
    latest up to today (for one ahead). ``state``: ``met``/``missed`` for a past target,
    ``unknown`` when no actual was recorded by its date (or values are text), ``ahead`` when
    it is still to come.
    """

    target: Point
    actual: Point | None
    state: TargetState


def target_results(kpi: Kpi, today: dt.date) -> tuple[TargetResult, ...]:
    """Every target of the KPI, by date, each met, missed, unknown or still ahead."""
    results: list[TargetResult] = []
    for target in sorted(kpi.targets, key=lambda p: p.date):
        if target.date >= today:
            history = actuals_until(kpi, today)
            results.append(TargetResult(target, history[-1] if history else None, "ahead"))
            continue
        history = actuals_until(kpi, target.date)
        actual = history[-1] if history else None
        value = _number(actual) if actual is not None else None
        if value is None or _number(target) is None:
            results.append(TargetResult(target, actual, "unknown"))
        else:
            state: TargetState = "met" if reaches(kpi, value, target) else "missed"
            results.append(TargetResult(target, actual, state))
    return tuple(results)


class Pace(msgspec.Struct, frozen=True):
    """A KPI's standing on ``today``; see the module docstring for the rule.

    ``start`` is where the pace line begins (previous target or first actual), ``target`` the
    next target (or the last one when all are past, with ``past=True``), ``pace`` where the line
    stands today and ``band`` how far behind it still counts as at risk. ``why`` names what is
    missing when the status is ``no data``: ``"no actual"``, ``"no target"`` or ``"text"``.
    """

    status: PaceStatus
    latest: Point | None
    target: Point | None
    start: Point | None = None
    pace: float | None = None
    band: float | None = None
    better: Better = "higher"
    past: bool = False
    why: str | None = None


def _no_data(
    kpi: Kpi, latest: Point | None, target: Point | None, why: str, *, past: bool = False
) -> Pace:
    return Pace("no data", latest, target, better=direction(kpi, target), past=past, why=why)


def pace_of(kpi: Kpi, today: dt.date) -> Pace:
    """The KPI's pace status on ``today``."""
    history = actuals_until(kpi, today)
    latest = history[-1] if history else None
    target = next_target(kpi, today)
    if target is None:
        last = previous_target(kpi, today)
        if last is None:
            return _no_data(kpi, latest, None, "no target")
        return _judge_past(kpi, latest, last)
    better = direction(kpi, target)
    if latest is None:
        return _no_data(kpi, None, target, "no actual")
    latest_value, target_value = _number(latest), _number(target)
    if latest_value is None or target_value is None:
        return _no_data(kpi, latest, target, "text")
    behind = previous_target(kpi, today)
    start = behind if behind is not None and _number(behind) is not None else history[0]
    start_value = _number(start)
    if start_value is None:
        return _no_data(kpi, latest, target, "text")
    span = (target.date - start.date).days
    share = 1.0 if span <= 0 else min(1.0, max(0.0, (today - start.date).days / span))
    pace = start_value + (target_value - start_value) * share
    band = TOLERANCE * abs(target_value - pace)
    shortfall = pace - latest_value if better == "higher" else latest_value - pace
    # On the target's own day, being on the line is not enough: the target must be met.
    if reaches(kpi, latest_value, target) or (shortfall <= 0 and today < target.date):
        status: PaceStatus = "on track"
    elif 0 < shortfall <= band:
        status = "at risk"
    else:
        status = "off track"
    return Pace(status, latest, target, start, pace, band, better)


def _judge_past(kpi: Kpi, latest: Point | None, last: Point) -> Pace:
    better = direction(kpi, last)
    if latest is None:
        return _no_data(kpi, None, last, "no actual", past=True)
    value = _number(latest)
    if value is None or _number(last) is None:
        return _no_data(kpi, latest, last, "text", past=True)
    status: PaceStatus = "on track" if reaches(kpi, value, last) else "off track"
    return Pace(status, latest, last, better=better, past=True)
