"""Any valid plan renders: in show's panels at 80 and 40 columns, and in the app at 80x24, 40x12."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib.util
import io
import sys
from pathlib import Path
from typing import Any

import tomlkit
from hypothesis import HealthCheck, given, settings
from rich.cells import cell_len
from rich.console import Console

from roadmap_tui.launch import make_app
from roadmap_tui.render import dashboard
from roadmap_tui.store.loader import load_bytes
from roadmap_tui.widgets.plan_view import PlanView

# The plan strategy is the loader's property tests' own: one definition of "a valid plan".
_UNIT = Path(__file__).resolve().parents[1] / "unit"
if str(_UNIT) not in sys.path:
    sys.path.insert(0, str(_UNIT))  # for the module's own imports from tests/unit
_spec = importlib.util.spec_from_file_location("loader_props", _UNIT / "test_loader_props.py")
assert _spec is not None and _spec.loader is not None
_props = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("loader_props", _props)
_spec.loader.exec_module(_props)
plans = _props.plans

TODAY = dt.date(2030, 6, 15)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_any_valid_plan_prints_at_80_and_40_columns(doc: dict[str, Any]) -> None:
    result = load_bytes(tomlkit.dumps(doc).encode(), Path("p.toml"))
    assert result.plan is not None
    for width in (80, 40):
        console = Console(width=width, record=True, color_system=None, file=io.StringIO())
        console.print(dashboard([result], TODAY, width))
        text = console.export_text()
        assert text.strip()
        assert all(cell_len(line) <= width for line in text.splitlines())


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(doc=plans())
def test_any_valid_plan_opens_in_the_app_at_80x24_and_40x12(
    doc: dict[str, Any], tmp_path_factory: Any
) -> None:
    path = tmp_path_factory.mktemp("plan") / "p.toml"
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")

    async def run(size: tuple[int, int]) -> None:
        app = make_app([path], today=TODAY, watch=False)
        async with app.run_test(size=size) as pilot:
            await pilot.press("2", "j", "3", "j", "4", "j", "1")
            await pilot.pause()
            assert app.query(PlanView)
            assert app.is_running

    for size in ((80, 24), (40, 12)):
        asyncio.run(run(size))
