"""List items and lines: check boxes, key–value lines (``**负责人**：…``) and file paths."""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmap_tui.importer.walk import Line, clean

_BOX = re.compile(r"^\s*(?:\[(?P<mark>[ xX✓✔])\]|(?P<sym>☐|□|⬜|☑|✅|✔️?|✓))\s*")
_KV_BOLD = re.compile(r"^\*\*(?P<key>[^*]{1,40}?)\s*[:：]?\*\*\s*[:：]\s*(?P<value>.*)$")
_KV_BOLD_IN = re.compile(r"^\*\*(?P<key>[^*]{1,40}?)\s*[:：]\*\*\s*(?P<value>.*)$")
_KV_PLAIN = re.compile(r"^(?P<key>[^:：\[\]()（）`|]{1,30}?)\s*[:：]\s*(?P<value>.*)$")
_PATH = re.compile(r"^[\w.\-/]+\.[A-Za-z]{1,5}$|^[\w.\-]+/[\w.\-/]*$")
_LABEL_PAREN = re.compile(r"\s*[(（][^)）]*[)）]\s*$")


@dataclass(frozen=True)
class Box:
    """A check-box item: ticked or not, and the text after the box."""

    done: bool
    text: str


def box(text: str) -> Box | None:
    """``- [x] foo`` / ``✅ foo`` / ``□ foo`` → Box; anything else → None."""
    match = _BOX.match(text)
    if match is None:
        return None
    rest = clean(text[match.end() :])
    if not rest:
        return None
    mark = match.group("mark")
    sym = match.group("sym")
    done = mark in ("x", "X", "✓", "✔") if mark is not None else sym in ("☑", "✅", "✔", "✔️", "✓")
    return Box(done, rest)


def raw_box(raw: str) -> str:
    """The raw Markdown after a leading check box (for key–value detection inside it)."""
    match = _BOX.match(raw)
    return raw[match.end() :] if match else raw


def key_value(line: Line, *, plain: bool = False) -> tuple[str, str] | None:
    """``**Key**: value`` (or ``Key: value`` when ``plain``) → (key, value as plain text)."""
    raw = raw_box(line.raw)
    match = _KV_BOLD.match(raw) or _KV_BOLD_IN.match(raw)
    if match is None and plain:
        match = _KV_PLAIN.match(raw_box(line.text))
    if match is None:
        return None
    key = _LABEL_PAREN.sub("", clean(match.group("key").replace("*", "")))
    value = clean(re.sub(r"\*\*|`", "", match.group("value")))
    return (key, value) if key else None


def bold_label(line: Line) -> str | None:
    """``**关键交付物**:`` or ``**核心团队** (全职):`` alone on a line → the label."""
    found = key_value(line)
    if found and not found[1]:
        return found[0]
    match = re.match(
        r"^\*\*(?P<key>[^*]{1,40})\*\*\s*(?:[(（][^)）]*[)）])?\s*[:：]?\s*$", line.raw
    )
    return clean(match.group("key")).rstrip(":：") if match else None


def files_in(line: Line) -> list[str]:
    """Code spans on the line that look like file paths."""
    return [code for code in line.code if _PATH.match(code.strip()) and "/" in code]


def strip_bold(text: str) -> str:
    return clean(text.replace("**", ""))
