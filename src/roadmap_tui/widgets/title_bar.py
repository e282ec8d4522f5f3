"""The title line at the top: the app's title and what it is showing (today, a lens, a save).

One widget draws the whole line, like Textual's ``Header`` looks (the icon that opens the
command palette at the left, the title centred). ``Header`` is three widgets, and a new
subtitle there lays the whole screen out again; here it only repaints this line, so a key
press that changes the subtitle costs one line, not a frame of every panel.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

#: Cells the icon takes at the left, and the cells kept free at the right (where Textual's
#: header keeps its clock): the title is centred between them, as there.
ICON_CELLS, RIGHT_CELLS = 8, 10
ICON = "⭘"


class TitleBar(Widget, can_focus=False):
    """``App.title — App.sub_title`` (a screen's own title and subtitle when it has them)."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()  # one line of fixed size: nothing to lay out again

    def render(self) -> Text:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(title)
        if sub_title:
            line.append(" — ", "dim")
            line.append(sub_title, "dim")
        width = self.size.width
        room = max(0, width - ICON_CELLS - RIGHT_CELLS)
        line.truncate(room, overflow="ellipsis")
        left = (room - line.cell_len) // 2
        head = Text(f" {ICON}".ljust(ICON_CELLS + left), no_wrap=True, end="")
        return head.append_text(line)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_CELLS:
            event.stop()
            await self.run_action("app.command_palette")
