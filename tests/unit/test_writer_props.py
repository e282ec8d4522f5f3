"""Property: on every sample plan, any run of edits loads cleanly after each step and the undos,
applied last first, give back the original file byte for byte."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui.model import edits
from roadmap_tui.model.edits import MISSING, EditGroup
from roadmap_tui.model.plan import Plan
from roadmap_tui.store.loader import clean_text, load_file
from roadmap_tui.store.writer import WriteResult, apply_edits, read_stamp

SAMPLES = sorted((Path(__file__).parents[2] / "sample_plans").glob("*.toml"))

#: What the loader strips from text (C0/C1 controls but tab and newline, bidi overrides); the
#: model never holds these, so edits made from it never carry them either.
_STRIPPED = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n"]
_STRIPPED += [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]

note_text = st.lists(
    st.one_of(
        st.sampled_from(['"', "'", "\\", "\n", "\t", " ", "你好", '"""', "'''", "#", "[[x]]"]),
        st.characters(blacklist_categories=("Cs",), blacklist_characters=_STRIPPED),
    ),
    max_size=12,
).map("".join)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
numbers = st.one_of(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
)

Action = Callable[[Path, Plan], EditGroup]


@st.composite
def actions(draw: st.DrawFn) -> Action:
    """One user action, as a function of the plan as it is loaded at that moment."""
    kind = draw(st.sampled_from(["status", "due", "note", "risk", "risk_status", "actual"]))
    pick = draw(st.integers(min_value=0, max_value=10**6))
    today = draw(days)
    if kind == "status":
        use_tasks = draw(st.booleans())

        def status(path: Path, plan: Plan) -> EditGroup:
            items = plan.tasks if use_tasks and plan.tasks else plan.milestones
            return edits.cycle_status(path, items[pick % len(items)], today)

        return status
    if kind == "due":
        shift = draw(st.integers(min_value=-400, max_value=400))

        def due(path: Path, plan: Plan) -> EditGroup:
            items = plan.milestones
            return edits.shift_due(path, items[pick % len(items)], shift)

        return due
    if kind == "note":
        text = draw(note_text)
        section = draw(st.sampled_from(["milestones", "tasks", "risks", "kpis"]))

        def note(path: Path, plan: Plan) -> EditGroup:
            items = getattr(plan, section) or plan.milestones
            return edits.set_note(path, items[pick % len(items)], text)

        return note
    if kind == "risk":
        which = draw(st.sampled_from(["probability", "impact"]))
        delta = draw(st.sampled_from([1, -1]))

        def step(path: Path, plan: Plan) -> EditGroup:
            if not plan.risks:
                return EditGroup(path)
            risk = plan.risks[pick % len(plan.risks)]
            return edits.step_risk(path, risk, which, delta)

        return step
    if kind == "risk_status":

        def risk_status(path: Path, plan: Plan) -> EditGroup:
            if not plan.risks:
                return EditGroup(path)
            return edits.cycle_risk_status(path, plan.risks[pick % len(plan.risks)])

        return risk_status
    value = draw(numbers)

    def actual(path: Path, plan: Plan) -> EditGroup:
        if not plan.kpis:
            return EditGroup(path)
        return edits.record_actual(path, plan.kpis[pick % len(plan.kpis)], today, value)

    return actual


def loaded(path: Path) -> Plan:
    result = load_file(path)
    assert result.plan is not None, [str(p) for p in result.errors]
    assert not result.errors
    return result.plan


def assert_shows(plan: Plan, group: EditGroup) -> None:
    """The reloaded plan holds every edit's new value."""
    for edit in group:
        item = next(i for i in getattr(plan, edit.kind) if i.id == edit.item_id)
        shown = getattr(item, edit.field)
        if edit.new is MISSING:
            assert shown in (None, (), "open"), edit
        elif isinstance(edit.new, str):
            assert shown == clean_text(edit.new), edit
        else:
            assert shown == edit.new, edit


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(actions(), min_size=1, max_size=4))
def test_edits_round_trip(sample: Path, steps: list[Action]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / sample.name
        shutil.copyfile(sample, path)
        original = path.read_bytes()
        done: list[WriteResult] = []
        for step in steps:
            group = step(path, loaded(path))
            if not group:
                continue
            result = apply_edits(group, read_stamp(path))
            assert not result.rebased
            assert_shows(loaded(path), result.applied)
            done.append(result)
        for result in reversed(done):
            assert read_stamp(path).sha256 == result.digest
            apply_edits(result.undo, result.stamp)
        assert path.read_bytes() == original


def test_there_are_five_samples() -> None:
    assert len(SAMPLES) == 5
