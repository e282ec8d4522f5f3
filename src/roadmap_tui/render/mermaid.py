"""Plans as a Mermaid ``gantt`` chart, which GitHub draws in a README or an issue.

One section per phase (and one for items in no phase), tasks as bars, milestones as
``milestone`` (and tasks with only one date too: a point in time is all the plan says). Tags:
``done`` for done items, ``active`` for items in progress, ``crit`` for items on a critical path
or in a flagged dependency.

Dependencies use ``after``, where it keeps every date the plan gives: a task with prerequisites
and no start of its own starts ``after`` them and ends on its due date. Mermaid puts a
milestone half its duration after its start, so a milestone placed ``after`` its prerequisites
would no longer be on its due date; milestones stay on their dates and their prerequisites are
named in a ``%%`` comment above them.

Plan text is written so Mermaid shows it as written: ``:``, ``;`` and ``#`` become Mermaid's
``#58;``, ``#59;`` and ``#35;`` entities, line breaks become spaces; ids become Mermaid-safe
names (``M2.1`` → ``M2_1``, numbered when two would clash).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from roadmap_tui.model.plan import Milestone, Plan, Task
from roadmap_tui.model.schedule import Schedule, schedule
from roadmap_tui.store.loader import LoadResult

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_ENTITIES = {"#": "#35;", ":": "#58;", ";": "#59;"}


def mermaid_text(text: str) -> str:
    """Plan text as Mermaid shows it literally (one line; ``:``, ``;``, ``#`` as entities)."""
    text = " ".join(text.split())
    return "".join(_ENTITIES.get(char, char) for char in text) or "(untitled)"


class _Ids:
    """Mermaid-safe, unique names for a plan's ids."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.names: dict[str, str] = {}
        taken: set[str] = set()
        for ident in ids:
            base = _UNSAFE.sub("_", ident) or "item"
            if not base[0].isalpha():
                base = "i" + base
            name, count = base, 1
            while name in taken:
                count += 1
                name = f"{base}_{count}"
            taken.add(name)
            self.names[ident] = name

    def __getitem__(self, ident: str) -> str:
        return self.names[ident]


def _tags(item_id: str, status: str, sched: Schedule, milestone: bool) -> list[str]:
    tags = []
    if status == "done":
        tags.append("done")
    elif status == "in_progress":
        tags.append("active")
    if item_id in sched.critical or sched.flags_of(item_id):
        tags.append("crit")
    if milestone:
        tags.append("milestone")
    return tags


def _line(title: str, tags: list[str], name: str, when: str) -> str:
    return f"    {mermaid_text(title)} :{', '.join([*tags, name, when])}"


def _milestone(m: Milestone, sched: Schedule, ids: _Ids) -> list[str]:
    if m.due is None:
        return [f"    %% {ids[m.id]} has no due date"]
    lines = []
    known = [p for p in sched.graph[m.id].depends_on if p in ids.names]
    if known:
        lines.append(f"    %% {ids[m.id]} after {' '.join(ids[p] for p in known)}")
    tags = _tags(m.id, m.status, sched, milestone=True)
    lines.append(_line(m.title, tags, ids[m.id], f"{m.due.isoformat()}, 0d"))
    return lines


def _task(t: Task, sched: Schedule, ids: _Ids) -> list[str]:
    known = [p for p in sched.graph[t.id].depends_on if p in ids.names and _dated(sched, p)]
    status = t.effective_status
    # Mermaid's end date is exclusive: a bar runs through its due date.
    if t.due is not None and t.start is None and known:
        end = t.due + dt.timedelta(days=1)
        when = f"after {' '.join(ids[p] for p in known)}, {end.isoformat()}"
        return [_line(t.title, _tags(t.id, status, sched, False), ids[t.id], when)]
    if t.start is not None and t.due is not None and t.due >= t.start:
        end = t.due + dt.timedelta(days=1)
        when = f"{t.start.isoformat()}, {end.isoformat()}"
        return [_line(t.title, _tags(t.id, status, sched, False), ids[t.id], when)]
    day = t.due or t.start
    if day is None:
        return []
    return [_line(t.title, _tags(t.id, status, sched, True), ids[t.id], f"{day.isoformat()}, 0d")]


def _dated(sched: Schedule, item_id: str) -> bool:
    return sched.graph[item_id].due is not None


def _plan(plan: Plan) -> list[str]:
    sched = schedule(plan)
    ids = _Ids([*(m.id for m in plan.milestones), *(t.id for t in plan.tasks)])
    phases = {phase.id: phase for phase in plan.phases}
    sections: dict[str | None, list[str]] = {pid: [] for pid in phases}
    sections[None] = []
    for m in sorted(plan.milestones, key=lambda m: (m.due is None, m.due or dt.date.min)):
        key = m.phase if m.phase in phases else None
        sections[key] += _milestone(m, sched, ids)
        for task in plan.tasks:
            if task.milestone == m.id:
                sections[key] += _task(task, sched, ids)
    milestone_ids = {m.id for m in plan.milestones}
    for task in plan.tasks:
        if task.milestone not in milestone_ids:
            sections[task.phase if task.phase in phases else None] += _task(task, sched, ids)
    lines = []
    for pid, body in sections.items():
        if not body:
            continue
        name = mermaid_text(phases[pid].name) if pid is not None else "(no phase)"
        lines += [f"    section {name}", *body]
    return lines


def gantt(results: Sequence[LoadResult], today: dt.date) -> str:
    """A Mermaid ``gantt`` of every plan that loaded, its sections prefixed with the plan's
    name when there are several. ``today`` is noted in a comment (Mermaid marks the real day)."""
    plans = [r.plan for r in results if r.plan is not None]
    title = plans[0].name if len(plans) == 1 else "Roadmap"
    out = [
        "gantt",
        f"    title {mermaid_text(title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m-%d",
        f"    %% as of {today.isoformat()}",
    ]
    for plan in plans:
        body = _plan(plan)
        if len(plans) > 1:
            prefix = mermaid_text(plan.name)
            body = [
                line.replace("    section ", f"    section {prefix} · ", 1)
                if line.startswith("    section ")
                else line
                for line in body
            ]
        out += body
    return "\n".join(out) + "\n"


__all__ = ["gantt", "mermaid_text"]
