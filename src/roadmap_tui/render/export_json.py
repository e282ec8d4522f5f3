"""Plans and their computed status as JSON, schema ``roadmap-tui/export/1`` (docs/export-json.md).

For scripts and CI: what the dashboard shows on a day, as data. Values the plan does not give
are ``null``, never guessed. Nothing here imports textual.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from roadmap_tui.model.plan import Milestone, Phase, Plan, Point, Risk
from roadmap_tui.model.timeline import (
    CLOSED,
    KpiView,
    Progress,
    current_phase,
    kpi_views,
    milestone_view,
    plan_progress,
    risk_view,
)
from roadmap_tui.render.kpis import pace_reason

SCHEMA = "roadmap-tui/export/1"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _progress(progress: Progress | None) -> dict[str, Any] | None:
    if progress is None:
        return None
    return {
        "elapsed": progress.elapsed,
        "work": progress.work,
        "done": progress.done,
        "total": progress.total,
        "dropped": progress.dropped,
    }


def _phase(phase: Phase) -> dict[str, Any]:
    return {
        "id": phase.id,
        "name": phase.name,
        "start": _date(phase.start),
        "end": _date(phase.end),
        "theme": phase.theme,
        "goals": list(phase.goals),
    }


def _current(plan: Plan, today: dt.date) -> dict[str, Any]:
    current = current_phase(plan, today)
    return {
        "state": current.state,
        "phase": current.phase.id if current.phase is not None else None,
        "days_left": current.days_left,
        "starts_in": current.starts_in,
        "ended_ago": current.ended_ago,
        "progress": _progress(current.progress),
        "undone": current.undone,
    }


def _milestone(milestone: Milestone, today: dt.date) -> dict[str, Any]:
    due: dt.date | None = milestone.due
    days = overdue = None
    if due is not None:
        view = milestone_view(milestone, today)
        days, overdue = view.days, view.overdue
    return {
        "id": milestone.id,
        "title": milestone.title,
        "status": milestone.status,
        "due": _date(due),
        "days": days,
        "late": overdue,
        "owner": milestone.owner,
        "phase": milestone.phase,
        "done_on": _date(milestone.done_on),
        "note": milestone.note,
    }


def _point(point: Point | None) -> dict[str, Any] | None:
    return None if point is None else {"date": _date(point.date), "value": point.value}


def _kpi(view: KpiView) -> dict[str, Any]:
    status = view.pace.status.replace(" ", "_")
    return {
        "id": view.kpi.id,
        "name": view.kpi.name,
        "unit": view.kpi.unit,
        "better": view.kpi.better,
        "latest": _point(view.latest),
        "target": _point(view.target),
        "status": status,
        "reason": pace_reason(view.kpi, view.pace, view.today),
        "trend": view.trend,
        "improving": view.improving,
    }


def _risk(risk: Risk) -> dict[str, Any]:
    view = risk_view(risk)
    return {
        "id": risk.id,
        "title": risk.title,
        "status": risk.status,
        "probability": risk.probability,
        "impact": risk.impact,
        "score": view.score if view is not None else None,
        "exposure": view.exposure if view is not None else None,
        "owner": risk.owner,
        "category": risk.category,
        "mitigation": risk.mitigation,
    }


def _risks(plan: Plan) -> list[dict[str, Any]]:
    """Every risk, highest exposure first; a risk with no rating (score null) comes last."""
    entries = [_risk(risk) for risk in plan.risks]
    return sorted(entries, key=lambda entry: -(entry["score"] or 0))


def plan_status(path: Path, plan: Plan, today: dt.date) -> dict[str, Any]:
    """One plan and what it looks like on ``today``."""
    milestones = [_milestone(m, today) for m in plan.milestones]
    dated_open = [m for m in milestones if m["days"] is not None and m["status"] not in CLOSED]
    late = sorted((m for m in dated_open if m["late"]), key=lambda m: m["days"])
    upcoming = sorted((m for m in dated_open if not m["late"]), key=lambda m: m["days"])
    info = plan.plan
    return {
        "file": str(path),
        "name": plan.name,
        "version": info.version,
        "owner": info.owner,
        "summary": info.summary,
        "start": _date(info.start),
        "end": _date(info.end),
        "progress": _progress(plan_progress(plan, today)),
        "current_phase": _current(plan, today),
        "phases": [_phase(phase) for phase in plan.phases],
        "milestones": milestones,
        "late": [m["id"] for m in late],
        "upcoming": [m["id"] for m in upcoming],
        "kpis": [_kpi(view) for view in kpi_views(plan, today)],
        "risks": _risks(plan),
    }


def plans_json(plans: Sequence[tuple[Path, Plan]], today: dt.date) -> str:
    """The export document for ``plans`` on ``today``, as indented JSON text ending in a newline."""
    document = {
        "schema": SCHEMA,
        "today": today.isoformat(),
        "plans": [plan_status(path, plan, today) for path, plan in plans],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
