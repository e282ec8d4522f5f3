"""Find the line and column of a key in a plan file's text, for error messages.

``tomllib`` gives no positions for values, so problems found after parsing are located by a
light scan of the text: the N-th ``[[section]]`` header, then the key within that item's lines.
"""

from __future__ import annotations

import re
from functools import cached_property

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = r'^\s*(?:"{0}"|\'{0}\'|{0})\s*[=.]'


def _bare(name: str) -> str:
    """A dotted header name with quotes and spaces around parts removed."""
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


class Locator:
    """Positions of tables and keys in one TOML text. Lines and columns are 1-based."""

    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def _lines(self) -> list[str]:
        return self._text.splitlines()

    @cached_property
    def _headers(self) -> list[tuple[int, str, bool]]:
        """(line index, dotted name, is array-of-tables) for every table header."""
        found = []
        for index, line in enumerate(self._lines):
            if "[" not in line:
                continue
            match = _HEADER.match(line)
            if match:
                found.append((index, _bare(match.group(2)), match.group(1) == "[["))
        return found

    def _block(self, section: str, index: int | None) -> tuple[int, int] | None:
        """Line range [start, end) of ``[section]`` or of the index-th ``[[section]]``."""
        seen = -1
        for position, (line, name, is_array) in enumerate(self._headers):
            if name != section or (index is None) == is_array:
                continue
            seen += 1
            if index is not None and seen != index:
                continue
            end = len(self._lines)
            for later_line, later_name, _ in self._headers[position + 1 :]:
                if not later_name.startswith(section + "."):
                    end = later_line
                    break
            return line, end
        return None

    def _key_in(self, key: str, start: int, end: int) -> tuple[int, int] | None:
        pattern = re.compile(_KEY.format(re.escape(key)))
        for index in range(start, end):
            line = self._lines[index]
            if pattern.match(line):
                return index + 1, len(line) - len(line.lstrip()) + 1
        return None

    def find(self, section: str, index: int | None = None, key: str | None = None) -> tuple[int, int]:
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
            sub = self._block(f"{section}.{key}", 0)
            if sub is not None and start < sub[0] < end:
                return sub[0] + 1, 1
            found = self._key_in(key, start + 1, end)
            if found is not None:
                return found
        header = self._lines[start]
        return start + 1, len(header) - len(header.lstrip()) + 1

    def top_key(self, key: str) -> tuple[int, int]:
        """Where a top-level key or table is written."""
        for line, name, _ in self._headers:
            if name == key or name.startswith(key + "."):
                return line + 1, 1
        first_header = self._headers[0][0] if self._headers else len(self._lines)
        return self._key_in(key, 0, first_header) or (1, 1)
