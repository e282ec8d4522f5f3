"""Owner focus: `o` narrows every panel to one person's items; `o` or escape shows all again."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from roadmap_tui.launch import make_app
from roadmap_tui.widgets.milestones import MilestoneTable

SAMPLES = Path(__file__).resolve().parents[2] / "sample_plans"
TODAY = dt.date(2025, 2, 10)


def _owners_of_rows(table: MilestoneTable) -> set[str]:
    found = set()
    for key in table._rows:
        owner = table._rows[key].view.milestone.owner or ""
        found.add(owner)
    return found


async def test_owner_focus_narrows_milestones_and_says_whose_view(tmp_path: Path) -> None:
    plan = tmp_path / "dispa.toml"
    shutil.copyfile(SAMPLES / "dispa.toml", plan)
    app = make_app([plan], today=TODAY, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(MilestoneTable)
        everyone = table.row_count
        assert len(_owners_of_rows(table)) > 1
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"安全")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.owner_focus is not None and "安全" in app.owner_focus
        assert f"owner: {app.owner_focus}" in app.sub_title
        assert 0 < table.row_count < everyone
        assert all(app.owner_focus in owner for owner in _owners_of_rows(table))
        await pilot.press("escape")
        await pilot.pause()
        assert app.owner_focus is None
        assert table.row_count == everyone
        assert "owner:" not in app.sub_title


async def test_owner_option_starts_focused(tmp_path: Path) -> None:
    plan = tmp_path / "dispa.toml"
    shutil.copyfile(SAMPLES / "dispa.toml", plan)
    app = make_app([plan], today=TODAY, watch=False, owner="主开发者")
    async with app.run_test(size=(100, 30)):
        table = app.query_one(MilestoneTable)
        assert table.row_count > 0
        assert all("主开发者" in owner for owner in _owners_of_rows(table))
        assert "owner: 主开发者" in app.sub_title
