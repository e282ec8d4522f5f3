"""Small text pieces every panel uses: status symbols, fitting to cells, day counts, bars.

Plan text is untrusted, so it only ever enters ``rich.text.Text(...)``, never a markup string:
``[bold red]x[/]`` in a title is shown as written.
"""

from __future__ import annotations

import math

import msgspec
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from roadmap_tui.model.plan import Status
from roadmap_tui.model.values import MAX_MAGNITUDE


class StatusLook(msgspec.Struct, frozen=True):
    """How a status is drawn: a symbol that means it without colour, and a style."""

    symbol: str
    style: str
    label: str


STATUS: dict[Status, StatusLook] = {
    "done": StatusLook("✓", "green", "done"),
    "in_progress": StatusLook("●", "bold yellow", "in progress"),
    "todo": StatusLook("○", "default", "todo"),
    "planned": StatusLook("◌", "default", "planned"),
    "blocked": StatusLook("✗", "bold red", "blocked"),
    "dropped": StatusLook("–", "bright_black", "dropped"),
}

OVERDUE_STYLE = "bold red"
#: Grey, not "dim": each theme maps bright_black to a grey with AA contrast (themes.py), which
#: Textual's fixed dimming did not reach under several themes.
MUTED_STYLE = "bright_black"


def status_symbol(status: Status) -> Text:
    """The status's symbol, in its style."""
    look = STATUS[status]
    return Text(look.symbol, style=look.style, no_wrap=True)


def fit(text: str | Text, width: int, style: str | Style = "") -> Text:
    """``text`` on one line of at most ``width`` terminal cells, cut with "…" when longer.

    Cells, not characters: a CJK character takes two. Newlines become spaces, so the result
    never wraps. ``style`` is given to a plain ``str``; a ``Text`` keeps its own styles.
    """
    result = text.copy() if isinstance(text, Text) else Text(text, style=style)
    if "\n" in result.plain:
        # Same length replacement keeps the spans where they were.
        result.plain = result.plain.replace("\n", " ")
    result.no_wrap = True
    result.overflow = "ellipsis"
    if width <= 0:
        return Text("", no_wrap=True)
    if cell_len(result.plain) > width:
        # Cut whole characters so a wide (CJK) one is never split into a blank cell.
        used = end = 0
        for index, char in enumerate(result.plain):
            used += cell_len(char)
            if used > width - 1:
                break
            end = index + 1
        result = result[:end]
        result.append("…")
        result.no_wrap = True
    return result


def plural(count: int, word: str) -> str:
    """``"1 day"``, ``"3 days"``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def relative_days(days: int) -> str:
    """A due date relative to today: ``"in 5d"``, ``"today"``, ``"3d late"``."""
    if days == 0:
        return "today"
    return f"in {days}d" if days > 0 else f"{-days}d late"


def percent(fraction: float | None) -> str:
    """``0.456`` → ``"46%"``; None → ``"—"``."""
    return "—" if fraction is None else f"{round(fraction * 100)}%"


def bar(fraction: float | None, width: int, style: str = "cyan") -> Text:
    """A text bar ``███░░░░`` ``width`` cells wide: full and empty cells differ without colour."""
    width = max(0, width)
    filled = 0 if fraction is None else round(min(1.0, max(0.0, fraction)) * width)
    result = Text(no_wrap=True)
    result.append("█" * filled, style=style)
    result.append("░" * (width - filled), style=MUTED_STYLE)
    return result


def format_number(value: float) -> str:
    """A number the way people write it: ``30,000``, ``0.85``, ``12.5``.

    Never fails: a value ``model.values`` rejects (it can only come from outside the loader)
    shows as ``nan``, ``inf`` or in scientific notation rather than raising or filling a line.
    """
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "-inf" if value < 0 else "inf"
    if abs(value) > MAX_MAGNITUDE:
        return f"{value:.6g}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def number(value: float | str) -> str:
    """A KPI value the way people write it: ``30,000``, ``0.85``, ``12.5`` (never fails); text
    as written."""
    return value if isinstance(value, str) else format_number(value)


def label_value(label: str, value: str | Text, label_style: str = "bold") -> Text:
    """``label value`` with the label styled and the (plan) value kept literal."""
    result = Text(no_wrap=False)
    result.append(label, style=label_style)
    result.append(" ")
    result.append(value if isinstance(value, Text) else Text(value))
    return result
