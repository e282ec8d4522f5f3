"""A recovered plan as TOML text: fixed key order, one comment per item naming its source line.

The text is built here rather than through a TOML library so the bytes are the same on every
run and every machine, and each item can carry its ``# FILE.md:LINE`` comment.
"""

from __future__ import annotations

import datetime as dt
import math

from roadmap_tui.importer.draft import (
    Check,
    KpiDraft,
    MilestoneDraft,
    PersonDraft,
    PhaseDraft,
    PlanDraft,
    PointDraft,
    RiskDraft,
    TaskDraft,
)

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def string(text: str) -> str:
    """A TOML basic string; control characters escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def value(item: object) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        if not math.isfinite(item):
            raise ValueError("not a finite number")
        return str(int(item)) if item.is_integer() and abs(item) < 1e15 else repr(item)
    if isinstance(item, dt.date):
        return item.isoformat()
    if isinstance(item, str):
        return string(item)
    raise TypeError(type(item).__name__)


def _keys(pairs: list[tuple[str, object]]) -> list[str]:
    lines = []
    for key, item in pairs:
        if item is None or item == [] or (item is False and key == "team"):
            continue
        if isinstance(item, list):
            lines.extend(_array(key, item))
        else:
            lines.append(f"{key} = {value(item)}")
    return lines


def _array(key: str, items: list[object]) -> list[str]:
    if all(isinstance(i, str) for i in items) and sum(len(str(i)) for i in items) < 60:
        return [f"{key} = [" + ", ".join(value(i) for i in items) + "]"]
    lines = [f"{key} = ["]
    for item in items:
        if isinstance(item, Check):
            entry = f"{{ text = {string(item.text)}, done = {value(item.done)} }}"
            lines.append(f"  {entry},  # line {item.line}")
        elif isinstance(item, PointDraft):
            parts = [f"date = {value(item.date)}", f"value = {value(item.value)}"]
            if item.op:
                parts.append(f"op = {string(item.op)}")
            lines.append("  { " + ", ".join(parts) + " },")
        else:
            lines.append(f"  {value(item)},")
    lines.append("]")
    return lines


def _table(name: str, source: str, line: int, pairs: list[tuple[str, object]]) -> list[str]:
    return ["", f"# {source}:{line}", f"[[{name}]]", *_keys(pairs)]


def _phase(p: PhaseDraft) -> list[tuple[str, object]]:
    return [
        ("id", p.id),
        ("name", p.name),
        ("start", p.start),
        ("end", p.end),
        ("theme", p.theme),
        ("budget", p.budget),
        ("headcount", p.headcount),
        ("version", p.version),
        ("goals", p.goals),
        ("deliverables", p.deliverables),
        ("acceptance", p.acceptance),
    ]


def _milestone(m: MilestoneDraft) -> list[tuple[str, object]]:
    return [
        ("id", m.id),
        ("title", m.title),
        ("due", m.due),
        ("status", m.status),
        ("phase", m.phase),
        ("owner", m.owner),
        ("priority", m.priority),
        ("done_on", m.done_on),
        ("version", m.version),
        ("depends_on", m.depends_on),
        ("note", m.note),
        ("deliverables", m.deliverables),
        ("acceptance", m.acceptance),
    ]


def _task(t: TaskDraft) -> list[tuple[str, object]]:
    return [
        ("id", t.id),
        ("title", t.title),
        ("status", t.status),
        ("done", t.done),
        ("phase", t.phase),
        ("milestone", t.milestone),
        ("owner", t.owner),
        ("priority", t.priority),
        ("start", t.start),
        ("due", t.due),
        ("estimate_hours", t.estimate_hours),
        ("depends_on", t.depends_on),
        ("files", t.files),
        ("note", t.note),
    ]


def _risk(r: RiskDraft) -> list[tuple[str, object]]:
    return [
        ("id", r.id),
        ("title", r.title),
        ("category", r.category),
        ("probability", r.probability),
        ("impact", r.impact),
        ("level", r.level),
        ("priority", r.priority),
        ("mitigation", r.mitigation),
        ("contingency", r.contingency),
        ("owner", r.owner),
        ("note", r.note),
    ]


def _kpi(k: KpiDraft) -> list[tuple[str, object]]:
    return [
        ("id", k.id),
        ("name", k.name),
        ("unit", k.unit),
        ("better", k.better),
        ("actuals", list(k.actuals)),
        ("targets", list(k.targets)),
        ("note", k.note),
    ]


def _person(p: PersonDraft) -> list[tuple[str, object]]:
    return [
        ("name", p.name),
        ("role", p.role),
        ("responsibilities", p.responsibilities),
        ("team", p.team),
    ]


def emit(plan: PlanDraft, source: str) -> str:
    """The plan as TOML text. ``source`` is the file name the line comments name."""
    out = [
        f"# Imported from {source}. Each item names the line it came from; review before use.",
        "",
        "[plan]",
        *_keys(
            [
                ("name", plan.name),
                ("owner", plan.owner),
                ("summary", plan.summary),
                ("start", plan.start),
                ("end", plan.end),
                ("as_of", plan.as_of),
                ("anchor", plan.anchor),
                ("budget", plan.budget),
                ("approval", plan.approval),
                ("non_goals", plan.non_goals),
            ]
        ),
    ]
    for person in plan.people:
        out += _table("people", source, person.line, _person(person))
    for phase in plan.phases:
        out += _table("phases", source, phase.line, _phase(phase))
    for milestone in plan.milestones:
        lines = _table("milestones", source, milestone.line, _milestone(milestone))
        if not milestone.status_stated:
            lines = [
                f"{line}  # not stated in the document" if line.startswith("status =") else line
                for line in lines
            ]
        out += lines
    for task in plan.tasks:
        out += _table("tasks", source, task.line, _task(task))
    for risk in plan.risks:
        out += _table("risks", source, risk.line, _risk(risk))
    for kpi in plan.kpis:
        out += _table("kpis", source, kpi.line, _kpi(kpi))
    return "\n".join(out) + "\n"
