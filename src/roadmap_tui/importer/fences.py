"""Plan data kept inside code fences: ASCII boxes (时间/预算/人力), week bars, labelled lists,
whitespace-aligned KPI tables and ``name: a → b`` KPI lines; and what is *not* plan data
(shell commands, source code, templates with placeholders)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmap_tui.importer.tables import PLACEHOLDER
from roadmap_tui.importer.walk import Fence, Line

CODE_LANGUAGES = frozenset(
    [
        "bash",
        "sh",
        "shell",
        "zsh",
        "console",
        "powershell",
        "ps1",
        "yaml",
        "yml",
        "toml",
        "rust",
        "rs",
        "python",
        "py",
        "json",
        "js",
        "ts",
        "go",
        "c",
        "cpp",
        "java",
        "markdown",
        "md",
        "diff",
        "dockerfile",
        "sql",
        "html",
        "css",
        "xml",
        "ini",
        "makefile",
        "kotlin",
        "swift",
    ]
)
_BOX_LINE = re.compile(r"^[│|┃]\s*(?P<key>[^:：│|]{1,12}?)\s*[:：]\s*(?P<value>.*?)\s*[│|┃]?\s*$")
_BOX_RULE = re.compile(r"^[┌├└┐┘┤─━═+\-│|\s]+$")
_BAR = re.compile(
    r"^(?P<label>(?:Week|Month|Day|Sprint)s?\s*\d+(?:\s*[-–]\s*\d+)?|第\s*\d+(?:\s*[-–]\s*\d+)?\s*(?:周|个月|天))"
    r"\s*(?P<fill>[█░▓▒■▇▆▅▄▃▂▁=#\s]{2,}?)\s*(?P<title>[^█░▓▒■\s].*)$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^(?P<label>[^\s:：│|-][^:：│|]{0,20}?)\s*[:：]\s*$")
_ITEM = re.compile(r"^(?:[-*•]\s+|\d+[.)]\s+|(?=[✅□☐☑⬜✔]))(?P<text>.+)$")
_ARROW = re.compile(
    r"^(?:[-*•]\s+)?(?P<name>[^:：→]{1,40}?)\s*[:：]\s*(?P<a>[^→]*?)\s*→\s*(?P<b>.+)$"
)
_KV = re.compile(r"^(?:[-*•]\s+)?(?P<name>[^:：→]{1,40}?)\s*[:：]\s*(?P<value>.+)$")
_FROM_TO = re.compile(r"^从\s*(?P<a>.+?)\s*(?:降低|减少|提升|增加|提高|下降)?到\s*(?P<b>.+)$")
_RULE_LINE = re.compile(r"^[─━=\-\s]{6,}$")


def is_code(fence: Fence) -> bool:
    """Source code or commands: never plan data."""
    info = fence.info.split()[0].lower() if fence.info else ""
    return info in CODE_LANGUAGES


def is_template(fence: Fence) -> bool:
    """A template to fill in (``2024-XX-XX``, ``[填写]``): never plan data."""
    return any(PLACEHOLDER.search(line.raw) for line in fence.lines)


@dataclass(frozen=True)
class BoxField:
    key: str
    value: str
    line: int


def box_field(line: Line) -> BoxField | None:
    match = _BOX_LINE.match(line.raw.strip())
    if match is None:
        return None
    return BoxField(match.group("key").strip(), match.group("value").strip(), line.number)


def is_box_rule(line: Line) -> bool:
    text = line.raw.strip()
    return bool(text) and bool(_BOX_RULE.match(text)) and any(c in text for c in "┌├└─━═")


@dataclass(frozen=True)
class Bar:
    label: str
    title: str


def bar(line: Line) -> Bar | None:
    """``Week 1-2  ████░░  Read Index实现`` → Bar("Week 1-2", "Read Index实现")."""
    match = _BAR.match(line.raw.strip())
    if match is None or not re.search(r"[█░▓▒■▇]", match.group("fill")):
        return None
    return Bar(match.group("label"), match.group("title").strip())


def label(line: Line) -> str | None:
    match = _LABEL.match(line.raw.strip())
    return match.group("label").strip() if match else None


def item(line: Line) -> str | None:
    match = _ITEM.match(line.raw.strip())
    return match.group("text").strip() if match else None


def arrow(text: str) -> tuple[str, str, str] | None:
    """``依赖数: 270+ → <150`` → ("依赖数", "270+", "<150"); also ``从A 降低到 B``."""
    match = _ARROW.match(text.strip())
    if match:
        return match.group("name").strip(), match.group("a").strip(), match.group("b").strip()
    kv = _KV.match(text.strip())
    if kv:
        span = _FROM_TO.match(kv.group("value").strip())
        if span:
            return kv.group("name").strip(), span.group("a").strip(), span.group("b").strip()
    return None


def key_value(text: str) -> tuple[str, str] | None:
    match = _KV.match(text.strip())
    return (match.group("name").strip(), match.group("value").strip()) if match else None


def columns(text: str) -> list[str]:
    """A whitespace-aligned table line split into cells (two or more spaces apart)."""
    return [cell for cell in re.split(r"\s{2,}", text.strip()) if cell]


def is_rule(line: Line) -> bool:
    return bool(_RULE_LINE.match(line.raw.strip()))
