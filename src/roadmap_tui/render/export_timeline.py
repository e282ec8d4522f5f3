"""A plan's timeline as HTML: one bar per phase, a row of milestone markers, a line for today.

Positions are percentages of the plan's span, so the page needs no script and prints as shown.
Plan text goes through ``html.escape`` only.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from roadmap_tui.model.plan import Plan
from roadmap_tui.model.timeline import current_phase, plan_span
from roadmap_tui.render.export_ics import STATUS_WORDS


def _span(plan: Plan) -> tuple[dt.date, dt.date] | None:
    """The days the timeline covers: the plan's span, widened to its dated milestones."""
    days = [m.due for m in plan.milestones if m.due is not None]
    span = plan_span(plan)
    if span is not None:
        days += list(span)
    if not days:
        return None
    return min(days), max(days)


def timeline_html(plan: Plan, today: dt.date) -> str:
    """The timeline block for ``plan``; a sentence when it has no dates at all."""
    span = _span(plan)
    if span is None:
        return '<p class="muted">No dates in this plan.</p>'
    start, end = span
    total = max(1, (end - start).days + 1)

    def at(day: dt.date) -> float:
        return round(max(0.0, min(1.0, (day - start).days / total)) * 100, 2)

    current = current_phase(plan, today)
    current_id = current.phase.id if current.state == "current" and current.phase else None
    rows = [
        f'<div class="tl-row muted"><div class="tl-label"></div><div class="tl-track">'
        f"{start.isoformat()} → {end.isoformat()}</div></div>"
    ]
    for phase in plan.phases:
        left = at(phase.start)
        width = max(0.5, at(phase.end + dt.timedelta(days=1)) - left)
        css = "tl-phase current" if phase.id == current_id else "tl-phase"
        tip = f"{phase.name}: {phase.start.isoformat()} → {phase.end.isoformat()}"
        rows.append(
            f'<div class="tl-row"><div class="tl-label" title="{escape(tip)}">'
            f'{escape(phase.name)}</div><div class="tl-track"><div class="{css}" '
            f'style="left:{left}%;width:{width}%" title="{escape(tip)}"></div></div></div>'
        )
    # Two lanes of markers, alternating in date order, so neighbours' ids overlap less.
    lanes: list[list[str]] = [[], []]
    dated = sorted(
        ((m.due, m) for m in plan.milestones if m.due is not None), key=lambda pair: pair[0]
    )
    for index, (due, milestone) in enumerate(dated):
        symbol, words = STATUS_WORDS.get(milestone.status, ("?", milestone.status))
        tip = f"{milestone.id} {milestone.title} · {due.isoformat()} · {words}"
        lanes[index % 2].append(
            f'<span class="tl-ms" style="left:{at(due)}%" title="{escape(tip)}">'
            f"{escape(symbol)}{escape(milestone.id)}</span>"
        )
    for label, lane in zip(("Milestones", ""), lanes, strict=True):
        if lane:
            rows.append(
                f'<div class="tl-row"><div class="tl-label">{label}</div>'
                f'<div class="tl-track">{"".join(lane)}</div></div>'
            )
    today_line = ""
    if start <= today <= end:
        share = at(today) / 100
        place = f"left:calc(12rem + (100% - 12rem) * {share})"
        today_line = f'<div class="tl-today" style="{place}"></div>'
    return f'<div class="tl">{"".join(rows)}{today_line}</div>'
