"""``roadmap-tui merge BASE OURS THEIRS [PATHNAME]``: git's merge driver for plan files.

Follows git's merge-driver contract (``%O %A %B %P``): the result is written into OURS; exit 0
when clean, 1 when conflicts were marked (one line about each on stderr). Files that are not
plans, or that do not parse on some side, are merged by lines with ``git merge-file``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from roadmap_tui.store.writer import _Refuser

#: Longer markers than this are surely a mistake in the driver's configuration.
_MARKER_MAX = 100


@click.command("merge")
@click.argument("base", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("ours", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("theirs", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("pathname", required=False)
@click.option(
    "--marker-size",
    type=click.IntRange(min=1, max=_MARKER_MAX),
    default=7,
    show_default=True,
    help="Length of the conflict markers (git passes it as %L).",
)
def merge(base: Path, ours: Path, theirs: Path, pathname: str | None, marker_size: int) -> None:
    """Merge THEIRS into OURS by item id, BASE being their common ancestor.

    The merge driver git runs for plan files (see `roadmap-tui git-setup`): milestones, tasks,
    risks and every other [[section]] are matched by id, tables and items by key. Writes the
    result into OURS; exit 0 when clean, 1 when conflicts were marked.
    """
    from roadmap_tui.store.loader import MAX_BYTES
    from roadmap_tui.store.merge import Unsupported, merge_plans, one_line
    from roadmap_tui.store.writer import WriteRefused, _read, _Refuser

    name = one_line(pathname or str(ours))
    # OURS is read the way the app's writer reads a file it will replace: with its stamp, so
    # the replace below refuses if anything else wrote it in between.
    target = Path(os.path.realpath(ours))
    refuse = _Refuser(name, ours)
    try:
        mine, info = _read(target, refuse)
        datas = [base.read_bytes(), mine, theirs.read_bytes()]
    except WriteRefused as error:
        _say(str(error))
        sys.exit(2)
    except OSError as error:
        _say(f"{name}: cannot read {error.filename}: {error.strerror or error}")
        sys.exit(2)
    try:
        if any(len(data) > MAX_BYTES for data in datas):
            raise Unsupported("larger than a plan file may be")
        result = merge_plans(*datas, marker_size=marker_size, name=name)
    except Unsupported as why:
        _say(f"{name}: {why}; merging by lines (git merge-file)")
        sys.exit(_merge_by_lines(base, ours, theirs, marker_size))
    except (RecursionError, MemoryError, ValueError, LookupError, TypeError) as error:
        # A driver that dies leaves OURS as it was and git calls that a conflict with no
        # markers in it: worse than any line merge. Say so, and let git's merge do it.
        _say(f"{name}: could not merge by item ({type(error).__name__}); merging by lines")
        sys.exit(_merge_by_lines(base, ours, theirs, marker_size))
    if result.data != mine:
        _write(target, result.data, mine, info, refuse)
    for conflict in result.conflicts:
        _say(conflict.message(name))
    for problem in result.problems:
        _say(f"{problem} (after merging both sides)")
    sys.exit(1 if result.conflicts or result.problems else 0)


def _say(line: str) -> None:
    from roadmap_tui.store.merge import one_line

    click.echo(one_line(line), err=True)


def _write(
    target: Path, data: bytes, checked: bytes, info: os.stat_result, refuse: _Refuser
) -> None:
    """Replace OURS with ``data`` as the app's edits do: atomically, never over a change made
    since ``checked`` was read, the displaced version kept in the journal."""
    from roadmap_tui.store.writer import WriteRefused, _replace

    try:
        if _replace(target, data, checked, info, refuse, "merged by item (git merge)") is None:
            _say(f"{refuse.subject}: changed while it was being merged; not written")
            sys.exit(2)
    except WriteRefused as error:
        _say(str(error))
        sys.exit(2)


def _merge_by_lines(base: Path, ours: Path, theirs: Path, marker_size: int) -> int:
    """git's own line merge into OURS; 0 clean, 1 conflicts, 2 when git could not run it."""
    command = [
        "git",
        "merge-file",
        f"--marker-size={marker_size}",
        *("-L", "ours", "-L", "base", "-L", "theirs"),
        str(ours),
        str(base),
        str(theirs),
    ]
    try:
        code = subprocess.run(command, check=False).returncode
    except OSError as error:
        _say(f"cannot run git merge-file: {error.strerror or error}")
        return 2
    if 0 <= code < 128:
        return min(code, 1)
    return 2
