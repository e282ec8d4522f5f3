"""Edits that follow dependencies: move an item and everything that depends on it together."""

from __future__ import annotations

from pathlib import Path

from roadmap_tui.model import edits as edit_rules
from roadmap_tui.model.plan import Milestone, Plan, Task
from roadmap_tui.model.schedule import dependents, nodes


def shift_with_dependents(
    path: Path, plan: Plan, item: Milestone | Task, days: int
) -> edit_rules.EditGroup:
    """``item`` and everything that depends on it, directly or not, ``days`` later, as ONE
    group that one undo takes back.

    Done and dropped dependents stay where they are: their dates are what happened (or no
    longer matter), and the summary says how many were left.
    """
    by_id: dict[str, Milestone | Task] = {m.id: m for m in plan.milestones}
    for task in plan.tasks:
        by_id.setdefault(task.id, task)
    following = [by_id[i] for i in dependents(nodes(plan), item.id) if i in by_id]
    moving = [d for d in following if _status(d) not in ("done", "dropped")]
    left = len(following) - len(moving)
    sign = "+" if days > 0 else "-"
    summary = f"{item.id}"
    if moving:
        summary += f" and {len(moving)} dependent{'s' * (len(moving) != 1)}"
    summary += f" due {sign}{abs(days)} d"
    if left:
        summary += f" ({left} done or dropped left in place)"
    return edit_rules.shift_together(path, [item, *moving], days, summary)


def _status(item: Milestone | Task) -> str:
    return item.effective_status if isinstance(item, Task) else item.status
