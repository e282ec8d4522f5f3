"""Presenter mode and panel zoom: the dashboard on a projector or a shared screen.

``z`` maximises the focused panel in the normal dashboard (again, or escape, restores it).
``f`` (or ``--present``) presents: the high-contrast theme, no footer or tabs, only a one-line
title, roomier panels, and one panel at a time filling the screen. Page Down / Page Up (what a
presentation clicker sends) step through the panels in standup order — current phase,
milestones, risks, KPIs — and on to the next plan; 1-4 jump to a panel. ``f`` or escape ends
it and puts the theme back. Presenting never saves the theme as the user's choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.widget import Widget

from roadmap_tui.themes import HIGH_CONTRAST_NAME, LegibleThemes

if TYPE_CHECKING:
    from roadmap_tui.widgets.plan_view import PlanView

#: The panels in the order a standup talks about them.
PANELS = ("current", "milestones", "risks", "kpis")


def panel_of(widget: object) -> Widget | None:
    """The dashboard panel ``widget`` is in (or is), if any."""
    if not isinstance(widget, Widget):
        return None
    for node in widget.ancestors_with_self:
        if isinstance(node, Widget) and node.has_class("panel"):
            return node
    return None


class PresenterMode(LegibleThemes):
    """App behaviour for zooming one panel and for presenting."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Listed in help (?), not in the footer: at 80 columns "? Help" must stay in view.
        Binding("z", "zoom", "Zoom panel", show=False),
        Binding("f", "present", "Present", show=False),
        # A clicker's keys; only while presenting (check_action), else tables scroll with them.
        Binding(
            "pagedown",
            "present_step(1)",
            "Next panel",
            key_display="PgDn",
            priority=True,
            show=False,
        ),
        Binding(
            "pageup",
            "present_step(-1)",
            "Previous panel",
            key_display="PgUp",
            priority=True,
            show=False,
        ),
    ]

    #: Presenting now; the theme to go back to afterwards, and the title.
    presenting = False
    _theme_before = ""
    _title_before = ""

    def active_view(self) -> PlanView:
        raise NotImplementedError

    def action_cycle_plan(self, step: int) -> None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "present_step" and not self.presenting:
            return False
        return super().check_action(action, parameters)

    def setup_presenter(self) -> None:
        """Follow the maximised panel: escape (which restores it) also ends presenting."""
        self.watch(self.screen, "maximized", self._maximized_changed, init=False)

    def _maximized_changed(self, maximized: Widget | None) -> None:
        if maximized is None and self.presenting:
            self.action_present()

    def action_zoom(self) -> None:
        """Maximise the focused panel, or restore the dashboard."""
        screen = self.screen_stack[0]
        if screen.maximized is not None:
            if not self.presenting:
                screen.minimize()
            return
        panel = panel_of(self.focused)
        if panel is not None:
            screen.maximized = panel

    def action_present(self) -> None:
        """Start or end presenter mode."""
        if self.presenting:
            self.presenting = False
            self.remove_class("-presenting")
            self.title = self._title_before
            self.theme = self._theme_before
            self.call_after_refresh(setattr, self, "remember_theme", True)
            self.screen_stack[0].minimize()
            return
        self.presenting = True
        self.remember_theme = False
        self._theme_before, self._title_before = self.theme, self.title
        self.theme = HIGH_CONTRAST_NAME
        self.add_class("-presenting")
        self.follow_focus(self.focused)

    def follow_focus(self, focused: object) -> None:
        """While presenting, the panel with the focus is the one filling the screen."""
        if not self.presenting:
            return
        panel = panel_of(focused)
        if panel is None:
            self.active_view().focus_panel("milestones")
            return
        self.screen_stack[0].maximized = panel
        title = panel.border_title
        self.title = f"{self.active_tab_label()} · {title}" if title else self.active_tab_label()

    def active_tab_label(self) -> str:
        """The shown tab's name, for the one-line title."""
        from roadmap_tui.widgets.plan_tabs import PlanTabs

        tabs = self.query_one("#plans", PlanTabs)
        return tabs.label_of(tabs.active).plain if tabs.active else ""

    def action_present_step(self, step: int) -> None:
        """The next (or previous) panel; past the last one, the next plan's first."""
        panel = panel_of(self.focused)
        target = (PANELS.index(_name_of(panel)) if panel is not None else 0) + step
        if not 0 <= target < len(PANELS):
            self.action_cycle_plan(1 if step > 0 else -1)
            target %= len(PANELS)
        self.active_view().focus_panel(PANELS[target])


def _name_of(panel: Widget) -> str:
    """Which of ``PANELS`` a panel widget is."""
    from roadmap_tui.widgets.current import CurrentPanel
    from roadmap_tui.widgets.milestones import MilestonePanel
    from roadmap_tui.widgets.risks import RiskPanel

    if isinstance(panel, CurrentPanel):
        return "current"
    if isinstance(panel, MilestonePanel):
        return "milestones"
    if isinstance(panel, RiskPanel):
        return "risks"
    return "kpis"
