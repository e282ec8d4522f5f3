"""The changes since a point in the past, for people: Rich, Markdown (for chat) and plain text.

Each format lists the changes per plan, one line per change (item, what changed, who and when),
then the same changes per item owner. Plan text stays literal: Rich gets ``Text`` objects,
Markdown gets its special characters backslash-escaped, plain text is printed as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from roadmap_tui.model.changes import UNCOMMITTED, Change, ChangeReport, Value, by_owner
from roadmap_tui.model.levels import level_of
from roadmap_tui.model.plan import Point
from roadmap_tui.render.kpis import with_unit
from roadmap_tui.render.text import plural

NO_OWNER = "no owner"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")


_STATUS_WORDS = {"in_progress": "in progress"}


def _word(value: Value) -> str:
    if isinstance(value, str):
        return _STATUS_WORDS.get(value, value)
    return "—" if value is None else str(value)


def _level_text(value: Value) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return _word(value)
    level = level_of(value)
    if level is None or (isinstance(value, int) and value == level):
        return str(value)
    return f"{value} ({level})"


def describe(change: Change) -> str:
    """What changed, in a few words: ``status todo → in progress``, ``due … (slipped by 4 days)``.

    The item itself (id, title) and who/when are left to the caller.
    """
    kind = change.kind
    if kind in ("added", "removed"):
        return kind
    if kind == "due":
        text = f"due {_word(change.old)} → {_word(change.new)}"
        days = change.days
        if days:
            moved = "slipped by" if days > 0 else "pulled in by"
            text += f" ({moved} {plural(abs(days), 'day')})"
        return text
    if kind in ("probability", "impact"):
        return f"{kind} {_level_text(change.old)} → {_level_text(change.new)}"
    if kind == "kpi_actual":
        new, old = change.new, change.old
        if not isinstance(new, Point):
            return "actual changed"
        text = f"actual {with_unit(new.value, change.unit)} on {new.date}"
        if isinstance(old, Point):
            text += f" (was {with_unit(old.value, change.unit)})"
        return text
    if kind == "risk_status":
        return f"risk status {_word(change.old)} → {_word(change.new)}"
    if kind == "owner":
        return f"owner {_word(change.old)} → {_word(change.new)}"
    if kind == "title":
        return f"renamed from “{_word(change.old)}”"
    return f"status {_word(change.old)} → {_word(change.new)}"


def _line(text: str) -> str:
    """``text`` on one line: a line break in a plan's text would end a bullet."""
    return " ".join(text.splitlines())


def who_when(change: Change) -> str:
    """``Alice, 2025-03-04 10:00`` (local time), or ``uncommitted``."""
    who = _line(change.who or "") or "unknown"
    if change.who == UNCOMMITTED or change.when is None:
        return who
    return f"{who}, {change.when.astimezone():%Y-%m-%d %H:%M}"


def _owner_label(owner: str | None) -> str:
    return NO_OWNER if owner is None else _line(owner)


def markdown_escape(text: str) -> str:
    """``text`` with Markdown's special characters escaped, so chat shows it as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _line(text))


def _md_id(ident: str) -> str:
    return f"`{ident}`" if "`" not in ident and ident.strip() == ident else markdown_escape(ident)


def _md_item(change: Change) -> str:
    what = markdown_escape(describe(change))
    return f"{_md_id(change.item_id)} {markdown_escape(change.title)}: {what}"


def _text_item(change: Change) -> str:
    return f"{_line(change.item_id)} {_line(change.title)}: {_line(describe(change))}"


def _lines(
    report: ChangeReport,
    *,
    heading: Callable[[int, str], str],
    item: Callable[[Change], str],
    notice: Callable[[str], str],
    owner: Callable[[str | None], str],
    escape: Callable[[str], str],
    bullet: str,
    sub_bullet: str,
) -> list[str]:
    """The report as lines, the format given by the callables (Markdown or plain text)."""
    lines = [heading(1, f"Changes since {escape(report.since)}")]
    for file in report.files:
        lines += ["", heading(2, escape(file.plan))]
        lines += [notice(escape(text)) for text in file.notices]
        if file.has_history and not file.changes:
            lines.append(f"{bullet}No changes.")
        lines += [f"{bullet}{item(c)} — {escape(who_when(c))}" for c in file.changes]
    changes = report.changes
    if not changes:
        return lines
    lines += ["", heading(2, "By person")]
    several = len(report.files) > 1
    for person, theirs in by_owner(changes).items():
        lines += ["", owner(escape(_owner_label(person)))]
        for change in theirs:
            prefix = f"{escape(_line(change.plan))} · " if several else ""
            lines.append(f"{sub_bullet}{prefix}{item(change)}")
    return lines


def changes_markdown(report: ChangeReport) -> str:
    """The report as Markdown for pasting into chat: a heading per plan, a bullet per change."""
    lines = _lines(
        report,
        heading=lambda level, text: f"{'#' * level} {text}",
        item=_md_item,
        notice=lambda text: f"> {text}",
        owner=lambda text: f"**{text}**",
        escape=markdown_escape,
        bullet="- ",
        sub_bullet="- ",
    )
    return "\n".join(lines) + "\n"


def changes_text(report: ChangeReport) -> str:
    """The report as plain text: plan names, then an indented line per change."""
    lines = _lines(
        report,
        heading=lambda level, text: text,
        item=_text_item,
        notice=lambda text: f"  ! {text}",
        owner=lambda text: f"  {text}",
        escape=_line,
        bullet="  ",
        sub_bullet="    ",
    )
    return "\n".join(lines) + "\n"


def _rich_item(change: Change) -> Text:
    result = Text(no_wrap=False)
    result.append(_line(change.item_id), style="bold")
    result.append(" ")
    result.append(_line(change.title))
    return result


def changes_renderable(report: ChangeReport) -> RenderableType:
    """The report for a terminal: a table of changes per plan, then the per-person summary."""
    parts: list[RenderableType] = [Text(f"Changes since {report.since}", style="bold")]
    for file in report.files:
        parts += [Text(""), Text(_line(file.plan), style="bold cyan")]
        parts += [Text(f"! {_line(text)}", style="yellow") for text in file.notices]
        if file.has_history and not file.changes:
            parts.append(Text("  No changes."))
        if file.changes:
            table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
            table.add_column("item", ratio=2)
            table.add_column("change", ratio=3)
            table.add_column("who", ratio=2)
            for change in file.changes:
                table.add_row(_rich_item(change), Text(describe(change)), Text(who_when(change)))
            parts.append(table)
    changes = report.changes
    if changes:
        parts += [Text(""), Text("By person", style="bold")]
        several = len(report.files) > 1
        for person, theirs in by_owner(changes).items():
            parts.append(Text(_owner_label(person), style="bold"))
            for change in theirs:
                line = Text("  ")
                if several:
                    line.append(f"{_line(change.plan)} · ")
                line.append_text(_rich_item(change))
                line.append(f": {describe(change)}")
                parts.append(line)
    return Group(*parts)
