"""Plan files → validated ``Plan`` objects, or precise problems located at ``file:line:col``.

Reads are cheap: bytes → ``tomllib`` → per-item ``msgspec`` validation. Nothing here writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import stat
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import msgspec

from roadmap_tui.model.levels import level_of
from roadmap_tui.model.plan import (
    APPROVALS,
    OPS,
    PRIORITIES,
    SECTIONS,
    STATUSES,
    Kpi,
    Milestone,
    Phase,
    Plan,
    PlanInfo,
    Risk,
    Standup,
    Task,
)
from roadmap_tui.model.safe_text import CONTROL, safe_name, safe_text
from roadmap_tui.model.values import number_problem
from roadmap_tui.store.checks import APPROVAL_WORDS, PRIORITY_WORDS, check_references, suggestion
from roadmap_tui.store.locate import Locator, syntax_problem

MAX_BYTES = 5 * 1024 * 1024
TOP_KEYS = ("plan", "standup", *SECTIONS)

#: C0 and C1 control characters except tab and newline, plus bidirectional overrides, which
#: could make text read differently on screen from what the file says (``model.safe_text``).
_CONTROL = CONTROL

#: Words plans use for statuses, and the status each means (docs/plan-format.md).
STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys(["未开始", "待开始", "待办", "□", "⏳", "open", "⚪"], "todo"),
    **dict.fromkeys(["计划中", "规划中", "🟡"], "planned"),
    **dict.fromkeys(["进行中", "开发中", "🔄", "🚧", "当前", "doing", "wip"], "in_progress"),
    **dict.fromkeys(["阻塞", "受阻", "⛔"], "blocked"),
    **dict.fromkeys(["已完成", "完成", "✅", "✓", "finished", "complete"], "done"),
    **dict.fromkeys(["取消", "已取消", "放弃", "cancelled", "canceled"], "dropped"),
}

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan file, where it is and how bad."""

    path: str
    line: int | None
    col: int | None
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # Messages quote keys and tomllib's own words about them: nothing in one may reach a
        # terminal raw, whoever shows it (check, show, the app's banner).
        object.__setattr__(self, "message", safe_text(self.message, visible=True))

    def __str__(self) -> str:
        # A file name is user data too: its control characters are shown, escaped.
        path = safe_name(self.path)
        where = path if self.line is None else f"{path}:{self.line}:{self.col}"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


@dataclass(frozen=True)
class LoadResult:
    """What loading one file gave: a plan (None when any error), and every problem found."""

    path: Path
    plan: Plan | None
    problems: tuple[Problem, ...] = ()
    digest: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: Length of the bytes read (with ``digest``, what a writer checks the file against).
    size: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


def content_digest(data: bytes) -> str:
    """The hash by which a file's content is recognised (our own writes, conflict checks)."""
    return hashlib.sha256(data).hexdigest()


def clean_text(text: str) -> str:
    """``text`` without control characters (tab and newline stay)."""
    return safe_text(text)


_FIELDS: dict[type[Any], tuple[msgspec.structs.FieldInfo, ...]] = {}


def _fields(kind: type[Any]) -> tuple[msgspec.structs.FieldInfo, ...]:
    # msgspec re-evaluates the annotations on every call; once per struct is enough.
    if kind not in _FIELDS:
        _FIELDS[kind] = msgspec.structs.fields(kind)
    return _FIELDS[kind]


