"""The sentences the app says about what the workspace did: one place for them.

Every value put in comes from the workspace's events, already escaped where it quotes the outside
world (file names, errors); the app shows these as plain text, never as markup.
"""

from __future__ import annotations

from roadmap_tui.model.safe_text import safe_name
from roadmap_tui.workspace import events as ev


def edit_applied(event: ev.EditApplied) -> str:
    prefix = {"edit": "", "undo": "Undone: ", "redo": "Redone: "}[event.step]
    return f"{prefix}{event.summary}"


def nothing_changed(event: ev.NothingChanged) -> str:
    return f"{event.item_id}: nothing to change"


def nothing_to_step(event: ev.NothingToStep) -> str:
    return "Nothing to undo" if event.step == "undo" else "Nothing to redo"


def history_failed(event: ev.HistoryFailed) -> str:
    if event.reason.startswith("--since:"):
        return event.reason
    return f"Could not read the plans' history: {event.reason}"


def job_failed(event: ev.JobFailed) -> str:
    return f"Background {event.job} failed: {event.reason}"


def watch_failed(event: ev.WatchFailed) -> str:
    return (
        f"⚠ Live reload is off: {event.reason}. Saved files are not shown until it is back; "
        f"trying again in {event.retry_in:g} s."
    )


#: Why a plan is shown as of another day than today (the samples).
OWN_DATE = "the plan's own date"
NO_DATE = "the day its dates count from; the document gives no date"
WATCH_RESUMED = "Live reload is back on; plans re-read."


def plan_added(event: ev.PlanLoaded) -> str:
    return f"New plan file: {safe_name(event.path.name)}"


def plan_closed(event: ev.PlanClosed) -> str:
    return f"{safe_name(event.path.name)} was removed: its tab is closed"


def locked(*, for_good: bool) -> str:
    return "Read-only: nothing was changed." + ("" if for_good else " Press L to unlock.")


def subtitle(
    today: str,
    *,
    as_of: str | None = None,
    as_of_why: str | None = None,
    read_only: bool = False,
    owner: str | None = None,
    notice: str | None = None,
    saving: str | None = None,
) -> str:
    """The header's second line: the day the figures are computed for, and the session's modes.

    ``as_of`` is the shown plan's own day when it is shown as of it (the samples); saying it is
    what keeps "640 days late" from being a lie.
    """
    parts = [f"today {today}"]
    if as_of is not None:
        parts = [f"as of {as_of}, {as_of_why or OWN_DATE}"]
    if read_only:
        parts.insert(0, "🔒 READ-ONLY")
    if owner:
        parts.append(f"owner: {owner}")
    if notice:
        parts.append(notice)
    if saving:
        parts.insert(0, f"⏳ saving {safe_name(saving)}…")
    return " · ".join(parts)


def standup_not_recorded(reason: str) -> str:
    return f"The standup's time was not recorded: {reason}"
