"""A folder with Markdown roadmaps but no plan files says how to import them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_tui.cli import main
from roadmap_tui.sources import resolve_sources


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "README.md").write_text("# Readme\n\n- [ ] a roadmap-like line\n", encoding="utf-8")
    (docs / "notes.md").write_text("# Notes\n\n- [ ] ship it\n", encoding="utf-8")
    (docs / "ROADMAP.md").write_text("# Roadmap\n", encoding="utf-8")
    return docs


def test_open_names_the_roadmaps_and_the_command(folder: Path) -> None:
    result = CliRunner().invoke(main, ["open", "docs"])
    assert result.exit_code == 1
    assert result.stderr == (
        "roadmap-tui: no plan files (*.toml) in docs; Markdown roadmaps here: ROADMAP.md, "
        "notes.md — import one with: roadmap-tui import docs/ROADMAP.md -o docs/ROADMAP.toml\n"
    )


def test_without_roadmaps_the_message_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Readme\n", encoding="utf-8")
    sources = resolve_sources([tmp_path], tmp_path)
    assert sources.message == f"no plan files (*.toml) in {tmp_path}"


def test_samples_notice_mentions_roadmaps_in_the_current_folder(folder: Path) -> None:
    sources = resolve_sources([], folder)
    assert sources.notice is not None
    assert sources.notice.endswith(
        "; Markdown roadmaps here: ROADMAP.md, notes.md — import one with: "
        f"roadmap-tui import {folder / 'ROADMAP.md'} -o {folder / 'ROADMAP.toml'}"
    )
