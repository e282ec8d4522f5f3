"""Command palette commands: jump to any plan, milestone or risk by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

if TYPE_CHECKING:
    from roadmap_tui.app import RoadmapApp


class JumpCommands(Provider):
    """``ctrl+p`` → type part of a plan's, milestone's or risk's name → go there."""

    def _targets(self) -> list[tuple[str, str, Callable[[], None]]]:
        app = cast("RoadmapApp", self.app)
        targets: list[tuple[str, str, Callable[[], None]]] = []
        for path, slot in app.slots.items():
            plan = slot.plan
            targets.append(
                (f"Plan: {slot.label}", str(path), partial(app.show_item, path, "", None))
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
                yield DiscoveryHit(Content(text), action, text=text, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, action in self._targets():
            score = matcher.match(text)
            if score > 0:
                # The matcher reads its candidate as markup: plan text must be escaped first.
                shown = matcher.highlight(escape(text))
                yield Hit(score, shown, action, text=text, help=escape(help_text))
