"""Find the line and column of a key in a plan file's text, and explain TOML syntax errors.

``tomllib`` gives no positions for values, so problems found after parsing are located by a
light scan of the text: the N-th ``[[section]]`` header, then the key within that item's lines.
Its syntax errors do carry a position, but often the wrong one for a reader (a duplicate key is
reported after its value, an unclosed string at the end of the file) and terse wording;
``syntax_problem`` points at the statement at fault and says what is wrong in plain words.
"""

from __future__ import annotations

import ast
import bisect
import itertools
import re
import tomllib
from functools import cached_property
from typing import TypeAlias

from roadmap_tui.model.plan import SECTIONS

#: One part of a dotted key: "basic", 'literal' or bare. No two ways to match the same text, so
#: the patterns built from it cannot backtrack badly on long lines (a header with thousands of
#: spaces took minutes with a looser pattern).
_PART = r"""(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z0-9_-]+)"""
_HEADER = re.compile(
    rf"^[ \t]*(\[\[?)[ \t]*({_PART}(?:[ \t]*\.[ \t]*{_PART})*)[ \t]*\]\]?\s*(?:#.*)?$"
)
_PARTS = re.compile(_PART)
#: The first part of the key a line starts with: ``"a b" =``, ``'a' =``, ``a.b =`` → a b, a, a.
_KEY = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")


def _bare(name: str) -> str:
    """A dotted header name as TOML reads it: parts unquoted, spaces around them dropped."""
    parts = []
    for part in _PARTS.findall(name):
        if part.startswith('"'):
            parts.append(_unescape(part[1:-1]) if "\\" in part else part[1:-1])
        else:
            parts.append(part.strip("'"))
    return ".".join(parts)


def _unescape(key: str) -> str:
    """A basic-string key as TOML reads it (``"a\\u0041"`` → ``aA``); as written if invalid."""
    try:
        value = tomllib.loads(f'k = "{key}"')["k"]
    except tomllib.TOMLDecodeError:
        return key
    return value if isinstance(value, str) else key


def _indent(line: str) -> int:
    """1-based column of a line's first non-blank character."""
    return len(line) - len(line.lstrip()) + 1


