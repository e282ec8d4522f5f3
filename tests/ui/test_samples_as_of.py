"""With no path, the samples open from one writable copy, each as of its own date."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_tui.launch import make_app
from roadmap_tui.sources import data_dir, resolve_sources

if TYPE_CHECKING:
    from conftest import ScreenText, WaitFor


def test_the_copy_is_made_once_reused_and_fresh_keeps_the_old_one(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    first = resolve_sources([], empty)
    assert first.samples and first.files
    folder = first.files[0].parent
    assert folder == data_dir() / "samples"
    assert data_dir().is_relative_to(tmp_path)  # tests keep XDG_DATA_HOME in tmp_path
    edited = first.files[0]
    edited.write_bytes(edited.read_bytes() + b"\n# my edit\n")
    again = resolve_sources([], empty)
    assert edited.read_bytes().endswith(b"# my edit\n")  # yesterday's edits are still there
    assert again.files == first.files
    fresh = resolve_sources([], empty, fresh_samples=True)
    assert not edited.read_bytes().endswith(b"# my edit\n")
    assert fresh.notice is not None and "the old copy is in" in fresh.notice
    kept = [p for p in data_dir().iterdir() if p.name.startswith("samples-")]
    assert len(kept) == 1
    assert (kept[0] / edited.name).read_bytes().endswith(b"# my edit\n")


async def test_a_plan_opened_as_of_its_date_says_so_in_the_title_bar(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    plan = tmp_path / "p.toml"
    plan.write_text(
        '[plan]\nname = "Old"\nas_of = 2024-09-25\n\n[[milestones]]\nid = "M1"\n'
        'title = "Ship"\ndue = 2024-10-01\nstatus = "todo"\n',
        encoding="utf-8",
    )
    app = make_app([plan], watch=False, as_of_plans=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "as of 2024-09-25, the plan's own date" in screen_text(app))
        assert "in 6d" in screen_text(app)  # not hundreds of days late


async def test_a_plan_with_no_date_of_its_own_opens_as_of_its_anchor_and_says_so(
    tmp_path: Path, screen_text: ScreenText, wait_for: WaitFor
) -> None:
    plan = tmp_path / "p.toml"
    plan.write_text(
        '[plan]\nname = "Relative"\nanchor = 2025-01-01\n\n[[milestones]]\nid = "M1"\n'
        'title = "Month one"\ndue = 2025-01-31\nstatus = "todo"\n',
        encoding="utf-8",
    )
    app = make_app([plan], watch=False, as_of_plans=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(
            pilot, lambda: "as of 2025-01-01, the day its dates count" in screen_text(app)
        )
        assert "in 30d" in screen_text(app)  # not hundreds of days late
