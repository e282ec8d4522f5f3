"""Plans as one self-contained, printable HTML page: the four panels and a timeline.

No script, no web font, no outside link: the page opens the same from an e-mail attachment, a CI
artifact or a laptop with no network. Every piece of plan text goes through ``html.escape``.
Nothing here imports textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from pathlib import Path

from roadmap_tui.model.levels import LEVEL_SHORT
from roadmap_tui.model.plan import Plan
from roadmap_tui.model.timeline import (
    current_phase,
    kpi_views,
    milestone_views,
    plan_progress,
    risk_matrix,
)
from roadmap_tui.render.export_ics import STATUS_WORDS
from roadmap_tui.render.export_timeline import timeline_html
from roadmap_tui.render.kpis import NO_DATA, pace_mark, pace_reason, sparkline, with_unit

#: Colours checked for WCAG AA against their backgrounds (tests/unit/test_contrast.py).
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",
"Microsoft YaHei",sans-serif;color:#1a1a1a;background:#ffffff;margin:1.5rem;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin:1.2rem 0 .4rem;
border-bottom:2px solid #1a1a1a}.muted{color:#555555}.late{color:#a4001d;font-weight:bold}
.plan{page-break-after:always}.plan:last-of-type{page-break-after:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #767676;padding:.2rem .4rem;text-align:left;vertical-align:top}
th{background:#e8e8e8}.sym{text-align:center;width:1.5rem}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
@media (max-width:50rem){.grid{grid-template-columns:1fr}}
.bar{display:inline-block;width:10rem;height:.7rem;border:1px solid #1a1a1a;
vertical-align:middle;background:#ffffff}.bar span{display:block;height:100%;background:#1a1a1a}
.matrix td{text-align:center;width:16%;height:1.6rem}.matrix th{width:4%}
.low{background:#cdeccd}.medium{background:#fff0b3}.high{background:#ffd0a0}
.critical{background:#a4001d;color:#ffffff}
.tl{position:relative;margin:.3rem 0 .8rem 0}.tl-row{display:flex;align-items:center;height:1.4rem}
.tl-label{width:12rem;flex:none;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.tl-track{position:relative;flex:1;height:100%;border-left:1px solid #767676}
.tl-phase{position:absolute;top:.25rem;height:.9rem;background:#9cc3e6;border:1px solid #1a1a1a}
.tl-phase.current{background:#2a5d8f}
.tl-ms{position:absolute;top:0;transform:translateX(-50%);font-size:.75rem;white-space:nowrap}
.tl-today{position:absolute;top:0;bottom:0;border-left:2px dashed #a4001d}
.legend{font-size:.85rem}
@media print{body{margin:0}a{color:inherit}}
"""


def _status_cell(status: str) -> str:
    symbol, words = STATUS_WORDS.get(status, ("?", status))
    return f'<td class="sym" title="{escape(words)}">{escape(symbol)}</td>'


def _bar(fraction: float | None) -> str:
    if fraction is None:
        return '<span class="muted">—</span>'
    share = round(min(1.0, max(0.0, fraction)) * 100)
    return f'<span class="bar"><span style="width:{share}%"></span></span> {share}%'


def _current(plan: Plan, today: dt.date) -> str:
    current = current_phase(plan, today)
    parts = ["<h2>Current phase</h2>"]
    phase = current.phase
    if phase is None or current.progress is None:
        parts.append('<p class="muted">No phases in this plan.</p>')
    else:
        heading = {"before": "Next: ", "between": "Next: ", "after": "Last: "}.get(current.state)
        when = ""
        if current.state == "current" and current.days_left is not None:
            when = f"{current.days_left} days left"
        elif current.starts_in is not None:
            when = f"starts in {current.starts_in} days"
        elif current.ended_ago is not None:
            when = f"ended {current.ended_ago} days ago"
        parts.append(f"<p><b>{escape(heading or '')}{escape(phase.name)}</b><br>")
        parts.append(
            f'<span class="muted">{phase.start.isoformat()} → {phase.end.isoformat()}</span> '
            f"{escape(when)}</p>"
        )
        if phase.theme:
            parts.append(f"<p><i>{escape(phase.theme)}</i></p>")
        progress = current.progress
        parts.append(f"<p>Time {_bar(progress.elapsed)}<br>Work {_bar(progress.work)}")
        if progress.total:
            parts.append(f' <span class="muted">{progress.done}/{progress.total}</span>')
        parts.append("</p>")
        if phase.goals:
            goals = "".join(f"<li>{escape(goal)}</li>" for goal in phase.goals)
            parts.append(f"<p><b>Goals</b></p><ul>{goals}</ul>")
    overall = plan_progress(plan, today)
    parts.append(f"<p><b>Plan</b> time {_bar(overall.elapsed)} work {_bar(overall.work)}</p>")
    return "".join(parts)


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


def _when(days: int | None) -> str:
    if days is None:
        return "no date"
    if days == 0:
        return "today"
    return f"in {days}d" if days > 0 else f"{-days}d late"


