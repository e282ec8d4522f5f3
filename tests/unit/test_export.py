"""``roadmap-tui export``: each format parsed back, stable UIDs, and nothing written on failure."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from roadmap_tui.cli import main
from roadmap_tui.render.export_ics import fold

PLAN = """\
[plan]
name = "发布计划; v2, <b>beta</b>"
summary = "A & B <script>alert(1)</script>"

[[phases]]
id = "P1"
name = "核心功能"
start = 2025-01-01
end = 2025-02-28
goals = ["稳定 <i>API</i>"]

[[phases]]
id = "P2"
name = "Hardening"
start = 2025-03-01
end = 2025-04-30

[[milestones]]
id = "M1"
title = "服务发现框架，一个非常非常非常长的里程碑标题，用来检查按字节折行是否正确处理"
due = 2025-01-20
status = "done"
done_on = 2025-01-19
owner = "张三"
phase = "P1"

[[milestones]]
id = "M2"
title = "Beta; with, commas \\\\ and a backslash"
due = 2025-02-10
status = "in_progress"
owner = "Li Si"
phase = "P1"
note = "line one\\nline two"

[[milestones]]
id = "M3"
title = "<img src=x onerror=alert(1)>"
due = 2025-03-15
status = "blocked"
phase = "P2"

[[milestones]]
id = "M4"
title = "Dropped idea"
due = 2025-04-01
status = "dropped"

[[risks]]
id = "R1"
title = "供应商延迟"
probability = "高"
impact = 5
owner = "张三"

[[risks]]
id = "R2"
title = "Small thing"
probability = 1
impact = 2

[[kpis]]
id = "K1"
name = "p99 latency"
unit = "ms"
better = "lower"
actuals = [{ date = 2025-01-01, value = 120 }, { date = 2025-02-01, value = 90 }]
targets = [{ date = 2025-03-01, value = 100 }]

[[kpis]]
id = "K2"
name = "Adoption"
unit = "%"
targets = [{ date = 2025-06-01, value = 50 }]
"""

TODAY = "2025-02-20"


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    path = tmp_path / "plans" / "release.toml"
    path.write_text(PLAN, encoding="utf-8")
    return Path("plans/release.toml")


def _unescape(text: str) -> str:
    """A TEXT value as RFC 5545 §3.3.11 reads it back."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def export(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.stdout_bytes, result.stderr


def test_ics_parses_back_with_one_all_day_event_per_milestone(plan: Path) -> None:
    code, out, _err = export("--format", "ics", str(plan), "--today", TODAY)
    assert code == 0
    calendar = icalendar.Calendar.from_ical(out)
    # icalendar leaves properties it has no type for escaped: both are TEXT (RFC 7986, 5545).
    for key in ("NAME", "X-WR-CALNAME"):
        assert _unescape(str(calendar[key])) == "发布计划; v2, <b>beta</b>"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 4
    by_summary = {str(e["SUMMARY"]): e for e in events.values()}
    beta = by_summary["● Beta; with, commas \\ and a backslash"]
    assert beta.decoded("DTSTART") == dt.date(2025, 2, 10)
    assert beta.decoded("DTEND") == dt.date(2025, 2, 11)
    assert "Note: line one\nline two" in str(beta["DESCRIPTION"])
    statuses = {str(e["SUMMARY"])[0]: str(e["STATUS"]) for e in events.values()}
    assert statuses == {"✓": "CONFIRMED", "●": "CONFIRMED", "✗": "CONFIRMED", "–": "CANCELLED"}


def test_ics_lines_are_crlf_and_folded_at_75_octets(plan: Path) -> None:
    _code, out, _err = export("--format", "ics", str(plan))
    assert out.endswith(b"END:VCALENDAR\r\n")
    lines = out.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long title was folded
    for line in lines:
        line.decode("utf-8")  # no fold split a character


def test_fold_keeps_characters_whole() -> None:
    line = "SUMMARY:" + "服" * 40
    folded = fold(line).split("\r\n ")
    assert "".join(folded) == line
    assert [len(part.encode()) for part in folded] == [74, 54]  # 8 + 22 × 3 octets, then 18 × 3


def test_ics_uids_are_stable_across_runs_and_edits(plan: Path) -> None:
    def uids() -> dict[str, str]:
        _code, out, _err = export("--format", "ics", str(plan))
        calendar = icalendar.Calendar.from_ical(out)
        return {str(e["UID"]).split("-")[0]: str(e["UID"]) for e in calendar.walk("VEVENT")}

    before = uids()
    plan.write_text(PLAN.replace("Dropped idea", "Renamed"), encoding="utf-8")
    assert uids() == before
    assert len(set(before.values())) == 4


