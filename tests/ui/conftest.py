"""Shared fixtures for the Pilot tests: sample plans copied to tmp_path, and the screen as text."""

from __future__ import annotations

import html
import re
import shutil
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot

SAMPLES = Path(__file__).resolve().parents[2] / "sample_plans"

_CLIP = re.compile(r'<clipPath id="[^"]*-line-0">\s*<rect [^>]*?width="([\d.]+)"')
_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#[^"]*-line-(\d+)\)"[^>]*>(.*?)</text>'
)


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A folder in tmp_path holding a fresh copy of every sample plan (and the schema)."""
    target = tmp_path / "plans"
    target.mkdir()
    for source in SAMPLES.iterdir():
        if source.suffix in (".toml", ".json"):
            shutil.copyfile(source, target / source.name)
    return target


ScreenText = Callable[[App[Any]], str]


@pytest.fixture
def screen_text() -> ScreenText:
    """``screen_text(app)``: what the terminal shows now, one line per row."""
    return _screen_text


def _screen_text(app: App[Any]) -> str:
    """What the terminal shows now, one line per row, from the app's own SVG screenshot.

    Each ``<text>`` element of the screenshot sits at a column (its ``x`` over the cell width)
    on a row (its clip path); blanks between them are put back so columns line up.
    """
    svg = app.export_screenshot()
    width, _height = app.size
    clip = _CLIP.search(svg)
    assert clip is not None, "unexpected screenshot format"
    cell = float(clip.group(1)) / width
    rows: dict[int, str] = {}
    for x, row, text in _TEXT.findall(svg):
        line = rows.get(int(row), "")
        column = round(float(x) / cell)
        line += " " * max(0, column - cell_len(line))
        rows[int(row)] = line + html.unescape(text).replace("\xa0", " ")
    return "\n".join(rows.get(row, "").rstrip() for row in range(max(rows, default=0) + 1))


WaitFor = Callable[[Pilot[Any], Callable[[], object]], Awaitable[None]]


@pytest.fixture
def wait_for() -> WaitFor:
    """``await wait_for(pilot, cond)``: run the app until ``cond()`` is true, 10 s at most."""
    return _wait_for


async def _wait_for(pilot: Pilot[Any], condition: Callable[[], object]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)
