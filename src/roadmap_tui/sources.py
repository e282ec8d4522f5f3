"""Which plan files to open: the paths given, ``./plans/``, the current folder, or the samples.

The samples are opened from the user's own writable copy, kept in one place across runs:
``$XDG_DATA_HOME/roadmap-tui/samples`` (else ``~/.local/share/roadmap-tui/samples``), so
yesterday's edits are still there. ``--fresh-samples`` starts from the shipped ones again; the
old copy is moved aside (``samples-YYYYMMDD-HHMMSS``), never deleted.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_tui.model.safe_text import safe_name
from roadmap_tui.store.loader import is_folder, plan_files


@dataclass(frozen=True)
class Sources:
    """The plan files to open and the folders to watch for new ones."""

    files: list[Path]
    folders: list[Path] = field(default_factory=list)
    #: Shown in the header, e.g. that these are copies of the sample plans.
    notice: str | None = None
    #: Why there is nothing to open, when ``files`` is empty.
    message: str | None = None
    #: These are the sample plans: each opens as of its own ``[plan] as_of``.
    samples: bool = False


def bundled_samples() -> Path:
    """The sample plans shipped with the package (or the checkout's, in a development install)."""
    here = Path(__file__).resolve().parent
    installed = here / "sample_plans"
    return installed if installed.is_dir() else here.parents[1] / "sample_plans"


def data_dir() -> Path:
    """The user's data folder for the app (not created here)."""
    base = os.environ.get("XDG_DATA_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "roadmap-tui"


def copy_samples(*, fresh: bool = False) -> tuple[Path, Path | None]:
    """The user's writable copy of the sample plans, made on first use and then reused.

    Args:
        fresh: start again from the shipped samples; an existing copy is moved aside.

    Returns:
        The copy's folder, and where an old copy was moved to (None if none was).
    """
    target = data_dir() / "samples"
    moved: Path | None = None
    if target.is_dir() and plan_files([target]):
        if not fresh:
            return target, None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        moved = target.with_name(f"samples-{stamp}")
        target.rename(moved)
    target.mkdir(parents=True, exist_ok=True)
    for source in bundled_samples().iterdir():
        if source.suffix in (".toml", ".json"):
            shutil.copyfile(source, target / source.name)
    return target, moved


def default_folder(cwd: Path) -> Path | None:
    """The folder opened when no path is named: ``cwd/plans/``, else ``cwd``, if it has plans.

    The same choice as ``resolve_sources`` makes, for ``git-setup`` (which must not copy the
    samples when there is nothing to open).
    """
    for folder in (cwd / "plans", cwd):
        if folder.is_dir() and plan_files([folder]):
            return folder
    return None


def _lookup_problem(path: Path) -> str | None:
    """Why ``path`` names nothing that can be opened (missing, a name too long …), or None."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as error:
        return error.strerror or str(error)
    return None


def resolve_sources(paths: list[Path], cwd: Path, *, fresh_samples: bool = False) -> Sources:
    """Decide what to open.

    Args:
        paths: what the user named on the command line (files or folders), possibly nothing.
        cwd: the folder to look in when nothing is named.
        fresh_samples: when the samples are opened, start from the shipped ones again.
    """
    if paths:
        for path in paths:
            problem = _lookup_problem(path)
            if problem is not None:
                return Sources([], message=f"{safe_name(path)}: {problem}")
        folders = [p for p in paths if is_folder(p)]
        files = plan_files(paths)
        if not files:
            named = ", ".join(safe_name(p) for p in paths)
            hint = import_hint([r for folder in folders for r in markdown_roadmaps(folder)])
            return Sources([], folders, message=f"no plan files (*.toml) in {named}{hint}")
        return Sources(files, folders)
    for folder in (cwd / "plans", cwd):
        if folder.is_dir():
            files = plan_files([folder])
            if files:
                return Sources(files, [folder])
    copy, moved = copy_samples(fresh=fresh_samples)
    hint = import_hint(markdown_roadmaps(cwd) if cwd.is_dir() else [])
    notice = f"sample plans, your copy in {safe_name(copy)} (--fresh-samples starts over)"
    if moved is not None:
        notice += f"; the old copy is in {safe_name(moved)}"
    return Sources(plan_files([copy]), [copy], notice=notice + hint, samples=True)


_ROADMAP_NAME = re.compile(r"roadmap|plan|milestone|todo|路线|计划|里程碑|任务", re.IGNORECASE)
_ROADMAP_TEXT = re.compile(
    r"^\s*[-*] \[[ xX]\]|里程碑|milestone|roadmap|路线图", re.IGNORECASE | re.M
)


#: Markdown files every project has that are not roadmaps, even when they mention milestones.
_NOT_ROADMAPS = frozenset(
    {"README", "CHANGELOG", "CHANGES", "CONTRIBUTING", "LICENSE", "CODE_OF_CONDUCT", "SECURITY"}
)


def markdown_roadmaps(folder: Path, limit: int = 3) -> list[Path]:
    """Markdown files in ``folder`` that look like roadmaps (by name, or check boxes and
    milestones in their first 64 KiB), at most ``limit``, in name order."""
    found: list[Path] = []
    for path in sorted(folder.glob("*.md")):
        if not path.is_file() or path.stem.upper() in _NOT_ROADMAPS:
            continue
        if not _ROADMAP_NAME.search(path.stem):
            try:
                with path.open("rb") as stream:
                    head = stream.read(65536).decode("utf-8", errors="replace")
            except OSError:
                continue
            if not _ROADMAP_TEXT.search(head):
                continue
        found.append(path)
        if len(found) == limit:
            break
    return found


def import_hint(roadmaps: list[Path]) -> str:
    """How to turn the Markdown roadmaps found into plans, or "" when there are none."""
    if not roadmaps:
        return ""
    names = ", ".join(safe_name(path.name) for path in roadmaps)
    first = roadmaps[0]
    target = safe_name(first.with_suffix(".toml"))
    command = f"roadmap-tui import {safe_name(first)} -o {target}"
    return f"; Markdown roadmaps here: {names} — import one with: {command}"
