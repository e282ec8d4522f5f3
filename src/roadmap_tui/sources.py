"""Which plan files to open: the paths given, ``./plans/``, the current folder, or the samples.

The samples are opened from the user's own writable copy, kept in one place across runs:
``$XDG_DATA_HOME/roadmap-tui/samples`` (else ``~/.local/share/roadmap-tui/samples``), so
yesterday's edits are still there. ``--fresh-samples`` starts from the shipped ones again; the
old copy is moved aside (``samples-YYYYMMDD-HHMMSS``), never deleted.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_tui.store.loader import plan_files


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


def resolve_sources(paths: list[Path], cwd: Path, *, fresh_samples: bool = False) -> Sources:
    """Decide what to open.

    Args:
        paths: what the user named on the command line (files or folders), possibly nothing.
        cwd: the folder to look in when nothing is named.
        fresh_samples: when the samples are opened, start from the shipped ones again.
    """
    if paths:
        missing = [p for p in paths if not p.exists() and not p.is_symlink()]
        if missing:
            return Sources([], message=f"{missing[0]}: no such file or folder")
        folders = [p for p in paths if p.is_dir()]
        files = plan_files(paths)
        if not files:
            named = ", ".join(str(p) for p in paths)
            return Sources([], folders, message=f"no plan files (*.toml) in {named}")
        return Sources(files, folders)
    for folder in (cwd / "plans", cwd):
        if folder.is_dir():
            files = plan_files([folder])
            if files:
                return Sources(files, [folder])
    copy, moved = copy_samples(fresh=fresh_samples)
    notice = f"sample plans, your copy in {copy} (--fresh-samples starts over)"
    if moved is not None:
        notice += f"; the old copy is in {moved}"
    return Sources(plan_files([copy]), [copy], notice=notice, samples=True)
