"""The Mermaid gantt, parsed back: sections, dates, tags, ``after`` and titles as written."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_tui.render.mermaid import gantt
from roadmap_tui.store.loader import load_bytes, load_file

LAUNCH = Path(__file__).resolve().parents[1] / "data" / "timeline" / "launch.toml"
TODAY = dt.date(2025, 3, 14)
TAGS = ("done", "active", "crit", "milestone")


@dataclass
class Task:
    title: str
    section: str
    tags: set[str]
    id: str
    start: str
    end: str


@dataclass
class Chart:
    title: str = ""
    tasks: dict[str, Task] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)


def unescape(text: str) -> str:
    """Mermaid's ``#58;`` entities back to characters; no bare ``:``, ``;`` or ``#`` may be left,
    since Mermaid reads those as syntax."""
    assert not set(re.sub(r"#\d+;", "", text)) & set(":;#"), text
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


def parse(text: str) -> Chart:
    """A small reader of the gantt subset the exporter writes; fails on anything else."""
    lines = text.splitlines()
    assert lines[0] == "gantt"
    chart, section = Chart(), ""
    for line in lines[1:]:
        body = line.strip()
        if body.startswith("%%"):
            chart.comments.append(body[2:].strip())
        elif body.startswith("title "):
            chart.title = unescape(body[6:])
        elif body.startswith(("dateFormat ", "axisFormat ")):
            continue
        elif body.startswith("section "):
            section = unescape(body[8:])
        else:
            title, sep, data = body.rpartition(" :")
            assert sep, f"not a task line: {line!r}"
            parts = [p.strip() for p in data.split(",")]
            tags = set()
            while parts[0] in TAGS:
                tags.add(parts.pop(0))
            assert len(parts) == 3, line
            ident, start, end = parts
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", ident)
            chart.tasks[ident] = Task(unescape(title), section, tags, ident, start, end)
    return chart


def test_the_launch_plan_round_trips() -> None:
    chart = parse(gantt([load_file(LAUNCH)], TODAY))
    assert chart.title == "Launch 发布"
    assert {t.id: t.section for t in chart.tasks.values()} == {
        "M1": "Design 设计",
        "M2": "Design 设计",
        "M4": "Build",
        "M3": "Build",
        "T1": "Build",
        "M5": "Build",
        "M6": "Launch",
        "T2": "Launch",
    }
    m1, m3, t1 = chart.tasks["M1"], chart.tasks["M3"], chart.tasks["T1"]
    assert (m1.title, m1.tags, m1.start, m1.end) == (
        "Spec signed off 规格评审通过",
        {"done", "crit", "milestone"},
        "2025-02-14",
        "0d",
    )
    assert m3.tags == {"active", "milestone"}
    # A bar runs through its due date: Mermaid's end is exclusive.
    assert (t1.start, t1.end, t1.tags) == ("2025-03-10", "2025-03-29", {"active"})
    # Flagged dependencies (M4 waits on M5, due later) are crit.
    assert "crit" in chart.tasks["M4"].tags and "crit" in chart.tasks["M5"].tags
    assert "M6 after M3 M4" in chart.comments


def test_after_for_a_task_that_starts_when_its_prerequisites_end() -> None:
    text = (
        '[plan]\nname = "A: B; #1"\n'
        '[[milestones]]\nid = "M.1"\ntitle = "Ship: it; #now"\ndue = 2025-03-01\nstatus = "todo"\n'
        '[[milestones]]\nid = "M-1"\ntitle = "Other"\ndue = 2025-03-02\nstatus = "done"\n'
        '[[tasks]]\nid = "9t"\ntitle = "After"\ndue = 2025-03-10\ndepends_on = ["M.1", "M-1"]\n'
    )
    result = load_bytes(text.encode(), Path("a.toml"))
    assert result.plan is not None, result.problems
    out = gantt([result], TODAY)
    chart = parse(out)
    assert chart.title == "A: B; #1"
    assert chart.tasks["M_1"].title == "Ship: it; #now"
    # M-1 (due 03-02) drives the task, due last: the critical path is M-1 → 9t.
    assert chart.tasks["M_1_2"].tags == {"done", "crit", "milestone"}
    assert chart.tasks["M_1"].tags == {"milestone"}
    after = chart.tasks["i9t"]
    # start after both prerequisites; end the day after its due date (exclusive)
    assert (after.start, after.end) == ("after M_1 M_1_2", "2025-03-11")
    referenced = after.start.removeprefix("after ").split()
    assert all(name in chart.tasks for name in referenced)


def test_several_plans_prefix_their_sections() -> None:
    launch = load_file(LAUNCH)
    chart = parse(gantt([launch, launch], TODAY))
    assert chart.title == "Roadmap"
    assert {t.section for t in chart.tasks.values()} >= {"Launch 发布 · Build"}
