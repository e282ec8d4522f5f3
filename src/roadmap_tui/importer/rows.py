"""Table rows into plan items, by the table's kind: milestones, risks, KPIs, people, budget."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re

from roadmap_tui.importer.context import Ctx
from roadmap_tui.importer.dates import add_months
from roadmap_tui.importer.draft import KpiDraft, PersonDraft, join_note
from roadmap_tui.importer.headings import phase_label, strip_decor, title_of
from roadmap_tui.importer.kpi_lines import add_point, kpi
from roadmap_tui.importer.lists import strip_bold
from roadmap_tui.importer.sink import Sink
from roadmap_tui.importer.tables import Columns, classify, unknown
from roadmap_tui.importer.walk import Row, Table
from roadmap_tui.importer.words import level, priority_of, status_of


def read_table(b: Sink, table: Table, ctx: Ctx) -> None:
    cols = classify(table.header)
    reader = {
        "milestones": _milestone,
        "risks": _risk,
        "kpis": _kpi,
        "people": _person,
        "budget": _budget,
    }.get(cols.kind)
    if reader is None:
        b.skip(table.number, "table with columns not recognised: " + " | ".join(table.header))
        for row in table.rows:
            b.skip(row.number, "row of a table whose columns are not recognised")
        return
    b.use(table.number)
    for row in table.rows:
        reader(b, cols, row, ctx)


def cell(cols: Columns, row: Row, role: str) -> str:
    index = cols.roles.get(role)
    if index is None or index >= len(row.cells):
        return ""
    return strip_bold(row.cells[index])


def _milestone(b: Sink, cols: Columns, row: Row, ctx: Ctx) -> None:
    title = cell(cols, row, "milestone")
    if not title:
        b.skip(row.number, "row without a milestone name")
        return
    quarter = cell(cols, row, "quarter")
    if quarter and ctx.phase is None:
        ctx = _quarter_phase(b, quarter, row.number, ctx)
    if _dates_phase(b, cols, row, ctx, title):
        return
    due = b.span(cell(cols, row, "due") or cell(cols, row, "end"), ctx, row.number)
    milestone = b.new_milestone(title, row.number, ctx)
    milestone.due = due.end if due else None
    read = status_of(cell(cols, row, "status"))
    if read is not None:
        milestone.status, milestone.status_stated = read.value, True
        if read.decision:
            b.decide(row.number, read.decision)
    owner, note = cell(cols, row, "owner"), cell(cols, row, "note")
    milestone.owner = None if unknown(owner) else owner
    milestone.note = None if unknown(note) else note
    actual = b.span(cell(cols, row, "actual"), ctx, row.number)
    if actual is not None:
        milestone.done_on = actual.end
    prio = priority_of(cell(cols, row, "priority"), field=True)
    if prio is not None:
        milestone.priority = prio.value
    b.use(row.number)


def _quarter_phase(b: Sink, quarter: str, number: int, ctx: Ctx) -> Ctx:
    label = phase_label(quarter)
    if label is None:
        return ctx
    phase = b.phase_by_label.get(label.key)
    if phase is None:
        span = b.span(quarter, ctx, number)
        if span is None:
            return ctx
        phase = b.new_phase(quarter, number, label.key, span)
    return b.phase_ctx(ctx, phase)


def _dates_phase(b: Sink, cols: Columns, row: Row, ctx: Ctx, title: str) -> bool:
    """A timetable row naming an undated phase dates that phase (and adds its deliverables)."""
    name = title_of(title)
    phase = next(
        (p for p in b.undated_phases if name and (name in p.name or p.name.endswith(name))), None
    )
    if phase is None:
        return False
    start = b.span(cell(cols, row, "start"), ctx, row.number)
    end = b.span(cell(cols, row, "end") or cell(cols, row, "due"), ctx, row.number)
    if start is None or end is None or end.end < start.start:
        return False
    b.date_phase(phase, type(start)(start.start, end.end, start.relative or end.relative))
    for text in re.split(r"[,，、;；]", cell(cols, row, "deliverables")):
        if text.strip():
            from roadmap_tui.importer.draft import Check

            phase.deliverables.append(Check(text.strip(), False, row.number))
    b.decide(row.number, f"dates of phase {phase.name!r} taken from this timetable row")
    b.use(row.number)
    return True


def _risk(b: Sink, cols: Columns, row: Row, ctx: Ctx) -> None:
    title = cell(cols, row, "risk")
    if not title:
        b.skip(row.number, "row without a risk")
        return
    risk = b.new_risk(title, row.number, ctx)
    for role in ("probability", "impact", "level"):
        text = cell(cols, row, role)
        read = level(text)
        if read is not None:
            setattr(risk, role, read)
            if not re.sub(r"[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f\s]", "", text):
                b.decide(row.number, f"{text} in the {role} column read as {read}")
        elif text and not unknown(text):
            risk.note = f"{role}: {text}" if risk.note is None else f"{risk.note}; {role}: {text}"
    for role in ("category", "mitigation", "contingency", "owner"):
        text = cell(cols, row, role)
        if text and not unknown(text):
            setattr(risk, role, text)
    prio = priority_of(cell(cols, row, "priority"), field=True)
    if prio is not None:
        risk.priority = prio.value
    b.use(row.number)


def _column_date(b: Sink, header: str, ctx: Ctx, number: int) -> dt.date | None:
    """When a KPI column's target falls due: "Q1目标" → end of Q1, "3个月" → anchor + 3 months."""
    q = re.match(r"^\s*Q([1-4])", header, re.IGNORECASE)
    year = ctx.dates.year or b.year
    if q and year:
        month = 3 * int(q.group(1))
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    m = re.match(r"^\s*(\d+)\s*(?:个月|months?)", header, re.IGNORECASE)
    if m:
        if ctx.dates.base is None:
            if b.needs_anchor is None:
                b.needs_anchor = (number, header.strip())
            return None
        b.anchor_used = b.anchor_used or ctx.dates.base == b.anchor
        return add_months(ctx.dates.base, int(m.group(1))) - dt.timedelta(days=1)
    y = re.match(r"^\s*((?:19|20)\d\d)", header)
    return dt.date(int(y.group(1)), 12, 31) if y else None


