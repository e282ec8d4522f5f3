"""Typed intents: each one, made against a small plan, changes exactly what its key promises.

No Textual: an intent is looked up with ``find_item``, turned into edits with ``edits_for`` and
written with the writer, as the app does; the file's bytes are what is checked.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest

from roadmap_tui.model.edits import EditGroup
from roadmap_tui.model.plan import Plan
from roadmap_tui.store.loader import load_file
from roadmap_tui.store.writer import apply_edits
from roadmap_tui.workspace.intents import (
    CycleRiskStatus,
    CycleStatus,
    Intent,
    ItemKind,
    RecordActual,
    SetDue,
    SetNote,
    SetStatus,
    ShiftDue,
    ShiftWithDependents,
    StepRisk,
    Target,
    TickCheck,
    ToggleBlocked,
    ToggleTask,
    edits_for,
    find_item,
)

TODAY = dt.date(2025, 2, 10)

PLAN = """\
[plan]
name = "Intents"

[[phases]]
id = "P1"
name = "Build"
start = 2025-01-01
end = 2025-03-31
deliverables = [{ text = "Parser", done = false }]

[[milestones]]
id = "M1"
title = "Ship"
due = 2025-02-01
status = "in_progress"  # the comment stays

[[milestones]]
id = "M2"
title = "Launch"
due = 2025-02-15
status = "todo"
depends_on = ["M1"]

[[tasks]]
id = "T1"
title = "Write docs"
done = false

[[risks]]
id = "R1"
title = "Vendor late"
probability = 3
impact = 2
status = "open"

