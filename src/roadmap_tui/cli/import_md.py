"""``roadmap-tui import FILE.md``: turn a Markdown roadmap into a plan file."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

import click


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--anchor",
    callback=_date,
    metavar="YYYY-MM-DD",
    help='The day relative times ("Week 1", "第1个月") count from (default: the date the '
    "document gives, e.g. 最后更新 / Last updated).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write here (default: stdout).",
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def import_command(source: Path, anchor: dt.date | None, output: Path | None, force: bool) -> None:
    """Import a Markdown roadmap as a plan; every line left out is named on stderr.

    Exit 0 when a plan was written, 1 when nothing plannable was found, 2 on usage errors.
    """
    from roadmap_tui.importer import NeedsAnchorError, import_markdown
    from roadmap_tui.importer.report import safe

    shown = safe(str(source))
    if output is not None and output.exists() and not force:
        _usage(f"{safe(str(output))} exists; use --force to replace it")
    if output is not None and not output.resolve().parent.is_dir():
        _usage(f"{safe(str(output))}: cannot write: no folder {safe(str(output.parent))}")
    if output is not None and output.resolve() == source.resolve():
        _usage(f"{safe(str(output))} is the document being imported; choose another -o")
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        _usage(f"{shown}: no such file")
    except (OSError, UnicodeDecodeError) as error:
        _usage(f"{shown}: cannot read: {safe(str(error))}")
    try:
        result = import_markdown(text, str(source), anchor)
    except NeedsAnchorError as error:
        _usage(
            f"{shown}:{error.line}: {safe(error.what)!r} is a relative date and the document "
            "gives no date to count from; give --anchor YYYY-MM-DD"
        )
    for message in result.messages:
        click.echo(message, err=True)
    click.echo(result.summary, err=True)
    if result.text is None:
        click.echo(f"roadmap-tui: {shown}: nothing plannable found", err=True)
        sys.exit(1)
    if output is None:
        click.echo(result.text, nl=False)
    else:
        try:
            _write(output, result.text.encode("utf-8"))
        except OSError as error:
            _usage(f"{safe(str(output))}: cannot write: {safe(error.strerror or str(error))}")
    sys.exit(0)


def _write(path: Path, data: bytes) -> None:
    """Write atomically: a temp file in the same folder, fsync, then rename."""
    folder = path.resolve().parent
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _usage(message: str) -> NoReturn:
    click.echo(f"roadmap-tui: {message}", err=True)
    sys.exit(2)
