"""The terminal-text gate: what it drops, what it shows escaped, what it leaves alone."""

from __future__ import annotations

import os

from roadmap_tui.model.safe_text import safe_name, safe_text

HOSTILE = "a\x1b]0;t\x07b\x9b2J\u202ec\u2066d\x00e\x7ff"


def test_prose_loses_every_control_but_tab_and_newline() -> None:
    assert safe_text(HOSTILE) == "a]0;tb2Jcdef"
    assert safe_text("one\ttwo\nthree\r") == "one\ttwo\nthree"
    assert safe_text("one\ttwo\nthree", one_line=True) == "one two three"


def test_names_show_every_control_escaped() -> None:
    assert safe_name(HOSTILE) == "a\\x1b]0;t\\x07b\\x9b2J\\u202ec\\u2066d\\x00e\\x7ff"
    assert safe_name("two\nlines\t.toml") == "two\\nlines\\t.toml"


def test_undecodable_bytes_of_a_file_name_show_as_those_bytes() -> None:
    name = os.fsdecode(b"plan\xff\xfe.toml")
    assert safe_name(name) == "plan\\xff\\xfe.toml"
    assert safe_text(name) == "plan\ufffd\ufffd.toml"  # printable on a UTF-8 stream
    safe_text(name).encode("utf-8")


def test_ordinary_text_passes_unchanged() -> None:
    for text in ("核心计划 · 服务发现", "[bold red]x[/]", "emoji ✅ and accents é", "a\\x1b"):
        assert safe_text(text) == text
        assert safe_name(text) == text
