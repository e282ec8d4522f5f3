"""A plan file's history from git: its versions since a point in the past, and what changed.

``changes_since(paths, parse_since("1d"))`` reads, for each plan file in a git repository, the
file as it was at that point, then each commit that touched it since (with the commit's author
and date), then the working tree (uncommitted edits, staged or not, by ``UNCOMMITTED``), and
compares each version with the one before it (``model.changes.diff_plans``).

Only read-only git commands run (``rev-parse``, ``log``, ``cat-file``), with optional locks off,
so the user's repository is never changed. Per file: three ``git`` processes whatever the
number of commits. Anything that stops the history being read (git missing, not a repository,
a shallow clone, an unknown revision) becomes a one-line notice, never an exception.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from roadmap_tui.model.changes import (
    UNCOMMITTED,
    Change,
    ChangeReport,
    FileChanges,
    diff_plans,
)
from roadmap_tui.model.plan import Plan
from roadmap_tui.model.safe_text import safe_name, safe_text
from roadmap_tui.store.loader import load_bytes

#: How long one git command may take before the history is given up on.
GIT_TIMEOUT = 20.0
DEFAULT_SINCE = "24h"

_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_UNITS = {"h": dt.timedelta(hours=1), "d": dt.timedelta(days=1), "w": dt.timedelta(weeks=1)}
_FIELD = "\x1f"


@dataclass(frozen=True)
class Since:
    """A point in the past: a moment (``at``) or a git revision (``ref``).

    ``label`` says it for people: ``2025-03-04 00:00`` or ``HEAD~1``.
    """

    label: str
    at: dt.datetime | None = None
    ref: str | None = None


def _moment(at: dt.datetime) -> Since:
    return Since(label=at.strftime("%Y-%m-%d %H:%M"), at=at)


def parse_since(
    text: str | None,
    *,
    now: dt.datetime | None = None,
    last_standup: dt.datetime | None = None,
) -> Since:
    """``--since`` as given: a date, a duration back from ``now``, or a git revision.

    Args:
        text: ``YYYY-MM-DD`` (that day at 00:00 local time), ``12h``/``3d``/``2w``, or a git
            revision (``HEAD~1``, a tag, a commit). None means the last standup, if one was
            recorded, else 24 hours ago.
        now: the present (default: the real time), for durations.
        last_standup: when the last standup over these plans ended (``store.standups``).

    Raises:
        ValueError: for a malformed date, an empty text, one that starts with ``-``, or a
            date or duration beyond the calendar's ends.
    """
    now = (now or dt.datetime.now()).astimezone()
    if text is None and last_standup is not None and last_standup <= now:
        at = last_standup.astimezone()
        return Since(label=f"the last standup ({at.strftime('%Y-%m-%d %H:%M')})", at=at)
    text = DEFAULT_SINCE if text is None else text
    duration = _DURATION.match(text)
    if duration:
        try:
            return _moment(now - int(duration.group(1)) * _UNITS[duration.group(2).lower()])
        except (OverflowError, ValueError):
            raise ValueError(f"{text.strip()!r} reaches back before the year 1") from None
    if _DATE.match(text):
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"{text.strip()!r} is not a valid date") from None
        try:
            return _moment(dt.datetime.combine(day, dt.time()).astimezone())
        except (OverflowError, ValueError):
            raise ValueError(f"{text.strip()!r} is too close to the calendar's ends") from None
    ref = text.strip()
    if not ref or ref.startswith("-"):
        raise ValueError(f"{text!r} is not a date, a duration (3d, 12h, 2w) or a git revision")
    return Since(label=safe_name(ref), ref=ref)


def revision_problem(since: Since, paths: Sequence[Path]) -> str | None:
    """Why ``since`` (a git revision) names no commit for these plans, or None when it does.

    Only a revision is checked: it must name a commit in the repository of at least one of the
    plans. Without git, or when git cannot answer, the Changes view's notice says why instead.
    """
    if since.ref is None:
        return None
    executable = shutil.which("git")
    if executable is None:
        return None
    in_repository = False
    for folder in dict.fromkeys(path.absolute().parent for path in paths):
        git = _Git(executable, folder)
        try:
            done = git.run("rev-parse", "--verify", "--end-of-options", f"{since.ref}^{{commit}}")
        except _NoHistory:
            return None  # git cannot tell here: let the view say why
        if done.returncode == 0:
            return None
        in_repository = in_repository or "not a git repository" not in _first_line(done.stderr)
    if not in_repository:
        return (
            f"'{since.label}' is not a date or a duration (3d, 12h, 2w), and the plans are not "
            "in a git repository to look a revision up in"
        )
    return (
        f"'{since.label}' is not a date, a duration (3d, 12h, 2w) "
        "or a commit in the plans' repository"
    )


class _NoHistory(Exception):
    """The history cannot be read; the message is the notice people see."""


@dataclass(frozen=True)
class _Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    when: dt.datetime


class _Git:
    """Read-only git commands run in one folder."""

    def __init__(self, executable: str, folder: Path) -> None:
        self.executable = executable
        self.folder = folder
        self.env = {
            **os.environ,
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
            "LANGUAGE": "C",
        }

    def run(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        command = [
            self.executable,
            "--no-pager",
            "--literal-pathspecs",
            "-c",
            "log.showSignature=false",
            "-C",
            str(self.folder),
            *args,
        ]
        try:
            return subprocess.run(
                command,
                input=stdin,
                capture_output=True,
                env=self.env,
                timeout=GIT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise _NoHistory(f"git took over {GIT_TIMEOUT:g}s; changes not shown") from None
        except OSError as error:
            raise _NoHistory(f"cannot run git: {error.strerror or error}") from None


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", errors="replace").strip()
    # git quotes revisions and paths from outside: its words pass the terminal-text gate too.
    return safe_text(text.splitlines()[0].removeprefix("fatal: ")) if text else "git failed"


def _parse_log(output: bytes) -> list[_Commit]:
    commits: list[_Commit] = []
    for record in output.decode("utf-8", errors="replace").split("\x00"):
        record = record.strip("\n")
        if not record:
            continue
        sha, parents, author, when = record.split(_FIELD)
        author = safe_text(author, one_line=True)  # an author name is anyone's text
        commits.append(
            _Commit(sha, tuple(parents.split()), author, dt.datetime.fromisoformat(when))
        )
    return commits


def _parse_batch(output: bytes, count: int) -> list[bytes | None]:
    """Contents from ``git cat-file --batch`` output: None for an object that is missing."""
    blobs: list[bytes | None] = []
    position = 0
    for _ in range(count):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            blob = output[position : position + size]
            position += size + 1
            blobs.append(blob if header[1] == b"blob" else None)
        else:
            blobs.append(None)  # "<name> missing" or "<name> ambiguous"
    return blobs


@dataclass
class _Walk:
    """Versions compared one after another; notes for versions skipped."""

    path: Path
    previous: Plan | None
    ready: bool
    changes: list[Change]
    notes: list[str]

    def step(self, data: bytes | None, when: dt.datetime | None, who: str, what: str) -> None:
        plan: Plan | None = None
        if data is not None:
            result = load_bytes(data, self.path)
            if result.plan is None:
                problem = result.errors[0] if result.errors else None
                why = f": {problem.message}" if problem else ""
                name = safe_name(self.path.name)
                self.notes.append(f"{name}: skipped {what}, it does not parse{why}")
                return
            plan = result.plan
        if self.ready:
            self.changes.extend(diff_plans(self.previous, plan, when=when, who=who, path=self.path))
        self.previous, self.ready = plan, True


def _location(git: _Git, name: str) -> tuple[str, bool]:
    """The file's path from the repository's top, and whether the clone is shallow."""
    done = git.run("rev-parse", "--is-shallow-repository", "--show-prefix")
    if done.returncode != 0:
        message = _first_line(done.stderr)
        if "not a git repository" in message:
            raise _NoHistory("not in a git repository; changes not shown")
        raise _NoHistory(f"git: {message}")
    lines = done.stdout.decode("utf-8", errors="replace").split("\n")
    shallow = lines[0].strip() == "true"
    prefix = lines[1] if len(lines) > 1 else ""
    return prefix + name, shallow


def _commits(git: _Git, name: str, since: Since, shallow: bool) -> list[_Commit]:
    fmt = f"--format=%H{_FIELD}%P{_FIELD}%aN{_FIELD}%aI"
    if since.ref is not None:
        revisions = [f"{since.ref}..HEAD"]
    else:
        assert since.at is not None
        revisions = [f"--since=@{int(since.at.timestamp())}", "HEAD"]
    done = git.run("log", "-z", "--reverse", fmt, *revisions, "--", name)
    if done.returncode == 0:
        try:
            return _parse_log(done.stdout)
        except ValueError:
            raise _NoHistory("git log gave output that could not be read") from None
    message = _first_line(done.stderr)
    if "does not have any commits yet" in message or message == "bad revision 'HEAD'":
        return []  # a repository with no commits: the file is new
    if since.ref is not None and ("unknown revision" in message or "bad revision" in message):
        if shallow:
            raise _NoHistory(f"shallow clone: {since.label} is not in the fetched history")
        raise _NoHistory(f"'{since.label}' is not a date, a duration or a git revision here")
    raise _NoHistory(f"git: {message}")


def _read(
    path: Path, now: bytes | None, since: Since, executable: str
) -> tuple[list[Change], list[str]]:
    """Changes in ``path``'s history since ``since``, and notes about versions skipped.

    ``now`` is the working copy's content (None when the file is gone).
    """
    real = path.resolve()
    git = _Git(executable, real.parent)
    relpath, shallow = _location(git, real.name)
    if "\n" in relpath:
        raise _NoHistory("a file name with a line break; changes not shown")
    commits = _commits(git, real.name, since, shallow)
    notes: list[str] = []
    base: str | None
    if since.ref is not None:
        base = since.ref
    elif not commits:
        base = "HEAD"
    elif commits[0].parents:
        base = commits[0].parents[0]
    elif shallow:
        # The oldest commit only looks like a root: its parents were not fetched.
        notes.append(
            f"shallow clone: changes before {commits[0].when.astimezone():%Y-%m-%d %H:%M} "
            "are missing "
            "(git fetch --unshallow)"
        )
        base = commits[0].sha
        commits = commits[1:]
    else:
        base = None  # the file came with the repository's first commit
    names = ([f"{base}:{relpath}"] if base else []) + [f"{c.sha}:{relpath}" for c in commits]
    done = git.run("cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode())
    if done.returncode != 0:
        raise _NoHistory(f"git: {_first_line(done.stderr)}")
    try:
        blobs = _parse_batch(done.stdout, len(names))
    except ValueError:
        raise _NoHistory("git cat-file gave output that could not be read") from None
    last = blobs.pop(0) if base else None
    walk = _Walk(path, None, False, [], notes)
    # When the starting version does not parse, counting starts at the first one that does.
    walk.step(last, None, "", f"the version at {since.label}")
    for commit, data in zip(commits, blobs, strict=True):
        walk.step(data, commit.when, commit.author, f"commit {commit.sha[:7]}")
        last = data
    if now != last:
        walk.step(now, None, UNCOMMITTED, "the uncommitted version")
    return walk.changes, walk.notes


def file_changes(path: Path, since: Since) -> FileChanges:
    """What changed in one plan file since ``since``; notices instead of exceptions."""
    try:
        now: bytes | None = path.read_bytes()
    except FileNotFoundError:
        now = None
    except OSError as error:
        notice = f"{safe_name(path.name)}: cannot read the file: {error.strerror or error}"
        return FileChanges(
            path, safe_name(path.name), notices=(notice,), readable=False, has_history=False
        )
    current = load_bytes(now, path).plan if now is not None else None
    name = current.name if current is not None else safe_name(path.name)
    readable = current is not None
    executable = shutil.which("git")
    if executable is None:
        notice = "git is not installed; changes not shown"
        return FileChanges(path, name, notices=(notice,), readable=readable, has_history=False)
    try:
        changes, notes = _read(path, now, since, executable)
    except _NoHistory as error:
        return FileChanges(path, name, notices=(str(error),), readable=readable, has_history=False)
    return FileChanges(path, name, tuple(changes), tuple(notes), readable=readable)


def changes_since(paths: Sequence[Path], since: Since) -> ChangeReport:
    """What changed in each plan file since ``since`` (blocking: run it off the UI thread)."""
    return ChangeReport(since.label, tuple(file_changes(path, since) for path in paths))


# ─── Due dates through history (slips) ─────────────────────────────────────────

#: Each committed version's due dates, by ``commit:path``: a commit never changes, so neither
#: does what it says. Shared by every reader; a dict's single assignments are thread-safe.
_DUE_CACHE: dict[str, dict[str, dt.date | None]] = {}


def _due_dates(data: bytes | None) -> dict[str, dt.date | None] | None:
    """Each milestone's due date in one version of the file; None when it does not parse.

    Read with ``tomllib`` only, not validated: an old version written before a rule changed
    still says when its milestones were due.
    """
    if data is None:
        return None
    try:
        raw = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    milestones = raw.get("milestones")
    found: dict[str, dt.date | None] = {}
    if not isinstance(milestones, list):
        return found
    for item in milestones:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            due = item.get("due")
            is_date = isinstance(due, dt.date) and not isinstance(due, dt.datetime)
            found.setdefault(item["id"], due if is_date else None)
    return found


def _follow(git: _Git, name: str) -> list[tuple[str, str]]:
    """``(commit, path at that commit)`` for every commit that touched the file, oldest first,
    following renames."""
    done = git.run("log", "--follow", "--name-only", "-z", "--format=%x1e%H", "--", name)
    if done.returncode != 0:
        message = _first_line(done.stderr)
        if "does not have any commits yet" in message or "bad revision" in message:
            return []
        raise _NoHistory(f"git: {message}")
    found: list[tuple[str, str]] = []
    for record in done.stdout.decode("utf-8", errors="replace").split("\x1e"):
        sha, _, rest = record.partition("\x00")
        paths = [p for p in rest.strip("\n").split("\x00") if p.strip("\n")]
        if sha and paths:
            found.append((sha.strip(), paths[-1].strip("\n")))
    found.reverse()
    return found


def due_versions(path: Path) -> list[dict[str, dt.date | None]]:
    """Every committed version of a plan file as ``{milestone id: due}``, oldest first.

    Renames are followed (``git log --follow``); each version is read once and then cached by
    commit. No git, no repository, no commits, or a version that does not parse: those
    versions are simply not there (an empty list at worst), never an error. Blocking: run it
    off the UI thread.
    """
    executable = shutil.which("git")
    if executable is None:
        return []
    real = path.resolve()
    git = _Git(executable, real.parent)
    try:
        _location(git, real.name)
        commits = _follow(git, real.name)
        names = [f"{sha}:{name}" for sha, name in commits if "\n" not in name]
        missing = [n for n in names if n not in _DUE_CACHE]
        if missing:
            done = git.run("cat-file", "--batch", stdin="".join(f"{n}\n" for n in missing).encode())
            if done.returncode != 0:
                raise _NoHistory(_first_line(done.stderr))
            for name, blob in zip(missing, _parse_batch(done.stdout, len(missing)), strict=True):
                dates = _due_dates(blob)
                if dates is not None:
                    _DUE_CACHE[name] = dates
    except (_NoHistory, ValueError):
        return []
    return [_DUE_CACHE[n] for n in names if n in _DUE_CACHE]
