"""KPI pace: on track / at risk / off track / no data, with hand-computed expectations."""

from __future__ import annotations

from datetime import date

import pytest

from roadmap_tui.model.pace import next_target, pace_of, target_results
from roadmap_tui.model.plan import Kpi, Point


def kpi(
    better: str,
    actuals: tuple[tuple[date, float], ...],
    targets: tuple[tuple[date, float], ...],
) -> Kpi:
    return Kpi(
        id="k",
        name="k",
        unit="ms",
        better=better,  # type: ignore[arg-type]
        actuals=tuple(Point(date=d, value=v) for d, v in actuals),
        targets=tuple(Point(date=d, value=v) for d, v in targets),
    )


# Latency, lower is better: 30 ms on Jan 1, target 20 ms on Jan 31. On Jan 16, half way,
# the line from 30 to 20 stands at 25; what is left to the target is 5, 10 % of it is 0.5.
LATENCY_TARGET = ((date(2025, 1, 31), 20.0),)
MID_JANUARY = date(2025, 1, 16)


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (21.0, "on track"),  # far better than the pace of 25 (the 30 → 21 case)
        (25.0, "on track"),  # exactly on the line
        (25.5, "at risk"),  # 0.5 behind: the edge of the band
        (25.6, "off track"),  # 0.6 behind
        (19.0, "on track"),  # already meets the target
    ],
)
def test_lower_is_better_against_the_line_from_the_first_actual(now: float, status: str) -> None:
    k = kpi("lower", ((date(2025, 1, 1), 30.0), (MID_JANUARY, now)), LATENCY_TARGET)
    pace = pace_of(k, MID_JANUARY)
    assert pace.status == status
    assert pace.pace == pytest.approx(25.0)
    assert pace.band == pytest.approx(0.5)
    assert pace.start == Point(date=date(2025, 1, 1), value=30.0)


def test_higher_is_better_starts_the_line_at_the_previous_target() -> None:
    # Targets 100 on Jan 1 and 200 on Jan 11; on Jan 5 the line stands at 140, 60 is left,
    # so down to 134 is at risk. The first actual (50, in December) is not the start.
    targets = ((date(2025, 1, 1), 100.0), (date(2025, 1, 11), 200.0))
    today = date(2025, 1, 5)
    for now, status in ((150.0, "on track"), (135.0, "at risk"), (133.0, "off track")):
        k = kpi("higher", ((date(2024, 12, 1), 50.0), (today, now)), targets)
        pace = pace_of(k, today)
        assert (pace.status, pace.pace) == (status, pytest.approx(140.0))
        assert pace.start == Point(date=date(2025, 1, 1), value=100.0)


def test_on_the_target_day_only_meeting_it_is_on_track() -> None:
    k = kpi("lower", ((date(2025, 1, 1), 30.0), (date(2025, 1, 31), 20.1)), LATENCY_TARGET)
    pace = pace_of(k, date(2025, 1, 31))
    assert (pace.status, pace.pace, pace.band) == ("off track", 20.0, 0.0)


def test_one_actual_on_its_own_is_its_own_start() -> None:
    # A single value today: the line starts there, so the KPI is on pace by definition.
    k = kpi("higher", ((date(2025, 2, 10), 3.0),), ((date(2025, 6, 30), 10.0),))
    assert pace_of(k, date(2025, 2, 10)).status == "on track"


def test_next_target_is_the_first_dated_today_or_later_never_a_past_one() -> None:
    k = kpi("higher", (), ((date(2025, 6, 30), 80.0), (date(2025, 3, 31), 50.0)))
    assert next_target(k, date(2025, 3, 31)) == Point(date=date(2025, 3, 31), value=50.0)
    assert next_target(k, date(2025, 4, 1)) == Point(date=date(2025, 6, 30), value=80.0)
    assert next_target(k, date(2025, 7, 1)) is None


def test_past_targets_read_met_or_missed_by_the_actual_of_their_day() -> None:
    k = kpi(
        "higher",
        ((date(2025, 3, 30), 55.0), (date(2025, 6, 1), 70.0)),
        ((date(2025, 3, 31), 50.0), (date(2025, 6, 30), 80.0), (date(2025, 1, 1), 10.0)),
    )
    results = target_results(k, date(2025, 7, 15))
    assert [(r.target.value, r.state) for r in results] == [
        (10.0, "unknown"),  # nothing was measured by Jan 1
        (50.0, "met"),  # 55 on Mar 30
        (80.0, "missed"),  # 70 on Jun 1
    ]
    assert [r.state for r in target_results(k, date(2025, 4, 1))] == ["unknown", "met", "ahead"]


def test_once_every_target_is_past_the_last_one_decides() -> None:
    k = kpi("higher", ((date(2025, 6, 1), 70.0),), ((date(2025, 6, 30), 80.0),))
    pace = pace_of(k, date(2025, 7, 15))
    assert (pace.status, pace.past, pace.target) == (
        "off track",
        True,
        Point(date=date(2025, 6, 30), value=80.0),
    )


@pytest.mark.parametrize(
    ("actuals", "targets", "why"),
    [
        ((), ((date(2025, 6, 30), 80.0),), "no actual"),
        (((date(2025, 1, 1), 5.0),), (), "no target"),
        # An actual dated after today does not count yet.
        (((date(2025, 5, 1), 5.0),), ((date(2025, 6, 30), 80.0),), "no actual"),
    ],
)
def test_no_data_says_what_is_missing(
    actuals: tuple[tuple[date, float], ...], targets: tuple[tuple[date, float], ...], why: str
) -> None:
    pace = pace_of(kpi("higher", actuals, targets), date(2025, 2, 10))
    assert (pace.status, pace.why) == ("no data", why)


def test_a_targets_op_decides_the_direction_over_better() -> None:
    # "better = higher" but the target says reach at most 10 (<=): 12 against a pace of 15
    # (20 on Jan 1 to 10 on Jan 11, on Jan 6) is ahead, not behind.
    k = Kpi(
        id="k",
        name="k",
        better="higher",
        actuals=(
            Point(date=date(2025, 1, 1), value=20.0),
            Point(date=date(2025, 1, 6), value=12.0),
        ),
        targets=(Point(date=date(2025, 1, 11), value=10.0, op="<="),),
    )
    pace = pace_of(k, date(2025, 1, 6))
    assert (pace.status, pace.better, pace.pace) == ("on track", "lower", 15.0)
    strict = Kpi(
        id="s",
        name="s",
        actuals=(Point(date=date(2025, 1, 11), value=10.0),),
        targets=(Point(date=date(2025, 1, 11), value=10.0, op=">"),),
    )
    # On the day, 10 does not reach "> 10".
    assert pace_of(strict, date(2025, 1, 11)).status == "off track"


def test_text_values_get_no_pace() -> None:
    k = Kpi(
        id="ga",
        name="发布",
        actuals=(Point(date=date(2025, 5, 1), value="Beta"),),
        targets=(Point(date=date(2025, 12, 31), value="GA 发布"),),
    )
    pace = pace_of(k, date(2025, 6, 1))
    assert (pace.status, pace.why) == ("no data", "text")
