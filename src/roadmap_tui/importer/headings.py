"""What a heading names: a phase label (``Q1 2025``, ``第一阶段``, ``Week 13``, ``v1.2``…),
a numbered milestone, an explicit id, and the title left once those are taken out."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from roadmap_tui.importer.dates import cn_number
from roadmap_tui.importer.walk import clean

_PHASE = re.compile(
    r"(?P<q>\bQ(?P<qn>[1-4])\s*(?P<qy>(?:19|20)\d\d)?\b)"
    r"|(?P<stage>第\s*(?P<sn>[\d一二三四五六七八九十]+)\s*阶段|阶段\s*(?P<sn2>[\d一二三四五六七八九十]+))"
    r"|(?P<ms>里程碑\s*(?P<mn>\d+)|\bmilestone\s+(?P<mn2>\d+))"
    r"|(?P<week>\bweeks?\s*(?P<wa>\d+)(?:\s*[-–]\s*(?P<wb>\d+))?)"
    r"|(?P<month>\bmonths?\s*(?P<oa>\d+)(?:\s*[-–]\s*(?P<ob>\d+))?)"
    r"|(?P<phase>\b(?:phase|stage|sprint)\s+(?P<pn>\d+))"
    r"|(?P<prio>[(（]\s*P(?P<pp>[0-3])\s*[-–—:：]\s*[^)）]+[)）])"
    r"|(?P<ver>(?:^|\s)v?(?P<vv>\d+\.\d+(?:\.\d+)?)(?=\s|$|[:：(（—-]))",
    re.IGNORECASE,
)
_ID = re.compile(
    r"^(?P<id>[A-Z][A-Z0-9]{0,3}\d*(?:\.\d+)+|[A-Z]{1,4}-\d+|[A-Z]{1,3}\d{1,3})"
    r"\s*[:：.\-–]\s*(?P<rest>.+)$"
)
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+、)\s+")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f\u200d\u25a0-\u25ff]"
)
_TRAILING_PAREN = re.compile(r"\s*[(（][^)）]*[)）]\s*$")


@dataclass(frozen=True)
class PhaseLabel:
    kind: str  # q, stage, ms, week, month, phase, prio, ver
    key: str  # stable id-ish key: "Q1-2025", "S1", "W13", "P0", "v1.2"


def phase_label(text: str) -> PhaseLabel | None:
    match = _PHASE.search(text)
    if match is None:
        return None
    g = match.groupdict()
    if g["q"]:
        return PhaseLabel("q", f"Q{g['qn']}" + (f"-{g['qy']}" if g["qy"] else ""))
    if g["stage"]:
        return PhaseLabel("stage", f"S{cn_number(g['sn'] or g['sn2']) or 0}")
    if g["ms"]:
        return PhaseLabel("ms", f"M{g['mn'] or g['mn2']}")
    if g["week"]:
        return PhaseLabel("week", f"W{g['wa']}" + (f"-{g['wb']}" if g["wb"] else ""))
    if g["month"]:
        return PhaseLabel("month", f"MO{g['oa']}" + (f"-{g['ob']}" if g["ob"] else ""))
    if g["phase"]:
        return PhaseLabel("phase", f"PH{g['pn']}")
    if g["prio"]:
        return PhaseLabel("prio", f"P{g['pp']}")
    return PhaseLabel("ver", f"v{g['vv']}")


def strip_decor(text: str) -> str:
    """Heading text without emoji, section numbering and markup."""
    text = _EMOJI.sub("", text.replace("**", ""))
    return clean(_NUMBERING.sub("", clean(text)))


def title_of(text: str) -> str:
    """A readable title: decoration and a trailing parenthetical (dates, durations) dropped."""
    title = strip_decor(text)
    shorter = _TRAILING_PAREN.sub("", title)
    return shorter or title


def explicit_id(text: str) -> tuple[str, str] | None:
    """``M2.1: OAuth2/OIDC 集成`` → ("M2.1", "OAuth2/OIDC 集成")."""
    match = _ID.match(strip_decor(text))
    if match is None:
        return None
    return match.group("id"), clean(match.group("rest"))


def derived_id(prefix: str, text: str) -> str:
    """A stable id from the item's own text: the same text gives the same id on every run."""
    ascii_words = re.findall(r"[A-Za-z0-9]+", text)
    slug = "-".join(ascii_words).lower()[:24].strip("-")
    if slug and sum(map(len, ascii_words)) >= 0.9 * len(re.sub(r"\s", "", text)):
        return f"{prefix}-{slug}"
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
    return f"{prefix}-{digest}"
