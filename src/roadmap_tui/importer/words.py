"""The words and symbols documents use for status, priority and the kind of a list or section.

Every reading here is of the document's own words; where a symbol means different things in
different places (🔴 as "not started" in a status column, "high priority" in a heading) the
caller says where it stands and gets back whether the reading was ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Status words, longest first so "未开始" wins over "开始".
_STATUS_WORDS: tuple[tuple[str, str], ...] = (
    ("not started", "todo"),
    ("in progress", "in_progress"),
    ("in-progress", "in_progress"),
    ("on hold", "blocked"),
    ("未开始", "todo"),
    ("待开始", "todo"),
    ("计划中", "planned"),
    ("进行中", "in_progress"),
    ("开发中", "in_progress"),
    ("已完成", "done"),
    ("已取消", "dropped"),
    ("已放弃", "dropped"),
    ("阻塞", "blocked"),
    ("暂停", "blocked"),
    ("completed", "done"),
    ("complete", "done"),
    ("shipped", "done"),
    ("released", "done"),
    ("cancelled", "dropped"),
    ("canceled", "dropped"),
    ("dropped", "dropped"),
    ("blocked", "blocked"),
    ("planned", "planned"),
    ("planning", "planned"),
    ("scheduled", "planned"),
    ("ongoing", "in_progress"),
    ("doing", "in_progress"),
    ("todo", "todo"),
    ("to do", "todo"),
    ("done", "done"),
    ("完成", "done"),
)
# Symbols whose meaning as a status is settled.
_STATUS_SYMBOLS = {
    "✅": "done",
    "✔": "done",
    "☑": "done",
    "🚧": "in_progress",
    "🔄": "in_progress",
    "⏳": "in_progress",
    "⬜": "todo",
    "⚪": "todo",
    "□": "todo",
    "☐": "todo",
    "❌": "dropped",
    "⛔": "blocked",
    "🚫": "blocked",
}
# Symbols that need a decision, with the one taken and why.
_AMBIGUOUS_STATUS = {
    "🔴": ("todo", "🔴 in a status column read as not started"),
    "🟡": ("in_progress", "🟡 in a status column read as in progress"),
    "🟢": ("done", "🟢 in a status column read as done"),
    "⏸": ("blocked", "⏸ (paused) read as blocked"),
}


@dataclass(frozen=True)
class Reading:
    value: str
    #: Set when the reading was a decision the document left open: what was decided.
    decision: str | None = None


def status_of(text: str) -> Reading | None:
    """The status a status cell or marker states, or None when it states none."""
    lowered = text.lower()
    word = next((status for token, status in _STATUS_WORDS if _has_word(lowered, token)), None)
    symbol = next((status for sym, status in _STATUS_SYMBOLS.items() if sym in text), None)
    ambiguous = next((pair for sym, pair in _AMBIGUOUS_STATUS.items() if sym in text), None)
    if word is not None:
        if symbol is not None and symbol != word:
            return Reading(word, f"the words win over the symbol: read as {word}")
        return Reading(word)
    if symbol is not None:
        return Reading(symbol)
    if ambiguous is not None:
        return Reading(*ambiguous)
    return None


def _has_word(lowered: str, token: str) -> bool:
    if token.isascii():
        return re.search(rf"(?<![a-z]){re.escape(token)}(?![a-z])", lowered) is not None
    return token in lowered


_PRIORITY_RX = re.compile(r"(?<![A-Za-z0-9])P([0-3])(?![0-9])")
_PRIORITY_WORDS = (
    ("高优先级", "P0"),
    ("中优先级", "P1"),
    ("低优先级", "P2"),
    ("第一优先级", "P0"),
    ("第二优先级", "P1"),
    ("第三优先级", "P2"),
    ("must have", "P0"),
    ("should have", "P1"),
    ("nice to have", "P2"),
    ("could have", "P2"),
    ("high priority", "P0"),
    ("medium priority", "P1"),
    ("low priority", "P2"),
)
_PRIORITY_LEVELS = {
    "高": "P0",
    "中": "P1",
    "低": "P2",
    "high": "P0",
    "medium": "P1",
    "low": "P2",
    "critical": "P0",
    "紧急": "P0",
}
_PRIORITY_SYMBOLS = {"🔴": "P0", "🟠": "P1", "🟡": "P2", "🟢": "P3"}


def priority_of(text: str, *, field: bool = False) -> Reading | None:
    """The priority a heading or a priority field states.

    Args:
        text: the heading or field text.
        field: True for a priority column or ``优先级`` value, where a bare 高/中/低 or a colour
            dot is a priority by position; in headings only explicit phrases count.
    """
    match = _PRIORITY_RX.search(text)
    if match:
        return Reading(f"P{match.group(1)}")
    lowered = text.lower()
    for phrase, value in _PRIORITY_WORDS:
        if phrase in lowered:
            symbol = next((s for s in _PRIORITY_SYMBOLS if s in text), None)
            note = f"{symbol} in a heading read as priority {value}" if symbol else None
            return Reading(value, note)
    if field:
        stripped = re.sub(r"[^\w]", "", lowered)
        if stripped in _PRIORITY_LEVELS:
            return Reading(_PRIORITY_LEVELS[stripped])
        symbol = next((s for s in _PRIORITY_SYMBOLS if s in text), None)
        if symbol:
            return Reading(_PRIORITY_SYMBOLS[symbol])
    return None


# What a heading or a bold label makes of the list below it. Checked in order.
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "non_goals",
        (
            "非目标",
            "non-goals",
            "non goals",
            "out of scope",
            "不做",
            "not planned",
            "won't do",
            "won't have",
            "wont have",
        ),
    ),
    ("contingency", ("应急", "contingency", "fallback")),
    ("mitigation", ("缓解", "应对", "mitigation")),
    ("deliverables", ("交付物", "交付", "deliverable", "产出")),
    (
        "acceptance",
        ("验收", "验证标准", "acceptance", "definition of done", "完成标准", "exit criteria"),
    ),
    ("people", ("人力资源", "团队角色", "角色分工", "team", "people", "roles")),
    ("risks", ("风险", "risk")),
    ("kpis", ("kpi", "指标", "metric")),
    ("milestones", ("里程碑", "milestone")),
    (
        "tasks",
        (
            "任务",
            "行动",
            "tasks",
            "todo",
            "to do",
            "action items",
            "工作项",
            "must have",
            "should have",
            "nice to have",
            "could have",
        ),
    ),
    ("checklist", ("清单", "检查", "checklist", "检查点")),
    ("goals", ("目标", "goals", "objectives")),
)
# Buckets of a checklist roadmap: (status, priority) their items get.
BUCKETS: dict[str, tuple[str | None, str | None]] = {
    "planning": ("planned", None),
    "planned": ("planned", None),
    "next": ("planned", None),
    "up next": ("planned", None),
    "now": ("in_progress", None),
    "in progress": ("in_progress", None),
    "doing": ("in_progress", None),
    "backlog": ("todo", None),
    "later": ("todo", None),
    "wishlist": ("todo", "P3"),
    "wish list": ("todo", "P3"),
    "someday": ("todo", "P3"),
    "icebox": ("todo", "P3"),
    "ideas": ("todo", "P3"),
    "done": ("done", None),
    "shipped": ("done", None),
    "completed": ("done", None),
}


def kind_of(text: str) -> str | None:
    """The kind of items a heading or label introduces, or None."""
    lowered = text.lower()
    if bucket_of(text) is not None:
        return "tasks"
    for kind, words in _KINDS:
        if any(word in lowered for word in words):
            return kind
    return None


def bucket_of(text: str) -> tuple[str | None, str | None] | None:
    """A checklist bucket heading ("Backlog", "Wishlist" …) and what it says of its items."""
    lowered = re.sub(r"[^\w ]", "", text.lower()).strip()
    return BUCKETS.get(lowered)


_LEVELS = {
    "高",
    "中",
    "低",
    "极高",
    "较高",
    "较低",
    "high",
    "medium",
    "low",
    "critical",
    "very high",
    "very low",
    "严重",
    "中等",
}
_LEVEL_SYMBOLS = {"🔴": "high", "🟠": "high", "🟡": "medium", "🟢": "low"}


def level(text: str) -> str | None:
    """A risk level as written (高, medium, 3, 60%), or None when the cell is no level."""
    stripped = re.sub(r"\*\*", "", text).strip()
    plain = re.sub(r"[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]", "", stripped).strip()
    if plain.lower() in _LEVELS:
        return plain
    if re.fullmatch(r"[1-5]|\d{1,3}(?:\.\d+)?\s*%", plain):
        return plain.replace(" ", "")
    if not plain:
        return next((v for s, v in _LEVEL_SYMBOLS.items() if s in stripped), None)
    return None
