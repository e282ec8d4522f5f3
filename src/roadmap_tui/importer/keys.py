"""Key–value keys, by what they set (``**负责人**：`` → owner)."""

from __future__ import annotations

import re

KEYS: dict[str, tuple[str, ...]] = {
    "as_of": (
        "最后更新",
        "更新日期",
        "更新时间",
        "制定日期",
        "计划制定日期",
        "last updated",
        "updated",
        "as of",
        "date",
    ),
    "period": ("项目周期", "周期", "timeline", "duration", "项目时间"),
    "approval": ("批准状态", "审批状态", "approval", "approval status"),
    "plan_owner": ("制定人", "维护责任", "维护者", "maintainer", "author"),
    "version": ("版本", "version", "release"),
    "time": ("时间", "时间范围", "时间段", "when", "dates", "schedule"),
    "owner": ("负责人", "责任人", "owner", "assignee", "dri"),
    "due": (
        "截止日期",
        "截止时间",
        "截止",
        "完成日期",
        "due",
        "deadline",
        "target date",
        "target release",
        "target",
        "eta",
        "ship date",
    ),
    "priority": ("优先级", "priority"),
    "estimate": ("预计工时", "工时", "estimate", "effort"),
    "files": ("文件", "file", "files"),
    "note": ("背景", "目标", "说明", "备注", "goal", "note", "notes", "description", "当前状态"),
    "risk": ("风险", "risk"),
    "probability": ("概率", "可能性", "likelihood", "probability"),
    "impact": ("影响", "impact"),
    "level": ("风险等级", "等级", "level", "severity"),
    "mitigation": ("缓解措施", "缓解策略", "缓解", "mitigation", "应对"),
    "contingency": ("应急计划", "应急方案", "应急", "contingency", "fallback"),
    "depends": ("依赖", "前置", "depends on", "dependencies", "blocked by"),
    "budget": ("预算", "budget", "总预算"),
    "done_on": (
        "released",
        "shipped",
        "released on",
        "shipped on",
        "done on",
        "completed on",
        "实际完成",
        "实际日期",
        "完成于",
        "发布于",
    ),
}
_ORDER = (
    "level",
    "mitigation",
    "contingency",
    "probability",
    "impact",
    "risk",
    "as_of",
    "period",
    "approval",
    "plan_owner",
    "estimate",
    "files",
    "priority",
    "depends",
    "done_on",
    "due",
    "owner",
    "time",
    "version",
    "budget",
    "note",
)


def key_role(key: str) -> str | None:
    """What a key sets, or None for keys the importer does not know."""
    lowered = re.sub(r"\s+", " ", key.strip().lower())
    for role in _ORDER:
        if lowered in KEYS[role]:
            return role
    for role in _ORDER:
        if any(
            len(word) > 1 and lowered.endswith(word) for word in KEYS[role] if not word.isascii()
        ):
            return role
    return None


def hours(text: str) -> float | None:
    match = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(?:小时|h|hours?|hrs?)\s*$", text, re.IGNORECASE)
    # Days are not turned into hours: how long a day is, the document does not say.
    return float(match.group(1)) if match else None


def approval(text: str) -> str | None:
    lowered = text.lower()
    for words, value in (
        (("待批准", "待审批", "pending", "awaiting"), "pending"),
        (("已批准", "批准", "approved"), "approved"),
        (("草稿", "draft"), "draft"),
        (("驳回", "拒绝", "rejected"), "rejected"),
    ):
        if any(word in lowered for word in words):
            return value
    return None
