"""Reading a code fence that holds plan data: a phase's box, week bars, labelled lists,
whitespace KPI tables and ``a → b`` KPI lines. Code and templates are skipped, named."""

from __future__ import annotations

import re
from dataclasses import replace

from roadmap_tui.importer import fences as fz
from roadmap_tui.importer.context import Ctx
from roadmap_tui.importer.kpi_lines import arrow_kpi, kpi_line
from roadmap_tui.importer.lists import box
from roadmap_tui.importer.rows import kpi_row
from roadmap_tui.importer.sink import Sink
from roadmap_tui.importer.tables import classify
from roadmap_tui.importer.walk import Fence, Line
from roadmap_tui.importer.words import kind_of

_HEADCOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:人|people|persons?|FTE)?$", re.IGNORECASE)


def read_fence(b: Sink, fence: Fence, ctx: Ctx) -> None:
    if fz.is_code(fence):
        _skip_all(b, fence, f"code ({fence.info.split()[0]})")
        return
    if fz.is_template(fence) and ctx.kind != "kpis":
        _skip_all(b, fence, "a template with placeholders, not plan data")
        return
    lines = list(fence.lines)
    index = 0
    kind: str | None = ctx.kind
    label_line: int | None = None
    while index < len(lines):
        line = lines[index]
        if _ws_table(b, lines, index, ctx):
            index = _table_end(lines, index)
            continue
        before = len(b.used)
        new_kind = _fence_line(b, line, ctx, kind)
        if fz.label(line) is not None:
            label_line = line.number
        elif label_line is not None and len(b.used) > before:
            b.use(label_line)
        kind = new_kind
        index += 1


def _skip_all(b: Sink, fence: Fence, why: str) -> None:
    for line in fence.lines:
        b.skip(line.number, why)


def _fence_line(b: Sink, line: Line, ctx: Ctx, kind: str | None) -> str | None:
    """Read one fence line; returns the kind of items that follow it."""
    text = line.raw.strip()
    if fz.is_box_rule(line):
        if ctx.phase is not None:
            b.use(line.number)
        return kind
    field = fz.box_field(line)
    if field is not None and (text.startswith("│") or text.startswith("┃")):
        if _box(b, field.key, field.value, line, ctx):
            b.use(line.number)
        else:
            b.skip(line.number, "box line not read")
        return kind
    found_bar = fz.bar(line)
    if found_bar is not None:
        _bar(b, found_bar, line, ctx)
        return kind
    label = fz.label(line)
    if label is not None:
        new = kind_of(label)
        if "成功指标" in label or "success" in label.lower():
            new = "goals"
        if new is None:
            b.skip(line.number, "label of a list that is not plan data")
        return new or "unknown"
    if kind in ("kpis", "goals", None) and arrow_kpi(b, text, line.number, ctx):
        return kind
    if kind == "kpis" and (pair := fz.key_value(text)) is not None:
        kpi_line(b, pair[0], pair[1], line.number, ctx)
        return kind
    item_text = fz.item(line)
    if item_text is not None and _fence_item(b, item_text, line, ctx, kind):
        return kind
    b.skip(line.number, "text in a code block")
    return kind


def _box(b: Sink, key: str, value: str, line: Line, ctx: Ctx) -> bool:
    phase = ctx.phase
    if phase is None or ctx.milestone is not None:
        return False
    if key in ("主题", "theme", "Theme"):
        phase.theme = value
    elif key in ("时间", "Time", "时间范围", "Dates"):
        span = b.span(value, ctx, line.number)
        if span is None:
            return False
        b.date_phase(phase, span)
    elif key in ("预算", "Budget", "budget"):
        phase.budget = value
    elif key in ("人力", "Headcount", "headcount", "人员"):
        match = _HEADCOUNT.match(value)
        if match is None:
            return False
        phase.headcount = float(match.group(1))
    else:
        return False
    return True


def _bar(b: Sink, found: fz.Bar, line: Line, ctx: Ctx) -> None:
    """A week bar: a task dated by its label (never by the length of its fill)."""
    span = b.span(found.label, ctx, line.number)
    task = b.new_task(found.title, line.number, ctx)
    if span is not None:
        task.start, task.due = span.start, span.end
    b.use(line.number)


def _fence_item(b: Sink, text: str, line: Line, ctx: Ctx, kind: str | None) -> bool:
    ticked = box(text)
    body = ticked.text if ticked else text
    if kind in ("deliverables", "acceptance") and (ctx.phase or ctx.milestone):
        b.add_check(kind, body, bool(ticked and ticked.done), line.number, ctx)
        return True
    if kind == "goals" and ctx.phase is not None:
        ctx.phase.goals.append(body)
        b.use(line.number)
        return True
    if kind == "tasks" and ticked is not None:
        task = b.new_task(body, line.number, ctx)
        task.done = ticked.done
        b.use(line.number)
        return True
    if kind == "kpis":
        pair = fz.key_value(body)
        if pair is not None:
            kpi_line(b, pair[0], pair[1], line.number, ctx)
            return True
    return False


def _ws_table(b: Sink, lines: list[Line], index: int, ctx: Ctx) -> bool:
    """A whitespace-aligned KPI table (``指标  当前  Q1目标 …``) starting at ``index``."""
    header = fz.columns(lines[index].raw)
    if len(header) < 3:
        return False
    cols = classify(tuple(header))
    if cols.kind != "kpis":
        return False
    b.use(lines[index].number)
    row_ctx = replace(ctx, milestone=None)
    for line in lines[index + 1 : _table_end(lines, index)]:
        if fz.is_rule(line):
            b.use(line.number)
            continue
        cells = fz.columns(line.raw)
        if len(cells) != len(header) or not kpi_row(b, cols, cells, line.number, row_ctx):
            b.skip(line.number, "KPI table line not read")
    return True


def _table_end(lines: list[Line], index: int) -> int:
    width = len(fz.columns(lines[index].raw))
    end = index + 1
    while (
        end < len(lines)
        and (fz.is_rule(lines[end]) or len(fz.columns(lines[end].raw)) == width)
        and lines[end].number == lines[end - 1].number + 1
    ):
        end += 1
    return end


__all__ = ["read_fence"]