class Locator:
    """Positions of tables and keys in one TOML text. Lines and columns are 1-based."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._key_index: dict[tuple[int, int], dict[str, tuple[int, int]]] = {}

    @cached_property
    def _lines(self) -> list[str]:
        # Only "\n" ends a line in TOML (tomllib counts the same way); str.splitlines would also
        # split at form feeds, U+0085 or U+2028 inside strings and comments, shifting every line.
        return self._text.split("\n")

    @cached_property
    def _in_strings(self) -> set[int]:
        """Indices of lines that begin inside a multi-line string: content, not TOML."""
        if '"""' not in self._text and "'''" not in self._text:
            return set()  # no multi-line string: no need to walk every string in the file
        spans: list[tuple[int, int]] = []
        _scan(self._text, len(self._text), spans)
        inside: set[int] = set()
        for start, end in spans:
            first = bisect.bisect_right(self._line_starts, start)
            inside.update(range(first, bisect.bisect_right(self._line_starts, end - 1)))
        return inside

    @cached_property
    def _headers(self) -> list[tuple[int, str, bool]]:
        """(line index, dotted name, is array-of-tables) for every table header."""
        found = []
        for index, line in enumerate(self._lines):
            if "[" not in line or index in self._in_strings:
                continue
            match = _HEADER.match(line)
            if match:
                found.append((index, _bare(match.group(2)), match.group(1) == "[["))
        return found

    @cached_property
    def _by_name(self) -> dict[tuple[str, bool], list[int]]:
        """Positions in ``_headers`` of each (name, is array-of-tables), in file order."""
        index: dict[tuple[str, bool], list[int]] = {}
        for position, (_, name, is_array) in enumerate(self._headers):
            index.setdefault((name, is_array), []).append(position)
        return index

    def _block(self, section: str, index: int | None) -> tuple[int, int] | None:
        """Line range [start, end) of ``[section]`` or of the index-th ``[[section]]``."""
        positions = self._by_name.get((section, index is not None), [])
        wanted = 0 if index is None else index
        if not 0 <= wanted < len(positions):
            return None
        position = positions[wanted]
        end = len(self._lines)
        for later in range(position + 1, len(self._headers)):  # no slice: that copies the list
            later_line, later_name, _ = self._headers[later]
            if not later_name.startswith(section + "."):
                end = later_line
                break
        return self._headers[position][0], end

    def _key_in(self, key: str, start: int, end: int) -> tuple[int, int] | None:
        """Where the first line in [start, end) that sets ``key`` (or ``key.…``) is."""
        keys = self._key_index.get((start, end))
        if keys is None:
            # Built once per block: a file with thousands of unknown keys stays linear.
            keys = {}
            for index in range(start, end):
                line = self._lines[index]
                match = None if index in self._in_strings else _KEY.match(line)
                if match:
                    quoted, literal, bare = match.groups()
                    if quoted is not None and "\\" in quoted:
                        quoted = _unescape(quoted)
                    name = next(part for part in (quoted, literal, bare) if part is not None)
                    keys.setdefault(name, (index + 1, _indent(line)))
            self._key_index[(start, end)] = keys
        return keys.get(key)

    def _scope(self, section: str, index: int | None, start: int) -> tuple[int, int]:
        """Lines where sub-tables of an item may be written (exclusive bounds).

        Those of a plain table may be anywhere; those of the index-th ``[[section]]`` follow it,
        up to the next ``[[section]]``.
        """
        if index is None:
            return -1, len(self._lines)
        positions = self._by_name[(section, True)]
        later = positions[index + 1] if index + 1 < len(positions) else None
        return start, len(self._lines) if later is None else self._headers[later][0]

    def _sub_table(self, name: str, start: int, end: int) -> tuple[int, int] | None:
        """Where a ``[name]`` or ``[[name]]`` header (or one below it) is, within [start, end)."""
        first = bisect.bisect_right(self._headers, start, key=lambda header: header[0])
        for line, header, _ in itertools.islice(self._headers, first, None):
            if line >= end:
                break
            if header == name or header.startswith(name + "."):
                return line + 1, _indent(self._lines[line])
        return None

    def find(
        self, section: str, index: int | None = None, key: str | None = None
    ) -> tuple[int, int]:
        """Where ``section[index].key`` is written; falls back to the item, then to line 1.

        Args:
            section: top-level name (``plan``, ``milestones`` …).
            index: position within an array of tables, or None for a plain table.
            key: the key inside the item, or None for the item's header.
        """
        block = self._block(section, index)
        if block is None:
            # Written inline (``milestones = [...]``) or absent: point at the section's key.
            return self._key_in(section, 0, len(self._lines)) or (1, 1)
        start, end = block
        if key is not None:
            found = self._key_in(key, start + 1, end) or self._sub_table(
                f"{section}.{key}", *self._scope(section, index, start)
            )
            if found is not None:
                return found
        return start + 1, _indent(self._lines[start])

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        for line in self._lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        return starts

    def element(self, where: tuple[int, int], index: int) -> tuple[int, int]:
        """Where the ``index``-th value of the array assigned on line ``where[0]`` starts.

        Lets a problem in ``actuals = [ … ]`` point at the bad entry on its own line. Falls back
        to ``where`` when the value there is not an array written out in the text.
        """
        text = self._text
        start = self._line_starts[where[0] - 1] if where[0] <= len(self._lines) else len(text)
        equals = text.find("=", start, start + len(self._lines[where[0] - 1]))
        pos = _skip_blank(text, equals + 1) if equals >= 0 else len(text)
        if not text.startswith("[", pos):
            return where
        pos = _skip_blank(text, pos + 1)
        depth, seen = 0, 0
        while pos < len(text) and seen < index:
            match = _ELEMENT_SPECIAL.search(text, pos)
            if match is None:
                return where
            pos, char = match.start(), match.group(0)
            if char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth < 0:
                    return where  # the array ended before the element
            elif char == "#":
                pos = _skip_blank(text, pos)
                continue
            elif char == "," and depth == 0:
                seen += 1
                pos = _skip_blank(text, pos + 1)
                if text.startswith("]", pos):
                    return where  # a trailing comma, not another element
                continue
            elif char in "\"'":
                delim = char * 3 if text.startswith(char * 3, pos) else char
                end = _string_end(text, pos + len(delim), delim, len(text))
                pos = len(text) if end is None else end
                continue
            pos += 1
        line = bisect.bisect_right(self._line_starts, pos)
        return line, pos - self._line_starts[line - 1] + 1

    def top_key(self, key: str) -> tuple[int, int]:
        """Where a top-level key or table is written."""
        for line, name, _ in self._headers:
            if name == key or name.startswith(key + "."):
                return line + 1, _indent(self._lines[line])
        first_header = self._headers[0][0] if self._headers else len(self._lines)
        return self._key_in(key, 0, first_header) or (1, 1)

    def statement_start(self, line: int) -> tuple[int, int]:
        """Where the ``key = value`` statement that ends on 1-based ``line`` begins.

        A value may span lines (arrays, multi-line strings); walk back to the line with the key.
        """
        assignment = re.compile(r"""^\s*[A-Za-z0-9_\-"'.][^=\[]*?=""")
        for index in range(min(line, len(self._lines)) - 1, -1, -1):
            text = self._lines[index]
            if index not in self._in_strings and assignment.match(text):
                return index + 1, _indent(text)
        return line, 1


