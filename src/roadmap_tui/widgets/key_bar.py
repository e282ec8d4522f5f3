"""The key bar at the foot of each screen: the keys that work now, and what each does.

One widget draws the whole line. Textual's ``Footer`` builds a widget per key and only after
the first frame, so the keys came a few frames after the data and cost ~15 widgets' style and
layout each time the focus moved; this line is drawn in the first frame and redrawn in place.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget, can_focus=False):
    """The shown bindings of the focused widget and its ancestors, the command palette's key at
    the right. A disabled binding is dimmed; clicking a key presses it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
        "key-bar--palette",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--disabled {
            text-style: dim;
        }
        .key-bar--palette {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: Where each key is drawn on the line: (first cell, cell after the last, key).
        self._places: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        dim = self.get_component_rich_style("key-bar--disabled", partial=True)
        app = self.app
        shown: dict[str, tuple[str, str, str, bool]] = {}
        palette: tuple[str, str, str, bool] | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            entry = (binding.key, app.get_key_display(binding), binding.description, enabled)
            if app.ENABLE_COMMAND_PALETTE and binding.key == app.COMMAND_PALETTE_BINDING:
                palette = entry
            elif binding.show and binding.action not in shown:
                shown[binding.action] = entry  # one key per action, as Textual's footer does
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        places: list[tuple[int, int, str]] = []
        tail = Text(no_wrap=True, end="")
        if palette is not None:
            key, display, description, _enabled = palette
            tail.append("▏", self.get_component_rich_style("key-bar--palette"))
            tail.append(display, key_style)
            tail.append(f" {description} ", description_style)
        room = width - tail.cell_len
        for key, display, description, enabled in shown.values():
            item = Text(no_wrap=True, end="")
            item.append(f" {display} ", key_style)
            if description:
                item.append(f"{description} ", description_style)
            if not enabled:
                item.stylize(dim)
            if line.cell_len + item.cell_len > room:
                break  # the keys that do not fit are left out whole, never cut in half
            places.append((line.cell_len, line.cell_len + item.cell_len, key))
            line.append_text(item)
        if palette is not None:
            line.append(" " * max(0, room - line.cell_len))
            places.append((line.cell_len, line.cell_len + tail.cell_len, palette[0]))
            line.append_text(tail)
        self._places = places
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._places:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
