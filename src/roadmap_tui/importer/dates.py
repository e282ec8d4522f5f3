"""Dates as documents write them: absolute, ranges, quarters, months, and relative times.

Relative times ("Week 3", "第3-4个月", "Day 1-2", "1周内") need a base date; without one
``find_span`` raises ``NeedsAnchor`` so the caller can name the line that needs ``--anchor``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_CN_NUM = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


class NeedsAnchor(Exception):
    """A relative time was found but there is no date to count it from."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@dataclass(frozen=True)
class Span:
    """A stretch of days; ``relative`` when it was counted from a base date."""

    start: dt.date
    end: dt.date
    relative: bool = False

    @property
    def single_day(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class Context:
    """What a date is read against: the year for "01/05" and the bases for relative times."""

    year: int | None = None
    base: dt.date | None = None
    day_base: dt.date | None = None


def cn_number(text: str) -> int | None:
    """``"3"`` → 3, ``"三"`` → 3, ``"十二"`` → 12."""
    if text.isdigit():
        return int(text)
    if text in _CN_NUM:
        return _CN_NUM[text]
    if len(text) == 2 and text[0] == "十" and text[1] in _CN_NUM:
        return 10 + _CN_NUM[text[1]]
    if len(text) == 2 and text[1] == "十" and text[0] in _CN_NUM:
        return 10 * _CN_NUM[text[0]]
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_span(year: int, month: int) -> Span:
    return Span(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# One absolute date or month, in any of the written forms; each alternative names its groups.
_POINT = re.compile(
    r"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d?)-(?P<id>\d\d?))"
    r"|(?P<cn>(?P<cy>(?:19|20)\d\d)\s*年\s*(?P<cm>\d{1,2})\s*月(?:\s*(?P<cd>\d{1,2})\s*[日号])?"
    r"(?:\s*第\s*(?P<cw>[\d一二三四五六七八九十]+)\s*周)?)"
    r"|(?P<q>\bQ(?P<qn>[1-4])\s*(?:[-/ ]\s*)?(?P<qy>(?:19|20)\d\d)\b"
    r"|\b(?P<qy2>(?:19|20)\d\d)\s*[-/ ]?\s*Q(?P<qn2>[1-4])\b)"
    r"|(?P<en>\b"
    + _MONTH
    + r"\.?\s+(?P<ed>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<ey>(?:19|20)\d\d))?\b)"
    r"|(?P<en2>\b(?P<ed2>\d{1,2})\s+"
    + _MONTH.replace("mon", "mon2")
    + r"\.?,?\s+(?P<ey2>(?:19|20)\d\d)\b)"
    r"|(?P<enm>\b" + _MONTH.replace("mon", "mon3") + r"\.?,?\s+(?P<ey3>(?:19|20)\d\d)\b)"
    r"|(?P<md>(?<![\d/])(?P<mm>\d{1,2})/(?P<mdd>\d{1,2})(?![\d/]))",
    re.IGNORECASE,
)
_RANGE_SEP = r"\s*(?:-|–|—|~|～|至|到|to|until|through)\s*"

# Relative: Week 1-2, Weeks 3–4, Day 1, Month 3-4, Sprint…, 第3-4个月, 第1周, 1周内, 1-2个月.
_REL = re.compile(
    r"(?P<en>\b(?P<unit>week|day|month)s?\s*(?P<a>\d+)(?:\s*(?:-|–|—|~|to)\s*(?P<b>\d+))?)"
    r"|(?P<cn>第\s*(?P<ca>[\d一二三四五六七八九十]+)(?:\s*(?:-|–|—|~|至|到)\s*(?P<cb>[\d一二三四五六七八九十]+))?"
    r"\s*(?P<cunit>个月|月|周|天|日)(?P<mod>[初中末底])?)"
    r"|(?P<within>(?<![\d.])(?P<wn>[1-9]\d*)\s*(?P<wunit>周|个月|天|weeks?|months?|days?)\s*(?:内|以内))"
    r"|(?P<range>(?<![\dPp.])(?P<ra>[1-9]\d*)\s*(?:-|–|~)\s*(?P<rb>\d+)\s*(?P<runit>个月|周))",
    re.IGNORECASE,
)

_UNITS = {
    "week": "week",
    "day": "day",
    "month": "month",
    "个月": "month",
    "月": "month",
    "周": "week",
    "天": "day",
    "日": "day",
    "weeks": "week",
    "months": "month",
    "days": "day",
}


def _point(match: re.Match[str], ctx: Context) -> Span | None:
    g = match.groupdict()
    if g["iso"]:
        day = _safe(int(g["iy"]), int(g["im"]), int(g["id"]))
        return Span(day, day) if day else None
    if g["cn"]:
        year, month = int(g["cy"]), int(g["cm"])
        if not 1 <= month <= 12:
            return None
        if g["cd"]:
            day = _safe(year, month, int(g["cd"]))
            return Span(day, day) if day else None
        if g["cw"]:
            week = cn_number(g["cw"]) or 1
            start = dt.date(year, month, 1) + dt.timedelta(days=7 * (week - 1))
            return Span(start, start + dt.timedelta(days=6))
        return _month_span(year, month)
    if g["q"]:
        quarter, year = int(g["qn"] or g["qn2"]), int(g["qy"] or g["qy2"])
        first = _month_span(year, 3 * quarter - 2)
        return Span(first.start, _month_span(year, 3 * quarter).end)
    if g["en"]:
        given = int(g["ey"]) if g["ey"] else ctx.year
        if given is None:
            return None
        day = _safe(given, MONTHS[g["mon"].lower()], int(g["ed"]))
        return Span(day, day) if day else None
    if g["en2"]:
        day = _safe(int(g["ey2"]), MONTHS[g["mon2"].lower()], int(g["ed2"]))
        return Span(day, day) if day else None
    if g["enm"]:
        return _month_span(int(g["ey3"]), MONTHS[g["mon3"].lower()])
    if g["md"] and ctx.year is not None:
        day = _safe(ctx.year, int(g["mm"]), int(g["mdd"]))
        return Span(day, day) if day else None
    return None


_MONTH_RANGE = re.compile(
    r"\b"
    + _MONTH.replace("mon", "m1")
    + r"\.?"
    + _RANGE_SEP
    + _MONTH.replace("mon", "m2")
    + r"\.?,?\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def absolute_span(text: str, ctx: Context) -> Span | None:
    """The first absolute date, month, quarter or range of them in ``text``."""
    months = _MONTH_RANGE.search(text)
    if months:
        year = int(months.group("y"))
        low = MONTHS[months.group("m1").lower()]
        high = MONTHS[months.group("m2").lower()]
        if low <= high:
            return Span(_month_span(year, low).start, _month_span(year, high).end)
    for match in _POINT.finditer(text):
        first = _point(match, ctx)
        if first is None:
            continue
        rest = text[match.end() :]
        sep = re.match(_RANGE_SEP, rest, re.IGNORECASE)
        if sep:
            after = _POINT.match(rest, sep.end())
            if after:
                year_ctx = Context(first.start.year, ctx.base, ctx.day_base)
                second = _point(after, year_ctx)
                if second is not None and second.end >= first.start:
                    return Span(first.start, second.end)
        return first
    return None


def _relative(unit: str, a: int, b: int, base: dt.date, mod: str | None = None) -> Span:
    if unit == "day":
        return Span(base + dt.timedelta(days=a - 1), base + dt.timedelta(days=b - 1), True)
    if unit == "week":
        return Span(
            base + dt.timedelta(days=7 * (a - 1)), base + dt.timedelta(days=7 * b - 1), True
        )
    start = add_months(base, a - 1)
    end = add_months(base, b) - dt.timedelta(days=1)
    if mod == "初":
        return Span(start, start, True)
    if mod == "中":
        middle = start + dt.timedelta(days=14)
        return Span(middle, middle, True)
    if mod in ("末", "底"):
        return Span(end, end, True)
    return Span(start, end, True)


def relative_span(text: str, ctx: Context) -> Span | None:
    """The first relative time in ``text``, counted from the context's bases."""
    match = _REL.search(text)
    if match is None:
        return None
    g = match.groupdict()
    mod = None
    if g["en"]:
        unit, a = _UNITS[g["unit"].lower()], int(g["a"])
        b = int(g["b"]) if g["b"] else a
    elif g["cn"]:
        unit = _UNITS[g["cunit"]]
        a = cn_number(g["ca"]) or 1
        b = (cn_number(g["cb"]) or a) if g["cb"] else a
        mod = g["mod"]
    elif g["within"]:
        unit = _UNITS[g["wunit"].lower()]
        a, b = 1, int(g["wn"])
    else:
        unit = _UNITS[g["runit"]]
        a, b = int(g["ra"]), int(g["rb"])
    if b < a:
        return None
    base = ctx.day_base if unit == "day" and ctx.day_base else ctx.base
    if base is None:
        raise NeedsAnchor(match.group(0).strip())
    return _relative(unit, a, b, base, mod)


def find_span(text: str, ctx: Context) -> Span | None:
    """An absolute span if ``text`` has one, else a relative one, else None."""
    return absolute_span(text, ctx) or relative_span(text, ctx)


def first_date(text: str, ctx: Context) -> dt.date | None:
    span = absolute_span(text, ctx)
    return span.start if span and span.single_day else None
