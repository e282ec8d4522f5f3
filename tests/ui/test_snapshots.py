"""SVG snapshots of the dashboard at a fixed date (update with ``pytest --snapshot-update``).

The plans are copies in tmp_path, but no path is on screen: the header shows only the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from roadmap_tui.app import RoadmapApp, make_app

TODAY = dt.date(2025, 2, 10)
SnapCompare = Callable[..., bool]


def app_over(samples: Path, *names: str) -> RoadmapApp:
    return make_app([samples / f"{name}.toml" for name in names], today=TODAY, watch=False)


@pytest.mark.parametrize("plan", ["distributed-rust", "dispa"])
@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_dashboard(snap_compare: SnapCompare, samples: Path, plan: str, size: Any) -> None:
    assert snap_compare(app_over(samples, plan), terminal_size=size)


def test_all_plans(snap_compare: SnapCompare, samples: Path) -> None:
    app = app_over(samples, "distributed-rust", "dispa")
    assert snap_compare(app, press=["right_square_bracket", "right_square_bracket"])
