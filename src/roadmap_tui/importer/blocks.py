"""Reading the blocks under a heading: paragraphs (labels, key–value lines), lists (check
boxes typed by their label) — tables and fences are handed to ``rows`` and ``fenced``."""

from __future__ import annotations

import re
from dataclasses import replace

from roadmap_tui.importer.context import Ctx
from roadmap_tui.importer.dates import first_date
from roadmap_tui.importer.draft import PersonDraft, join_note
from roadmap_tui.importer.fenced import read_fence
from roadmap_tui.importer.headings import strip_decor
from roadmap_tui.importer.keys import key_role
from roadmap_tui.importer.kpi_lines import kpi_line
from roadmap_tui.importer.lists import Box, bold_label, box, files_in, key_value, strip_bold
from roadmap_tui.importer.rows import read_table
from roadmap_tui.importer.sink import Sink
from roadmap_tui.importer.walk import Block, Fence, Item, Line, ListBlock, Para, Table
from roadmap_tui.importer.words import kind_of

_PERSON = re.compile(
    r"^(?P<name>[^:：×x]+?)\s*[×x]\s*(?P<n>\d+)\s*(?:[(（][^)）]*[)）])?\s*(?:[:：]\s*(?P<duties>.*))?$"
)


def read_blocks(b: Sink, blocks: list[Block] | tuple[Block, ...], ctx: Ctx) -> None:
    """Read blocks in order; a bold label line types the blocks after it."""
    label_line: int | None = None
    for block in blocks:
        before = len(b.used)
        if isinstance(block, Para):
            ctx, found = paragraph(b, block, ctx)
            if found is not None:
                label_line = found
                continue
        elif isinstance(block, ListBlock):
            list_block(b, block, ctx)
        elif isinstance(block, Table):
            read_table(b, block, ctx)
        elif isinstance(block, Fence):
            read_fence(b, block, ctx)
        if label_line is not None and len(b.used) > before:
            b.use(label_line)


def with_label(ctx: Ctx, label: str) -> Ctx:
    kind = kind_of(label)
    if kind is not None:
        return replace(ctx, kind=kind, sublabel=None)
    return replace(ctx, sublabel=strip_decor(label))


def paragraph(b: Sink, para: Para, ctx: Ctx) -> tuple[Ctx, int | None]:
    """Key–value lines and prose; returns the context for the next blocks and a label line."""
    label_line = None
    for line in para.lines:
        label = bold_label(line)
        if label is not None:
            ctx, label_line = with_label(ctx, label), line.number
            b.skip(line.number, "label with nothing plannable below it")
            continue
        label_line = None
        if text_line(b, line, ctx):
            b.use(line.number)
        else:
            b.skip(line.number, "prose")
    return ctx, label_line


def text_line(b: Sink, line: Line, ctx: Ctx) -> bool:
    kv = key_value(line) or _known_plain(line)
    if kv is not None and b.key_value(kv[0], kv[1], line, ctx):
        return True
    if ctx.kind == "goals" and ctx.phase is not None and ctx.milestone is None:
        ctx.phase.goals.append(strip_bold(line.text))
        return True
    if ctx.milestone is not None and ctx.milestone.due is None and ctx.task is None:
        day = first_date(line.text, ctx.dates)
        if day is not None:
            ctx.milestone.due = day
            b.decide(line.number, f"due date {day.isoformat()} read from the prose")
            return True
    return False


def _known_plain(line: Line) -> tuple[str, str] | None:
    kv = key_value(line, plain=True)
    return kv if kv is not None and key_role(kv[0]) is not None else None


def list_block(b: Sink, block: ListBlock, ctx: Ctx) -> None:
    marked = any(item.lines and box(item.lines[0].text) for item in block.items)
    for item in block.items:
        list_item(b, item, ctx, marked)


