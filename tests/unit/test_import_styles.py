"""Roadmaps in other public styles (written for these tests, in tests/data/import/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from import_helpers import DATA, check, run_import

D = dt.date


def test_github_roadmap_versions_must_nice_and_prose_dates(tmp_path: Path) -> None:
    result = run_import(DATA / "github-roadmap.md")
    plan = result.plan
    assert plan.as_of == D(2025, 3, 3)
    # A version with a quarter is a phase; one with a date in its prose is a milestone.
    assert [(p.id, p.start, p.end) for p in plan.phases] == [
        ("v1.2", D(2025, 4, 1), D(2025, 6, 30))
    ]
    assert [(m.id, m.title, m.due, m.owner) for m in plan.milestones] == [
        ("v1.3", "v1.3 — Sync", D(2025, 9, 15), None),
        ("v2.0", "v2.0", None, "@mira"),
        ("v1.1", "v1.1", None, None),
    ]
    # "## v1.1 ✅" is done, and "Released:" says when; nothing else is read from a tick.
    shipped = plan.milestones[2]
    assert (shipped.status, shipped.done_on) == ("done", D(2025, 2, 10))
    assert plan.milestones[0].status == "todo"
    tasks = {t.title: t for t in plan.tasks}
    assert (tasks["Plugin manifest format"].done, tasks["Plugin manifest format"].priority) == (
        True,
        "P0",
    )
    assert (tasks["Signed plugins"].done, tasks["Signed plugins"].priority) == (None, "P2")
    assert tasks["Offline mode"].milestone == "v1.3"
    # A dependency on an id the plan has is kept; one on an id it lacks is named, not kept.
    assert plan.milestones[1].depends_on == ["v1.3"]
    assert (
        "github-roadmap.md:36: decided: depends on v0.9: no milestone or task has that id here"
        in result.messages
    )
    assert plan.non_goals == ["Windows XP support", "A mobile app"]
    assert "github-roadmap.md:22: decided: due date 2025-09-15 read from the prose" in (
        result.messages
    )
    assert check(result, tmp_path).errors == ()


def test_quarterly_table_reads_emoji_by_their_column(tmp_path: Path) -> None:
    result = run_import(DATA / "quarterly-table.md")
    plan = result.plan
    assert [p.id for p in plan.phases] == ["Q1-2025", "Q2-2025", "Q3-2025", "Q4-2025"]
    rows = [(m.title, m.status, m.priority, m.phase, m.due) for m in plan.milestones]
    assert rows == [
        ("Single sign-on", "done", "P0", "Q1-2025", None),
        ("Audit log export", "done", "P2", "Q1-2025", None),
        ("Usage-based billing", "in_progress", "P0", "Q2-2025", None),
        ("Public API v2", "blocked", "P2", "Q2-2025", None),
        ("Data residency (EU)", "todo", "P0", "Q3-2025", None),
        ("Self-serve onboarding", "todo", "P3", "Q4-2025", None),
    ]
    # 🔴 in the status column is a status, in the priority column a priority, in a risk's
    # level column a level; the ambiguous readings are reported.
    assert "quarterly-table.md:11: decided: 🔴 in a status column read as not started" in (
        result.messages
    )
    assert [(r.level, r.probability, r.impact) for r in plan.risks] == [
        ("high", None, None),
        ("medium", None, None),
    ]
    latency = plan.kpis[1]
    assert (latency.better, [(p.date, p.value, p.op) for p in latency.targets]) == (
        "lower",
        [(D(2025, 9, 30), 300.0, "<"), (D(2025, 12, 31), 250.0, "<")],
    )
    assert plan.kpis[0].actuals[0].value == 1240.0
    assert check(result, tmp_path).errors == ()


def test_checklist_buckets_without_dates(tmp_path: Path) -> None:
    result = run_import(DATA / "checklist-buckets.md")
    plan = result.plan
    rows = [(t.title, t.status, t.done, t.priority) for t in plan.tasks]
    assert rows == [
        ("Markdown export", "planned", None, None),
        ("Keyboard shortcut editor", "planned", None, None),
        ("Settings sync", None, True, None),
        ("Plugin API", "todo", None, None),
        ("Vim keybindings", "todo", None, None),
        ("Dark theme for print preview", "todo", None, None),
        ("Collaborative editing", "todo", None, "P3"),
        ("iPad app", "todo", None, "P3"),
    ]
    assert all(t.due is None and t.start is None for t in plan.tasks)
    assert result.summary == (
        "imported 0 phases, 0 milestones, 8 tasks, 0 deliverables, 0 acceptance criteria, "
        "0 risks, 0 KPIs; 1 line not imported"
    )
    assert check(result, tmp_path).errors == ()
