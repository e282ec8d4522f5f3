"""Risk levels: every scale a plan may write probability and impact in, mapped onto 1-5.

The matrix is 5 x 5. Integers 1-5 are levels themselves; words (低/中/高, low/medium/high …) and
percentages map as docs/plan-format.md describes. Stepping a level keeps the file's own scale.
"""

from __future__ import annotations

import re
from typing import Literal, TypeAlias

from roadmap_tui.model.plan import LevelValue

LEVEL_NAMES: tuple[str, ...] = ("very low", "low", "medium", "high", "very high")
LEVEL_SHORT: tuple[str, ...] = ("VL", "L", "M", "H", "VH")

#: Word scales, each ordered from level 1 to level 5; words stepping stays within one scale.
_WORD_SCALES: tuple[tuple[str, ...], ...] = (
    ("极低", "低", "中", "高", "极高"),
    ("very low", "low", "medium", "high", "very high"),
)
_WORD_LEVEL: dict[str, int] = {
    word.casefold(): index + 1 for scale in _WORD_SCALES for index, word in enumerate(scale)
}
_WORD_LEVEL.update({"critical": 5, "very_low": 1, "very_high": 5, "较低": 2, "较高": 4})
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")

Exposure: TypeAlias = Literal["low", "medium", "high", "critical"]


def _percent_level(percent: float) -> int | None:
    if not 0 <= percent <= 100:
        return None
    for level, upper in enumerate((20, 40, 60, 80), start=1):
        if percent <= upper:
            return level
    return 5


def level_of(value: LevelValue | None) -> int | None:
    """The 1-5 level of a probability or impact as written; None if absent or not a level."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 5 else None
    if isinstance(value, float):
        return _percent_level(value * 100) if 0 <= value <= 1 else None
    match = _PERCENT.match(value)
    if match:
        return _percent_level(float(match.group(1)))
    return _WORD_LEVEL.get(value.strip().casefold())


def step_level(value: LevelValue, delta: int) -> LevelValue:
    """The value one level up (delta=1) or down (-1), written in the same scale as ``value``.

    Returns ``value`` itself when already at the end of its scale.
    """
    level = level_of(value)
    if level is None:
        raise ValueError(f"not a risk level: {value!r}")
    target = min(5, max(1, level + delta))
    if target == level:
        return value
    if isinstance(value, int):
        return target
    if isinstance(value, float):
        return round(min(1.0, max(0.0, value + 0.2 * delta)), 2)
    match = _PERCENT.match(value)
    if match:
        number = float(match.group(1)) + 20 * delta
        number = min(100.0, max(0.0, number))
        text = f"{number:g}"
        return f"{text}%"
    stripped = value.strip()
    for scale in _WORD_SCALES:
        folded = [word.casefold() for word in scale]
        if stripped.casefold() in folded:
            word = scale[target - 1]
            return word.title() if stripped[:1].isupper() else word
    # An alias outside the scales (较高, critical): move onto the Chinese scale if it is CJK.
    scale = _WORD_SCALES[0] if not stripped.isascii() else _WORD_SCALES[1]
    return scale[target - 1]


def exposure(probability: int, impact: int) -> Exposure:
    """Exposure band of a cell: probability level times impact level."""
    score = probability * impact
    if score <= 4:
        return "low"
    if score <= 9:
        return "medium"
    if score <= 16:
        return "high"
    return "critical"