def _clean(value: Any) -> Any:
    """``value`` without control characters in its strings; the very same object when it has
    none (so that an item the writer did not touch is still the item read before)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value) if _CONTROL.search(value) else value
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        same = all(cleaned[key] is item for key, item in value.items())
        return value if same else cleaned
    if isinstance(value, list):
        items = [_clean(item) for item in value]
        return value if all(new is old for new, old in zip(items, value, strict=True)) else items
    return value


def load_file(path: Path) -> LoadResult:
    """Load one plan file; every failure (missing, unreadable, a folder …) becomes a Problem."""
    shown = str(path)

    def failed(message: str) -> LoadResult:
        return LoadResult(path, None, (Problem(shown, None, None, message),))

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return failed("is a folder, not a plan file")
        if not stat.S_ISREG(info.st_mode):
            # Reading a FIFO or a device could block forever or never end.
            return failed("is not a regular file")
        if info.st_size > MAX_BYTES:
            return failed(_too_big(info.st_size))
        data = path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            return failed(f"broken symbolic link to {os.readlink(path)}")
        return failed("no such file")
    except PermissionError:
        return failed("cannot read the file: permission denied")
    except OSError as error:
        return failed(f"cannot read the file: {error.strerror or error}")
    return load_bytes(data, path)


def _too_big(size: int) -> str:
    return f"file is {size / 1048576:.1f} MiB; plan files may be at most 5 MiB"


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of byte ``offset``."""
    head = data[:offset].decode("utf-8", errors="replace")
    return _position(head, len(head))


def load_bytes(
    data: bytes,
    path: Path,
    parsed: dict[str, Any] | None = None,
    previous: LoadResult | None = None,
) -> LoadResult:
    """Validate a plan file's bytes. ``path`` names the file in problems.

    ``parsed``: what ``tomllib`` reads from these very bytes, when the caller has it (the
    writer's, for bytes it just wrote): the file is then not parsed again.
    ``previous``: the load of the version these bytes replace, when ``parsed`` was made from
    its ``raw`` by an edit. An item of ``parsed`` that is the very object ``previous`` read
    (the writer copies only what it changes) is taken as ``previous`` built it, unchecked
    again, if ``previous`` found nothing wrong anywhere.
    """
    shown = str(path)
    digest = content_digest(data)
    size = len(data)

    def failed(line: int | None, col: int | None, message: str) -> LoadResult:
        return LoadResult(path, None, (Problem(shown, line, col, message),), digest, size=size)

    if len(data) > MAX_BYTES:
        return failed(None, None, _too_big(len(data)))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return failed(1, 1, "UTF-16 text; plan files must be UTF-8")
    if b"\x00" in data:
        line, col = _byte_position(data, data.index(b"\x00"))
        return failed(line, col, "binary file (contains NUL bytes), not a TOML plan")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _byte_position(data, error.start)
        return failed(line, col, "not valid UTF-8 text (plan files must be UTF-8)")
    if not text.strip():
        return failed(1, 1, "empty file: a plan needs at least a [plan] table with a name")
    try:
        raw = parsed if parsed is not None else tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, col, message = syntax_problem(text, str(error))
        return failed(line, col, message)
    except RecursionError:
        line, col = _deepest(text)
        return failed(line, col, _TOO_DEEP)
    try:
        reuse = _reusable(previous) if parsed is not None else {}
        result = _Validator(shown, text, _clean_plan(raw, reuse), digest, path, reuse).run()
    except RecursionError:
        # Nesting tomllib just managed to read can still be too deep for the checks that follow.
        line, col = _deepest(text)
        return failed(line, col, _TOO_DEEP)
    return dataclasses.replace(result, size=size)


def _clean_plan(raw: dict[str, Any], reuse: dict[int, tuple[Any, Any]]) -> dict[str, Any]:
    """``_clean(raw)``, but an item ``reuse`` holds was cleaned when it was read."""
    if not reuse:
        return cast(dict[str, Any], _clean(raw))
    cleaned: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, list):
            cleaned[key] = [
                item if (known := reuse.get(id(item))) and known[0] is item else _clean(item)
                for item in value
            ]
        else:
            cleaned[key] = _clean(value)
    return cleaned


def _reusable(previous: LoadResult | None) -> dict[int, tuple[Any, Any]]:
    """The items ``previous`` built, by the identity of what they were built from."""
    if previous is None or previous.plan is None or previous.problems:
        return {}
    reuse: dict[int, tuple[Any, Any]] = {}
    for name in SECTIONS:
        read, built = previous.raw.get(name), getattr(previous.plan, name)
        if isinstance(read, list) and len(read) == len(built):
            reuse.update((id(item), (item, value)) for item, value in zip(read, built, strict=True))
    return reuse


