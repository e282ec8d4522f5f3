"""Markdown → a tree of sections holding typed blocks, each block knowing its source lines.

markdown-it-py does the parsing; this module only regroups its token stream into what the
recognisers need: headings with the blocks below them, tables as header + rows, list items with
their nested blocks, paragraphs as lines, fences as raw lines. Line numbers are 1-based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeAlias

from markdown_it import MarkdownIt
from markdown_it.token import Token

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def clean(text: str) -> str:
    """``text`` without control characters and with runs of spaces collapsed."""
    return re.sub(r"[ \t\u3000]+", " ", _CONTROL.sub("", text)).strip()


@dataclass(frozen=True)
class Line:
    """One source line of a paragraph or list item: plain text and the Markdown it came from."""

    number: int
    text: str
    raw: str
    code: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    level: int
    line: Line


@dataclass(frozen=True)
class Para:
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Item:
    """A list item: its own lines, and the blocks nested in it (sub-lists, fences…)."""

    lines: tuple[Line, ...]
    ordered: bool
    children: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Row:
    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    number: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Fence:
    number: int
    info: str
    lines: tuple[Line, ...]


Block: TypeAlias = Para | ListBlock | Table | Fence


@dataclass
class Section:
    """A heading (None for the text before the first one), its blocks and its sub-sections."""

    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else 0


@dataclass(frozen=True)
class Document:
    root: Section
    #: Line numbers that are Markdown structure only (rules, fence markers, table rules).
    structure: frozenset[int]
    lines: tuple[str, ...]


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _inline_lines(token: Token) -> tuple[Line, ...]:
    """The source lines of an inline token: plain text (markup dropped) and raw Markdown."""
    first = token.map[0] + 1 if token.map else 0
    raw_lines = token.content.split("\n")
    texts: list[list[str]] = [[]]
    codes: list[list[str]] = [[]]
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            texts.append([])
            codes.append([])
        elif child.type == "code_inline":
            texts[-1].append(child.content)
            codes[-1].append(child.content)
        elif child.type in ("text", "html_inline") or child.type == "image":
            texts[-1].append(child.content)
    lines: list[Line] = []
    for index, raw in enumerate(raw_lines):
        text = "".join(texts[index]) if index < len(texts) else raw
        code = tuple(codes[index]) if index < len(codes) else ()
        lines.append(Line(first + index, clean(text), raw.strip(), code))
    return tuple(line for line in lines if line.text or line.raw)


class _Reader:
    def __init__(self, tokens: list[Token], source: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.source = source
        self.structure: set[int] = set()

    def next(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def blocks_until(self, closing: str | None) -> list[Block | Heading]:
        """Read blocks until the token type ``closing`` (or the end), consuming it."""
        out: list[Block | Heading] = []
        while self.pos < len(self.tokens):
            token = self.next()
            if token.type == closing:
                break
            block = self.block(token)
            if block is not None:
                out.append(block)
        return out

    def block(self, token: Token) -> Block | Heading | None:
        kind = token.type
        if kind == "heading_open":
            inline = self.next()
            self.next()
            lines = _inline_lines(inline)
            number = (token.map[0] + 1) if token.map else 0
            line = lines[0] if lines else Line(number, "", "")
            return Heading(int(token.tag[1:]), line)
        if kind == "paragraph_open":
            inline = self.next()
            self.next()
            return Para(_inline_lines(inline))
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(kind.replace("_open", "_close"), kind.startswith("ordered"))
        if kind == "table_open":
            return self.table(token)
        if kind in ("fence", "code_block"):
            return self.fence(token)
        if kind == "hr" and token.map:
            self.structure.add(token.map[0] + 1)
        return None

    def list_block(self, closing: str, ordered: bool) -> ListBlock:
        items: list[Item] = []
        while self.pos < len(self.tokens):
            token = self.next()
            if token.type == closing:
                break
            if token.type == "list_item_open":
                inner = self.blocks_until("list_item_close")
                lines: tuple[Line, ...] = ()
                children: list[Block] = []
                for block in inner:
                    if isinstance(block, Para) and not lines and not children:
                        lines = block.lines
                    elif isinstance(block, Heading):
                        children.append(Para((block.line,)))
                    else:
                        children.append(block)
                items.append(Item(lines, ordered, tuple(children)))
        return ListBlock(tuple(items))

    def table(self, token: Token) -> Table:
        header: list[str] = []
        rows: list[Row] = []
        cells: list[str] = []
        number = 0
        in_head = False
        while self.pos < len(self.tokens):
            tok = self.next()
            if tok.type == "table_close":
                break
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                cells = []
                number = (tok.map[0] + 1) if tok.map else 0
            elif tok.type == "inline":
                found = _inline_lines(tok)
                cells.append(found[0].text if found else "")
            elif tok.type == "tr_close":
                if in_head:
                    header = cells
                else:
                    rows.append(Row(number, tuple(cells)))
        first = (token.map[0] + 1) if token.map else 0
        self.structure.add(first + 1)  # the |---|---| rule
        return Table(first, tuple(header), tuple(rows))

    def fence(self, token: Token) -> Fence:
        start = (token.map[0] + 1) if token.map else 0
        end = token.map[1] if token.map else 0
        offset = 1 if token.type == "fence" else 0
        if token.type == "fence":
            self.structure.add(start)
            closing = self.source[end - 1].strip() if 0 < end <= len(self.source) else ""
            if closing.startswith(token.markup[:1] * 3):
                self.structure.add(end)
        lines = tuple(
            Line(start + offset + index, clean(text), text)
            for index, text in enumerate(token.content.split("\n"))
            if text.strip()
        )
        return Fence(start, clean(token.info), lines)


def read(text: str) -> Document:
    """Parse Markdown ``text`` into a section tree."""
    source = text.split("\n")
    reader = _Reader(_parser().parse(text), source)
    root = Section(None)
    stack = [root]
    for block in reader.blocks_until(None):
        if isinstance(block, Heading):
            while len(stack) > 1 and stack[-1].level >= block.level:
                stack.pop()
            section = Section(block)
            stack[-1].children.append(section)
            stack.append(section)
        else:
            stack[-1].blocks.append(block)
    return Document(root, frozenset(reader.structure), tuple(source))
