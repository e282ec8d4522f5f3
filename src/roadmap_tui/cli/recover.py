"""``roadmap-tui recover PATH``: list the kept versions of a plan file, or put one back.

Every write the program makes keeps the version it displaces in the journal
(``store.journal``). This command lists them, newest first, numbered from 1; ``--restore N``
writes version N back through the same safe writer, so that the restore is kept too (and undone
by restoring version 1).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def _clean(text: str) -> str:
    # Summaries quote plan values and file names: outside text reaches the terminal literally.
    from roadmap_tui.store.loader import clean_text

    return clean_text(text).replace("\n", " ")


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--restore",
    "number",
    type=click.IntRange(min=1, max=10**6),
    metavar="N",
    help="Write version N (as listed) back to PATH; the version it replaces is kept.",
)
def recover(path: Path, number: int | None) -> None:
    """List the versions of PATH that edits replaced (newest first), or restore one."""
    from roadmap_tui.store import journal
    from roadmap_tui.store.writer import WriteRefused, write_version

    name = _clean(path.name)
    kept = journal.versions(path)
    if number is None:
        if not kept:
            click.echo(f"No kept versions of {name}.")
            return
        click.echo(f"Kept versions of {name}, newest first (each as it was before the change):")
        for index, version in enumerate(kept, start=1):
            when = version.time.strftime("%Y-%m-%d %H:%M:%S")
            click.echo(f"{index:>3}  {when}  {version.size:>9,} B  {_clean(version.summary)}")
        click.echo(f"Restore one with: roadmap-tui recover {name} --restore N")
        return
    if number > len(kept):
        raise click.BadParameter(
            f"{name} has {len(kept)} kept version{'s' if len(kept) != 1 else ''}",
            param_hint="--restore",
        )
    version = kept[number - 1]
    when = version.time.strftime("%Y-%m-%d %H:%M:%S")
    try:
        data = version.read()
        write_version(path, data, f"restore of version {number} ({when})")
    except journal.JournalError as error:
        click.echo(f"roadmap-tui: {_clean(error.reason)}", err=True)
        sys.exit(1)
    except WriteRefused as refusal:
        click.echo(f"roadmap-tui: {_clean(refusal.message)}", err=True)
        sys.exit(1)
    click.echo(
        f"Restored version {number} of {name} ({when}). The version it replaced is now "
        f"version 1: roadmap-tui recover {name} --restore 1 undoes this."
    )