[[kpis]]
id = "K1"
name = "Users"
actuals = [{ date = 2025-02-01, value = 10 }]
"""


def target(kind: ItemKind, item_id: str) -> Target:
    return Target(Path("plan.toml"), kind, item_id)


M1, M2 = target("milestones", "M1"), target("milestones", "M2")
T1, R1 = target("tasks", "T1"), target("risks", "R1")

#: Each intent type: the intent (made for a target in the file written), the summary the user
#: is told, and every line it changes in the file, as (before, after).
CASES: list[tuple[Callable[[Path], Intent], str, list[tuple[str, str]]]] = [
    (
        lambda p: CycleStatus(at(p, M1)),
        'M1 status: "in_progress" → "done"',
        [
            (
                'status = "in_progress"  # the comment stays\n',
                'status = "done"  # the comment stays\ndone_on = 2025-02-10\n',
            )
        ],
    ),
    (
        lambda p: SetStatus(at(p, M2), "dropped"),
        'M2 status: "todo" → "dropped"',
        [('status = "todo"\n', 'status = "dropped"\n')],
    ),
    (
        lambda p: ToggleBlocked(at(p, M2)),
        'M2 status: "todo" → "blocked"',
        [('status = "todo"\n', 'status = "blocked"\n')],
    ),
    (
        lambda p: SetDue(at(p, M1), dt.date(2025, 3, 1)),
        "M1 due: 2025-02-01 → 2025-03-01",
        [("due = 2025-02-01\n", "due = 2025-03-01\n")],
    ),
    (
        lambda p: ShiftDue(at(p, M2), -7),
        "M2 due: 2025-02-15 → 2025-02-08",
        [("due = 2025-02-15\n", "due = 2025-02-08\n")],
    ),
    (
        lambda p: ShiftWithDependents(at(p, M1), 7),
        "M1 and 1 dependent due +7 d",
        [
            ("due = 2025-02-01\n", "due = 2025-02-08\n"),
            ("due = 2025-02-15\n", "due = 2025-02-22\n"),
        ],
    ),
    (
        lambda p: SetNote(at(p, T1), "waiting on review"),
        'T1 note: (absent) → "waiting on review"',
        [("done = false\n", 'done = false\nnote = "waiting on review"\n')],
    ),
    (
        lambda p: ToggleTask(at(p, T1)),
        "T1 done: false → true",
        [("done = false\n", "done = true\n")],
    ),
    (
        lambda p: StepRisk(at(p, R1), "probability", 1),
        "R1 probability: 3 → 4",
        [("probability = 3\n", "probability = 4\n")],
    ),
    (
        lambda p: CycleRiskStatus(at(p, R1)),
        'R1 status: "open" → "mitigating"',
        [('status = "open"\n', 'status = "mitigating"\n')],
    ),
    (
        lambda p: TickCheck(at(p, target("phases", "P1")), "deliverables", 0),
        "P1 deliverables 1 ticked",
        [('"Parser", done = false }', '"Parser", done = true }')],
    ),
    (
        lambda p: RecordActual(at(p, target("kpis", "K1")), 12.5),
        "K1 actuals: 1 points, last 2025-02-01 = 10 → 2 points, last 2025-02-10 = 12.5",
        [
            (
                "actuals = [{ date = 2025-02-01, value = 10 }]\n",
                "actuals = [{ date = 2025-02-01, value = 10 }, "
                "{ date = 2025-02-10, value = 12.5 }]\n",
            )
        ],
    ),
]


def at(path: Path, where: Target) -> Target:
    """``where`` in the plan file at ``path``."""
    return Target(path, where.kind, where.item_id)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "plan.toml"
    file.write_bytes(PLAN.encode("utf-8"))
    return file


def loaded(path: Path) -> Plan:
    result = load_file(path)
    assert result.plan is not None, result.problems
    return result.plan


def edits_of(intent: Intent, plan: Plan, history: list[EditGroup] | None = None) -> EditGroup:
    item = find_item(plan, intent.target)
    assert item is not None
    return edits_for(intent, item, TODAY, plan=plan, history=history or [])


@pytest.mark.parametrize(
    ("make", "summary", "lines"), CASES, ids=[type(make(Path())).__name__ for make, _, _ in CASES]
)
def test_each_intent_changes_exactly_its_lines_and_undoes_to_the_same_bytes(
    path: Path,
    make: Callable[[Path], Intent],
    summary: str,
    lines: list[tuple[str, str]],
) -> None:
    group = edits_of(make(path), loaded(path))
    assert group.summary == summary
    result = apply_edits(group, None)
    expected = PLAN
    for before, after in lines:
        assert expected.count(before) == 1, before
        expected = expected.replace(before, after)
    assert path.read_text(encoding="utf-8") == expected
    loaded(path)  # what was written still loads
    apply_edits(result.undo, None)
    assert path.read_bytes() == PLAN.encode("utf-8")


def test_every_intent_type_has_a_case() -> None:
    made = {type(make(Path("plan.toml"))) for make, _, _ in CASES}
    assert made == set(get_args(Intent))


def test_unblocking_gives_back_the_status_the_block_replaced(path: Path) -> None:
    blocked = apply_edits(edits_of(ToggleBlocked(at(path, M1)), loaded(path)), None)
    unblock = edits_of(ToggleBlocked(at(path, M1)), loaded(path), [blocked.applied])
    assert unblock.summary == "M1 unblocked: back to in_progress"
    apply_edits(unblock, None)
    assert path.read_bytes() == PLAN.encode("utf-8")


@pytest.mark.parametrize(
    ("intent", "message"),
    [
        (CycleStatus(R1), "this edit applies to milestones and tasks, not to a risk"),
        (ToggleTask(M1), "this edit applies to tasks, not to a milestone"),
        (StepRisk(T1, "impact", 1), "this edit applies to risks, not to a task"),
        (
            TickCheck(T1, "acceptance", 0),
            "this edit applies to phases and milestones, not to a task",
        ),
        (RecordActual(R1, 1.0), "this edit applies to KPIs, not to a risk"),
        (SetNote(target("phases", "P1"), "x"), "milestones, tasks, risks and KPIs, not to a phase"),
    ],
)
def test_an_intent_for_the_wrong_kind_of_item_is_refused_with_a_reason(
    path: Path, intent: Intent, message: str
) -> None:
    plan = loaded(path)
    item = find_item(plan, intent.target)
    assert item is not None
    with pytest.raises(ValueError, match=message):
        edits_for(intent, item, TODAY, plan=plan, history=[])


def test_find_item_looks_in_the_targets_section_only(path: Path) -> None:
    plan = loaded(path)
    found = find_item(plan, M2)
    assert found is not None and found.id == "M2"
    assert find_item(plan, target("milestones", "M9")) is None
    assert find_item(plan, target("tasks", "M1")) is None  # M1 is a milestone, not a task


def test_the_intents_import_neither_textual_nor_rich() -> None:
    # Widgets post intents, but the workspace that reads them knows no screen.
    script = (
        "import json, sys\n"
        "import roadmap_tui.workspace.intents\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in "
        "('textual', 'rich'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []
