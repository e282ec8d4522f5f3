"""Rich renderables and the ``show`` command: cell widths, literal plan text, symbols, exits."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.text import Text

from roadmap_tui.cli import main
from roadmap_tui.model.plan import Kpi, Milestone, Phase, Plan, PlanInfo, Point, Risk, Status
from roadmap_tui.model.timeline import kpi_view, risk_matrix
from roadmap_tui.render import (
    STATUS,
    cell_content,
    current_panel,
    dashboard,
    fit,
    kpi_row,
    kpi_table,
    milestone_columns,
    milestone_rows,
    milestone_table,
    pace_mark,
    pace_reason,
    relative_days,
    risk_detail,
    risk_grid,
    sparkline,
    trend_cell,
)
from roadmap_tui.store.loader import load_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "sample_plans"
TODAY = date(2025, 2, 10)
PATH = Path("plans/计划.toml")
HOSTILE = ("[bold red]x[/]", "[@click=app.quit]x[/]", "[link=file:///etc/passwd]x[/]")


def render(renderable: RenderableType, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def lines_of(renderable: RenderableType, width: int = 80) -> list[str]:
    return render(renderable, width).rstrip("\n").split("\n")


def plan(**sections: object) -> Plan:
    return Plan(plan=PlanInfo(name="计划"), **sections)  # type: ignore[arg-type]


def milestone(ident: str, title: str, due: date, status: Status = "todo") -> Milestone:
    return Milestone(id=ident, title=title, due=due, status=status, owner="核心团队", phase="Q1")


# ─── text helpers ────────────────────────────────────────────────────────────


@pytest.mark.parametrize("width", [1, 2, 5, 6, 7, 10])
def test_fit_cuts_by_cells_with_an_ellipsis(width: int) -> None:
    fitted = fit("服务发现框架与一致性", width)
    assert cell_len(fitted.plain) <= width
    assert fitted.plain.endswith("…")
    assert fitted.no_wrap


def test_fit_leaves_short_text_alone_and_flattens_newlines() -> None:
    assert fit("短", 5).plain == "短"
    assert fit("a\nb", 5).plain == "a b"
    assert fit("abc", 0).plain == ""


def test_relative_days() -> None:
    assert [relative_days(d) for d in (5, 1, 0, -1, -3)] == [
        "in 5d",
        "in 1d",
        "today",
        "1d late",
        "3d late",
    ]


def test_status_symbols_are_distinct() -> None:
    symbols = {look.symbol for look in STATUS.values()}
    assert symbols == {"✓", "●", "○", "◌", "✗", "–"}


def test_sparkline() -> None:
    assert sparkline([]) == "—"
    assert len(sparkline([5])) == 1
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([8, 1]) == "█▁"
    assert sparkline(list(range(30)), width=5) == "▁▃▅▆█"


def test_pace_marks_have_symbols_not_only_colour() -> None:
    assert pace_mark("on track").plain == "▲ on track"
    assert pace_mark("at risk").plain == "◆ at risk"
    assert pace_mark("off track").plain == "▼ off track"
    assert pace_mark("no data").plain == "· no data"


def test_trend_cell_draws_actuals_and_targets_ahead_on_one_scale() -> None:
    def pts(*values: float) -> list[Point]:
        return [Point(date=date(2025, 1, i + 1), value=v) for i, v in enumerate(values)]

    # One value of 0 beside targets 0..70: where it stands is at the bottom of their scale.
    assert trend_cell(pts(0), pts(10, 30, 50, 70)) == "▁→▂▄▆█"
    assert trend_cell(pts(70), pts(0)) == "█→▁"
    assert trend_cell(pts(1, 8), []) == "▁█"
    assert trend_cell([], pts(5)) == "—→▅"
    assert trend_cell([], []) == "—"


def _latency(*actuals: tuple[date, float]) -> Kpi:
    return Kpi(
        id="lat",
        name="latency",
        unit="ms",
        better="lower",
        actuals=tuple(Point(date=d, value=v) for d, v in actuals),
        targets=(Point(date=date(2025, 3, 31), value=20),),
    )


def test_pace_reason_says_what_is_needed_where_the_pace_is_and_where_it_is() -> None:
    # The case: 30 → 21 ms toward 20 ms by 03-31, seven weeks before the date.
    today = date(2025, 2, 10)
    k = _latency((date(2025, 1, 1), 30), (today, 21))
    view = kpi_view(k, today)
    assert view.pace.status == "on track"
    # 30 + (20 - 30) x 40/89 = 25.506 → 25.5
    assert pace_reason(k, view.pace, today) == "needs ≤20 ms by 03-31; pace today 25.5; now 21 ms"
    missed = kpi_view(k, date(2025, 4, 2))
    assert pace_reason(k, missed.pace, date(2025, 4, 2)) == (
        "needed ≤20 ms by 03-31: missed; now 21 ms"
    )
    empty = _latency()
    assert pace_reason(empty, kpi_view(empty, today).pace, today) == (
        "needs ≤20 ms by 03-31; no actual yet"
    )
    next_year = kpi_view(k, date(2024, 12, 1)).pace
    assert pace_reason(k, next_year, date(2024, 12, 1)) == (
        "needs ≤20 ms by 2025-03-31; no actual yet"
    )


# ─── milestones ──────────────────────────────────────────────────────────────

LONG = "读取性能提升与一致性验证以及分布式事务的完整实现方案" * 2
MILESTONES = plan(
    phases=(Phase(id="Q1", name="Q1", start=date(2025, 1, 1), end=date(2025, 3, 31)),),
    milestones=(
        milestone("M1", LONG, date(2025, 1, 5), "in_progress"),
        milestone("M2", "短", date(2025, 2, 10)),
        milestone("M3", "Lease Read功能完成" * 4, date(2025, 3, 1), "blocked"),
        milestone("M4", "完成", date(2025, 1, 2), "done"),
        milestone("M5", "放弃", date(2025, 1, 3), "dropped"),
    ),
)


def test_milestone_rows_are_keyed_ordered_and_flag_overdue() -> None:
    rows = milestone_rows([(PATH, MILESTONES)], TODAY, include_closed=True)
    assert [row.key for row in rows] == [(str(PATH), m) for m in ("M1", "M2", "M3", "M4", "M5")]
    assert [row.overdue for row in rows] == [True, False, False, False, False]
    assert [row.cells[0].plain for row in rows] == ["●", "○", "✗", "✓", "–"]
    assert [row.cells[-1].plain for row in rows][:3] == ["36d late", "today", "in 19d"]
    assert all(len(row.cells) == len(milestone_columns()) for row in rows)


def test_wide_and_plan_columns() -> None:
    rows = milestone_rows([(PATH, MILESTONES)], TODAY, wide=True, show_plan=True)
    columns = milestone_columns(wide=True, show_plan=True)
    assert columns[1] == "Plan" and columns[-2:] == ("Phase", "Note")
    assert len(rows[0].cells) == len(columns)
    assert rows[0].cells[1].plain == "计划"


def test_milestone_rows_merge_plans_by_urgency() -> None:
    other = plan(milestones=(milestone("X1", "x", date(2025, 1, 1)),))
    rows = milestone_rows([(PATH, MILESTONES), (Path("b.toml"), other)], TODAY)
    assert [row.key[1] for row in rows] == ["X1", "M1", "M2", "M3"]


def test_cjk_titles_are_cut_never_wrapped_and_columns_line_up() -> None:
    rows = milestone_rows([(PATH, MILESTONES)], TODAY, include_closed=True)
    lines = lines_of(milestone_table(rows))
    body = [line for line in lines if re.search(r"\d{4}-\d{2}-\d{2}", line)]
    assert len(body) == len(rows)  # one line per milestone: nothing wrapped
    assert all(cell_len(line) <= 80 for line in lines)
    assert "…" in body[0] and LONG not in "".join(lines)
    # The due date starts at the same cell in every row, whatever the titles' widths.
    offsets = {cell_len(line[: re.search(r"\d{4}-", line).start()]) for line in body}  # type: ignore[union-attr]
    assert len(offsets) == 1
    for symbol in ("●", "○", "✗", "✓", "–"):
        assert any(line.lstrip().startswith(symbol) for line in body)


def test_empty_milestone_table_says_so() -> None:
    assert "No open milestones in this plan." in render(milestone_table([]))


# ─── untrusted text ──────────────────────────────────────────────────────────


def hostile_plan() -> Plan:
    return plan(
        phases=(
            Phase(
                id="Q1",
                name=HOSTILE[0],
                start=date(2025, 1, 1),
                end=date(2025, 3, 31),
                theme=HOSTILE[1],
                goals=HOSTILE,
                budget=HOSTILE[2],
            ),
        ),
        milestones=tuple(
            Milestone(id=f"M{i}", title=text, due=TODAY, status="todo", owner="o", note=text)
            for i, text in enumerate(HOSTILE)
        ),
        risks=(
            Risk(
                id="R1",
                title=HOSTILE[0],
                probability="中",
                impact="高",
                mitigation=HOSTILE[1],
                owner=HOSTILE[2],
            ),
        ),
        kpis=tuple(Kpi(id=f"k{i}", name=text, unit=text) for i, text in enumerate(HOSTILE)),
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda p: current_panel(p, TODAY),
        lambda p: milestone_table(milestone_rows([(PATH, p)], TODAY, wide=True), wide=True),
        lambda p: risk_detail(p.risks[0]),
        lambda p: kpi_table([kpi_row(kpi_view(k, TODAY), PATH) for k in p.kpis]),
    ],
    ids=["current", "milestones", "risk", "kpis"],
)
def test_markup_in_plan_text_is_shown_literally(make: object) -> None:
    renderable = make(hostile_plan())  # type: ignore[operator]
    text = render(renderable, width=200)
    for hostile in HOSTILE:
        assert hostile in text
    console = Console(width=200, color_system=None, file=io.StringIO())
    for line in console.render_lines(renderable, pad=False):
        for segment in line:
            style = segment.style
            assert style is None or (style.link is None and not style.meta)


def test_every_hostile_string_is_literal_somewhere_in_the_dashboard() -> None:
    data = b'[plan]\nname = "[bold red]x[/]"\n'
    result = load_bytes(data, Path("h.toml"))
    assert result.plan is not None
    text = render(dashboard([result], TODAY, 200), width=200)
    assert "[bold red]x[/]" in text
    text = render(current_panel(hostile_plan(), TODAY), width=200)
    for hostile in HOSTILE:
        assert hostile in text


# ─── current phase ───────────────────────────────────────────────────────────


def test_current_panel_inside_a_phase() -> None:
    phase = Phase(
        id="Q1",
        name="Q1 2025: 基础巩固期",
        start=date(2025, 1, 1),
        end=date(2025, 3, 31),
        budget="$120,000",
        headcount=3.5,
        goals=("测试覆盖率 ≥ 80%",),
    )
    text = render(current_panel(plan(phases=(phase,)), TODAY))
    assert "Q1 2025: 基础巩固期" in text
    assert "49 days left" in text
    assert "Time" in text and "Work" in text and "44%" in text
    assert "$120,000" in text and "3.5" in text and "测试覆盖率 ≥ 80%" in text


def test_current_panel_before_and_after() -> None:
    phase = Phase(id="Q1", name="Q1", start=date(2025, 3, 1), end=date(2025, 3, 31))
    p = plan(phases=(phase,), milestones=(milestone("M1", "x", date(2025, 3, 5)),))
    assert "starts in 19 days" in render(current_panel(p, TODAY))
    after = render(current_panel(p, date(2025, 4, 2)))
    assert "ended 2 days ago" in after
    assert "1 left undone" in after


def test_current_panel_bars_fit_narrow_widths() -> None:
    phase = Phase(id="Q1", name="名" * 70, start=date(2025, 1, 1), end=date(2025, 3, 31))
    for width in (30, 50, 80, 120):
        lines = lines_of(current_panel(plan(phases=(phase,)), TODAY), width)
        assert all(cell_len(line) <= width for line in lines)
        assert lines[0].endswith("…")


# ─── risks ───────────────────────────────────────────────────────────────────


def risks(*cells: tuple[str, str, str]) -> list[Risk]:
    return [Risk(id=i, title=i, probability=p, impact=m) for i, p, m in cells]


def test_cell_content_shows_ids_then_plus_n_then_a_count() -> None:
    ids = ["R1", "R2", "R3"]
    assert cell_content(ids, 20).plain == "R1 R2 R3"
    assert cell_content(ids, 8).plain == "R1 R2 R3"
    assert cell_content(ids, 7).plain == "R1 +2"
    assert cell_content(ids, 3).plain == "3"
    assert cell_content(ids, 7, selected="R3").plain == "R3 +2"
    assert cell_content([], 5).plain == "·"


def test_risk_grid_places_ids_with_probability_high_at_the_top() -> None:
    matrix = risk_matrix(risks(("R1", "极高", "低"), ("R2", "极低", "极高"), ("R3", "中", "中")))
    lines = lines_of(risk_grid(matrix))
    # Line 0 is the probability axis title; rows run from very high down to very low.
    labels = [line.split()[0] for line in lines[1:6]]
    assert labels == ["VH", "H", "M", "L", "VL"]
    rows = {"VH": lines[1], "VL": lines[5]}
    assert lines[6].split() == ["VL", "L", "M", "H", "VH"]
    assert "R1" in rows["VH"] and "R2" in rows["VL"]
    assert any("Impact" in line for line in lines)
    assert any("Probability" in line for line in lines)
    vh = rows["VH"]
    assert vh.index("R1") < len(vh) // 2  # impact low is on the left
    assert rows["VL"].index("R2") > len(rows["VL"]) // 2


def test_risk_grid_crowded_cell_at_narrow_width() -> None:
    crowded = [(f"RISK{i}", "高", "高") for i in range(6)]
    text = render(risk_grid(risk_matrix(risks(*crowded))), width=30)
    assert "6" in text or "+" in text
    assert all(cell_len(line) <= 30 for line in text.splitlines())


def test_risk_grid_highlights_the_selected_risk() -> None:
    matrix = risk_matrix(risks(("R1", "高", "高"), ("R2", "高", "高")))
    console = Console(width=80, color_system=None, file=io.StringIO())
    styled = [
        segment
        for line in console.render_lines(risk_grid(matrix, selected="R2"), pad=False)
        for segment in line
        if segment.style is not None and segment.style.reverse
    ]
    assert [segment.text for segment in styled] == ["R2"]


def test_risk_detail() -> None:
    r = Risk(
        id="R1",
        title="性能无法达标",
        probability="中",
        impact="高",
        owner="张三",
        mitigation="早期性能测试",
        category="技术",
    )
    text = render(risk_detail(r))
    for expected in ("R1", "性能无法达标", "中 (3, medium)", "高 (4, high)", "12 high", "张三"):
        assert expected in text
    assert "早期性能测试" in text and "open" in text


# ─── KPIs ────────────────────────────────────────────────────────────────────


def test_kpi_row_cells() -> None:
    k = Kpi(
        id="p99",
        name="P99延迟",
        unit="ms",
        better="lower",
        actuals=(Point(date=date(2025, 1, 1), value=25), Point(date=date(2025, 2, 1), value=14)),
        targets=(Point(date=date(2025, 3, 31), value=15),),
    )
    row = kpi_row(kpi_view(k, TODAY), PATH)
    assert row.key == (str(PATH), "p99")
    assert [cell.plain for cell in row.cells] == [
        "P99延迟",
        "14 ms",
        "█▁→▂",
        "15 ms by 2025-03-31",
        "▲ on track",
    ]
    empty = kpi_row(kpi_view(Kpi(id="n", name="n"), TODAY), PATH)
    assert [cell.plain for cell in empty.cells][1:] == ["—", "—", "—", "· no data"]


# ─── dashboard and show ──────────────────────────────────────────────────────


def test_dashboard_lists_the_problems_of_a_plan_that_did_not_load() -> None:
    result = load_bytes(b'[plan]\nname = "x"\nstart = "2025-01-01"\n', Path("bad.toml"))
    assert result.plan is None
    text = render(dashboard([result], TODAY, 120), width=120)
    assert "bad.toml:3:1:" in text


def test_show_prints_the_sample_plan_panels() -> None:
    path = SAMPLES / "distributed-rust.toml"
    result = CliRunner().invoke(
        main, ["show", str(path), "--today", "2025-02-10", "--width", "100"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Distributed Rust 行动计划" in out
    assert "Q1 2025: 基础巩固期" in out
    assert "49 days left" in out
    for ident in ("M-Q1-0105", "M-Q1-0210", "R1", "QPS"):
        assert ident in out
    assert all(cell_len(line) <= 100 for line in out.splitlines())


def test_show_without_paths_uses_the_sample_plans() -> None:
    result = CliRunner().invoke(main, ["show", "--today", "2025-02-10", "--width", "80"])
    assert result.exit_code == 0, result.output
    assert "Distributed Rust 行动计划" in result.output
    assert "Dispa" in result.output


def test_show_exits_1_on_a_broken_plan_after_printing_the_rest(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        '[plan]\nname = "x"\n\n[[milestones]]\nid = "M1"\ntitle = "t"\n'
        'due = 2025-13-01\nstatus = "todo"\n',
        encoding="utf-8",
    )
    good = SAMPLES / "grape-vector-db.toml"
    args = ["show", str(broken), str(good), "--today", "2025-02-10", "--width", "200"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"{broken}:7:" in result.output
    assert "Grape Vector Database" in result.output


_COLOUR = re.compile(r"\x1b\[([0-9;]*)m")


def _has_colour(output: str) -> bool:
    for params in _COLOUR.findall(output):
        for param in params.split(";"):
            if param and (30 <= int(param) <= 49 or 90 <= int(param) <= 107):
                return True
    return False


def test_show_honours_no_color() -> None:
    tiny = Path(__file__).parents[1] / "data" / "truth" / "tiny.toml"
    args = ["show", str(tiny), "--today", "2025-01-16"]
    coloured = CliRunner().invoke(main, args, env={"FORCE_COLOR": "1", "NO_COLOR": None})
    assert _has_colour(coloured.output)
    plain = CliRunner().invoke(main, args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert plain.exit_code == 0
    assert not _has_colour(plain.output)
    # Without colour the symbols still say what they mean.
    assert "●" in plain.output and "▲ on track" in plain.output


def test_text_objects_only() -> None:
    # Every cell handed to widgets is a Text, so DataTable never parses markup in it.
    rows = milestone_rows([(PATH, hostile_plan())], TODAY, wide=True, show_plan=True)
    assert all(isinstance(cell, Text) for row in rows for cell in row.cells)


def test_pace_reason_of_a_text_kpi_shows_the_text_as_written() -> None:
    k = Kpi(
        id="ga",
        name="发布",
        actuals=(Point(date=date(2025, 5, 1), value="Beta"),),
        targets=(Point(date=date(2025, 12, 31), value="GA 发布"),),
    )
    view = kpi_view(k, date(2025, 6, 1))
    assert pace_reason(k, view.pace, date(2025, 6, 1)) == (
        "needs GA 发布 by 12-31; text values, not compared; now Beta"
    )
