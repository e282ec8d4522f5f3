"""The format keys of issue 16: each loads when valid and is reported exactly when not.

The corpus in tests/data/bad holds whole files (priority-words, depends-cycle …); these tests
cover each key on its own, the values the model gives them, and the rules that build on them
(an undated milestone is never late, an unrated risk is not on the matrix, ``planned`` cycles).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from plan_texts import GOOD

from roadmap_tui.model.depends import find_cycles
from roadmap_tui.model.edits import cycle_status, record_actual
from roadmap_tui.model.plan import Check, Person, Plan, Point
from roadmap_tui.model.timeline import kpi_view, milestone_view, milestone_views, risk_matrix
from roadmap_tui.store.loader import load_bytes
from roadmap_tui.store.writer import apply_edits

TODAY = dt.date(2025, 6, 1)


def load(text: str) -> tuple[Plan | None, list[str]]:
    result = load_bytes(text.encode(), Path("p.toml"))
    return result.plan, [str(problem) for problem in result.problems]


def loaded(text: str) -> Plan:
    plan, problems = load(text)
    assert problems == []
    assert plan is not None
    return plan


def test_old_files_stay_valid_and_new_keys_default_to_unknown() -> None:
    plan = loaded(GOOD)
    assert plan.plan.as_of is None and plan.plan.anchor is None
    assert plan.plan.budget is None and plan.plan.approval is None
    assert plan.plan.non_goals == ()
    assert plan.people == ()
    milestone = plan.milestones[0]
    assert milestone.priority is None
    assert milestone.depends_on == milestone.deliverables == milestone.acceptance == ()


def test_plan_fields() -> None:
    plan = loaded(
        '[plan]\nname = "OTLP"\nas_of = 2025-10-29\nanchor = 2025-11-03\n'
        'budget = "$450K"\napproval = "pending"\nnon_goals = ["GUI", "Windows"]\n'
    )
    assert plan.plan.as_of == dt.date(2025, 10, 29)
    assert plan.plan.anchor == dt.date(2025, 11, 3)
    assert plan.plan.budget == "$450K"
    assert plan.plan.approval == "pending"
    assert plan.plan.non_goals == ("GUI", "Windows")
    assert loaded('[plan]\nname = "x"\nbudget = 450000\n').plan.budget == 450000


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("as_of = 2025-13-01", "p.toml:3:9: syntax error: 2025-13-01 is not a valid date"),
        (
            'as_of = "2025-10-29"',
            'p.toml:3:1: plan.as_of: expected a date, got "2025-10-29" '
            "(a string; write dates without quotes)",
        ),
        (
            'approval = "已批准"',
            'p.toml:3:1: plan.approval: "已批准" is not one of "draft", "pending", "approved", '
            '"rejected"; did you mean "approved"?',
        ),
        (
            'approval = "草稿"',
            'p.toml:3:1: plan.approval: "草稿" is not one of "draft", "pending", "approved", '
            '"rejected"; did you mean "draft"?',
        ),
        ("budget = true", "p.toml:3:1: plan.budget: expected a number or a string, got a boolean"),
        (
            'non_goals = "GUI"',
            'p.toml:3:1: plan.non_goals: expected an array, got "GUI"',
        ),
    ],
)
def test_bad_plan_fields(line: str, message: str) -> None:
    plan, problems = load(f'[plan]\nname = "x"\n{line}\n')
    assert plan is None
    assert problems == [message]


def test_an_undated_milestone_is_listed_never_late_never_upcoming() -> None:
    plan = loaded(GOOD.replace("due = 2024-10-14\n", ""))
    milestone = plan.milestones[0]
    assert milestone.due is None
    view = milestone_view(milestone, TODAY)
    assert (view.days, view.overdue) == (None, False)
    assert milestone_views(plan, TODAY) == (view,)


def test_planned_is_a_status_of_its_own_and_cycles_like_todo() -> None:
    plan = loaded(GOOD.replace('"todo"', '"planned"'))
    milestone = plan.milestones[0]
    assert milestone.status == "planned"
    # Not started: late once past its date, like todo.
    assert milestone_view(milestone, TODAY).overdue
    group = cycle_status(Path("p.toml"), milestone, TODAY)
    assert [(e.field, e.old, e.new) for e in group.edits] == [("status", "planned", "in_progress")]


def test_priority_on_milestones_tasks_and_risks() -> None:
    plan = loaded(
        GOOD.replace('phase = "P1"\n', 'phase = "P1"\npriority = "P0"\n')
        + '\n[[tasks]]\nid = "T1"\ntitle = "t"\npriority = "P3"\n'
        + '\n[[risks]]\nid = "R1"\ntitle = "r"\npriority = "P2"\n'
    )
    assert plan.milestones[0].priority == "P0"
    assert plan.tasks[0].priority == "P3"
    assert plan.risks[0].priority == "P2"


def test_checklists_on_phases_and_milestones_are_not_work() -> None:
    plan = loaded(
        GOOD.replace(
            "end = 2024-11-30\n",
            'end = 2024-11-30\ndeliverables = [{ text = "框架", done = true }, '
            '{ text = "文档" }]\n',
        ).replace(
            'phase = "P1"\n', 'phase = "P1"\nacceptance = [{ text = "注册可用", done = true }]\n'
        )
    )
    assert plan.phases[0].deliverables == (
        Check(text="框架", done=True),
        Check(text="文档", done=False),
    )
    assert plan.milestones[0].acceptance == (Check(text="注册可用", done=True),)
    # A ticked acceptance criterion does not make its milestone done.
    assert plan.milestones[0].status == "todo"


def test_a_checklist_entry_written_as_a_string() -> None:
    _, problems = load(GOOD.replace('phase = "P1"\n', 'phase = "P1"\nacceptance = ["注册可用"]\n'))
    assert problems == [
        'p.toml:16:15: milestones[M1.1].acceptance[1]: expected a table { text = "…", '
        'done = false }, got "注册可用"'
    ]


def test_depends_on_and_files() -> None:
    plan = loaded(
        GOOD.replace('phase = "P1"\n', 'phase = "P1"\ndepends_on = ["T1"]\n')
        + '\n[[tasks]]\nid = "T1"\ntitle = "t"\nfiles = ["src/a.rs", "docs/b.md"]\n'
    )
    assert plan.milestones[0].depends_on == ("T1",)
    assert plan.tasks[0].files == ("src/a.rs", "docs/b.md")


def test_an_unknown_dependency_is_named_where_it_is_written() -> None:
    _, problems = load(GOOD.replace('phase = "P1"\n', 'phase = "P1"\ndepends_on = ["M1.1x"]\n'))
    assert problems == [
        'p.toml:16:15: milestones[M1.1].depends_on: no milestone or task has id "M1.1x"'
    ]


def test_a_dependency_on_a_phase_or_risk_is_unknown() -> None:
    # Only milestones and tasks may be depended on: a phase id is not one.
    _, problems = load(GOOD.replace('phase = "P1"\n', 'phase = "P1"\ndepends_on = ["P1"]\n'))
    assert problems == [
        'p.toml:16:15: milestones[M1.1].depends_on: no milestone or task has id "P1"'
    ]


def test_find_cycles_reports_each_cycle_once_from_its_first_member() -> None:
    edges = {"A": ["B"], "B": ["C"], "C": ["A", "D"], "D": [], "E": ["E"], "F": ["A", "zz"]}
    assert find_cycles(edges) == [["A", "B", "C"], ["E"]]
    assert find_cycles({"B": ["A"], "A": ["B"]}) == [["B", "A"]]
    assert find_cycles({"A": ["B", "C"], "B": ["C"], "C": []}) == []
    # A long chain is walked without recursion.
    chain = {f"n{i}": [f"n{i + 1}"] for i in range(5000)}
    chain["n5000"] = ["n0"]
    assert len(find_cycles(chain)[0]) == 5001


def test_unrated_risks_are_listed_not_placed_and_level_is_not_a_rating() -> None:
    plan = loaded(
        '[plan]\nname = "x"\n'
        '\n[[risks]]\nid = "R1"\ntitle = "a"\nlevel = "高"\n'
        '\n[[risks]]\nid = "R2"\ntitle = "b"\nprobability = "中"\n'
        '\n[[risks]]\nid = "R3"\ntitle = "c"\nprobability = "中"\nimpact = 4\n'
    )
    r1, r2, r3 = plan.risks
    assert (r1.level, r1.probability, r1.impact, r1.rated) == ("高", None, None, False)
    assert (r2.rated, r3.rated) == (False, True)
    matrix = risk_matrix(plan.risks)
    assert [view.risk.id for view in matrix.placed] == ["R3"]
    assert matrix.unrated == (r1, r2)
    assert matrix.cell(3, 4).risks[0].risk is r3


def test_kpi_points_take_a_comparator_and_text() -> None:
    plan = loaded(
        '[plan]\nname = "x"\n\n[[kpis]]\nid = "ga"\nname = "发布"\n'
        'actuals = [{ date = 2025-05-01, value = "Beta" }]\n'
        'targets = [{ date = 2025-12-31, value = "GA 发布" }, '
        '{ date = 2026-06-30, value = 3, op = ">=" }]\n'
    )
    kpi = plan.kpis[0]
    assert kpi.actuals == (Point(date=dt.date(2025, 5, 1), value="Beta"),)
    assert kpi.targets[1] == Point(date=dt.date(2026, 6, 30), value=3.0, op=">=")
    # Text cannot be compared: no on-track claim either way, no trend.
    view = kpi_view(kpi, TODAY)
    assert (view.pace.status, view.trend) == ("no data", None)


def test_a_number_written_as_text_in_a_kpi_is_an_error() -> None:
    _, problems = load(
        '[plan]\nname = "x"\n\n[[kpis]]\nid = "c"\nname = "覆盖率"\n'
        'targets = [{ date = 2025-12-31, value = "1,000 ms" }]\n'
    )
    assert problems == [
        'p.toml:7:12: kpis[c].targets[1].value: "1,000 ms" is a number written as text; '
        "write it without quotes (the unit goes in unit)"
    ]


def test_people() -> None:
    plan = loaded(
        '[plan]\nname = "x"\n\n[[people]]\nname = "主开发者"\nrole = "架构"\n'
        'responsibilities = ["核心开发"]\n\n[[people]]\nname = "核心团队"\nteam = true\n'
    )
    assert plan.people == (
        Person(name="主开发者", role="架构", responsibilities=("核心开发",)),
        Person(name="核心团队", team=True),
    )


def test_a_task_with_an_unknown_priority_word_lists_the_choices() -> None:
    _, problems = load('[plan]\nname = "x"\n\n[[tasks]]\nid = "T1"\ntitle = "t"\npriority = 1\n')
    assert problems == ["p.toml:7:1: tasks[T1].priority: expected a string, got 1"]


KPI_WITH_OP = """\
[plan]
name = "x"

[[kpis]]
id = "ga"
name = "发布"
actuals = [
  { date = 2025-01-01, value = "Beta", op = ">=" },
]
"""


def test_recording_an_actual_keeps_comparators_and_text_values(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_bytes(KPI_WITH_OP.encode())
    kpi = loaded(KPI_WITH_OP).kpis[0]
    result = apply_edits(record_actual(path, kpi, TODAY, 3), None)
    assert path.read_text(encoding="utf-8") == KPI_WITH_OP.replace(
        '">=" },\n', '">=" },\n  { date = 2025-06-01, value = 3 },\n'
    )
    apply_edits(result.undo, None)
    assert path.read_text(encoding="utf-8") == KPI_WITH_OP