_DEPTH = 100
_TOO_DEEP = "arrays or tables nested too deeply to read"


def _deepest(text: str) -> tuple[int, int]:
    """Where brackets first nest more than ``_DEPTH`` deep (brackets in strings count too)."""
    depth = 0
    for offset, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > _DEPTH:
                return _position(text, offset)
        elif char in "]}":
            depth = max(0, depth - 1)
    return 1, 1


class _Validator:
    """Checks one parsed file against the format and builds the Plan when it holds."""

    def __init__(
        self,
        shown: str,
        text: str,
        raw: dict[str, Any],
        digest: str,
        path: Path,
        reuse: dict[int, tuple[Any, Any]] | None = None,
    ):
        self.shown = shown
        self.reuse = reuse or {}
        self.locator = Locator(text)
        self.raw = raw
        self.digest = digest
        self.path = path
        self.problems: list[Problem] = []

    def report(
        self,
        where: tuple[int, int],
        message: str,
        severity: Severity = "error",
    ) -> None:
        self.problems.append(Problem(self.shown, where[0], where[1], message, severity))

    def run(self) -> LoadResult:
        for key in self.raw:
            if key not in TOP_KEYS:
                self.report(
                    self.locator.top_key(key), f"unknown key {_toml(key)} (kept)", "warning"
                )
        info = self._plan_info()
        standup = self._standup()
        sections: dict[str, list[tuple[int, Any]]] = {}
        for name, kind in SECTIONS.items():
            sections[name] = self._section(name, kind)
        self._cross_check(sections)
        check_references(self.raw, self.locator, self.report, _NAMES)
        errors = any(p.severity == "error" for p in self.problems)
        plan = None
        if not errors and info is not None:
            plan = Plan(
                plan=info,
                standup=standup,
                **{name: tuple(item for _, item in items) for name, items in sections.items()},
            )
        self.problems.sort(key=lambda p: (p.line or 0, p.col or 0))
        return LoadResult(self.path, plan, tuple(self.problems), self.digest, self.raw)

    def _standup(self) -> Standup | None:
        table = self.raw.get("standup")
        if table is None:
            return None
        if not isinstance(table, dict):
            self.report(self.locator.top_key("standup"), "standup: expected a table [standup]")
            return None
        value = self._convert(table, Standup, "standup", None, "standup")
        return value if isinstance(value, Standup) else None

    def _plan_info(self) -> PlanInfo | None:
        table = self.raw.get("plan")
        if table is None:
            self.report((1, 1), "missing [plan] table (a plan needs at least [plan] name = …)")
            return None
        if not isinstance(table, dict):
            self.report(self.locator.top_key("plan"), "plan: expected a table [plan]")
            return None
        info = self._convert(table, PlanInfo, "plan", None, "plan")
        if isinstance(info, PlanInfo):
            self._check_span(info.start, info.end, "plan", None, "plan")
        return info if isinstance(info, PlanInfo) else None

    def _section(self, name: str, kind: type[Any]) -> list[tuple[int, Any]]:
        """The items of one section that validate, each with its position in the file."""
        items = self.raw.get(name)
        if items is None:
            return []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            self.report(
                self.locator.top_key(name), f"{name}: expected an array of tables [[{name}]]"
            )
            return []
        converted = []
        for index, item in enumerate(items):
            known = self.reuse.get(id(item))
            if known is not None and known[0] is item and type(known[1]) is kind:
                converted.append((index, known[1]))
                continue
            label = _label(name, index, item)
            value = self._convert(item, kind, name, index, label)
            if value is not None:
                converted.append((index, value))
        return converted

    def _convert(
        self, item: dict[str, Any], kind: type[Any], section: str, index: int | None, label: str
    ) -> Any:
        known = {f.encode_name for f in _fields(kind)}
        for key in item:
            if key not in known:
                where = self.locator.find(section, index, key)
                self.report(where, f"{label}: unknown key {_toml(key)} (kept)", "warning")
        try:
            value = msgspec.convert(item, kind, builtin_types=(dt.date,))
        except msgspec.ValidationError:
            self._explain(item, kind, section, index, label)
            return None
        self._check_numbers(item, known, section, index, label)
        self._check_item(value, section, index, label)
        return value

    def _check_numbers(
        self, item: dict[str, Any], known: set[str], section: str, index: int | None, label: str
    ) -> None:
        """Report every number of the item's known keys that ``model.values`` rejects."""
        for key, value in item.items():
            if key not in known or (section == "risks" and key in LEVEL_KEYS):
                continue  # a risk level out of its scales is reported as such
            for inner, problem in _number_problems(value, ()):
                where = self.locator.find(section, index, key)
                if inner and isinstance(inner[0], int):
                    where = self.locator.element(where, inner[0])
                shown = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in inner)
                self.report(where, f"{label}.{key}{shown}: {problem}")

    def _explain(
        self, item: dict[str, Any], kind: type[Any], section: str, index: int | None, label: str
    ) -> None:
        """Report every bad field of an item that failed validation (msgspec stops at one)."""
        for info in _fields(kind):
            key = info.encode_name
            if key not in item:
                if info.required:
                    where = self.locator.find(section, index)
                    self.report(where, f"{label}: missing required key {_toml(key)}")
                continue
            value = item[key]
            try:
                msgspec.convert(value, info.type, builtin_types=(dt.date,))
            except msgspec.ValidationError as error:
                message = _describe(key, value, str(error), info.type)
                where = self.locator.find(section, index, key)
                entry = re.search(r"- at `\$\[(\d+)\]", str(error))
                if entry:  # point at the bad entry of a list written over several lines
                    where = self.locator.element(where, int(entry.group(1)))
                self.report(where, f"{label}.{key}{message}")
                continue
            if kind is Risk and key in LEVEL_KEYS and level_of(value) is None:
                where = self.locator.find(section, index, key)
                self.report(where, f"{label}.{key}: {_level_problem(value)}")

    def _check_item(self, value: Any, section: str, index: int | None, label: str) -> None:
        if isinstance(value, Phase):
            self._check_span(value.start, value.end, section, index, label)
        elif isinstance(value, Risk):
            for key in LEVEL_KEYS:
                written = getattr(value, key)
                if written is not None and level_of(written) is None:
                    where = self.locator.find(section, index, key)
                    self.report(where, f"{label}.{key}: {_level_problem(written)}")
        elif isinstance(value, Kpi):
            self._check_text_values(value, index, label)
        elif isinstance(value, Milestone) and value.status == "done" and value.done_on is None:
            self.report(
                self.locator.find(section, index, "status"),
                f"{label}: done but has no done_on date",
                "warning",
            )
        elif isinstance(value, Task) and value.status is not None and value.done is not None:
            self.report(
                self.locator.find(section, index, "done"),
                f"{label}: has both status and done; status wins",
                "warning",
            )

    def _check_text_values(self, kpi: Kpi, index: int | None, label: str) -> None:
        """A text value that is really a number ("75%") is an error: it would never be compared."""
        for key in ("actuals", "targets"):
            for position, point in enumerate(getattr(kpi, key)):
                if isinstance(point.value, str) and _NUMBER_TEXT.fullmatch(point.value):
                    where = self.locator.element(self.locator.find("kpis", index, key), position)
                    self.report(
                        where,
                        f"{label}.{key}[{position + 1}].value: {_toml(point.value)} is a number "
                        "written as text; write it without quotes (the unit goes in unit)",
                    )

    def _check_span(
        self,
        start: dt.date | None,
        end: dt.date | None,
        section: str,
        index: int | None,
        label: str,
    ) -> None:
        if start is not None and end is not None and end < start:
            self.report(
                self.locator.find(section, index, "end"),
                f"{label}.end: {end.isoformat()} is before start {start.isoformat()}",
            )

    def _cross_check(self, sections: dict[str, list[tuple[int, Any]]]) -> None:
        raw_items = {name: self.raw.get(name) for name in SECTIONS}
        ids: dict[str, set[str]] = {}
        for name in SECTIONS:
            items = raw_items[name]
            seen: set[str] = set()
            if isinstance(items, list):
                for index, item in enumerate(items):
                    ident = item.get("id") if isinstance(item, dict) else None
                    if not isinstance(ident, str):
                        continue
                    if ident in seen:
                        self.report(
                            self.locator.find(name, index, "id"),
                            f"{name}[{ident}]: duplicate id {_toml(ident)}",
                        )
                    seen.add(ident)
            ids[name] = seen
        for name, items in sections.items():
            for index, item in items:
                for ref, target in (("phase", "phases"), ("milestone", "milestones")):
                    wanted = getattr(item, ref, None)
                    if wanted is not None and wanted not in ids[target]:
                        label = _label(name, index, {"id": item.id})
                        self.report(
                            self.locator.find(name, index, ref),
                            f"{label}.{ref}: no {ref} has id {_toml(wanted)}",
                        )


