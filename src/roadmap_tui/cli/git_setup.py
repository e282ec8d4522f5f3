"""``roadmap-tui git-setup``: make git merge this repository's plan files by item id.

Registers the ``roadmap`` merge driver in the repository's own ``.git/config`` and routes the
plan files to it in ``.gitattributes``. Running it again changes nothing that is already right.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import click

DRIVER_NAME = "roadmap-tui: plans merged by item id"
#: What follows the program in the driver command: git's placeholders, shell-quoted by git.
DRIVER_ARGS = "merge --marker-size=%L %O %A %B %P"
ATTRIBUTE = "merge=roadmap"


@click.command("git-setup")
@click.option(
    "--pattern",
    metavar="GLOB",
    help="Which files use the driver, as a .gitattributes pattern relative to the repository "
    "root (default: the folder the app opens here, e.g. plans/*.toml).",
)
@click.option(
    "--use-path",
    is_flag=True,
    help="Register the bare command roadmap-tui, found on PATH whenever git runs it, instead "
    "of this installation's Python by its absolute path.",
)
def git_setup(pattern: str | None, use_path: bool) -> None:
    """Make git merge plan files by item id in this repository.

    Sets merge.roadmap.name and merge.roadmap.driver in the repository's .git/config (never in a
    committed file) and adds 'GLOB merge=roadmap' to .gitattributes. Safe to run again.
    """
    from roadmap_tui.store.loader import clean_text

    top = _git("rev-parse", "--show-toplevel")
    if top is None:
        _fail("not inside a git work tree (git rev-parse --show-toplevel failed)")
    root = Path(top)
    glob = pattern if pattern is not None else _default_pattern(root, Path.cwd())
    if not glob or any(char.isspace() for char in glob) or glob.startswith(("#", "!")):
        _fail(f"{glob!r} cannot be written as a .gitattributes pattern")
    program = "roadmap-tui" if use_path else f"{shlex.quote(sys.executable)} -m roadmap_tui"
    settings = (
        ("merge.roadmap.name", DRIVER_NAME),
        ("merge.roadmap.driver", f"{program} {DRIVER_ARGS}"),
    )
    click.echo("git config (this clone's .git/config):")
    for key, value in settings:
        click.echo(f"  {key} = {clean_text(value)}  ({_configure(key, value)})")
    click.echo(f".gitattributes: {clean_text(glob)} {ATTRIBUTE}  ({_add_attribute(root, glob)})")
    if use_path:
        click.echo(
            "git runs `roadmap-tui` from PATH: install it where every shell and git tool "
            "finds it, or rerun without --use-path."
        )
    else:
        click.echo(
            "git runs this Python by its absolute path, so the driver works where roadmap-tui "
            "is not on PATH (git GUIs, editors); rerun git-setup after moving or reinstalling it."
        )
    click.echo(
        "Commit .gitattributes so every clone routes plans to the driver; git never takes a "
        "driver command from the repository, so each clone runs `roadmap-tui git-setup` once."
    )


def _fail(message: str) -> NoReturn:
    click.echo(f"roadmap-tui: {message}", err=True)
    sys.exit(1)


def _git(*args: str) -> str | None:
    """git's output (stripped), or None when it fails or git is missing."""
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _default_pattern(root: Path, cwd: Path) -> str:
    """The plan folder the app would open from ``cwd``, as a pattern relative to ``root``."""
    from roadmap_tui.sources import default_folder

    folder = default_folder(cwd)
    if folder is None:
        _fail("no plan files in ./plans or here; name the files with --pattern GLOB")
    relative = Path(os.path.relpath(folder.resolve(), root.resolve())).as_posix()
    if relative.startswith(".."):
        _fail(f"{folder} is outside the repository at {root}")
    # A leading slash anchors the pattern at the root; without it *.toml would match anywhere.
    return "/*.toml" if relative == "." else f"{relative}/*.toml"


def _configure(key: str, value: str) -> str:
    """Set ``key`` in the repository's config; says whether that changed anything."""
    before = _git("config", "--local", "--get", key)
    if before == value:
        return "already set"
    if _git("config", "--local", key, value) is None:
        _fail(f"git config --local {key} failed")
    return "set" if before is None else f"updated, was {before}"


def _add_attribute(root: Path, glob: str) -> str:
    """Append ``GLOB merge=roadmap`` to .gitattributes unless a line already says it."""
    path = root / ".gitattributes"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as error:
        _fail(f"cannot read {path}: {error.strerror or error}")
    text = (data or b"").decode("utf-8", errors="surrogateescape")
    for line in text.splitlines():
        words = line.split()
        if words and words[0] == glob and ATTRIBUTE in words[1:]:
            return "already there"
    newline = "\r\n" if "\r\n" in text else "\n"
    joiner = newline if text and not text.endswith("\n") else ""
    added = f"{text}{joiner}{glob} {ATTRIBUTE}{newline}".encode("utf-8", errors="surrogateescape")
    _write(path, data, added)
    return "added"


def _write(path: Path, before: bytes | None, data: bytes) -> None:
    """Write .gitattributes atomically, refusing if it changed since it was read."""
    from roadmap_tui.store.writer import WriteRefused, _Refuser, _replace

    refuse = _Refuser(".gitattributes", path)
    try:
        if before is None:
            with open(path, "xb") as file:
                file.write(data)
            return
        info = path.stat()
        if _replace(path, data, before, info, refuse, "git-setup: merge=roadmap") is None:
            _fail(f"{path} changed while it was being updated; run git-setup again")
    except WriteRefused as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"cannot write {path}: {error.strerror or error}")
