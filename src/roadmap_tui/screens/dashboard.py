"""The dashboard's own screen: the first one on the stack, under every dialog."""

from __future__ import annotations

from textual.screen import Screen


class DashboardScreen(Screen[None]):
    """The dashboard's screen. Keys work from the first frame: the first tab's milestones are
    focused as it is built, so the footer is built for them once, not for the tab bar first."""

    AUTO_FOCUS = "MilestoneTable"