_TOML_WHERE = re.compile(r"line (\d+), column (\d+)\)|end of document\)")
_SPECIAL = re.compile(r"""[\[\]{}#"']""")
_DATE_TEXT = re.compile(
    r"\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?)?"
)
_UNCLOSED = ("Unterminated string", "Illegal character '\\n'", "Found invalid character '\\n'")
_AFTER_ESCAPE = ("Unescaped '\\' in a string", "Invalid hex value")
_SIMPLE = {
    "Invalid statement": "expected key = value, a [table] header or a # comment",
    "Expected newline or end of document after a statement": (
        "unexpected text after the value (one key = value per line; comments start with #)"
    ),
    "Expected '=' after a key in a key/value pair": "expected '=' after the key",
    "Invalid initial character for a key part": (
        "invalid key (bare keys are letters, digits, _ and -; quote any other key)"
    ),
    "Invalid value": 'invalid value (text needs quotes: "…"; dates are written 2025-03-31)',
    "Unescaped '\\' in a string": (
        "a backslash in a \"…\" string starts an escape; write \\\\ or use '…' quotes"
    ),
    "Invalid hex value": "invalid \\u or \\U escape (4 or 8 hex digits)",
    "Escaped character is not a Unicode scalar value": "the escape is not a Unicode character",
    "Expected ']' at the end of a table declaration": "expected ']' to end the table header",
    "Expected ']]' at the end of an array declaration": "expected ']]' to end the [[table]] header",
}


def _string_end(text: str, start: int, delim: str, stop: int) -> int | None:
    """Offset just after the string that opened with ``delim`` before ``start``; None if open."""
    escapes = delim[0] == '"'
    pos = start
    while True:
        end = text.find(delim, pos, stop)
        if end < 0:
            return None
        if len(delim) == 1 and "\n" in text[pos:end]:
            return None
        if escapes:
            # The closing quote must not be escaped: count the backslashes just before it.
            slashes = len(text[pos:end]) - len(text[pos:end].rstrip("\\"))
            if slashes % 2:
                pos = end + 1
                continue
        close = end + len(delim)
        if len(delim) == 3:
            # Up to two more quotes still belong to the content: """say "hi"""".
            for _ in range(2):
                if close < stop and text[close] == delim[0]:
                    close += 1
        return close


def _scan(
    text: str, stop: int, spans: list[tuple[int, int]] | None = None
) -> tuple[list[int], int | None]:
    """Offsets of the brackets still open at ``stop``, and of a string still open there.

    Args:
        spans: if given, gets the [start, end) offsets of every multi-line string.
    """
    opened: list[int] = []
    pos = 0
    while True:
        match = _SPECIAL.search(text, pos, stop)
        if match is None:
            return opened, None
        pos = match.start()
        char = text[pos]
        if char in "[{":
            opened.append(pos)
            pos += 1
        elif char in "]}":
            if opened:
                opened.pop()
            pos += 1
        elif char == "#":
            pos = text.find("\n", pos, stop)
            if pos < 0:
                return opened, None
        else:
            delim = char * 3 if text.startswith(char * 3, pos) else char
            end = _string_end(text, pos + len(delim), delim, stop)
            if spans is not None and len(delim) == 3:
                spans.append((pos, stop if end is None else end))
            if end is None:
                return opened, pos
            pos = end


_ELEMENT_SPECIAL = re.compile(r"""[\[\]{}#"',]""")


def _skip_blank(text: str, pos: int) -> int:
    """The first offset from ``pos`` that is not whitespace, a line end or a comment."""
    while pos < len(text):
        if text[pos] in " \t\r\n":
            pos += 1
        elif text[pos] == "#":
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end
        else:
            break
    return pos


