"""Hostile numbers and dates: `check` rejects them at file:line:col, no view crashes on one, and
no edit writes a value the loader would reject."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from roadmap_tui.cli import main
from roadmap_tui.model import edits
from roadmap_tui.model.plan import Kpi, Milestone, Phase, Plan, PlanInfo, Point
from roadmap_tui.model.values import MAX_MAGNITUDE, check_number, number_problem, shift_date
from roadmap_tui.render import dashboard
from roadmap_tui.render.kpis import sparkline
from roadmap_tui.render.text import number
from roadmap_tui.store.loader import LoadResult, load_bytes

TODAY = dt.date(2025, 2, 10)
PATH = Path("plan.toml")

KPI_PLAN = """\
[plan]
name = "Numbers"

[[kpis]]
id = "k1"
name = "Throughput"
actuals = [
  {{ date = 2025-01-01, value = 5 }},
  {{ date = 2025-01-02, value = {value} }},
]
targets = [{{ date = 2025-03-31, value = 10 }}]
"""


def check(tmp_path: Path, text: str) -> tuple[int, str]:
    plan = tmp_path / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(plan)])
    return result.exit_code, result.stdout.replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("nan", "nan is not a number a plan can use; write a finite number"),
        ("+nan", "nan is not a number a plan can use; write a finite number"),
        ("inf", "inf is not a number a plan can use; write a finite number"),
        ("-inf", "-inf is not a number a plan can use; write a finite number"),
        ("1e308", "1e+308 is out of range (a number may be at most 1e15 either side of 0)"),
        ("-1e308", "-1e+308 is out of range (a number may be at most 1e15 either side of 0)"),
        (
            "1_000_000_000_000_001",
            "1000000000000001 is out of range (a number may be at most 1e15 either side of 0)",
        ),
    ],
)
def test_check_rejects_a_hostile_kpi_value_at_its_place(
    tmp_path: Path, written: str, why: str
) -> None:
    code, out = check(tmp_path, KPI_PLAN.format(value=written))
    assert code == 1
    assert out == (
        f"plan.toml:9:3: kpis[k1].actuals[2].value: {why}\nplan.toml: FAILED (1 error)\n"
    )


@pytest.mark.parametrize("written", ["1e15", "-1e15", "1_000_000_000_000_000", "0.000001"])
def test_numbers_up_to_the_bound_load(tmp_path: Path, written: str) -> None:
    code, out = check(tmp_path, KPI_PLAN.format(value=written))
    assert (code, out) == (0, "plan.toml: ok, 0 phases, 0 milestones, 0 tasks, 0 risks, 1 KPIs\n")


def test_every_number_field_obeys_the_rule(tmp_path: Path) -> None:
    code, out = check(
        tmp_path,
        """\
[plan]
name = "Numbers"

[[phases]]
id = "P1"
name = "One"
start = 2025-01-01
end = 2025-03-31
headcount = inf
budget = -1e300

[[tasks]]
id = "T1"
title = "Task"
estimate_hours = nan

