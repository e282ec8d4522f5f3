"""Markdown roadmaps → plan TOML: ``import_markdown`` reads a document the way its team wrote it
(tables, check boxes, headings, key–value lines, boxes in code fences) and reports every line it
left out. No Textual, no Rich: the CLI and tests use it directly."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath

from roadmap_tui.importer.build import Builder
from roadmap_tui.importer.draft import MilestoneDraft, PlanDraft, TaskDraft
from roadmap_tui.importer.emit import emit
from roadmap_tui.importer.headings import strip_decor
from roadmap_tui.importer.lists import key_value
from roadmap_tui.importer.report import not_imported, safe, summary
from roadmap_tui.importer.walk import Document, Heading, Line, Para, Section, read

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


class NeedsAnchorError(Exception):
    """Relative dates with neither ``--anchor`` nor a date in the document."""

    def __init__(self, line: int, what: str) -> None:
        super().__init__(f"line {line}: {what!r} is relative; give --anchor YYYY-MM-DD")
        self.line = line
        self.what = what


@dataclass(frozen=True)
class ImportResult:
    plan: PlanDraft
    #: The TOML text, or None when nothing plannable was found.
    text: str | None
    #: ``FILE:LINE: not imported: …`` and ``FILE:LINE: decided: …`` lines, in line order.
    messages: tuple[str, ...]
    summary: str
    #: Lines with content that were not imported.
    left_out: tuple[int, ...]
    #: Lines that were imported.
    used: frozenset[int]


def import_markdown(text: str, source: str, anchor: dt.date | None = None) -> ImportResult:
    """Read ``text`` (a Markdown roadmap named ``source``) into a plan.

    Raises:
        NeedsAnchorError: relative dates appear and neither ``anchor`` nor a document date
            (``最后更新``, ``Last updated`` …) says what they count from.
    """
    doc = read(text.replace("\r\n", "\n").replace("\r", "\n"))
    builder = Builder(doc, anchor)
    _prepare(builder, doc)
    builder.visit(doc.root, builder.base_ctx())
    if builder.needs_anchor is not None and anchor is None and builder.anchor is None:
        raise NeedsAnchorError(*builder.needs_anchor)
    return _finish(builder, doc, source)


def _prepare(builder: Builder, doc: Document) -> None:
    """Settle the plan's name, its date (``as_of``) and the anchor before reading items."""
    title = _first_heading(doc.root, 1)
    builder.plan.name = strip_decor(title.line.text) if title else ""
    if title is not None and builder.plan.name:
        builder.use(title.line.number)
    probe = Builder(doc, None)
    for line in _all_para_lines(doc.root):
        kv = key_value(line) or key_value(line, plain=True)
        if (
            kv is not None
            and _meta(kv[0])
            and probe.key_value(kv[0], kv[1], line, probe.base_ctx())
        ):
            builder.as_of_line = line.number
            break
    builder.plan.as_of = probe.plan.as_of
    builder.year = _first_year(doc.root) or (probe.plan.as_of.year if probe.plan.as_of else None)
    if builder.anchor is None and probe.plan.as_of is not None:
        builder.anchor = probe.plan.as_of
        builder.anchor_from_document = True


def _meta(key: str) -> bool:
    from roadmap_tui.importer.keys import key_role

    return key_role(key) == "as_of"


def _first_heading(section: Section, level: int) -> Heading | None:
    for child in section.children:
        if child.heading is not None and child.heading.level <= level:
            return child.heading
    return section.children[0].heading if section.children else None


def _first_year(section: Section) -> int | None:
    stack = list(section.children)
    while stack:
        child = stack.pop(0)
        if child.heading is not None:
            found = _YEAR.search(child.heading.line.text)
            if found:
                return int(found.group(1))
        stack[0:0] = child.children
    return None


def _all_para_lines(section: Section) -> list[Line]:
    out: list[Line] = []
    for block in section.blocks:
        if isinstance(block, Para):
            out.extend(block.lines)
    for child in section.children:
        out.extend(_all_para_lines(child))
    return out


def _finish(builder: Builder, doc: Document, source: str) -> ImportResult:
    plan = builder.plan
    if not plan.name:
        stem = re.sub(r"\.(md|markdown|txt)$", "", PurePath(source).name, flags=re.IGNORECASE)
        plan.name = stem or "plan"
    if builder.anchor_used:
        plan.anchor = builder.anchor
        if builder.anchor_from_document and builder.anchor is not None:
            builder.decide(
                builder.as_of_line,
                f"relative times count from the document's date {builder.anchor.isoformat()} "
                "(--anchor chooses another)",
            )
    _drop_undated_phases(builder)
    _check_depends(builder)
    content = [
        number
        for number, line in enumerate(doc.lines, start=1)
        if line.strip() and number not in doc.structure
    ]
    left_out = [n for n in content if n not in builder.used]
    shown = safe(source)
    messages = not_imported(shown, doc.lines, left_out, builder.reasons, doc.structure)
    messages += [f"{shown}:{line}: decided: {safe(what)}" for line, what in builder.decisions]
    messages.sort(key=_line_key)
    text = emit(plan, safe(PurePath(source).name)) if plan.plannable() else None
    return ImportResult(
        plan,
        text,
        tuple(messages),
        summary(plan, len(left_out)),
        tuple(left_out),
        frozenset(builder.used),
    )


def _line_key(message: str) -> tuple[int, int]:
    match = re.search(r":(\d+)(?:-\d+)?: ", message)
    return (int(match.group(1)) if match else 0, "decided" in message)


def _check_depends(builder: Builder) -> None:
    """Keep dependencies on ids this plan has; name the others, which are not imported."""
    known = {m.id for m in builder.plan.milestones} | {t.id for t in builder.plan.tasks}
    items: list[MilestoneDraft | TaskDraft] = [*builder.plan.milestones, *builder.plan.tasks]
    for item in items:
        missing = [ident for ident in item.depends_on if ident not in known]
        if missing:
            line = builder.depends_lines.get(id(item), item.line)
            item.depends_on = [ident for ident in item.depends_on if ident in known]
            names = ", ".join(missing)
            builder.decide(line, f"depends on {names}: no milestone or task has that id here")


def _drop_undated_phases(builder: Builder) -> None:
    """Phases need dates; a phase heading that never got any is left out, and its items
    stay, without a phase."""
    for phase in list(builder.undated_phases):
        builder.plan.phases.remove(phase)
        builder.used.discard(phase.line)
        builder.reasons[phase.line] = "phase heading without dates (its items have no phase)"
        for milestone in builder.plan.milestones:
            if milestone.phase == phase.id:
                milestone.phase = None
        for task in builder.plan.tasks:
            if task.phase == phase.id:
                task.phase = None


__all__ = ["ImportResult", "NeedsAnchorError", "import_markdown"]