def _offset(text: str, line: int, col: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + col - 1


def _name(key_repr: str) -> str:
    """``('a', 'b')`` as tomllib writes a key in messages → ``a.b``."""
    try:
        parts = ast.literal_eval(key_repr)
    except (ValueError, SyntaxError):
        return key_repr
    return ".".join(str(part) for part in parts) if isinstance(parts, tuple) else key_repr


def syntax_problem(text: str, error: str) -> tuple[int, int, str]:
    """Line, column and a plain message for a ``tomllib`` syntax ``error`` in ``text``."""
    # Split by hand: the message quotes keys from the file, which a regex could choke on.
    detail, _, position = error.rpartition(" (at ")
    match = _TOML_WHERE.fullmatch(position)
    if match is None or not detail:
        return 1, 1, f"syntax error: {error}"
    source = text.replace("\r\n", "\n")  # positions are in tomllib's line-end-normalised text
    if match.group(1):
        offset = min(_offset(source, int(match.group(1)), int(match.group(2))), len(source))
    else:
        offset = len(source)
    if detail in _AFTER_ESCAPE and source[offset - 2 : offset - 1] == "\\":
        offset -= 2  # tomllib points past a bad escape; point at its backslash
    found = (
        _about_strings(source, detail, offset)
        or _about_dates(source, detail, offset)
        or _about_brackets(source, detail, offset)
        or _about_redefinitions(source, detail, offset)
    )
    message, where = found or (_SIMPLE.get(detail) or detail[:1].lower() + detail[1:], None)
    line, col = where or _where(source, offset)
    return line, col, f"syntax error: {message}"


_Found: TypeAlias = tuple[str, tuple[int, int] | None] | None


def _about_strings(source: str, detail: str, offset: int) -> _Found:
    """An unclosed string (pointing at its opening quote), or a control character in one."""
    if detail in _UNCLOSED or detail.startswith("Expected \"'"):
        _, string = _scan(source, offset)
        if string is not None:
            multi = source.startswith(source[string] * 3, string)
            return f"{'multi-line ' if multi else ''}string is not closed", _where(source, string)
    if detail.startswith(("Illegal character", "Found invalid character")):
        try:
            char = ast.literal_eval(detail.rsplit(" ", 1)[1])
        except (ValueError, SyntaxError):
            return None
        if isinstance(char, str) and len(char) == 1 and char != "\n":
            code = ord(char)
            if _scan(source, offset)[1] is None:
                return f"control character U+{code:04X} in a comment", None
            return f"control character U+{code:04X} in a string (write it as \\u{code:04x})", None
    return None


def _about_dates(source: str, detail: str, offset: int) -> _Found:
    """A date that is not one (2025-13-01): tomllib reads it as 2025 followed by junk."""
    if detail == "Invalid date or datetime":
        start = offset
    elif source[max(0, offset - 4) : offset].isdigit() and source.startswith("-", offset):
        start = offset - 4
    else:
        return None
    written = _DATE_TEXT.match(source, start)
    if written is None:
        return None
    return f"{written.group(0)} is not a valid date", _where(source, start)


def _about_brackets(source: str, detail: str, offset: int) -> _Found:
    """A missing comma or closing bracket, or an inline table broken over lines."""
    opened, _ = _scan(source, offset)
    inline = bool(opened) and source[opened[-1]] == "{"
    if detail == "Invalid initial character for a key part" and inline:
        if source.startswith("}", offset):
            return "an inline table { … } must not end with a comma", None
        if source.startswith("\n", offset):
            return "an inline table { … } must be written on one line", None
    if detail not in ("Unclosed array", "Unclosed inline table"):
        return None
    close, opener = ("]", "[") if detail == "Unclosed array" else ("}", "{")
    kind = "array" if close == "]" else "inline table"
    starts = [pos for pos in opened if source[pos] == opener]
    at = " opened at {}:{}".format(*_where(source, starts[-1])) if starts else ""
    return f"expected ',' or '{close}' in the {kind}{at}", None


def _about_redefinitions(source: str, detail: str, offset: int) -> _Found:
    """A key or table defined twice, pointing at the second definition rather than past it."""
    locator = Locator(source)
    line = source.count("\n", 0, offset) + 1
    statement = locator._lines[line - 1] if line <= len(locator._lines) else ""
    header = statement.lstrip().startswith("[")
    here = (line, _indent(statement)) if header else locator.statement_start(line)
    if detail.startswith("Cannot declare"):
        name = _name(detail[len("Cannot declare ") : -len(" twice")])
        hint = f"; write [[{name}]] for each item" if name in SECTIONS else ""
        return f"table [{name}] is already defined above{hint}", here
    if detail == "Cannot overwrite a value":
        if header:
            written = statement.split("#", 1)[0].strip()
            name = _bare(written.strip("[]"))
            hint = f"; write every item as [[{name}]]" if name in SECTIONS else ""
            return f"{written} conflicts with {name} defined above{hint}", here
        key = locator._lines[here[0] - 1].split("=", 1)[0].strip()
        return f"{key} is already set above (a key may appear only once per table)", here
    if detail.startswith("Duplicate inline table key"):
        return f"duplicate key {detail.rsplit(' ', 1)[1]} in the inline table", None
    if detail.startswith(("Cannot mutate immutable namespace", "Cannot redefine namespace")):
        name = _name(detail.rsplit(" namespace ", 1)[1])
        return f"{name} is already defined above and cannot be extended here", here
    return None


def _where(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1
