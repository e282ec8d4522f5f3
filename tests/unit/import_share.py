"""The share of a document's plan items an import recovered: table body rows, check-box list
items, and check-box lines (□ ✅ ☐ ☑) in code fences — the items the README's figures count."""

from __future__ import annotations

from roadmap_tui.importer import ImportResult
from roadmap_tui.importer.lists import box
from roadmap_tui.importer.walk import Block, Fence, ListBlock, Section, Table, read


def countable_lines(text: str) -> set[int]:
    found: set[int] = set()

    def blocks(items: list[Block] | tuple[Block, ...]) -> None:
        for block in items:
            if isinstance(block, Table):
                found.update(row.number for row in block.rows)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    if item.lines and box(item.lines[0].raw) is not None:
                        found.add(item.lines[0].number)
                    blocks(item.children)
            elif isinstance(block, Fence):
                found.update(
                    line.number for line in block.lines if line.text[:1] in ("□", "✅", "☐", "☑")
                )

    def walk(section: Section) -> None:
        blocks(section.blocks)
        for child in section.children:
            walk(child)

    walk(read(text).root)
    return found


def share(text: str, result: ImportResult) -> tuple[int, int]:
    """(recovered, total) of the countable lines."""
    lines = countable_lines(text)
    return len(lines & result.used), len(lines)
