"""Tables read by their column names, in Chinese or English and in any order.

``classify`` names each column's role and the kind of table; ``measure`` reads a KPI cell
("≥85%", "30K", "<150") into an operator, a number and a unit, or keeps it as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (role, words) — checked in order, so the specific ("风险类别") wins over the general ("风险").
_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("actual", ("实际日期", "实际", "actual", "完成日期", "done on")),
    ("start", ("开始时间", "开始日期", "开始", "start")),
    ("end", ("结束时间", "结束日期", "结束", "finish", "end date")),
    ("target_at", ()),  # by pattern, see _TARGET_AT
    ("category", ("风险类别", "类别", "category", "类型")),
    ("risk", ("风险描述", "风险", "risk")),
    ("probability", ("概率", "可能性", "likelihood", "probability")),
    ("impact", ("影响", "impact")),
    ("level", ("风险等级", "等级", "level", "severity")),
    ("mitigation", ("缓解", "mitigation", "应对")),
    ("contingency", ("应急", "contingency")),
    ("priority", ("优先级", "priority")),
    ("status", ("状态", "status")),
    ("owner", ("负责人", "责任人", "owner", "assignee", "lead", "dri")),
    ("note", ("备注", "notes", "note", "说明", "comment", "remarks", "目标指标")),
    (
        "due",
        (
            "计划日期",
            "目标日期",
            "截止日期",
            "截止",
            "日期",
            "date",
            "due",
            "deadline",
            "target date",
            "eta",
            "target",
        ),
    ),
    ("current", ("当前值", "当前", "current", "now", "baseline", "现状")),
    ("target", ("目标值", "目标", "goal")),
    ("metric", ("指标", "metric", "kpi", "维度", "measure")),
    ("quarter", ("季度", "quarter", "timeframe", "when")),
    ("role", ("角色", "role")),
    ("name", ("姓名", "name", "成员", "member")),
    ("duties", ("职责", "responsibilit")),
    ("deliverables", ("交付物", "deliverable")),
    ("cost", ("成本", "cost", "预算", "budget", "金额", "amount")),
    (
        "milestone",
        (
            "里程碑",
            "milestone",
            "版本",
            "release",
            "feature",
            "epic",
            "事项",
            "task",
            "任务",
            "initiative",
            "item",
            "项目",
            "名称",
            "title",
            "theme",
        ),
    ),
)
_TARGET_AT = re.compile(
    r"^(?:(?P<q>Q[1-4])\s*(?:目标|target)?|(?P<m>\d+)\s*(?:个月|months?)(?:\s*(?:目标|target))?"
    r"|(?P<y>(?:19|20)\d\d)\s*(?:目标|target)?)$",
    re.IGNORECASE,
)
_UNKNOWN = {
    "",
    "-",
    "—",
    "–",
    "/",
    "未知",
    "unknown",
    "n/a",
    "na",
    "tbd",
    "待定",
    "待测量",
    "?",
    "？",
}
_MEASURE = re.compile(
    r"^(?P<op>≥|>=|≤|<=|>|<|＞|＜)?\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<mult>[KkMm]|万|千)?"
    r"\s*(?P<unit>%|ms|s|MB|GB|x|人|个)?\s*(?P<plus>\+)?$"
)
_OPS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "＞": ">", "＜": "<"}
_MULT = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "万": 1e4, "千": 1e3}
PLACEHOLDER = re.compile(
    r"\[[^\]]*(?:填写|获取|列出|评估|链接|基准)[^\]]*\]|XX|\bTBD\b|<[^<>]{1,20}>"
)


@dataclass(frozen=True)
class Columns:
    kind: str  # milestones, risks, kpis, people, budget, or "" when not recognised
    roles: dict[str, int]
    #: Columns holding a target at a time: index → "Q1", "3个月", "2025"…
    targets_at: dict[int, str]


def _role(cell: str) -> str | None:
    lowered = re.sub(r"\*\*", "", cell).strip().lower()
    if _TARGET_AT.match(lowered.replace(" ", "")) or _TARGET_AT.match(lowered):
        return "target_at"
    for role, words in _ROLES:
        if any(word in lowered for word in words):
            return role
    return None


def classify(header: tuple[str, ...]) -> Columns:
    roles: dict[str, int] = {}
    targets: dict[int, str] = {}
    for index, cell in enumerate(header):
        role = _role(cell)
        if role == "target_at":
            targets[index] = cell.strip()
        elif role is not None and role not in roles:
            roles[role] = index
    has = roles.__contains__
    if has("risk") and (has("probability") or has("impact") or has("mitigation") or has("level")):
        kind = "risks"
    elif has("metric") and (has("current") or has("target") or targets):
        kind = "kpis"
    elif has("role") and (has("name") or has("duties")):
        kind = "people"
    elif has("cost"):
        kind = "budget"
    elif has("milestone") and (
        has("due") or has("status") or has("end") or has("quarter") or has("owner")
    ):
        kind = "milestones"
    else:
        kind = ""
    return Columns(kind, roles, targets)


def unknown(text: str) -> bool:
    """A cell that says nothing: "-", "未知", "TBD", a placeholder like "[填写]"."""
    stripped = re.sub(r"[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]", "", text).strip().lower()
    return stripped in _UNKNOWN or bool(PLACEHOLDER.search(text)) or stripped.startswith("待测量")


@dataclass(frozen=True)
class Measure:
    value: float | str
    op: str | None
    unit: str | None


def measure(text: str, *, target: bool) -> Measure | None:
    """A KPI cell as a number (with operator and unit) or as text; None when it says nothing."""
    text = re.sub(r"^(?:达到|达|reach(?:es)?)\s*", "", text.replace("**", "").strip())
    if unknown(text):
        return None
    match = _MEASURE.match(text)
    if match is None:
        return Measure(text, None, None)
    number = float(match.group("num").replace(",", ""))
    if match.group("mult"):
        number *= _MULT[match.group("mult")]
    op = _OPS.get(match.group("op") or "")
    if match.group("plus"):
        if not target or op:
            return Measure(text, None, None)
        op = ">="
    if op and not target:
        return Measure(text, None, None)
    return Measure(number, op, match.group("unit"))
