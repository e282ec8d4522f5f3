"""The sample plans: each loads cleanly, holds what its seed holds, and points at the schema.

Counts are checked twice: against fixed numbers, and, where the seed document states them in a
form simple to read back (a table, a list of check boxes), against the seed itself.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from roadmap_tui.model.plan import Plan
from roadmap_tui.schema import schema_text
from roadmap_tui.store.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_plans"
#: The seed documents the samples were translated from (shared/ sits beside the checkout).
SEEDS = ROOT.parent / "shared" / "seeds"

#: phases, milestones, tasks, risks, KPIs
COUNTS: dict[str, tuple[int, int, int, int, int]] = {
    "dataflare.toml": (4, 4, 64, 4, 9),
    "dispa.toml": (6, 31, 0, 7, 14),
    "distributed-rust.toml": (4, 13, 38, 5, 12),
    "grape-vector-db.toml": (2, 6, 46, 0, 4),
    "otlp-rust.toml": (4, 4, 43, 4, 31),
}


def sample(name: str) -> Plan:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} is not written yet")
    result = load_file(path)
    assert result.problems == (), [str(p) for p in result.problems]
    assert result.plan is not None
    return result.plan


def seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} is not available here")
    return found[0].read_text(encoding="utf-8")


def test_every_sample_has_its_counts_here() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.toml")) == sorted(
        name for name in COUNTS if (SAMPLES / name).exists()
    )
    assert len(list(SAMPLES.glob("*.toml"))) >= 4


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_sample_loads_without_problems_and_with_its_counts(name: str) -> None:
    plan = sample(name)
    counts = tuple(
        len(items) for items in (plan.phases, plan.milestones, plan.tasks, plan.risks, plan.kpis)
    )
    assert counts == COUNTS[name]


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_sample_points_at_the_schema(name: str) -> None:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} is not written yet")
    first = path.read_bytes().split(b"\n", 1)[0]
    assert first == b"#:schema ./plan.schema.json"


def test_the_schema_file_is_what_the_schema_command_prints() -> None:
    text = (SAMPLES / "plan.schema.json").read_text(encoding="utf-8")
    assert text == schema_text(), "run: roadmap-tui schema > sample_plans/plan.schema.json"
    assert json.loads(text)["title"] == "roadmap-tui plan"


# --- against the seeds ------------------------------------------------------------------------

_DISPA_ROW = re.compile(
    r"^\|\s*(?:\*\*)?(M\d+\.\d+):\s*(.+?)(?:\*\*)?\s*\|\s*(?:\*\*)?(\d{4}-\d\d-\d\d)(?:\*\*)?\s*\|"
    r"[^|]*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|",
    re.M,
)


def test_dispa_holds_what_its_seed_holds_by_class() -> None:
    plan = sample("dispa.toml")
    # Counted by hand in seed 001 (line numbers of that file):
    assert by_class(plan) == {
        "phases": 6,  # ### 第一 … 第六阶段里程碑: 25, 47, 68, 86, 104, 120
        # milestone tables 31-35, 53-56, 74-78, 92-96, 110-113, 126-128; 社区里程碑 323-327
        "milestones": 5 + 4 + 5 + 5 + 4 + 3 + 5,
        "tasks": 0,  # the seed lists no work below its milestones
        "deliverables": 4
        + 4
        + 4
        + 4
        + 3
        + 3,  # 关键交付物 38-41, 59-62, 81-84, 99-102, 116-118, 131-133
        # Pre-/Post-Release 检查 142-150, 180-183; 社区 目标指标 323-327; 项目成功标准 348-351
        "acceptance": 9 + 4 + 5 + 4,
        # 高风险里程碑 239-252 (M1.2 and M2.2 are also the 风险点 44 and 65), the other 风险点 45
        # and 66, 质量风险管控 262-270
        "risks": 3 + 2 + 2,
        "kpis": 5 + 9,  # 开发进度指标 209-213; 质量指标 218-230
        "kpi values": 14,  # one target each; every 当前值 is "-"
    }
    text = seed("001")
    rows = _DISPA_ROW.findall(text)
    assert len(rows) == 26
    table = [m for m in plan.milestones if not m.id.startswith("C")]
    assert [m.id for m in table] == [row[0] for row in rows]
    assert [m.due.isoformat() if m.due else "" for m in table] == [row[2] for row in rows]
    assert [m.owner for m in table] == [row[4] for row in rows]
    # 🟡 计划中 is planned, ⚪ 未开始 is todo: the seed's words keep their meaning.
    meaning = {"🟡 计划中": "planned", "⚪ 未开始": "todo"}
    assert [m.status for m in table] == [meaning[row[3]] for row in rows]
    # Every 关键交付物 is ticked in the seed: ticked checks, no work done.
    assert all(c.done for p in plan.phases for c in p.deliverables)
    assert not any(m.status == "done" for m in plan.milestones)
    # No risk is given a probability or an impact the seed does not give.
    assert all(r.probability is None and r.impact is None for r in plan.risks)
    assert [r.level for r in plan.risks] == ["高", "高", "高", None, None, None, None]
    assert [person.name for person in plan.people] == re.findall(
        r"^\| (\S+) \| [A-Z][\w ]+ \|", text, re.M
    )
    assert plan.plan.as_of == dt.date(2024, 9, 25)


def _number(written: str) -> float:
    """``30K`` → 30000, ``3.5K`` → 3500, ``85%`` → 85."""
    text = written.rstrip("%")
    return float(text[:-1]) * 1000 if text.endswith("K") else float(text)


def test_distributed_rust_kpis_are_the_seeds_indicator_tables() -> None:
    plan = sample("distributed-rust.toml")
    text = seed("000")
    tracking = text.split("## 🎯 关键指标追踪", 1)[1].split("## 🚀", 1)[0]
    rows = [
        line.split()[-5:]
        for line in tracking.splitlines()
        if re.search(r"(\s+\S+){5}$", line) and not line.startswith(("指标", "─"))
    ]
    assert len(rows) == 12 == len(plan.kpis)
    for kpi, row in zip(plan.kpis, rows, strict=True):
        assert len(kpi.actuals) == 1 and len(kpi.targets) == 4, kpi.id
        assert [p.value for p in (*kpi.actuals, *kpi.targets)] == [_number(v) for v in row], kpi.id
        # 当前 is as of the document's own date (更新日期: 2025年10月17日, line 551).
        assert kpi.actuals[0].date == plan.plan.as_of == dt.date(2025, 10, 17)
        assert [p.date.isoformat() for p in kpi.targets] == [
            "2025-03-31",
            "2025-06-30",
            "2025-09-30",
            "2025-12-31",
        ]


def test_distributed_rust_has_the_seeds_phases_months_risks_and_checklist() -> None:
    plan = sample("distributed-rust.toml")
    text = seed("000")
    assert [p.id for p in plan.phases] == ["Q1", "Q2", "Q3", "Q4"]
    assert [p.budget for p in plan.phases] == ["$120,000", "$150,000", "$100,000", "$210,000"]
    assert [p.headcount for p in plan.phases] == [3.5, 5, 5, 7]
    # The monthly tables: | 01/05 | 启动Read Index开发 | 核心团队 | ⏳ 进行中 |
    months = re.findall(r"^\| (\d\d)/(\d\d) \| (.+?) \| (.+?) \| (.+?) \|", text, re.M)
    assert len(months) == 13
    meaning = {"⏳ 进行中": "in_progress", "⬜ 待开始": "todo"}
    assert [(m.due, m.title, m.owner, m.status) for m in plan.milestones] == [
        (dt.date(2025, int(month), int(day)), title, owner, meaning[status])
        for month, day, title, owner, status in months
    ]
    # The risk register: | 技术 | 性能无法达标 | 中 | 高 | 早期性能测试 |
    risks = re.findall(r"^\| (技术|人员|市场|资金) \| (.+?) \| (.) \| (.) \| (.+?) \|", text, re.M)
    assert [(r.category, r.title, r.probability, r.impact, r.mitigation) for r in plan.risks] == [
        tuple(row) for row in risks
    ]
    # The week 1-2 checklist: one task per check box, dated from the anchor (Week 1 = 01-06).
    checklist = text.split("## 🎬 立即行动清单", 1)[1].split("## 📞", 1)[0]
    boxes = re.findall(r"^- \[ \] (.+)$", checklist, re.M)
    weekly = [t for t in plan.tasks if t.id.startswith("W")]
    assert len(boxes) == 24 == len(weekly)
    assert [t.title for t in weekly] == boxes
    assert plan.plan.anchor == dt.date(2025, 1, 6)
    assert weekly[0].due == plan.plan.anchor and weekly[-1].due == dt.date(2025, 1, 17)
    # 优先级排序 (237-240): P0 Read Index + RocksDB, P1 Multi-Raft + gRPC, P2 OpenTelemetry,
    # P3 WASM + AI.
    assert [(t.title, t.priority) for t in plan.tasks if t.priority] == [
        ("Read Index实现", "P0"),
        ("RocksDB集成", "P0"),
        ("Multi-Raft架构", "P1"),
        ("gRPC + TLS网络层", "P1"),
        ("OpenTelemetry集成", "P2"),
        ("WebAssembly支持", "P3"),
        ("AI功能探索", "P3"),
    ]
    # The seed's own rule: ✅ is done, □ is not. Q1's deliverables are ticked; a tick is not work.
    assert [c.done for c in plan.phases[0].deliverables] == [True] * 5
    assert not any(c.done for p in plan.phases[1:] for c in p.deliverables)
    assert all(p.due is None or p.due >= p.start for p in plan.tasks if p.start)
    assert not any(t.effective_status == "done" for t in plan.tasks)


def test_distributed_rust_holds_what_its_seed_holds_by_class() -> None:
    plan = sample("distributed-rust.toml")
    # Counted by hand in seed 000 (line numbers of that file):
    assert by_class(plan) == {
        "phases": 4,  # ### Q1-Q4 2025: 34, 64, 92, 120
        "milestones": 4 + 4 + 5,  # 月度里程碑 156-159, 165-168, 174-178
        # work bars 45-49 and 75-77, 103-105, 131-133; 立即行动清单 boxes 306-352 (15 + 9)
        "tasks": 5 + 9 + 24,
        "deliverables": 5 * 4,  # 关键交付物 52-56, 80-84, 108-112, 136-140
        "acceptance": 3 * 4,  # 成功指标 59-61, 87-89, 115-117, 143-145
        "risks": 5,  # 396-400
        "kpis": 12,  # 189-192, 200-203, 211-214
        "kpi values": 12 * 5,  # 当前 and Q1-Q4 目标 for each
    }


def by_class(plan: Plan) -> dict[str, int]:
    """How many items of each class a plan holds; KPI values are actuals and targets together."""
    checks = (*plan.phases, *plan.milestones)
    return {
        "phases": len(plan.phases),
        "milestones": len(plan.milestones),
        "tasks": len(plan.tasks),
        "deliverables": sum(len(item.deliverables) for item in checks),
        "acceptance": sum(len(item.acceptance) for item in checks),
        "risks": len(plan.risks),
        "kpis": len(plan.kpis),
        "kpi values": sum(len(k.actuals) + len(k.targets) for k in plan.kpis),
    }


def test_grape_vector_db_holds_what_its_seed_holds_by_class() -> None:
    plan = sample("grape-vector-db.toml")
    # Counted by hand in seed 002 (line numbers of that file):
    assert by_class(plan) == {
        "phases": 2,  # 5 ### Week 13, 32 ### Week 14
        "milestones": 6,  # 167-169 Week 13 里程碑, 172-174 Week 14 里程碑
        # 6 Day blocks (9, 17, 25, 36, 44, 52); their 22 step boxes (11-14, 19-22, 27-29,
        # 38-41, 46-49, 54-56; the 文件 and 预计工时 boxes are the blocks' files and hours);
        # Step 1 环境准备 (86); Step 2 items 104, 105, 109, 110 (103 and 108 are the Day
        # blocks' own files); 测试计划 75-77, 80-82; 技术债务 62-65, 68-70.
        "tasks": 6 + 22 + 1 + 4 + 6 + 7,
        "deliverables": 0,
        # 验证标准 115-117, 120-122; 代码审查检查点 127-130, 133-136.
        "acceptance": 6 + 8,
        "risks": 0,  # no risk register
        "kpis": 4,  # 周报关键指标 159-162
        "kpi values": 8,  # one target per weekly report, two weeks; nothing measured yet
    }
    text = seed("002")
    blocks = re.findall(r"^##### Day ([\d-]+): (.+)$", text, re.M)
    hours = [int(h) for h in re.findall(r"\*\*预计工时\*\*: (\d+)小时", text)]
    files = re.findall(r"\*\*文件\*\*: `(.+?)`", text)
    worked = [t for t in plan.tasks if t.estimate_hours is not None]
    assert [t.title for t in worked] == [title for _, title in blocks]
    assert [t.estimate_hours for t in worked] == hours
    assert [t.files for t in worked] == [(f,) for f in files]
    assert {t.priority for t in worked} == {"P1"}  # #### 🔴 高优先级任务 (7, 34)
    assert all(t.phase for t in worked)
    ticks = re.findall(r"^- \[ \] (.+?)\s*$", text.split("## 🎯 本阶段里程碑", 1)[1], re.M)
    assert [m.title for m in plan.milestones] == ticks
    # Nothing in the seed is ticked or started.
    assert {m.status for m in plan.milestones} == {"todo"}
    assert {t.effective_status for t in plan.tasks} == {"todo"}
    assert plan.plan.anchor == dt.date(2024, 1, 1) and plan.plan.as_of is None
    # Week 13 is the 13th week from the anchor.
    assert plan.phases[0].start == plan.plan.anchor + dt.timedelta(weeks=12)


def test_dataflare_holds_what_its_seed_holds_by_class() -> None:
    plan = sample("dataflare.toml")
    # Counted by hand in seed 004 (line numbers of that file):
    assert by_class(plan) == {
        "phases": 4,  # ### 3.1 (28), 3.2 (65), 3.3 (102), 3.4 (140)
        "milestones": 4,  # 7. 里程碑时间表 rows 230-233
        # 13 work areas (#### 3.N.M, and 4.2 重构计划 at 184) with 44 任务 items between them
        # (5+3+3, 4+3+4, 4+3+3, 3+3+3, and 3 under 4.2); 4.1 技术债务 (4); 5.2 应急计划 (3).
        "tasks": 13 + 44 + 4 + 3,
        "deliverables": 3 + 2 + 3 + 3,  # the 交付物 column, 230-233
        # 验收标准 of 3.1 (2+2+2), 3.2 (2+2+2), 3.3 (3+2+3), 3.4 (2+2+2); 4.2's two (191-193)
        # belong to no 里程碑 and stay in that task's note.
        "acceptance": 6 + 6 + 8 + 6,
        "risks": 4,  # 201-204
        "kpis": 9,  # 8. 成功指标: 2 + 2 + 2 + 2 + 1 statements
        "kpi values": 9,  # one target each, none measured
    }
    text = seed("004")
    rows = re.findall(r"^\| (?!风险|-)(.+?) \| (.) \| (.) \| (.+?) \|$", text, re.M)
    assert [(r.title, r.impact, r.probability, r.mitigation) for r in plan.risks] == rows
    assert [p.name for p in plan.phases] == re.findall(r"^### 3\.\d (里程碑\d：\S+?)（", text, re.M)
    table = re.findall(r"^\| (\S+) \| 第.+? \| (第.+?) \| (.+?) \|$", text, re.M)
    assert [(m.title, [c.text for c in m.deliverables]) for m in plan.milestones] == [
        (title, delivered.split("，")) for title, _, delivered in table
    ]
    # ✅ marks work done (3.1.1's four 任务) and ticks two acceptance criteria, which are
    # not work: nothing else is done.
    assert [t.id for t in plan.tasks if t.effective_status == "done"] == [
        "3.1.1.1",
        "3.1.1.2",
        "3.1.1.3",
        "3.1.1.4",
    ]
    assert [c.text for c in plan.milestones[0].acceptance if c.done] == [
        "所有CLI命令功能可用且有单元测试",
        "提供基础的命令行文档",
    ]
    assert plan.plan.non_goals == tuple(
        re.findall(r"^\d\. (.+)$", text.split("### 2.2 非目标", 1)[1].split("##", 1)[0], re.M)
    )
    priorities = re.findall(r"\*\*优先级\*\*：(.)", text)
    areas = [t for t in plan.tasks if t.priority is not None]
    assert [t.priority for t in areas] == [{"高": "P1", "中": "P2"}[p] for p in priorities]
    # 4. and 5.2 are in no 里程碑; everything of 3. is in its phase.
    assert {t.id.split(".")[0] for t in plan.tasks if t.phase is None} == {"4", "5"}


def test_otlp_rust_score_is_the_seeds_summary_row() -> None:
    plan = sample("otlp-rust.toml")
    text = seed("003")
    row = re.search(
        r"^\| \*\*整体评分\*\* \| (\d+)/100 \| (\d+)/100 \| (\d+)/100 \| (\d+)/100 \|", text, re.M
    )
    assert row is not None
    score = next(k for k in plan.kpis if k.id == "score")
    assert [p.value for p in (*score.actuals, *score.targets)] == [float(v) for v in row.groups()]
    assert [p.id for p in plan.phases] == ["P0", "P1", "P2", "P3"]


def test_otlp_rust_holds_what_its_seed_holds_by_class() -> None:
    plan = sample("otlp-rust.toml")
    # Counted by hand in seed 003 (line numbers of that file):
    assert by_class(plan) == {
        "phases": 4,  # ## 1. (61), 2. (285), 3. (664), 4. (1046)
        "milestones": 4,  # ### 里程碑1-4: 1447, 1463, 1483, 1502
        # 1.1-1.3 (68, 116, 173); 2.1 Week 1-2/3-4 (291, 326); 2.2 Week 1-2 … 7-8 (419, 474,
        # 503, 532); 2.3 Week 5-6/7-8 (578, 629); 3.1 Month 3/4 (670, 707); 3.2 Month 3/4/5
        # (746, 785, 837); 3.3 基准测试套件 (949); 4.1 集成清单 10 + 5 + 3 files (1052-1085);
        # 4.2 Phase 1-3 (1185, 1203, 1226); 4.3 优化策略 1-4 (1297-1350); 4.4 (1377)
        "tasks": 3 + 2 + 4 + 2 + 2 + 3 + 1 + 18 + 3 + 4 + 1,
        "deliverables": 0,
        # 验收标准 of 1.1-1.3 (3+3+3), 2.1-2.3 (3+3+4), 3.1-3.3 (4+4+3), 4.1-4.3 (4+4+4),
        # 4.4 发布清单 (4+5+4+4), 里程碑1-4 (4+4+4+5): every box of the seed, 76 in all
        "acceptance": 9 + 10 + 11 + 12 + 17 + 17,
        "risks": 4,  # 风险1-4: 1566, 1584, 1602, 1620
        # 改进目标 rows 29-33 (5); 2.1 KPI 编译时间 (410); 2.2 KPI modules (566-568, 3);
        # 2.3 KPI 代码重复率, 模块数量 (658-659); 里程碑1 KPI (1458-1459, 2);
        # 里程碑3 KPI (1495-1497, 3); 4.3 优化目标 (1289-1292: 吞吐量, P99, 内存,
        # CPU idle, 4); 里程碑4 生态集成 (1519); 3.3 性能目标 not counted above
        # (1019-1036: three loads, P50, P999, CPU 10K, Gzip and Zstd ratio and delay, 10)
        "kpis": 5 + 1 + 3 + 2 + 2 + 3 + 4 + 1 + 10,
        # score 4, coverage 5, dependencies 6, 文档实践比 4, CI/CD成熟度 4, 编译时间 3, module
        # coverage 3, 重复率 2, 模块数量 2, 里程碑1 2, 里程碑3 OpenTelemetry 2 and two more 1+1,
        # 吞吐量 3, P99 3, 内存 3, CPU idle 2, 生态集成 1, the ten 3.3 targets 10
        "kpi values": 4 + 5 + 6 + 4 + 4 + 3 + 3 + 2 + 2 + 2 + 4 + 3 + 3 + 3 + 2 + 1 + 10,
    }
    text = seed("003")
    # Every acceptance box of the seed is ticked, and stays a tick: no work is done by it.
    assert len(re.findall(r"^- \[x\] ", text, re.M)) == 76
    assert all(c.done for item in (*plan.phases, *plan.milestones) for c in item.acceptance)
    assert not any(t.effective_status == "done" for t in plan.tasks)
    assert {m.status for m in plan.milestones} == {"todo"}
    # 1.3 配置CI/CD基础 is due 2025-11-03 (截止日期, line 281) and owned by the DevOps engineer.
    cicd = next(t for t in plan.tasks if t.id == "1.3")
    assert (cicd.due, cicd.owner) == (dt.date(2025, 11, 3), "DevOps工程师")
    # 风险等级 is the level, 概率 the probability; no impact is written as a level.
    levels = re.findall(r"\*\*风险等级\*\*: (.)", text)
    chances = re.findall(r"\*\*概率\*\*: (\d+%)", text)
    assert [(r.level, r.probability, r.impact) for r in plan.risks] == [
        (level, chance, None) for level, chance in zip(levels, chances, strict=True)
    ]
    assert (plan.plan.approval, plan.plan.budget) == ("pending", "$450,000")  # 1691, 1560
    assert plan.plan.as_of == plan.plan.anchor == dt.date(2025, 10, 29)  # 制定日期, line 3
    assert [m.id for m in plan.milestones] == ["M1", "M2", "M3", "M4"]  # no review milestone
    assert [person.name for person in plan.people] == re.findall(
        r"^- ([A-Z][\w ]+?) × \d", text, re.M
    )