def kpi_row(b: Sink, cols: Columns, cells: list[str], number: int, ctx: Ctx) -> bool:
    """One KPI row (from a Markdown table or a whitespace table in a fence)."""
    index = cols.roles.get("metric", 0)
    name = strip_decor(cells[index]) if index < len(cells) else ""
    if not name:
        return False
    item = kpi(b, name, number)
    current = cols.roles.get("current")
    if current is not None and current < len(cells):
        if b.plan.as_of is not None:
            add_point(item, cells[current], b.plan.as_of, target=False)
        elif not unknown(cells[current]):
            item.note = f"当前: {cells[current]}"
    target = cols.roles.get("target")
    if target is not None and target < len(cells) and not unknown(cells[target]):
        due = ctx.milestone.due if ctx.milestone else None
        if due is None or not add_point(item, cells[target], due, target=True):
            item.note = join_note(item.note, f"目标: {strip_bold(cells[target])}")
    for column, header in sorted(cols.targets_at.items()):
        if column < len(cells):
            add_point(item, cells[column], _column_date(b, header, ctx, number), target=True)
    status = cols.roles.get("status")
    if status is not None and status < len(cells) and cells[status].strip():
        item.note = join_note(item.note, strip_bold(cells[status]))
    _better_from_series(b, item, number)
    b.use(number)
    return True


def _better_from_series(b: Sink, item: KpiDraft, number: int) -> None:
    """A row whose every value falls (latency 25 → 15 → 12 → 8) aims lower; said as decided."""
    if item.better is not None:
        return
    values = [p.value for p in [*item.actuals, *item.targets]]
    if len(values) >= 3 and all(isinstance(v, float) for v in values):
        numbers = [float(v) for v in values]
        if all(x > y for x, y in itertools.pairwise(numbers)):
            item.better = "lower"
            b.decide(number, f"{item.name}: lower is better, as every value in the row falls")


def _kpi(b: Sink, cols: Columns, row: Row, ctx: Ctx) -> None:
    if not kpi_row(b, cols, list(row.cells), row.number, ctx):
        b.skip(row.number, "KPI row without a name")


def _person(b: Sink, cols: Columns, row: Row, ctx: Ctx) -> None:
    name = cell(cols, row, "role") or cell(cols, row, "name")
    if not name or any(p.name == name for p in b.plan.people):
        b.skip(row.number, "person without a name, or named twice")
        return
    role = cell(cols, row, "name") if cols.roles.get("role") is not None else None
    duties = [d.strip() for d in re.split(r"[,，、;；]", cell(cols, row, "duties")) if d.strip()]
    b.plan.people.append(PersonDraft(name, row.number, role or None, duties))
    b.use(row.number)


def _budget(b: Sink, cols: Columns, row: Row, ctx: Ctx) -> None:
    item = cell(cols, row, "milestone")
    if re.search(r"总计|合计|总额|total", item, re.IGNORECASE):
        b.plan.budget = cell(cols, row, "cost")
        b.use(row.number)
    else:
        b.skip(row.number, "budget line (the total is kept as the plan's budget)")