def test_ics_stamp_follows_source_date_epoch(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _code, first, _err = export("--format", "ics", str(plan))
    _code, second, _err = export("--format", "ics", str(plan))
    assert first == second
    assert b"DTSTAMP:20231114T221320Z\r\n" in first


class _Page(HTMLParser):
    """Collects tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_self_contained_page_with_plan_text_escaped(plan: Path) -> None:
    code, out, _err = export("--format", "html", str(plan), "--today", TODAY)
    assert code == 0
    page = _Page()
    page.feed(out.decode("utf-8"))
    names = [tag for tag, _attrs in page.tags]
    # Plan text never became markup: no script, no image, no <b> or <i> from the plan.
    assert "script" not in names and "img" not in names
    assert not [a for _t, a in page.tags if a.get("src") or a.get("href")]
    assert "http" not in out.decode()
    text = "".join(page.text)
    for shown in (
        "发布计划; v2, <b>beta</b>",
        "A & B <script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "稳定 <i>API</i>",
    ):
        assert shown in text
    for heading in ("Timeline", "Current phase", "Milestones", "Risks", "KPIs"):
        assert heading in text
    assert "1 late" in text  # M2 was due 2025-02-10
    assert "@media print" in text
    assert "10d late" in text and "p99 latency" in text and "▲ on track" in text


def test_json_has_the_documented_schema_and_computed_status(plan: Path) -> None:
    code, out, _err = export("--format", "json", str(plan), "--today", TODAY)
    assert code == 0
    document = json.loads(out)
    assert document["schema"] == "roadmap-tui/export/1"
    assert document["today"] == TODAY
    (found,) = document["plans"]
    assert found["file"] == "plans/release.toml"
    assert found["current_phase"]["phase"] == "P1"
    assert found["current_phase"]["days_left"] == 8
    assert found["late"] == ["M2"]
    assert found["upcoming"] == ["M3"]
    kpis = {k["id"]: k["status"] for k in found["kpis"]}
    assert kpis == {"K1": "on_track", "K2": "no_data"}
    assert [(r["id"], r["exposure"], r["score"]) for r in found["risks"]] == [
        ("R1", "critical", 20),
        ("R2", "low", 2),
    ]
    milestone = found["milestones"][1]
    assert set(milestone) == {
        "id", "title", "status", "due", "days", "late", "owner", "phase", "done_on", "note"
    }  # fmt: skip
    assert milestone["days"] == -10 and milestone["late"] is True


def test_json_schema_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "export-json.md").read_text()
    assert "roadmap-tui/export/1" in doc
    for key in ("current_phase", "late", "upcoming", "kpis", "risks", "exposure", "days_left"):
        assert f"`{key}`" in doc


def test_markdown_is_what_show_prints(plan: Path) -> None:
    shown = CliRunner().invoke(main, ["show", "--format", "markdown", str(plan)])
    code, out, _err = export("--format", "markdown", str(plan))
    assert code == 0
    assert out.decode() == shown.stdout


def test_a_plan_that_fails_stops_the_export_and_keeps_the_old_output(plan: Path) -> None:
    bad = plan.parent / "broken.toml"
    bad.write_text('[plan]\nname = "x"\n[[milestones]]\nid = "M1"\ntitle = "t"\n', "utf-8")
    target = Path("out.json")
    target.write_bytes(b"previous export\n")
    for fmt in ("ics", "html", "json", "markdown"):
        code, out, err = export("--format", fmt, str(plan.parent), "-o", str(target))
        assert code == 1
        assert out == b""
        assert "plans/broken.toml:3:1: " in err
        assert target.read_bytes() == b"previous export\n"
    assert sorted(p.name for p in Path().iterdir()) == ["out.json", "plans"]


def test_output_file_is_written_whole(plan: Path) -> None:
    code, out, err = export("--format", "json", str(plan), "-o", "status.json")
    assert code == 0 and out == b""
    assert "wrote status.json (json, 1 plan)" in err
    assert json.loads(Path("status.json").read_text())["schema"] == "roadmap-tui/export/1"


def test_installed_command_writes_ics_bytes_unchanged(plan: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "export", "--format", "ics", str(plan)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.count(b"\r\n") == done.stdout.count(b"\n")


def test_mermaid_export_is_the_timeline_gantt(plan: Path) -> None:
    from roadmap_tui.render.mermaid import gantt
    from roadmap_tui.store.loader import load_file

    code, out, err = export("--format", "mermaid", "--today", TODAY, str(plan))
    assert code == 0, err
    assert out.decode("utf-8") == gantt([load_file(plan)], dt.date.fromisoformat(TODAY))
    lines = out.decode("utf-8").splitlines()
    assert lines[0] == "gantt"
    # One section per phase, each milestone on its own due date.
    assert "    section 核心功能" in lines and "    section Hardening" in lines
    assert any(line.endswith(":done, milestone, M1, 2025-01-20, 0d") for line in lines)


def test_ics_uids_do_not_depend_on_the_folder_the_export_runs_from(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = plan.resolve()

    def uids() -> set[str]:
        code, out, err = export("--format", "ics", str(absolute))
        assert code == 0, err
        return {str(e["UID"]) for e in icalendar.Calendar.from_ical(out).walk("VEVENT")}

    here = uids()
    monkeypatch.chdir(absolute.parent)
    assert uids() == here
    monkeypatch.chdir("/")
    assert uids() == here
