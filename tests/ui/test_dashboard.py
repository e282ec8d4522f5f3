"""The dashboard as a user sees it: current phase, milestones, risk matrix and KPIs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from roadmap_tui.launch import make_app
from roadmap_tui.widgets.kpis import KpiTable
from roadmap_tui.widgets.milestones import MilestoneTable
from roadmap_tui.widgets.plan_tabs import PlanTabs

if TYPE_CHECKING:
    from conftest import ScreenText

TODAY = dt.date(2025, 2, 10)
PANEL_TITLES = ("1 Current", "2 Milestones", "3 Risk matrix", "4 KPIs")
RISKS = {
    "R1": "性能无法达标",
    "R2": "一致性bug",
    "R3": "关键人员离职",
    "R4": "竞争项目出现",
    "R5": "预算超支",
}
KPI_NAMES = (
    *("QPS", "P99延迟", "并发支持", "节点规模", "测试覆盖率", "文档覆盖率"),
    *("代码行数", "测试用例数", "GitHub Stars", "Contributors", "Issues解决", "生产用户"),
)


def milestone_ids(table: MilestoneTable) -> list[str]:
    """The milestone ids in the table, top to bottom (row keys end with the item's id)."""
    return [str(row.key.value).rsplit("\x00", 1)[1] for row in table.ordered_rows]


def row_of(screen: str, text: str) -> str:
    """The one screen line holding ``text``."""
    lines = [line for line in screen.splitlines() if text in line]
    assert len(lines) == 1, f"{text!r} on {len(lines)} lines:\n{screen}"
    return lines[0]


async def test_distributed_rust_at_80x24(samples: Path, screen_text: ScreenText) -> None:
    app = make_app([samples / "distributed-rust.toml"], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)):
        screen = screen_text(app)
        for title in PANEL_TITLES:
            assert f"─ {title} ─" in screen
        assert "today 2025-02-10" in screen

        # Current: the quarter containing today; 41 of its 90 days gone, no task done yet
        # (Q1's ticked deliverables are not work: 13 milestones and 29 tasks, none done).
        assert "│Q1 2025: 基础巩固期" in screen
        assert "2025-01-01 → 2025-03-31" in screen
        assert re.search(r"Time █+░+ +44%", screen)
        assert re.search(r"Work ░+ +0% 0/42", screen)

        # Milestones: the five overdue ones first, then the upcoming ones by date.
        ids = milestone_ids(app.query_one(MilestoneTable))
        assert ids[:5] == ["M-Q1-0105", "M-Q1-0115", "M-Q1-0120", "M-Q1-0131", "M-Q1-0205"]
        assert ids[5:8] == ["M-Q1-0210", "M-Q1-0225", "M-Q1-0228"]
        assert ids[-1] == "M-Q1-0331"  # the seed's milestones are Q1's monthly tables
        assert "36d late" in row_of(screen, "M-Q1-0105")
        assert "5d late" in row_of(screen, "M-Q1-0205")
        assert "today" in row_of(screen, "M-Q1-0210")
        assert "in 15d" in row_of(screen, "M-Q1-0225")
        assert "open · 5 late" in screen

        # KPIs, compact: the seed's 当前 values are as of its date (2025-10-17), so on
        # 2025-02-10 nothing is measured yet: no value, no trend, no mark; the next target.
        assert re.search(r"│P99延迟 +— +—→\S+ +15 ms +· ", screen)
        assert re.search(r"│测试覆盖率 +— +—→\S+ +80% +· ", screen)


async def test_done_milestones_hidden_until_a(samples: Path, screen_text: ScreenText) -> None:
    plan = samples / "distributed-rust.toml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('status = "in_progress"   # ⏳', 'status = "done"   # ⏳', 1))
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(MilestoneTable)
        assert "M-Q1-0105" not in milestone_ids(table)
        assert "M-Q1-0105" not in screen_text(app)
        await pilot.press("2", "a", "ctrl+end")
        await pilot.pause()
        assert milestone_ids(table)[-1] == "M-Q1-0105"
        screen = screen_text(app)
        assert "✓ M-Q1-0105" in screen
        assert "all · 4 late" in screen
        await pilot.press("a")
        await pilot.pause()
        assert "M-Q1-0105" not in milestone_ids(table)


