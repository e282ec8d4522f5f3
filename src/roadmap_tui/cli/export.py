"""``roadmap-tui export``: plans as a calendar feed, a web page, JSON or Markdown.

Every plan is loaded before anything is written: one that fails stops the export with its
problems as ``file:line:col`` and exit 1, and ``-o`` is replaced only by a whole new file.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import click

from roadmap_tui.cli import _fail, today_option
from roadmap_tui.model.plan import Plan

#: (plans as (file, plan) pairs, the day, --since) → the export's text.
Producer = Callable[[list[tuple[Path, Plan]], dt.date, str | None], str]


def _ics(plans: list[tuple[Path, Plan]], _today: dt.date, _since: str | None) -> str:
    from roadmap_tui.render.export_ics import plans_ics

    return plans_ics(plans)


def _html(plans: list[tuple[Path, Plan]], today: dt.date, _since: str | None) -> str:
    from roadmap_tui.render.export_html import plans_html

    return plans_html(plans, today)


def _json(plans: list[tuple[Path, Plan]], today: dt.date, _since: str | None) -> str:
    from roadmap_tui.render.export_json import plans_json

    return plans_json(plans, today)


def _markdown(plans: list[tuple[Path, Plan]], today: dt.date, since: str | None) -> str:
    """What ``show --format markdown`` prints: the changes since ``--since`` (24 hours ago)."""
    from roadmap_tui.render.changes import changes_markdown
    from roadmap_tui.store.history import changes_since, parse_since

    now = dt.datetime.combine(today, dt.datetime.now().time())
    try:
        point = parse_since(since, now=now)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--since'") from None
    return changes_markdown(changes_since([path for path, _plan in plans], point))


def _mermaid(plans: list[tuple[Path, Plan]], today: dt.date, _since: str | None) -> str:
    """A Mermaid ``gantt`` (renders in GitHub READMEs and issues), as the timeline draws it."""
    from roadmap_tui.render.mermaid import gantt
    from roadmap_tui.store.loader import LoadResult

    return gantt([LoadResult(path, plan) for path, plan in plans], today)


# The formats, in the order --help lists them. Another format is one more entry here, with a
# producer above and a line in the --format help below.
FORMATS: dict[str, Producer] = {
    "ics": _ics,
    "html": _html,
    "json": _json,
    "markdown": _markdown,
    "mermaid": _mermaid,
}


def _load(paths: tuple[Path, ...]) -> list[tuple[Path, Plan]]:
    """Every plan under ``paths``; on any load error, print them all and exit 1."""
    from roadmap_tui.store.loader import load_file, plan_files

    files = plan_files(list(paths))
    if not files:
        _fail("no plan files found in " + ", ".join(str(p) for p in paths))
    plans: list[tuple[Path, Plan]] = []
    failed = False
    for path in files:
        result = load_file(path)
        for problem in result.problems:
            click.echo(str(problem), err=True)
        if result.plan is None:
            failed = True
        else:
            plans.append((path, result.plan))
    if failed:
        _fail("nothing exported: a plan did not load")
    return plans


@click.command("export")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    required=True,
    help="ics: a calendar of the milestones; html: one printable page; json: the plans and "
    "their status (schema roadmap-tui/export/1); markdown: the changes, as show prints them; "
    "mermaid: a gantt chart for GitHub.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (replaced whole, only when the export succeeds) instead of printing.",
)
@today_option
@click.option(
    "--since",
    metavar="WHEN",
    help="markdown: the changes since WHEN (a date, 3d, a git ref); default 24 hours ago.",
)
def export_command(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    today: dt.date | None,
    since: str | None,
) -> None:
    """Export plans for people and tools outside the terminal; exit 1 if a plan fails to load."""
    plans = _load(paths)
    text = FORMATS[output_format](plans, today or dt.date.today(), since)
    data = text.encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from roadmap_tui.store.output import write_atomic

    try:
        write_atomic(output, data)
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror or error}")
    count = f"{len(plans)} plan{'s' * (len(plans) != 1)}"
    click.echo(f"wrote {output} ({output_format}, {count})", err=True)
