"""Generate a large set of plan files for the scale benchmarks.

The default set is the one the scale targets are stated for: 200 plan files holding 10,000
milestones, 2,000 risks and 1,000 KPIs between them, each file laid out like the sample plans
(comments, phases, Chinese text, every status, risk levels on each scale the format accepts).
The same seed always gives the same bytes.

    python bench/gen_plans.py OUT_FOLDER [--files 200] [--milestones 10000] ...
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

#: The date the generated plans are written around (some milestones are overdue by it).
AROUND = dt.date(2025, 3, 1)
STATUSES = ("todo",) * 10 + ("in_progress",) * 4 + ("done",) * 5 + ("blocked", "dropped")
OWNERS = ("主开发者", "协作开发者", "测试工程师", "运维", "产品经理", "Alice", "Bob", "Chen Wei")
TOPICS = (
    "服务发现",
    "负载均衡",
    "配置中心",
    "监控告警",
    "灰度发布",
    "认证授权",
    "存储引擎",
    "查询优化",
)
LEVELS = (
    ("低", "中", "高", "极高", "极低"),
    (1, 2, 3, 4, 5),
    ('"20%"', '"40%"', '"60%"', '"80%"', '"95%"'),
    ('"low"', '"medium"', '"high"', '"very high"', '"very low"'),
)
UNITS = (("ms", "lower"), ("%", "higher"), ("ops/s", "higher"), ("MB", "lower"), ("个", "higher"))


def _quoted(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) and not value.startswith('"') else str(value)


def _share(total: int, files: int, index: int) -> int:
    """How many of ``total`` items file ``index`` holds (spread as evenly as possible)."""
    return total // files + (1 if index < total % files else 0)


def plan_text(index: int, milestones: int, risks: int, kpis: int, rng: random.Random) -> str:
    """One plan file's TOML text."""
    year = AROUND.year
    topic = TOPICS[index % len(TOPICS)]
    out = [
        f"# 生成的规模测试计划 {index:03d} — {topic}\n",
        "# 各项内容由基准脚本生成，日期围绕 2025-03-01。\n\n",
        "[plan]\n",
        f'name = "规模计划 {index:03d}: {topic}"\n',
        f'owner = "{OWNERS[index % len(OWNERS)]}"\n',
        f'summary = "第 {index} 个生成的计划，用于衡量大量文件下的启动、刷新与滚动。"\n',
        f"start = {year}-01-01\nend = {year}-12-31\n\n",
        "# ───────────── 阶段 ─────────────\n",
    ]
    quarters = []
    for q in range(4):
        start = dt.date(year, 3 * q + 1, 1)
        end = dt.date(year, 12, 31) if q == 3 else dt.date(year, 3 * q + 4, 1) - dt.timedelta(1)
        quarters.append((f"Q{q + 1}", start, end))
        out.append(
            f'\n[[phases]]\nid = "Q{q + 1}"\nname = "Q{q + 1} {year}: {topic}第{q + 1}阶段"\n'
            f'start = {start}\nend = {end}\ntheme = "{topic}能力建设"\n'
            f'budget = "${rng.randrange(20, 200) * 1000:,}"\n'
            f"headcount = {rng.choice((2, 3, 3.5, 5))}\n"
        )
    out.append("\n# ───────────── 里程碑 ─────────────\n")
    for m in range(milestones):
        phase, start, end = quarters[m * 4 // max(milestones, 1)]
        due = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
        status = rng.choice(STATUSES)
        out.append(
            f'\n[[milestones]]\nid = "S{index:03d}-M{m:03d}"\ntitle = "{topic} 里程碑 {m}"\n'
            f'due = {due}\nstatus = "{status}"\nphase = "{phase}"\n'
            f'owner = "{rng.choice(OWNERS)}"\n'
        )
        if status == "done":
            out.append(f"done_on = {min(due, AROUND)}\n")
        if rng.random() < 0.6:
            out.append(f'note = "备注 {m}: 依赖 {rng.choice(TOPICS)} 完成"\n')
    out.append("\n# ───────────── 风险 ─────────────\n")
    for r in range(risks):
        scale = LEVELS[r % len(LEVELS)]
        out.append(
            f'\n[[risks]]\nid = "S{index:03d}-R{r:02d}"\n'
            f'category = "{rng.choice(("技术", "人员", "市场"))}"\n'
            f'title = "{rng.choice(TOPICS)}风险 {r}"\n'
            f"probability = {_quoted(rng.choice(scale))}\nimpact = {_quoted(rng.choice(scale))}\n"
            f'mitigation = "提前验证并准备备选方案 {r}"\nowner = "{rng.choice(OWNERS)}"\n'
            f'status = "{rng.choice(("open", "open", "mitigating", "closed"))}"\n'
        )
    out.append("\n# ───────────── 指标 ─────────────\n")
    for k in range(kpis):
        unit, better = UNITS[k % len(UNITS)]
        value = rng.uniform(10, 100)
        actuals = []
        for month in range(1, rng.randrange(2, 7)):
            value *= rng.uniform(0.9, 1.1)
            actuals.append(f"{{ date = {year}-{month:02d}-01, value = {value:.1f} }}")
        target = value * (0.7 if better == "lower" else 1.3)
        out.append(
            f'\n[[kpis]]\nid = "S{index:03d}-K{k}"\nname = "指标 {k}"\nunit = "{unit}"\n'
            f'better = "{better}"\nactuals = [\n  ' + ",\n  ".join(actuals) + ",\n]\n"
            f"targets = [{{ date = {year}-06-30, value = {target:.0f} }}, "
            f"{{ date = {year}-12-31, value = {target * 1.1:.0f} }}]\n"
        )
    return "".join(out)


def generate(
    folder: Path,
    *,
    files: int = 200,
    milestones: int = 10_000,
    risks: int = 2_000,
    kpis: int = 1_000,
    seed: int = 0,
) -> list[Path]:
    """Write ``files`` plan files sharing the items between them into ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(files):
        text = plan_text(
            index,
            _share(milestones, files, index),
            _share(risks, files, index),
            _share(kpis, files, index),
            rng,
        )
        path = folder / f"scale-{index:03d}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--milestones", type=int, default=10_000)
    parser.add_argument("--risks", type=int, default=2_000)
    parser.add_argument("--kpis", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = generate(
        args.folder,
        files=args.files,
        milestones=args.milestones,
        risks=args.risks,
        kpis=args.kpis,
        seed=args.seed,
    )
    size = sum(path.stat().st_size for path in paths)
    print(f"{len(paths)} plan files, {size / 1024 / 1024:.1f} MiB, in {args.folder}")


if __name__ == "__main__":
    main()