def _milestones(plan: Plan, today: dt.date) -> str:
    rows = []
    for view in milestone_views(plan, today, include_closed=True):
        m = view.milestone
        if view.closed:
            words = STATUS_WORDS.get(m.status, ("", m.status))[1]
            when = f"{words} {m.done_on.isoformat()}" if m.done_on else words
        else:
            when = _when(view.days)
        late = ' class="late"' if view.overdue else ""
        rows.append(
            f"<tr>{_status_cell(m.status)}<td>{escape(m.id)}</td><td>{escape(m.title)}</td>"
            f"<td>{escape(m.owner or '')}</td><td{late}>{_day(m.due)}</td>"
            f"<td{late}>{escape(when)}</td><td>{escape(m.note or '')}</td></tr>"
        )
    if not rows:
        return '<h2>Milestones</h2><p class="muted">No milestones.</p>'
    count = sum(view.overdue for view in milestone_views(plan, today))
    note = f' <span class="late">{count} late</span>' if count else ""
    head = "<tr><th></th><th>ID</th><th>Milestone</th><th>Owner</th><th>Due</th>"
    head += "<th>When</th><th>Note</th></tr>"
    return f"<h2>Milestones{note}</h2><table>{head}{''.join(rows)}</table>"


def _risks(plan: Plan) -> str:
    matrix = risk_matrix(plan.risks)
    placed = matrix.placed
    if not placed and not matrix.unplaced:
        return '<h2>Risks</h2><p class="muted">No open risks.</p>'
    grid = ['<table class="matrix"><caption>Probability ↑ · Impact →</caption>']
    for probability in range(5, 0, -1):
        grid.append(f"<tr><th>{LEVEL_SHORT[probability - 1]}</th>")
        for impact in range(1, 6):
            cell = matrix.cell(probability, impact)
            ids = " ".join(escape(view.risk.id) for view in cell.risks)
            grid.append(f'<td class="{cell.exposure}">{ids or "·"}</td>')
        grid.append("</tr>")
    grid.append("<tr><th></th>" + "".join(f"<th>{s}</th>" for s in LEVEL_SHORT) + "</tr></table>")
    rows = "".join(
        f'<tr><td>{escape(v.risk.id)}</td><td class="{v.exposure}">{v.exposure} ({v.score})</td>'
        f"<td>{escape(v.risk.title)}</td><td>{escape(v.risk.owner or '')}</td>"
        f"<td>{escape(v.risk.mitigation or '')}</td></tr>"
        for v in placed
    )
    rows += "".join(
        f"<tr><td>{escape(r.id)}</td><td>unrated</td><td>{escape(r.title)}</td>"
        f"<td>{escape(r.owner or '')}</td><td>{escape(r.mitigation or '')}</td></tr>"
        for r in matrix.unplaced
    )
    head = "<tr><th>ID</th><th>Exposure</th><th>Risk</th><th>Owner</th><th>Mitigation</th></tr>"
    return f"<h2>Risks</h2>{''.join(grid)}<table>{head}{rows}</table>"


def _kpis(plan: Plan, today: dt.date) -> str:
    views = kpi_views(plan, today)
    if not views:
        return '<h2>KPIs</h2><p class="muted">No KPIs.</p>'
    rows = []
    for view in views:
        unit = view.kpi.unit
        latest = with_unit(view.latest.value, unit) if view.latest else NO_DATA
        target = NO_DATA
        if view.target is not None:
            target = f"{with_unit(view.target.value, unit)} by {view.target.date.isoformat()}"
        mark = pace_mark(view.pace.status).plain
        reason = pace_reason(view.kpi, view.pace, view.today)
        style = ' class="late"' if view.pace.status == "off track" else ""
        spark = sparkline([p.value for p in view.history if not isinstance(p.value, str)])
        rows.append(
            f"<tr><td>{escape(view.kpi.name)}</td><td>{escape(latest)}</td><td>{spark}</td>"
            f"<td>{escape(target)}</td><td{style}>{mark}<br>"
            f'<span class="muted">{escape(reason)}</span></td></tr>'
        )
    head = "<tr><th>KPI</th><th>Latest</th><th>Trend</th><th>Next target</th><th></th></tr>"
    return f"<h2>KPIs</h2><table>{head}{''.join(rows)}</table>"


def _plan(path: Path, plan: Plan, today: dt.date) -> str:
    summary = f"<p>{escape(plan.plan.summary)}</p>" if plan.plan.summary else ""
    return (
        f'<section class="plan"><h1>{escape(plan.name)}</h1>'
        f'<p class="muted">{escape(str(path))} · as of {today.isoformat()}</p>{summary}'
        f"<h2>Timeline</h2>{timeline_html(plan, today)}"
        f'<div class="grid"><div>{_current(plan, today)}</div><div>{_risks(plan)}</div></div>'
        f"{_milestones(plan, today)}{_kpis(plan, today)}</section>"
    )


LEGEND = (
    "○ todo · ◌ planned · ● in progress · ✗ blocked · ✓ done · – dropped · "
    "▲ on track · ▼ off track · · no data · dashed line: today on the timeline"
)


def plans_html(plans: Sequence[tuple[Path, Plan]], today: dt.date) -> str:
    """One HTML page with every plan's panels and timeline as they stand on ``today``."""
    title = " · ".join(plan.name for _path, plan in plans)
    body = "".join(_plan(path, plan, today) for path, plan in plans)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>{body}"
        f'<p class="legend muted">{escape(LEGEND)}</p></body></html>\n'
    )