def list_item(b: Sink, item: Item, ctx: Ctx, marked: bool) -> None:
    if not item.lines:
        read_blocks(b, item.children, ctx)
        return
    first = item.lines[0]
    number = first.number
    before = len(b.used)
    kv = key_value(first)
    if kv is not None and not kv[1] and item.children:
        read_blocks(b, item.children, with_label(ctx, kv[0]))
        if len(b.used) > before:
            b.use(number)
        else:
            b.skip(number, f"label {kv[0]!r} with nothing plannable below it")
        return
    child_ctx = item_ctx(b, item, ctx, marked, kv)
    for extra in item.lines[1:]:
        if text_line(b, extra, child_ctx):
            b.use(extra.number)
        else:
            b.skip(extra.number, "prose in a list item")
    read_blocks(b, item.children, child_ctx)


def item_ctx(b: Sink, item: Item, ctx: Ctx, marked: bool, kv: tuple[str, str] | None) -> Ctx:
    """Import one list item; returns the context its nested blocks are read in."""
    first = item.lines[0]
    number = first.number
    ticked = box(first.text)
    text = strip_bold(ticked.text if ticked else first.text)
    kind = ctx.kind
    if kind == "kpis":
        kv = kv or key_value(first, plain=True)
    if kv is not None and kv[1] and b.key_value(kv[0], kv[1], first, ctx):
        b.use(number)
        return ctx
    if kind == "kpis" and kv is not None:
        kpi_line(b, kv[0], kv[1], number, ctx)
        return ctx
    if kv is not None and kv[1] and ticked is None:
        # "**频率**: 每月" — an attribute of something, not an item of its own.
        b.skip(number, f"key {kv[0]!r} not used here")
        return ctx
    if ctx.risk is not None and kind in ("mitigation", "contingency"):
        setattr(ctx.risk, kind, join_note(getattr(ctx.risk, kind), text))
        b.use(number)
        return ctx
    if kind == "risks":
        risk = b.new_risk(text, number, ctx)
        b.use(number)
        return replace(ctx, risk=risk)
    if kind == "people" and person(b, text, number):
        return ctx
    if kind == "non_goals":
        b.plan.non_goals.append(text)
        b.use(number)
        return ctx
    if kind in ("deliverables", "acceptance") or (kind == "checklist" and ctx.milestone):
        check_kind = "deliverables" if kind == "deliverables" else "acceptance"
        b.add_check(check_kind, text, bool(ticked and ticked.done), number, ctx)
        return ctx
    if kind == "goals" and ctx.phase is not None and ctx.milestone is None and not ticked:
        ctx.phase.goals.append(text)
        b.use(number)
        return ctx
    if kind == "milestones":
        return list_milestone(b, text, number, ctx, ticked is not None and ticked.done)
    if ticked is not None or kind == "tasks" or ctx.bucket:
        return task_item(b, first, text, ticked, marked, ctx)
    b.skip(number, "list item under no plan heading or label")
    return ctx


def task_item(b: Sink, first: Line, text: str, ticked: Box | None, marked: bool, ctx: Ctx) -> Ctx:
    """A task from a list item. Unticked items of a list where others carry a box or a ✅
    are not done, by the list's own convention; a bucket ("Backlog") gives the status."""
    task = b.new_task(text, first.number, ctx)
    task.files = files_in(first)
    if ticked is not None and ticked.done:
        task.done, task.status = True, None
    elif ctx.bucket is None and (ticked is not None or marked):
        task.done = False
    b.use(first.number)
    return replace(ctx, task=task)


def list_milestone(b: Sink, text: str, number: int, ctx: Ctx, done: bool) -> Ctx:
    milestone = b.new_milestone(text, number, ctx)
    milestone.status, milestone.status_stated = ("done" if done else "todo"), True
    if ctx.phase is not None and ctx.phase.end is not None:
        milestone.due = ctx.phase.end
        b.decide(
            ctx.heading_line,
            f"milestones listed here are due at the end of {ctx.phase.name!r}",
        )
    b.use(number)
    return ctx


def person(b: Sink, text: str, number: int) -> bool:
    match = _PERSON.match(text)
    if match is None:
        return False
    duties = [d.strip() for d in re.split(r"[,，、;；]", match.group("duties") or "") if d.strip()]
    name = match.group("name").strip()
    if any(p.name == name for p in b.plan.people):
        return False
    b.plan.people.append(PersonDraft(name, number, responsibilities=duties))
    b.use(number)
    return True
