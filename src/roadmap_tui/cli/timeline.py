"""``roadmap-tui show --view timeline``: the timeline printed once, as text, Rich or Markdown.

The chart fits the plans' span in the width given (``--width``, else the terminal's, at most
200 cells); under it, per plan, the critical paths, every flagged dependency with its reason,
and how far each milestone slipped since first committed (read from git when the plans are in a
repository; without git or history there is simply no slip line).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from roadmap_tui.store.loader import load_file


def show_timeline(
    files: list[Path], today: dt.date | None, width: int | None, output_format: str
) -> None:
    """Print the timeline of ``files``; exit 1 if any of them failed to load."""
    from rich.console import Console

    from roadmap_tui.render.timeline import TimelineFrame, build_timeline, zoom_for
    from roadmap_tui.render.timeline_text import chart_lines, markdown, notes
    from roadmap_tui.store.history import due_versions

    console = Console(width=width, highlight=False, markup=False, emoji=False)
    results = [load_file(path) for path in files]
    for result in results:
        for problem in result.errors:
            click.echo(str(problem), err=True)
    plans = [(r.path, r.plan) for r in results if r.plan is not None]
    versions = {path: due_versions(path) for path, _ in plans}
    timeline = build_timeline(plans, today or dt.date.today(), versions)
    shown = width or console.width
    frame = TimelineFrame(timeline, shown, zoom_for(timeline, shown))
    if output_format == "markdown":
        click.echo(markdown(frame), nl=False)
    else:
        lines: list[Any] = [*chart_lines(frame), "", *notes(timeline)]
        if output_format == "text":
            click.echo("\n".join(_plain(line) for line in lines))
        else:
            for line in lines:
                console.print(line, crop=True, overflow="crop")
    sys.exit(1 if any(r.plan is None for r in results) else 0)


def _plain(line: Any) -> str:
    return line if isinstance(line, str) else str(line.plain).rstrip()
