"""Plans as an iCalendar feed (RFC 5545): one all-day VEVENT per dated milestone.

Why VEVENT and not VTODO with DUE: the feed is for people who follow a plan from their calendar,
and the calendars they subscribe with (Google Calendar, Outlook, most phone calendars) show
events but drop or hide VTODO entries from a subscribed feed. An all-day event on the due day is
what they see; the milestone's own status goes into the summary's symbol and the description.

UIDs come from the plan file's path within its repository (or its name, outside one) and the
milestone id, so re-exporting after an edit, from any folder or machine, updates each event
instead of adding a copy.
Nothing here imports textual.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from roadmap_tui.model.plan import Milestone, Plan

PRODID = "-//roadmap-tui//export//EN"
#: Longest content line in octets, without its CRLF (RFC 5545 §3.1).
FOLD_OCTETS = 75

#: Symbol and words per milestone status (the app's symbols, so a calendar reads like the panel).
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "todo": ("○", "todo"),
    "planned": ("◌", "planned"),
    "in_progress": ("●", "in progress"),
    "blocked": ("✗", "blocked"),
    "done": ("✓", "done"),
    "dropped": ("–", "dropped"),
}

#: A VEVENT's STATUS may only be TENTATIVE, CONFIRMED or CANCELLED (§3.8.1.11): a dropped
#: milestone is cancelled, one still being planned is tentative, every other is confirmed
#: (the date stands; whether the work is done is in the summary and description).
EVENT_STATUS: dict[str, str] = {"dropped": "CANCELLED", "planned": "TENTATIVE"}

_UNSAFE_UID = re.compile(r"[^A-Za-z0-9._-]")


def escape_text(value: str) -> str:
    r"""A TEXT value escaped per §3.3.11: ``\`` ``;`` ``,`` and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (§3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    room = FOLD_OCTETS
    for char in line:
        size = len(char.encode("utf-8"))
        if size > room:
            parts.append(current)
            current = ""
            room = FOLD_OCTETS - 1  # a continuation line starts with one space
        current += char
        room -= size
    parts.append(current)
    return "\r\n ".join(parts)


def file_key(path: Path, cwd: Path | None = None) -> str:
    """The plan file as the UID names it: its path within the repository that holds it, else
    its name alone.

    Whatever folder the export runs from, on a laptop or in CI, a file gives the same UIDs.
    ``cwd`` is kept for callers that name it; the key does not depend on it.
    """
    resolved = path.resolve()
    for folder in resolved.parents:
        if (folder / ".git").exists():
            return resolved.relative_to(folder).as_posix()
    return resolved.name


def event_uid(key: str, item_id: str) -> str:
    """A UID stable for (plan file, milestone id): the same milestone always gets the same one."""
    digest = hashlib.sha256(f"{key}\0{item_id}".encode()).hexdigest()[:16]
    return f"{_UNSAFE_UID.sub('_', item_id)}-{digest}@roadmap-tui"


def _stamp(now: dt.datetime | None) -> str:
    """DTSTAMP: ``now``, or SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        now = (
            dt.datetime.fromtimestamp(int(epoch), dt.UTC)
            if epoch.isdigit()
            else dt.datetime.now(dt.UTC)
        )
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _description(plan: Plan, milestone: Milestone) -> str:
    symbol, words = STATUS_WORDS.get(milestone.status, ("?", milestone.status))
    lines = [f"Plan: {plan.name}", f"Milestone {milestone.id}: {symbol} {words}"]
    if milestone.done_on is not None:
        lines.append(f"Done on {milestone.done_on.isoformat()}")
    if milestone.owner:
        lines.append(f"Owner: {milestone.owner}")
    if milestone.phase:
        lines.append(f"Phase: {milestone.phase}")
    if milestone.note:
        lines.append(f"Note: {milestone.note}")
    return "\n".join(lines)


def _event(key: str, plan: Plan, milestone: Milestone, stamp: str) -> list[str]:
    due: dt.date | None = milestone.due
    if due is None:
        return []  # an undated milestone has no day to put on a calendar
    symbol, _words = STATUS_WORDS.get(milestone.status, ("?", milestone.status))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(key, milestone.id)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{due.strftime('%Y%m%d')}",
        # DTEND is exclusive: the next day makes a one-day all-day event.
        f"DTEND;VALUE=DATE:{(due + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape_text(f'{symbol} {milestone.title}')}",
        f"DESCRIPTION:{escape_text(_description(plan, milestone))}",
        f"STATUS:{EVENT_STATUS.get(milestone.status, 'CONFIRMED')}",
        f"CATEGORIES:{escape_text(plan.name)},{escape_text(milestone.status)}",
        "TRANSP:TRANSPARENT",  # a milestone does not make anyone busy
        "END:VEVENT",
    ]
    return lines


def plans_ics(
    plans: Sequence[tuple[Path, Plan]], *, now: dt.datetime | None = None, cwd: Path | None = None
) -> str:
    """The milestones of ``plans`` as one iCalendar text, CRLF line ends, folded.

    Args:
        plans: (file path, plan) pairs, in the order given on the command line.
        now: the DTSTAMP of every event (default: SOURCE_DATE_EPOCH, else the clock).
        cwd: the folder UIDs name plan files relative to (default: the working folder).
    """
    stamp = _stamp(now)
    name = " · ".join(plan.name for _path, plan in plans)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        # NAME is the standard (RFC 7986); X-WR-CALNAME is what most calendar apps read.
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for path, plan in plans:
        key = file_key(path, cwd)
        for milestone in plan.milestones:
            lines += _event(key, plan, milestone, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