[[kpis]]
id = "k1"
name = "K"
targets = [{ date = 2025-03-31, value = -inf }]
""",
    )
    assert code == 1
    assert out.splitlines() == [
        "plan.toml:9:1: phases[P1].headcount: inf is not a number a plan can use; "
        "write a finite number",
        "plan.toml:10:1: phases[P1].budget: -1e+300 is out of range "
        "(a number may be at most 1e15 either side of 0)",
        "plan.toml:15:1: tasks[T1].estimate_hours: nan is not a number a plan can use; "
        "write a finite number",
        "plan.toml:20:12: kpis[k1].targets[1].value: -inf is not a number a plan can use; "
        "write a finite number",
        "plan.toml: FAILED (4 errors)",
    ]


def test_a_risk_level_of_nan_is_reported_once_as_a_level(tmp_path: Path) -> None:
    code, out = check(
        tmp_path,
        '[plan]\nname = "R"\n\n[[risks]]\nid = "R1"\ntitle = "r"\nprobability = nan\nimpact = 2\n',
    )
    assert code == 1
    assert out.count("probability") == 1
    assert "nan is not a risk level" in out


def test_an_unknown_key_may_hold_any_number(tmp_path: Path) -> None:
    code, out = check(tmp_path, '[plan]\nname = "R"\nodd = nan\n')
    assert code == 0, out
    assert "unknown key" in out


# -- the rule itself --------------------------------------------------------------------------


def test_the_rule_judges_typed_decimals_before_rounding() -> None:
    assert number_problem(Decimal("1e400")) == (
        "1E+400 is out of range (a number may be at most 1e15 either side of 0)"
    )
    assert number_problem(Decimal("NaN")) is not None
    assert number_problem(MAX_MAGNITUDE) is None
    assert number_problem(True) is None and number_problem("nan") is None
    assert check_number(Decimal("12.5")) == 12.5
    with pytest.raises(ValueError, match="out of range"):
        check_number(2e15)


def test_date_steps_past_the_calendar_are_refused() -> None:
    assert shift_date(dt.date(9999, 12, 24), 7) == dt.date(9999, 12, 31)
    with pytest.raises(ValueError, match="after 9999-12-31"):
        shift_date(dt.date(9999, 12, 30), 7)
    with pytest.raises(ValueError, match="before 0001-01-01"):
        shift_date(dt.date(1, 1, 3), -7)
    with pytest.raises(ValueError, match="outside the calendar"):
        shift_date(dt.date(2025, 1, 1), 10**12)


# -- edits refuse what the loader would reject ------------------------------------------------


def _kpi() -> Kpi:
    return Kpi(id="k1", name="K", actuals=(Point(date=dt.date(2025, 1, 1), value=5.0),))


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), 1e400, 2e15])
def test_recording_a_hostile_value_is_refused(value: float) -> None:
    with pytest.raises(ValueError, match=r"not a number|out of range"):
        edits.record_actual(PATH, _kpi(), TODAY, value)


def test_every_value_an_edit_may_write_loads_again(tmp_path: Path) -> None:
    """The builders' rule is the loader's: the largest value recorded loads back."""
    group = edits.record_actual(PATH, _kpi(), TODAY, MAX_MAGNITUDE)
    new = group.edits[0].new
    assert isinstance(new, tuple)
    text = KPI_PLAN.format(value=f"{new[-1].value:.0f}")
    assert load_bytes(text.encode(), PATH).plan is not None


def test_shifting_a_due_date_past_the_calendar_is_refused() -> None:
    late = Milestone(id="M1", title="t", due=dt.date(9999, 12, 30), status="todo")
    early = Milestone(id="M1", title="t", due=dt.date(1, 1, 2), status="todo")
    with pytest.raises(ValueError, match="after 9999-12-31"):
        edits.shift_due(PATH, late, 7)
    with pytest.raises(ValueError, match="before 0001-01-01"):
        edits.shift_due(PATH, early, -7)
    assert edits.shift_due(PATH, late, 1).edits[0].new == dt.date(9999, 12, 31)


def test_a_typed_note_loses_its_control_characters_before_it_is_written() -> None:
    item = Milestone(id="M1", title="t", due=dt.date(2025, 3, 1), status="todo")
    group = edits.set_note(PATH, item, "pasted\x1b]0;pwned\x07 \u202etext\tand\nlines")
    assert group.edits[0].new == "pasted]0;pwned text\tand\nlines"
    assert not edits.set_note(PATH, item, "\x1b\x07")  # nothing left: no note, nothing to do


# -- no view crashes on a number, even one the loader would not let through -------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (-float("inf"), "-inf"),
        (1e308, "1e+308"),
        (30000.0, "30,000"),
        (0.85, "0.85"),
    ],
)
def test_number_never_fails(value: float, shown: str) -> None:
    assert number(value) == shown


def test_sparkline_draws_extremes_and_leaves_gaps_for_non_numbers() -> None:
    assert sparkline([float("nan"), 1e308, -1e308, 0.0]) == " █▁▅"
    assert sparkline([float("inf")]) == "—"
    assert sparkline([1.0, 2.0, 3.0, 8.0]) == "▁▂▃█"
    assert sparkline([4.0, 4.0]) == "▅▅"


def test_the_dashboard_draws_a_plan_holding_hostile_numbers() -> None:
    points = tuple(
        Point(date=dt.date(2025, 1, day), value=value)
        for day, value in enumerate([float("nan"), float("inf"), -1e308, 1e308], start=1)
    )
    plan = Plan(
        plan=PlanInfo(name="Hostile"),
        phases=(
            Phase(
                id="P1",
                name="One",
                start=dt.date(2025, 1, 1),
                end=dt.date(2025, 3, 31),
                headcount=float("inf"),
                budget=float("nan"),
            ),
        ),
        kpis=(Kpi(id="k1", name="K", actuals=points, targets=points),),
    )
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(dashboard([LoadResult(PATH, plan)], TODAY, 120))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "1e+308" in out and "Headcount inf" in out
