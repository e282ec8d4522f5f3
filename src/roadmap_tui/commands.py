"""Command palette commands: jump to any plan, milestone or risk by name; pick from a list.

Plan text and file names are never read as markup here. Textual's matcher parses its candidate
as markup, and ``textual.markup.escape`` misses an unclosed tag (an owner ``[x=https:`` failed
to parse and took the app down), so hits are built as ``Content`` and highlighted by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider, SimpleProvider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import Screen

from roadmap_tui.model.safe_text import safe_name, safe_text
from roadmap_tui.workspace.slots import PlanSlot


class Jumps(Protocol):
    """What the jump commands need of the app: the open plans, and a way to show an item."""

    @property
    def slots(self) -> Mapping[Path, PlanSlot]: ...

    def show_item(self, path: Path | None, kind: str, item_id: str | None) -> None: ...


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` exactly as written, with the letters that match the query highlighted."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _help(text: str) -> str:
    # The palette parses a str help as markup, but takes Content as it is.
    return cast(str, Content(safe_text(text, one_line=True)))


class PickCommands(SimpleProvider):
    """Pick one of a fixed list of (name, action) by fuzzy search; names are shown as written."""

    def __init__(self, screen: Screen[object], picks: list[tuple[str, Callable[[], None]]]):
        super().__init__(screen, [])
        self._picks = [(safe_text(name, one_line=True), action) for name, action in picks]

    async def discover(self) -> Hits:
        for name, action in self._picks:
            yield DiscoveryHit(Content(name), action, text=name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action in self._picks:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), action, text=name)


class JumpCommands(Provider):
    """``ctrl+p`` → type part of a plan's, milestone's or risk's name → go there."""

    def _targets(self) -> list[tuple[str, str, Callable[[], None]]]:
        # Textual makes the provider, with the app as its only way back: a Protocol, so this
        # module need not import the app (which imports it).
        app = cast(Jumps, self.app)
        targets: list[tuple[str, str, Callable[[], None]]] = []
        for path, slot in app.slots.items():
            plan = slot.plan
            targets.append(
                (f"Plan: {slot.label}", safe_name(path), partial(app.show_item, path, "", None))
            )
            if plan is None:
                continue
            for m in plan.milestones:
                targets.append(
                    (
                        f"Milestone {m.id}: {m.title}",
                        f"{plan.name} · due {m.due.isoformat() if m.due else '—'} · {m.status}",
                        partial(app.show_item, path, "milestones", m.id),
                    )
                )
            for r in plan.risks:
                targets.append(
                    (
                        f"Risk {r.id}: {r.title}",
                        f"{plan.name} · {r.status}",
                        partial(app.show_item, path, "risks", r.id),
                    )
                )
        return targets

    async def discover(self) -> Hits:
        for text, help_text, action in self._targets():
            if text.startswith("Plan: "):
                yield DiscoveryHit(Content(text), action, text=text, help=_help(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, action in self._targets():
            score = matcher.match(text)
            if score > 0:
                shown = highlighted(matcher, text)
                yield Hit(score, shown, action, text=text, help=_help(help_text))