def _number_problems(
    value: Any, inner: tuple[int | str, ...]
) -> typing.Iterator[tuple[tuple[int | str, ...], str]]:
    """(where inside ``value``, what is wrong) for each number in it a plan may not hold."""
    if isinstance(value, list):
        for position, element in enumerate(value):
            yield from _number_problems(element, (*inner, position))
    elif isinstance(value, dict):
        for key, element in value.items():
            yield from _number_problems(element, (*inner, key))
    else:
        problem = number_problem(value)
        if problem is not None:
            yield inner, problem


LEVEL_KEYS = ("probability", "impact", "level")
CHECKLIST_KEYS = ("deliverables", "acceptance")
#: Text that is a number with perhaps a unit ("75%", "1,000 ms"): a KPI value to write unquoted.
_NUMBER_TEXT = re.compile(r"\s*[-+]?(?:\d[\d,]*)?\.?\d+\s*(?:%|[A-Za-z/]{1,8})?\s*")


class _Names:
    """How items and values are named in messages (for the checks in ``store.checks``)."""

    @staticmethod
    def label(section: str, index: int, item: dict[str, Any]) -> str:
        return _label(section, index, item)

    @staticmethod
    def quote(value: Any) -> str:
        return _toml(value)


_NAMES = _Names()


def _level_problem(value: Any) -> str:
    return (
        f"{_toml(value)} is not a risk level "
        '(use 1-5, 低/中/高, low/medium/high, or a percentage like "60%")'
    )


