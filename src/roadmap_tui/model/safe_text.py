"""The one gate for text from outside the program on its way to a terminal.

Plan values, TOML keys quoted in messages, file and folder names, git output and command-line
arguments may hold anything: an escape sequence that retitles the window or clears the screen,
a C1 control, a right-to-left override that makes a line read differently from what it says, or
(in a file name that is not UTF-8) a lone surrogate that cannot even be printed. Every such text
passes through ``safe_text`` before it reaches a renderable, a notification or stderr.

Two ways through the gate:

- ``safe_text(text)`` drops the characters (tab and newline stay; ``one_line`` makes them
  spaces). For prose, where the control characters carry no meaning: plan values (the loader
  cleans them this way), git author names, messages.
- ``safe_text(text, visible=True)`` shows each one as an escape (``\\x1b``, ``\\u202e``,
  ``\\n``): for names, where two files must never look alike and a reader needs to see what is
  there (file names, TOML keys, revisions).

Markup is a separate matter: text through this gate is still put into ``Text``/``Content``
objects, never into markup strings.
"""

from __future__ import annotations

import re

#: C0 and C1 control characters except tab and newline, bidirectional embeddings, overrides and
#: isolates (which could make text read differently on screen from what it says), and lone
#: surrogates (undecodable bytes of a file name; a UTF-8 terminal stream cannot encode them).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: The same, with tab and newline too.
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte os.fsdecode could not decode, as that byte
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _dropped(match: re.Match[str]) -> str:
    # A lone surrogate stood for a byte of text: leave a mark that something was there.
    return "\ufffd" if "\ud800" <= match.group(0) <= "\udfff" else ""


def safe_text(text: str, *, visible: bool = False, one_line: bool = False) -> str:
    """``text`` with nothing in it that a terminal would act on.

    Args:
        text: any text from outside the program.
        visible: show each control character as an escape (``\\x1b``) instead of dropping it;
            tab and newline are shown as ``\\t`` and ``\\n`` too.
        one_line: (when not ``visible``) tabs and line breaks become spaces.
    """
    if visible:
        return _ANY_CONTROL.sub(_escaped, text) if _ANY_CONTROL.search(text) else text
    if CONTROL.search(text):
        text = CONTROL.sub(_dropped, text)
    if one_line and ("\n" in text or "\t" in text):
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def safe_name(name: object) -> str:
    """A file or folder name (or any ``str()``-able path) with its controls shown escaped."""
    return safe_text(str(name), visible=True)


__all__ = ["CONTROL", "safe_name", "safe_text"]
