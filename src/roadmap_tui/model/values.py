"""The numbers and dates a plan may hold: one rule for what the loader accepts and what is written.

The loader reports a number that breaks the rule as an error at ``file:line:col``; the edit
builders refuse to make an edit whose new value breaks it. So the app never writes a value its
own loader would reject, and no view ever has to draw ``nan``, ``inf`` or a 300-digit figure.

Numbers must be finite and at most ``MAX_MAGNITUDE`` (10^15) in size: below 2^53, so every
whole number up to the bound is exact in a float and prints as written, and far beyond any
real KPI, budget or estimate (a year of a large company's revenue in cents is about 10^13).

Dates are whatever ``datetime.date`` can hold, 0001-01-01 to 9999-12-31; a step past either end
is refused with a message rather than raising ``OverflowError``.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

#: The largest size a number in a plan may have (either sign).
MAX_MAGNITUDE = 1e15


def number_problem(value: object) -> str | None:
    """Why ``value`` may not stand in a plan as a number, or None when it may.

    Anything that is not a number (a string, a date, a boolean) has no number problem. A
    ``Decimal`` (a number as typed) is judged before it is rounded into a float, so ``1e400``
    is out of range rather than ``inf``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number: int | float | Decimal = value
    if isinstance(number, Decimal):
        nan, inf, negative = number.is_nan(), number.is_infinite(), number.is_signed()
    elif isinstance(number, float):
        nan, inf, negative = math.isnan(number), math.isinf(number), number < 0
    else:
        nan = inf = negative = False
    if nan:
        return "nan is not a number a plan can use; write a finite number"
    if inf:
        return f"{'-' if negative else ''}inf is not a number a plan can use; write a finite number"
    limit = int(MAX_MAGNITUDE)  # an int: a Decimal compares with it exactly
    if not -limit <= number <= limit:
        return f"{_shown(number)} is out of range (a number may be at most 1e15 either side of 0)"
    return None


def _shown(value: int | float | Decimal) -> str:
    """A number for a message, as close to how it was written as is short."""
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return text if len(text) <= 24 else f"{value:.6e}"


def check_number(value: float | Decimal) -> float:
    """``value`` as a float if a plan may hold it; otherwise a ValueError saying why."""
    problem = number_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return float(value)


def shift_date(date: dt.date, days: int) -> dt.date:
    """``date`` moved ``days`` later (negative: earlier); a ValueError past the calendar's ends."""
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        direction = "after 9999-12-31" if days > 0 else "before 0001-01-01"
        raise ValueError(
            f"{date.isoformat()} moved by {days} days would be {direction}, outside the calendar"
        ) from None


__all__ = ["MAX_MAGNITUDE", "check_number", "number_problem", "shift_date"]