def _label(section: str, index: int, item: dict[str, Any]) -> str:
    ident = item.get("name" if section == "people" else "id")
    if isinstance(ident, str) and ident:
        return f"{section}[{ident if ident.isprintable() else _toml(ident)}]"
    return f"{section} #{index + 1}"


#: Characters a message must not print as they are: controls (a key may hold any, since keys are
#: not cleaned), bidi overrides, and the quote and backslash of TOML's own string syntax.
_ESCAPE = re.compile('[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"\\\\]')
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _toml(value: Any) -> str:
    """A value written the way TOML would, for messages."""
    if isinstance(value, str):
        return '"' + _ESCAPE.sub(_escape, value) + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return repr(value)


_TYPE_WORDS = {
    "str": "a string",
    "date": "a date",
    "float": "a number",
    "int": "an integer",
    "bool": "true or false",
    "array": "an array",
    "object": "a table",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "a table"


def _allowed(kind: Any) -> tuple[str, ...]:
    """The values a ``Literal[...]`` type (or ``Literal[...] | None``) allows; () for others."""
    if typing.get_origin(kind) is Literal:
        return tuple(str(value) for value in typing.get_args(kind))
    return tuple(value for part in typing.get_args(kind) for value in _allowed(part))


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


#: Values whose usual other spellings ``check`` suggests the right value for.
_SUGGESTED: dict[tuple[str, ...], dict[str, str]] = {
    PRIORITIES: PRIORITY_WORDS,
    APPROVALS: APPROVAL_WORDS,
}


def _describe(key: str, value: Any, error: str, kind: Any) -> str:
    """A readable message for msgspec's ``error`` about ``key = value``; starts with ``.`` or ``:``.

    Errors deeper in the value (an actual's date) keep their path: ``kpis[qps].actuals[1].date``.
    """
    # msgspec ends with " - at `$[1].value`" when the problem is inside the value.
    detail, at, where = error.rpartition(" - at `$")
    if at and where.endswith("`"):
        where = where[:-1]
    else:
        detail, where = error, ""
    inner: Any = value
    for part in re.findall(r"\[(\d+)\]|\.(\w+)", where):
        try:
            inner = inner[int(part[0])] if part[0] else inner[part[1]]
        except (LookupError, TypeError):
            break
    path = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", where)
    allowed = _allowed(kind)
    if allowed and isinstance(value, str):
        if allowed == STATUSES:
            if value in STATUS_WORDS:
                hint = _toml(STATUS_WORDS[value])
                return f": {_toml(value)} is not a status; did you mean {hint}?"
            return f": {_toml(value)} is not a status ({', '.join(STATUSES)})"
        choices = f": {_toml(value)} is not one of {', '.join(_toml(v) for v in allowed)}"
        meant = suggestion(_SUGGESTED.get(allowed, {}), value)
        return choices if meant is None else f"{choices}; did you mean {_toml(meant)}?"
    if key in LEVEL_KEYS and not path:
        return f": {_level_problem(value)}"
    if detail.startswith("Object missing required field"):
        missing = detail.split("`")[1]
        return f"{path}: missing required key {_toml(missing)}"
    if key in CHECKLIST_KEYS and isinstance(inner, str) and re.fullmatch(r"\[\d+\]", path):
        return f'{path}: expected a table {{ text = "…", done = false }}, got {_toml(inner)}'
    if detail.startswith("Invalid enum value") and path.endswith(".op"):
        return f"{path}: {_toml(inner)} is not one of {', '.join(_toml(v) for v in OPS)}"
    expected = re.match(r"Expected `(.+?)`, got `(.+?)`", detail)
    if expected:
        parts = [part.strip() for part in expected.group(1).split("|")]
        words = [_TYPE_WORDS.get(part, part) for part in parts]
        if "a number" in words:
            words = [word for word in words if word != "an integer"]
        wanted = " or ".join(word for word in words if word != "null")
        if isinstance(inner, str | int | float) and not isinstance(inner, bool):
            got = _toml(inner)
            if isinstance(inner, str) and "date" in wanted:
                if _is_date(inner.strip()):
                    got += " (a string; write dates without quotes)"
                else:
                    got += " (not a valid date; write dates as 2025-03-31, without quotes)"
        else:
            got = _kind(inner)
        return f"{path}: expected {wanted}, got {got}"
    return f"{path}: {detail[:1].lower()}{detail[1:]}"


def plan_files(paths: list[Path]) -> list[Path]:
    """The plan files named by ``paths``: files as given, folders searched (not recursively).

    A folder's ``*.toml`` files are taken in name order; ``pyproject.toml``, dot-files and
    folders that happen to end in ``.toml`` are skipped, since they are not plans.
    """
    found: list[Path] = []
    for path in paths:
        if is_folder(path):
            found.extend(
                sorted(
                    child
                    for child in path.glob("*.toml")
                    if not child.name.startswith(".")
                    and child.name not in NOT_PLANS
                    and not child.is_dir()
                )
            )
        else:
            found.append(path)
    return found


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False for a name the system cannot even look up (too long)."""
    try:
        return path.is_dir()
    except OSError:
        return False  # then read as a file, whose problem load_file reports


NOT_PLANS = frozenset({"pyproject.toml", "Cargo.toml", "netlify.toml", "taplo.toml", ".taplo.toml"})


__all__ = [
    "Kpi",
    "LoadResult",
    "Milestone",
    "Phase",
    "Plan",
    "Problem",
    "Risk",
    "Task",
    "clean_text",
    "content_digest",
    "load_bytes",
    "load_file",
    "plan_files",
]
