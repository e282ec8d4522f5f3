"""Key–value lines (``**负责人**：…``, ``Last updated: …``): what each known key sets."""

from __future__ import annotations

import re

from roadmap_tui.importer.context import Ctx
from roadmap_tui.importer.dates import absolute_span, first_date
from roadmap_tui.importer.draft import join_note
from roadmap_tui.importer.keys import approval, hours, key_role
from roadmap_tui.importer.sink import Sink
from roadmap_tui.importer.tables import PLACEHOLDER
from roadmap_tui.importer.walk import Line
from roadmap_tui.importer.words import level, priority_of


def apply(b: Sink, key: str, value: str, line: Line, ctx: Ctx) -> bool:
    """Apply one ``key: value`` line; True when it was imported."""
    role = key_role(key)
    if role is None or not value:
        return False
    if ctx.risk is not None and _risk_field(b, role, value, ctx):
        return True
    handler = _HANDLERS.get(role)
    return handler(b, value, line, ctx) if handler else False


def _risk_field(b: Sink, role: str, value: str, ctx: Ctx) -> bool:
    risk = ctx.risk
    assert risk is not None
    if role == "risk":
        if risk.note is None and risk.title != value:
            risk.note, risk.title = risk.title, value
        return True
    if role in ("probability", "impact", "level"):
        read = level(value)
        if read is not None:
            setattr(risk, role, read)
        else:
            risk.note = join_note(risk.note, f"{value}" if role == "impact" else value)
        return True
    if role in ("mitigation", "contingency", "owner"):
        setattr(risk, role, join_note(getattr(risk, role), value))
        return True
    return False


def _as_of(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    day = first_date(value, ctx.dates)
    if day is None:
        return False
    if b.plan.as_of is None:
        b.plan.as_of = day
    return True


def _period(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    span = absolute_span(value, ctx.dates)
    if span is None or span.single_day or ctx.phase or ctx.milestone:
        return False
    b.plan.start, b.plan.end = span.start, span.end
    return True


def _approval(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    found = approval(value)
    if found is None:
        return False
    b.plan.approval = found
    if "✅" in value and found != "approved":
        b.decide(line.number, f"✅ beside the words: the words win, approval {found}")
    return True


def _plan_owner(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    if b.plan.owner is None:
        b.plan.owner = value
    return True


def _version(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    version = value.split()[0] if value else value
    if ctx.milestone is not None:
        ctx.milestone.version = version
    elif ctx.phase is not None:
        ctx.phase.version = version
    else:
        return False
    return True


def _time(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    span = b.span(value, ctx, line.number)
    if span is None:
        return False
    if ctx.milestone is not None:
        ctx.milestone.due = ctx.milestone.due or span.end
    elif ctx.phase is not None:
        b.date_phase(ctx.phase, span)
    else:
        return False
    return True


def _owner(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    target = ctx.task or ctx.milestone
    if target is not None:
        target.owner = value
    elif ctx.phase is None and b.plan.owner is None:
        b.plan.owner = value
    else:
        return False
    return True


def _due(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    span = b.span(value, ctx, line.number)
    target = ctx.task or ctx.milestone
    if span is None or target is None:
        return False
    target.due = span.end
    return True


def _priority(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    read = priority_of(value, field=True)
    target = ctx.task or ctx.milestone
    if read is None or target is None:
        return False
    target.priority = read.value
    return True


def _estimate(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    if ctx.task is not None and (found := hours(value)) is not None:
        ctx.task.estimate_hours = found
        return True
    return _note(b, f"预计工时: {value}", line, ctx)


def _files(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    return _note(b, f"文件: {value}", line, ctx)


def _note(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    if PLACEHOLDER.search(value):
        return False
    target = ctx.task or ctx.milestone or ctx.risk
    if target is not None:
        target.note = join_note(target.note, value)
        return True
    return False


def _budget(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    if ctx.phase is not None and ctx.milestone is None:
        ctx.phase.budget = value
    elif b.plan.budget is None:
        b.plan.budget = value
    else:
        return False
    return True


def _depends(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    """``Depends on: M1.2, v1.3`` — ids are checked once the whole document is read."""
    target = ctx.task or ctx.milestone
    ids = [part.strip() for part in re.split(r"[,，、;；]|\band\b|和", value) if part.strip()]
    if target is None or not ids:
        return False
    target.depends_on.extend(ident for ident in ids if ident not in target.depends_on)
    b.depends_lines[id(target)] = line.number
    return True


def _done_on(b: Sink, value: str, line: Line, ctx: Ctx) -> bool:
    """``Released: 2024-05-01``: the day it was done (the status stays what the document says)."""
    day = first_date(value, ctx.dates)
    if day is None or ctx.milestone is None or ctx.task is not None:
        return False
    ctx.milestone.done_on = day
    return True


_HANDLERS = {
    "depends": _depends,
    "done_on": _done_on,
    "as_of": _as_of,
    "period": _period,
    "approval": _approval,
    "plan_owner": _plan_owner,
    "version": _version,
    "time": _time,
    "owner": _owner,
    "due": _due,
    "priority": _priority,
    "estimate": _estimate,
    "files": _files,
    "note": _note,
    "budget": _budget,
}
