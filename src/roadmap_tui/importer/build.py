"""Reading the section tree into a plan: which heading is a phase, a milestone or a task, what
each key–value line sets, and which lines were left out and why."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from roadmap_tui.importer import headings as hd
from roadmap_tui.importer.blocks import read_blocks
from roadmap_tui.importer.context import Ctx
from roadmap_tui.importer.dates import Context as DateContext
from roadmap_tui.importer.dates import NeedsAnchor, Span, absolute_span, find_span
from roadmap_tui.importer.draft import (
    Check,
    MilestoneDraft,
    PhaseDraft,
    PlanDraft,
    RiskDraft,
    TaskDraft,
)
from roadmap_tui.importer.keys import key_role
from roadmap_tui.importer.kv import apply
from roadmap_tui.importer.lists import key_value
from roadmap_tui.importer.walk import Document, Heading, Line, Para, Section
from roadmap_tui.importer.words import bucket_of, kind_of, priority_of, status_of

_MILESTONE_SIGNALS = {"owner", "due", "priority", "estimate"}
_ITEM_KINDS = {"tasks", "deliverables", "acceptance"}
_HEADING_STATUS = re.compile(r"\s*(?:当前|current|进行中|已完成)\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_TIME_LABEL = re.compile(
    r"^(?:(?:week|day|month|sprint)s?\s*\d+(?:\s*[-–]\s*\d+)?|第\s*\S{1,5}?\s*[周月天])\s*[:：]\s*",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?:里程碑|milestone)\s*(\d+)\s*[:：.\-–]\s*(.+)$", re.IGNORECASE)
_STATUS_MARK = re.compile("[✅🚧⏳⬜❌⛔]")
_PROBE = DateContext(2000, dt.date(2000, 1, 1), dt.date(2000, 1, 1))


class Builder:
    """Collects a PlanDraft from a Document; the block readers live in ``blocks``."""

    def __init__(self, doc: Document, anchor: dt.date | None) -> None:
        self.doc = doc
        self.plan = PlanDraft(name="")
        self.anchor = anchor
        self.used: set[int] = set()
        self.reasons: dict[int, str] = {}
        self.decisions: list[tuple[int, str]] = []
        self.needs_anchor: tuple[int, str] | None = None
        self.anchor_used = False
        #: The anchor is the document's own date, not ``--anchor``.
        self.anchor_from_document = False
        self.as_of_line = 0
        self.phase_by_label: dict[str, PhaseDraft] = {}
        self.undated_phases: list[PhaseDraft] = []
        self.ids: dict[str, set[str]] = {}
        self.year: int | None = None
        self.check_holders: dict[int, MilestoneDraft] = {}
        #: Line of each item's ``depends on`` line, by the item's identity.
        self.depends_lines: dict[int, int] = {}

    # ── helpers ──────────────────────────────────────────────────────────────────────────
    def use(self, *lines: int) -> None:
        self.used.update(lines)

    def skip(self, line: int, why: str) -> None:
        self.reasons.setdefault(line, why)

    def decide(self, line: int, what: str) -> None:
        if (line, what) not in self.decisions:
            self.decisions.append((line, what))

    def unique(self, section: str, ident: str) -> str:
        taken = self.ids.setdefault(section, set())
        candidate, n = ident, 2
        while candidate in taken:
            candidate, n = f"{ident}-{n}", n + 1
        taken.add(candidate)
        return candidate

    def span(self, text: str, ctx: Ctx, line: int) -> Span | None:
        """A span in ``text``; a relative one without an anchor is remembered, not read."""
        try:
            found = find_span(text, ctx.dates)
        except NeedsAnchor as missing:
            if self.needs_anchor is None:
                self.needs_anchor = (line, missing.what)
            return None
        if found is not None and found.relative and ctx.dates.base == self.anchor:
            self.anchor_used = True
        return found

    @staticmethod
    def mentions_time(text: str) -> bool:
        try:
            return find_span(text, _PROBE) is not None
        except NeedsAnchor:
            return True

    def base_ctx(self) -> Ctx:
        return Ctx(dates=DateContext(self.year, self.anchor, None))

    # ── items ────────────────────────────────────────────────────────────────────────────
    def new_phase(self, name: str, line: int, label: str, span: Span | None) -> PhaseDraft:
        ident = self.unique("phases", label or hd.derived_id("ph", name))
        phase = PhaseDraft(ident, name, line, label=label)
        if span is not None:
            self.date_phase(phase, span)
        else:
            self.undated_phases.append(phase)
        self.plan.phases.append(phase)
        if label:
            self.phase_by_label[label] = phase
        return phase

    def date_phase(self, phase: PhaseDraft, span: Span) -> None:
        phase.start, phase.end, phase.relative = span.start, span.end, span.relative
        if phase in self.undated_phases:
            self.undated_phases.remove(phase)

    def new_milestone(
        self, title: str, line: int, ctx: Ctx, hint: str | None = None
    ) -> MilestoneDraft:
        numbered = _NUMBERED.match(title)
        found = (f"M{numbered.group(1)}", numbered.group(2)) if numbered else hd.explicit_id(title)
        if found is None and hint:
            found = (hint, title)
        ident, title = found if found else (hd.derived_id("m", title), title)
        milestone = MilestoneDraft(self.unique("milestones", ident), title, line)
        milestone.phase = ctx.phase.id if ctx.phase else None
        milestone.priority = ctx.priority
        self.plan.milestones.append(milestone)
        return milestone

    def new_task(self, title: str, line: int, ctx: Ctx) -> TaskDraft:
        scope = ctx.milestone.id if ctx.milestone else ctx.phase.id if ctx.phase else ""
        found = hd.explicit_id(title)
        ident, title = found if found else (hd.derived_id("t", f"{scope}/{title}"), title)
        task = TaskDraft(self.unique("tasks", ident), title, line)
        task.phase = ctx.phase.id if ctx.phase and not ctx.milestone else None
        task.milestone = ctx.milestone.id if ctx.milestone else None
        task.priority = ctx.priority
        if ctx.bucket:
            task.status = ctx.bucket
        if ctx.sublabel:
            task.note = ctx.sublabel
        self.plan.tasks.append(task)
        return task

    def new_risk(self, title: str, line: int, ctx: Ctx) -> RiskDraft:
        match = re.match(r"^(?:风险|risk)\s*(\d+)\s*[:：.\-]\s*(.+)$", title, re.IGNORECASE)
        if match:
            ident, title = f"R{match.group(1)}", match.group(2)
        else:
            ident = hd.derived_id("r", title)
        risk = RiskDraft(self.unique("risks", ident), title, line, priority=ctx.priority)
        self.plan.risks.append(risk)
        return risk

    def check_holder(self, ctx: Ctx) -> PhaseDraft | MilestoneDraft:
        """Where deliverables and criteria go: the milestone, the phase, or — when neither is
        around — an undated milestone named after their heading."""
        if ctx.milestone is not None:
            return ctx.milestone
        if ctx.phase is not None:
            return ctx.phase
        holder = self.check_holders.get(ctx.heading_line)
        if holder is None:
            holder = self.new_milestone(ctx.heading_title or "checklist", ctx.heading_line, ctx)
            self.check_holders[ctx.heading_line] = holder
            self.use(ctx.heading_line)
            self.decide(
                ctx.heading_line,
                "criteria with no phase or milestone around them: kept on an undated "
                "milestone named after their heading",
            )
        return holder

    def add_check(self, kind: str, text: str, done: bool, line: int, ctx: Ctx) -> None:
        holder = self.check_holder(ctx)
        target = holder.deliverables if kind == "deliverables" else holder.acceptance
        target.append(Check(text, done, line))
        self.use(line)

    # ── sections and headings ──────────────────────────────────────────────────────────
    def visit(self, section: Section, ctx: Ctx) -> None:
        before = len(self.used)
        if section.heading is not None:
            ctx = self.heading(section, ctx)
        read_blocks(self, section.blocks, ctx)
        for child in section.children:
            self.visit(child, ctx)
        if section.heading is not None:
            line = section.heading.line.number
            if line not in self.used:
                if len(self.used) > before:
                    self.use(line)
                else:
                    self.skip(line, "heading with nothing plannable below it")

    def signals(self, section: Section) -> set[str]:
        """Key roles and list kinds stated directly under a heading."""
        found: set[str] = set()
        for block in section.blocks:
            lines: list[Line] = []
            if isinstance(block, Para):
                lines = list(block.lines)
            elif hasattr(block, "items"):
                lines = [item.lines[0] for item in block.items if item.lines]
            for line in lines:
                kv = key_value(line)
                if kv is None:
                    continue
                role = key_role(kv[0])
                if role:
                    found.add(role)
                kind = kind_of(kv[0])
                if kind in _ITEM_KINDS:
                    found.add(kind)
        return found

    def role(self, section: Section, ctx: Ctx, text: str, label: hd.PhaseLabel | None) -> str:
        if section.level == 1:
            return "context"  # the document's title
        signals = self.signals(section)
        itemish = bool(signals & (_MILESTONE_SIGNALS | _ITEM_KINDS))
        if ctx.kind == "risks" and re.match(r"^(?:风险|risk)\s*\d+", text, re.IGNORECASE):
            return "risk"
        if ctx.milestone is not None:
            return "task" if self.mentions_time(text) else "context"
        if label is not None and label.key in self.phase_by_label:
            return "reuse"
        if ctx.phase is not None:
            if self.mentions_time(text) or itemish or (label is not None and label.kind == "ms"):
                return "milestone"
            return "context"
        if label is not None:
            if label.kind == "ms":
                return "phase" if section.children else "milestone"
            if label.kind == "ver":
                return "phase" if self.range_in(section, text) else "milestone"
            return "phase"
        return "milestone" if itemish else "context"

    def range_in(self, section: Section, text: str) -> bool:
        span = absolute_span(text, DateContext(self.year))
        if span is not None and not span.single_day:
            return True
        return any(
            key_role(kv[0]) == "time"
            for block in section.blocks
            if isinstance(block, Para)
            for line in block.lines
            if (kv := key_value(line, plain=True))
        )

    def heading(self, section: Section, ctx: Ctx) -> Ctx:
        head: Heading = section.heading  # type: ignore[assignment]
        line = head.line.number
        raw = head.line.text
        stripped = hd.strip_decor(raw)
        if _HEADING_STATUS.search(stripped) and len(stripped) > 6:
            self.decide(line, "a status on a heading is not imported (phases have no status)")
            stripped = _HEADING_STATUS.sub("", stripped)
        title = hd.title_of(stripped) or stripped
        year = _YEAR.search(stripped)
        dates = replace(ctx.dates, year=int(year.group(1))) if year else ctx.dates
        ctx = replace(ctx, dates=dates, heading_line=line, heading_title=title, sublabel=None)
        # The document's title ("…里程碑和时间节点") names the whole file, not a list below it.
        kind = kind_of(stripped) if head.level > 1 else None
        bucket = bucket_of(stripped)
        if bucket is not None:
            ctx = replace(ctx, bucket=bucket[0], priority=bucket[1] or ctx.priority)
        if kind is not None:
            ctx = replace(ctx, kind=kind)
        label = hd.phase_label(stripped)
        prio = priority_of(raw)
        if prio is not None:
            ctx = replace(ctx, priority=prio.value)
            if kind is None and (label is None or label.kind != "prio"):
                # A list under "第一优先级" / "High priority" is work in that order of urgency.
                ctx = replace(ctx, kind="tasks")
            if prio.decision:
                self.decide(line, prio.decision)
        role = self.role(section, ctx, stripped, label)
        new = self.apply_role(role, section, ctx, stripped, title, label)
        mark = _STATUS_MARK.search(raw)
        if role == "milestone" and new.milestone is not None and mark is not None:
            # "## v1.0 ✅": a settled status symbol on a milestone's own heading is its status.
            read = status_of(mark.group(0))
            if read is not None:
                new.milestone.status, new.milestone.status_stated = read.value, True
        return new

    def apply_role(
        self,
        role: str,
        section: Section,
        ctx: Ctx,
        text: str,
        title: str,
        label: hd.PhaseLabel | None,
    ) -> Ctx:
        line = ctx.heading_line
        if role == "reuse" and label is not None:
            phase = self.phase_by_label[label.key]
            return self.phase_ctx(ctx, phase)
        if role == "phase":
            span = self.span(text, ctx, line)
            phase = self.new_phase(title, line, label.key if label else "", span)
            self.use(line)
            return self.phase_ctx(ctx, phase)
        if role in ("milestone", "task"):
            title = _TIME_LABEL.sub("", title) or title
        if role == "milestone":
            hint = label.key if label is not None and label.kind == "ver" else None
            milestone = self.new_milestone(title, line, ctx, hint)
            span = self.span(text, ctx, line) if self.mentions_time(text) else None
            if span is not None:
                milestone.due = span.end
            self.use(line)
            day_base = span.start if span else ctx.dates.day_base
            return replace(ctx, milestone=milestone, dates=replace(ctx.dates, day_base=day_base))
        if role == "task":
            task = self.new_task(title, line, ctx)
            span = self.span(text, ctx, line)
            if span is not None:
                task.start, task.due = span.start, span.end
            self.use(line)
            return replace(ctx, task=task)
        if role == "risk":
            risk = self.new_risk(title, line, ctx)
            self.use(line)
            return replace(ctx, risk=risk)
        return ctx

    def phase_ctx(self, ctx: Ctx, phase: PhaseDraft) -> Ctx:
        base = ctx.dates.base
        if phase.start is not None and not phase.relative:
            base = phase.start
        day_base = phase.start or ctx.dates.day_base
        return replace(
            ctx,
            phase=phase,
            milestone=None,
            task=None,
            dates=replace(ctx.dates, base=base, day_base=day_base),
        )

    # ── key–value lines ────────────────────────────────────────────────────────────────
    def key_value(self, key: str, value: str, line: Line, ctx: Ctx) -> bool:
        """Apply one ``key: value`` line; True when it was imported."""
        return apply(self, key, value, line, ctx)
