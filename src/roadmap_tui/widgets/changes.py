"""The Changes view: what changed in the open plans since a point in the past, from git."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from roadmap_tui.model.changes import ChangeReport
from roadmap_tui.model.safe_text import safe_text
from roadmap_tui.render.changes import changes_renderable
from roadmap_tui.widgets.row_table import Once, update_in_place


class ChangesView(VerticalScroll, can_focus=True):
    """A scrollable report: changes per plan with who and when, then per person."""

    DEFAULT_CSS = """
    ChangesView { padding: 0 1; }
    ChangesView > Static { height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown = Once()
        # Made here, so that what arrives before the view is mounted is shown once it is.
        self._body = Static(Text("Reading the plans' history…", style="italic"), id="changes-body")

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, report: ChangeReport) -> None:
        # Every reload reads the file's history again; mostly it says what it said before,
        # and laying the screen out again for that would cost the reload its frame.
        if self._shown.changed(report):
            update_in_place(self._body, changes_renderable(report))

    def show_error(self, message: str) -> None:
        if self._shown.changed(message):
            update_in_place(self._body, Text(safe_text(message)))