async def test_risk_matrix_places_five_risks_and_follows_j_k(
    samples: Path, screen_text: ScreenText
) -> None:
    app = make_app([samples / "distributed-rust.toml"], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_text(app)
        # R4 at high x medium, R5 at low x medium, R1-R3 counted together at medium x high.
        assert re.search(r"│ H +· +· +R4 +· +· ", screen)
        assert re.search(r"│ L +· +· +R5 +· +· ", screen)
        assert re.search(r"│ M +· +· +· +3 +· ", screen)

        def detail() -> str:
            """The id of the one risk whose "id title" detail line is on screen."""
            screen = screen_text(app)
            shown = [rid for rid, title in RISKS.items() if f"{rid} {title}" in screen]
            assert len(shown) == 1, screen
            return shown[0]

        await pilot.press("3")
        await pilot.pause()
        seen = [detail()]
        for _ in range(4):
            await pilot.press("j")
            await pilot.pause()
            seen.append(detail())
        assert sorted(seen) == sorted(RISKS)
        await pilot.press("k")
        await pilot.pause()
        assert detail() == seen[3]


async def test_kpis_show_latest_values_and_marks(samples: Path, screen_text: ScreenText) -> None:
    # On the document's own date (as_of), when its 当前 values were measured.
    app = make_app([samples / "distributed-rust.toml"], today=dt.date(2025, 10, 17), watch=False)
    async with app.run_test(size=(160, 48)):
        assert app.query_one(KpiTable).row_count == 12
        screen = screen_text(app)
        for name in KPI_NAMES:
            marks = r"(?:[▲▼◆] (?:on track|off track|at risk)|· no data)"
            assert re.search(rf"│{re.escape(name)} +\S.*{marks}", screen)
        assert re.search(r"│QPS +30,000 ops/s +\S+ +150,000 ops/s by 2025-12.+ off track", screen)
        assert re.search(r"│测试覆盖率 +85% +\S+ +88% by 2025-12-31 +. \w+ \w+", screen)


@pytest.mark.parametrize(
    ("name", "today", "phase"),
    [
        ("dispa", dt.date(2024, 10, 7), "🎯 第一阶段里程碑: 核心功能增强"),
        ("dispa", dt.date(2025, 2, 10), "🔒 第二阶段里程碑: 高级安全功能"),
        ("grape-vector-db", dt.date(2024, 3, 27), "Week 13: Raft 共识算法完善"),
        ("otlp-rust", dt.date(2025, 12, 15), "2. 短期改进计划 (P1 - 1-2个月)"),
        ("dataflare", dt.date(2025, 2, 10), "里程碑1：基础功能完善"),
    ],
)
async def test_each_sample_opens_on_its_current_phase(
    samples: Path, screen_text: ScreenText, name: str, today: dt.date, phase: str
) -> None:
    app = make_app([samples / f"{name}.toml"], today=today, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = screen_text(app)
        assert f"│{phase}" in screen
        for title in PANEL_TITLES:
            assert title in screen
        assert app.is_running


# The All plans tab ---------------------------------------------------------------------------


def matrix_total(screen: str) -> int:
    """How many risks the matrix on screen holds: ids, "+N" and counts in its 25 cells."""
    total = 0
    for line in screen.splitlines():
        cells = re.match(r"│(?:VH| H| M| L|VL) (.*?)│", line)
        if cells is None:
            continue
        for token in cells.group(1).split():
            if re.fullmatch(r"R\d+", token):
                total += 1
            elif re.fullmatch(r"\+?\d+", token):
                total += int(token)
    return total


async def test_all_plans_merges_the_plans(samples: Path, screen_text: ScreenText) -> None:
    files = [samples / "distributed-rust.toml", samples / "dispa.toml"]
    app = make_app(files, today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        alone = matrix_total(screen_text(app))
        assert alone == 5
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        screen = screen_text(app)
        assert "1 Current · all plans" in screen
        # One line per plan: its phase, how much is done, how many milestones are late.
        assert re.search(r"│Distrib\S* · Q1 \S+ · 0% · 5 late", screen)
        # Dispa's ticked deliverables are not work; its two late 社区里程碑 count.
        assert re.search(r"│Dispa \S* · 🔒 \S+ · 0% · 9 late", screen)
        # Both plans' milestones, most overdue first, each with its plan's name.
        assert re.search(r"│  Plan +ID +Milestone", screen)
        assert re.search(r"│◌ Disp\S* +M1\.1 ", screen)  # 🟡 计划中: planned
        table = app.active_view().query_one(MilestoneTable)
        ids = milestone_ids(table)
        assert "M1.1" in ids and "M-Q1-0105" in ids
        assert ids.index("M1.1") < ids.index("M-Q1-0105")  # 119 days late before 36
        assert "open · 14 late" in screen
        # One matrix over both plans' risks: five rated; Dispa's seven are unrated.
        assert matrix_total(screen) == 5
        assert "Unrated (not on the matrix): 7" in screen


async def test_a_broken_plan_shows_where_and_the_good_one_works(
    samples: Path, tmp_path: Path, screen_text: ScreenText
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[plan]\nname = "Broken"\nstart = 2025-01-01\nend = = 2025-12-31\n')
    app = make_app([broken, samples / "dispa.toml"], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_text(app)
        assert "✗ broken.toml" in screen.splitlines()[1]
        assert "broken.toml could not be loaded" in screen
        # The message wraps with the folder's name: file:line:col may end one line.
        assert re.search(r"broken\.toml:4:7\s*: syntax error", screen)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        screen = screen_text(app)
        assert "🔒 第二阶段里程碑" in screen
        assert "could not be loaded" not in screen
        table = app.active_view().query_one(MilestoneTable)
        await pilot.press("2", "j")
        await pilot.pause()
        picked = table.selected()
        assert picked is not None and picked[1].id == "M1.2"


# Sizes and colours ---------------------------------------------------------------------------


def visible_milestones(screen: str) -> int:
    return len(re.findall(r"[✓●○✗–] M-Q\d-", screen))


async def test_a_big_terminal_shows_more(samples: Path, screen_text: ScreenText) -> None:
    app = make_app([samples / "distributed-rust.toml"], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        small = screen_text(app)
        # Growing the window re-fits the columns (the snapshots cover starting at 160x48).
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        big = screen_text(app)
    # All 13 of the plan's milestones fit the big screen; the small one shows fewer.
    assert visible_milestones(big) == 13 > visible_milestones(small)
    heading = row_of(big, "Milestone ")
    assert re.search(r"ID +Milestone +Owner +Due +When +Phase +Note", heading)
    assert "Phase" not in small and "Note" not in small
    # The wide table shows whole dates, whole owners and the notes.
    row = row_of(big, "M-Q1-0115")
    assert re.search(r"Read Index功能完成 +核心团队 +2025-01-15 +26d late +Q1 *│", row)
    for title in PANEL_TITLES:
        assert title in big


async def test_a_tiny_terminal_stacks_the_panels(samples: Path, screen_text: ScreenText) -> None:
    app = make_app([samples / "distributed-rust.toml"], today=TODAY, watch=False)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = screen_text(app)
        assert "─ 1 Current ─" in screen
        assert "2 Milestones" not in screen
        # The panels take the whole width, one under the other.
        assert re.search(r"^╭─ 1 Current ─+╮", screen, re.MULTILINE)
        for key, title in (("2", "2 Milestones"), ("4", "4 KPIs"), ("3", "3 Risk matrix")):
            await pilot.press(key)
            await pilot.pause()
            assert title in screen_text(app)
        assert app.is_running


async def test_no_color_still_shows_every_status_symbol(
    samples: Path, screen_text: ScreenText, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = samples / "distributed-rust.toml"
    text = plan.read_text(encoding="utf-8")
    for milestone, status in (("0115", "blocked"), ("0120", "done"), ("0131", "dropped")):
        head = f'id = "M-Q1-{milestone}"'
        start = text.index(head)
        end = text.index('status = "todo"', start) + len('status = "todo"')
        text = text[:end].replace('status = "todo"', f'status = "{status}"', 1) + text[end:]
        text = text[:start] + text[start:end].replace('"todo"', f'"{status}"') + text[end:]
    plan.write_text(text, encoding="utf-8")
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await pilot.press("2", "a", "slash", *"M-Q1-01")
        await pilot.pause()
        screen = screen_text(app)
        assert "● M-Q1-0105" in screen
        assert "✗ M-Q1-0115" in screen
        assert "✓ M-Q1-0120" in screen
        assert "– M-Q1-0131" in screen
        await pilot.press("escape")
        await pilot.pause()
        assert "○ M-Q1-0210" in screen_text(app)


async def test_no_color_paints_every_tab_without_an_error(
    samples: Path, screen_text: ScreenText, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app([samples], today=TODAY, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = []
        for _ in range(7):  # every plan, All plans and Changes, and round to the first again
            await pilot.press("right_square_bracket")
            await pilot.pause()
            seen.append(app.query_one("#plans", PlanTabs).active)
            assert "─ 2 Milestones ─" in screen_text(app) or seen[-1] == "changes"
        assert app.is_running
        assert len(set(seen)) == 7
