"""Which plan files to open: the paths given, ``./plans/``, the current folder, or the samples."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
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


def bundled_samples() -> Path:
    """The sample plans shipped with the package (or the checkout's, in a development install)."""
    here = Path(__file__).resolve().parent
    installed = here / "sample_plans"
    return installed if installed.is_dir() else here.parents[1] / "sample_plans"


def copy_samples() -> Path:
    """A fresh writable copy of the sample plans in a temporary folder; never the package's own."""
    target = Path(tempfile.mkdtemp(prefix="roadmap-tui-samples-"))
    for source in bundled_samples().iterdir():
        if source.suffix in (".toml", ".json"):
            shutil.copyfile(source, target / source.name)
    return target


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


def resolve_sources(paths: list[Path], cwd: Path) -> Sources:
    """Decide what to open.

    Args:
        paths: what the user named on the command line (files or folders), possibly nothing.
        cwd: the folder to look in when nothing is named.
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
    copy = copy_samples()
    hint = import_hint(markdown_roadmaps(cwd) if cwd.is_dir() else [])
    return Sources(
        plan_files([copy]),
        [copy],
        notice=f"sample plans — a copy in {safe_name(copy)}, edit freely{hint}",
    )


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
