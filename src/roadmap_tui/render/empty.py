"""What an empty panel says: the true reason it is empty, worded once for the app and ``show``.

"No risks owned by Ines — 5 in this plan." says both that the view is narrowed to one person and
that the plan itself is not empty; "No risks in this plan." is only said when it has none.
"""

from __future__ import annotations

from collections.abc import Sequence


def nothing_note(what: str, total: int, *, owner: str | None = None, plans: int = 1) -> str:
    """The line an empty panel shows.

    Args:
        what: the items, plural, as the panel names them ("risks", "open milestones").
        total: how many of them the plan(s) hold when no owner narrows the view.
        owner: whose items the panel is narrowed to, if anyone's.
        plans: how many plans the panel covers (the All plans view says "these plans").
    """
    scope = "this plan" if plans == 1 else "these plans"
    if owner is not None and total:
        return f"No {what} owned by {owner} — {total} in {scope}."
    return f"No {what} in {scope}."


def unknown_walkers(names: Sequence[str], known: Sequence[str]) -> str:
    """Why ``--order`` is refused: names no plan mentions, and the names the plans do have."""
    listed = ", ".join(repr(name) for name in names)
    have = ", ".join(repr(name) for name in known) or "none"
    return f"nobody named {listed} is in these plans (owners and [[people]]: {have})"


def unknown_owner(owner: str) -> str:
    """The warning for an owner focus on a name that owns nothing in the plans."""
    return f"nobody named {owner!r} owns anything in these plans; the panels will be empty"
