"""KPI lines wherever they are written: ``name: value`` under a KPI label, ``name: now →
target`` arrows, and the points they add to a KPI (made on its first mention)."""

from __future__ import annotations

import datetime as dt

from roadmap_tui.importer import fences as fz
from roadmap_tui.importer.context import Ctx
from roadmap_tui.importer.draft import KpiDraft, PointDraft, join_note
from roadmap_tui.importer.headings import derived_id
from roadmap_tui.importer.lists import strip_bold
from roadmap_tui.importer.sink import Sink
from roadmap_tui.importer.tables import measure, unknown


def kpi(b: Sink, name: str, line: int) -> KpiDraft:
    """The KPI named ``name``, made on first mention; later mentions add points to it."""
    for existing in b.plan.kpis:
        if existing.name == name:
            return existing
    made = KpiDraft(b.unique("kpis", derived_id("k", name)), name, line)
    b.plan.kpis.append(made)
    return made


def add_point(item: KpiDraft, text: str, day: object, *, target: bool) -> bool:
    """Add the value in ``text`` at ``day``; False when the text says nothing."""
    read = measure(text, target=target)
    if read is None or not isinstance(day, dt.date):
        return False
    if read.unit and item.unit is None and not isinstance(read.value, str):
        item.unit = read.unit
    if read.op in ("<", "<=") and item.better is None:
        item.better = "lower"
    elif read.op in (">", ">=") and item.better is None:
        item.better = "higher"
    points = item.targets if target else item.actuals
    point = PointDraft(day, read.value, read.op if target else None)
    if point not in points:
        points.append(point)
    return True


def kpi_line(b: Sink, name: str, value: str, number: int, ctx: Ctx) -> None:
    """``name: value`` under a KPI label: a target at the milestone's due date, else a note."""
    if arrow_kpi(b, f"{name}: {value}", number, ctx):
        return
    name = strip_bold(name)
    if unknown(value):
        b.skip(number, "KPI with no value")
        return
    item = kpi(b, name, number)
    due = ctx.milestone.due if ctx.milestone else None
    if due is None or not add_point(item, value, due, target=True):
        item.note = join_note(item.note, value)
    b.use(number)


def arrow_kpi(b: Sink, text: str, number: int, ctx: Ctx) -> bool:
    """``name: now → target``: the first value at the plan's date, the second at the due date."""
    found = fz.arrow(text)
    if found is None or ("→" not in text and "到" not in text):
        return False
    name, now, target = found
    item = kpi(b, name, number)
    read_any = False
    if b.plan.as_of is not None and not unknown(now):
        read_any = add_point(item, now, b.plan.as_of, target=False) or read_any
    due = ctx.milestone.due if ctx.milestone else None
    if due is not None:
        read_any = add_point(item, target, due, target=True) or read_any
    if not read_any:
        item.note = f"{now} → {target}"
    b.use(number)
    return True
