"""Each seed document imports to a plan that passes ``check``, with known counts and values.

The counts are what the importer recovers by class; the shares (README) count table rows and
check boxes, the items a reader would expect to find again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from import_helpers import check, run_import, seed_path
from import_share import share

from roadmap_tui.importer import NeedsAnchorError

D = dt.date

#: prefix → (anchor, counts by class, (recovered, total) table rows and check boxes)
SEEDS: dict[str, tuple[dt.date | None, dict[str, int], tuple[int, int]]] = {
    "000": (
        None,
        dict(phases=6, milestones=13, tasks=38, deliverables=20, acceptance=0, risks=5, kpis=12),
        (62, 74),
    ),
    "001": (
        None,
        dict(phases=6, milestones=31, tasks=13, deliverables=22, acceptance=0, risks=7, kpis=14),
        (76, 76),
    ),
    "002": (
        D(2024, 9, 2),
        dict(phases=2, milestones=14, tasks=49, deliverables=0, acceptance=6, risks=0, kpis=4),
        (67, 67),
    ),
    "003": (
        None,
        dict(phases=4, milestones=17, tasks=13, deliverables=0, acceptance=76, risks=4, kpis=25),
        (82, 86),
    ),
    "004": (
        D(2025, 7, 1),
        dict(phases=4, milestones=13, tasks=44, deliverables=11, acceptance=28, risks=4, kpis=5),
        (14, 14),
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_imports_with_its_counts_and_passes_check(prefix: str, tmp_path: Path) -> None:
    anchor, counts, _ = SEEDS[prefix]
    result = run_import(seed_path(prefix), anchor)
    got = result.plan.counts()
    assert {key: got[key] for key in counts} == counts
    loaded = check(result, tmp_path)
    assert loaded.errors == (), [str(p) for p in loaded.errors]
    assert loaded.plan is not None
    assert len(loaded.plan.milestones) == counts["milestones"]


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_share_of_rows_and_check_boxes(prefix: str) -> None:
    anchor, _, expected = SEEDS[prefix]
    path = seed_path(prefix)
    result = run_import(path, anchor)
    assert share(path.read_text(encoding="utf-8"), result) == expected


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_import_is_deterministic(prefix: str) -> None:
    anchor = SEEDS[prefix][0]
    first = run_import(seed_path(prefix), anchor)
    again = run_import(seed_path(prefix), anchor)
    assert first.text == again.text
    assert first.messages == again.messages


def by_id(items: list, ident: str):  # type: ignore[no-untyped-def,type-arg]
    return next(item for item in items if item.id == ident)


def test_distributed_rust_boxes_bars_and_kpi_tables() -> None:
    plan = run_import(seed_path("000")).plan
    assert plan.as_of == D(2025, 10, 17)
    q1 = by_id(plan.phases, "Q1-2025")
    assert (q1.start, q1.end, q1.budget, q1.headcount) == (
        D(2025, 1, 1),
        D(2025, 3, 31),
        "$120,000",
        3.5,
    )
    assert q1.theme == "完善核心功能，对齐行业标准"
    assert [(c.text, c.done) for c in q1.deliverables][:2] == [
        ("Read Index/Lease Read功能", True),
        ("RocksDB持久化引擎", True),
    ]
    assert by_id(plan.phases, "Q2-2025").deliverables[0].done is False  # □
    # "Week 8-10 ░░░░████" — dated by its label, counted from the phase's start.
    bar = next(t for t in plan.tasks if t.title == "性能优化")
    assert (bar.start, bar.due, bar.phase) == (D(2025, 2, 19), D(2025, 3, 11), "Q1-2025")
    first = plan.milestones[0]
    assert (first.title, first.due, first.status, first.owner) == (
        "启动Read Index开发",
        D(2025, 1, 5),
        "in_progress",
        "核心团队",
    )
    assert plan.milestones[1].status == "todo"  # ⬜ 待开始
    latency = next(k for k in plan.kpis if k.name == "P99延迟 (ms)")
    assert latency.better == "lower"
    assert next((p.date, p.value) for p in latency.targets) == (D(2025, 3, 31), 15.0)
    risk = plan.risks[0]
    assert (risk.title, risk.category, risk.probability, risk.impact) == (
        "性能无法达标",
        "技术",
        "中",
        "高",
    )


def test_dispa_keeps_the_documents_ids_and_statuses() -> None:
    plan = run_import(seed_path("001")).plan
    m21 = by_id(plan.milestones, "M2.1")
    assert (m21.title, m21.due, m21.status, m21.owner, m21.phase, m21.done_on) == (
        "OAuth2/OIDC 集成",
        D(2024, 12, 21),
        "todo",
        "安全专家",
        "S2",
        None,
    )
    assert by_id(plan.milestones, "M1.0").title == "v0.2.0 发布"  # bold is formatting
    assert by_id(plan.milestones, "M1.1").status == "planned"  # 🟡 计划中
    assert by_id(plan.phases, "S1").version == "v0.2.0"
    # Risks without likelihood or impact stay unrated.
    unrated = plan.risks[0]
    assert (unrated.title, unrated.probability, unrated.impact) == (
        "K8s 集成复杂度较高",
        None,
        None,
    )
    # Ticked deliverables are ticked deliverables, not finished work.
    assert all(m.status != "done" for m in plan.milestones)
    assert [p.name for p in plan.people][:2] == ["主开发者", "协作开发者"]
    assert (plan.start, plan.end, plan.as_of) == (D(2024, 10, 1), D(2026, 3, 31), D(2024, 9, 25))


def test_grape_needs_an_anchor_and_counts_weeks_from_it() -> None:
    with pytest.raises(NeedsAnchorError) as raised:
        run_import(seed_path("002"))
    assert (raised.value.line, raised.value.what) == (5, "Week 13")
    plan = run_import(seed_path("002"), D(2024, 9, 2)).plan
    week = by_id(plan.phases, "W13")
    assert (week.start, week.end) == (D(2024, 11, 25), D(2024, 12, 1))
    assert plan.anchor == D(2024, 9, 2)
    day = plan.milestones[0]
    assert (day.title, day.due, day.priority) == ("Raft选举机制完善", D(2024, 11, 26), "P0")
    task = next(t for t in plan.tasks if t.title == "完善 start_election() 方法实现")
    assert (task.milestone, task.done) == (day.id, False)
    # "#### 第一优先级 (Week 13)": the list is work, urgent, in week 13, touching that file.
    step = next(t for t in plan.tasks if t.title.endswith("Raft算法核心逻辑"))
    assert (step.phase, step.priority, step.files) == ("W13", "P0", ["src/distributed/raft.rs"])
    # The daily-report template in a fence is not plan data.
    assert not any("选举超时机制" in t.title for t in plan.tasks)


def test_otlp_relative_phases_risks_and_approval() -> None:
    result = run_import(seed_path("003"))
    plan = result.plan
    assert any(
        message.endswith(
            ":3: decided: relative times count from the document's date 2025-10-29 "
            "(--anchor chooses another)"
        )
        for message in result.messages
    )
    assert (plan.as_of, plan.anchor, plan.approval, plan.budget) == (
        D(2025, 10, 29),
        D(2025, 10, 29),
        "pending",
        "$450,000",
    )
    p0 = by_id(plan.phases, "P0")
    assert (p0.name, p0.start, p0.end) == ("紧急行动计划", D(2025, 10, 29), D(2025, 11, 4))
    first = plan.milestones[0]
    assert (first.title, first.due, first.owner, first.priority) == (
        "纠正错误的评估文档",
        D(2025, 10, 30),
        "项目维护者",
        "P0",
    )
    assert next((c.text, c.done) for c in first.acceptance) == ("错误文档已归档", True)
    assert first.status == "todo"  # ticked criteria do not finish a milestone
    r1 = by_id(plan.risks, "R1")
    assert (r1.title, r1.probability, r1.impact, r1.level) == (
        "OpenTelemetry升级兼容性",
        "60%",
        None,
        "中",
    )
    compile_time = next(k for k in plan.kpis if k.name == "编译时间")
    assert next((p.value, p.op) for p in compile_time.targets) == (17.0, "<")
    assert compile_time.actuals[0].value == 23.43


def test_dataflare_dates_its_phases_from_the_timetable() -> None:
    with pytest.raises(NeedsAnchorError) as raised:
        run_import(seed_path("004"))
    assert (raised.value.line, raised.value.what) == (230, "第1个月")
    plan = run_import(seed_path("004"), D(2025, 7, 1)).plan
    phase = plan.phases[0]
    assert (phase.name, phase.start, phase.end) == (
        "里程碑1：基础功能完善",
        D(2025, 7, 1),
        D(2025, 8, 31),
    )
    assert plan.non_goals[0] == "完整的企业级功能（留待第三阶段）"
    cli = plan.milestones[0]
    assert (cli.title, cli.priority, cli.due) == ("CLI工具实现", "P0", None)
    done = [t.done for t in plan.tasks if t.milestone == cli.id]
    assert done == [True, True, True, True, False]


def test_missing_seeds_fail_in_ci_rather_than_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="seed 999 not found"):
        seed_path("999")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        seed_path("999")
