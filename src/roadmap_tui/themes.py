"""Themes that stay legible on any screen: WCAG AA for every colour the dashboard draws.

Under each theme the app offers, the colours it uses are derived from the theme's own and then
moved towards black or white just far enough to meet WCAG AA where they are drawn:

- text, including status words (late, blocked, done …), ≥ 4.5:1 on every background it sits on
  (screen, panels, the selected row focused or not, the footer);
- panel borders, the focused panel's border and status symbols ≥ 3:1.

The dashboard's Rich styles name ANSI colours (``bold red`` for late); each theme gets an ANSI
palette made the same way, so "red" is the theme's own error colour, made legible. Themes
that take their colours from the terminal (``ansi-*``) are not offered: their contrast is
unknowable. ``HIGH_CONTRAST`` is for projectors: black on white, the darkest status colours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual import work
from textual.app import App
from textual.color import Color
from textual.filter import Monochrome
from textual.theme import BUILTIN_THEMES, Theme

AA_TEXT = 4.5
AA_UI = 3.0
HIGH_CONTRAST_NAME = "roadmap-high-contrast"
#: Themes whose colours are the terminal's own: their contrast cannot be known or checked.
UNCHECKABLE = ("ansi-dark", "ansi-light")

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_NAME,
    primary="#0033a0",
    secondary="#005a70",
    accent="#8a0000",
    warning="#7a4a00",
    error="#b00020",
    success="#0a6620",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e8e8e8",
    dark=False,
)

#: ANSI colour → the theme colour it stands for, in palette order (black … white).
_ANSI_SOURCES = ("background", "error", "success", "warning", "primary", "accent", "secondary")


def shipped_themes() -> dict[str, Theme]:
    """Every theme the app offers, by name: Textual's checkable ones and the high-contrast one."""
    themes = {name: theme for name, theme in BUILTIN_THEMES.items() if name not in UNCHECKABLE}
    themes[HIGH_CONTRAST_NAME] = HIGH_CONTRAST
    return themes


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(first: Color, second: Color) -> float:
    """WCAG contrast ratio of two opaque colours, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def resolve(value: str, under: Color) -> Color:
    """A CSS colour value as drawn over ``under``: ``#abc``, ``red 50%``, ``auto 87%``."""
    words = value.split()
    alpha = 1.0
    if len(words) == 2 and words[1].endswith("%"):
        alpha = float(words[1][:-1]) / 100
    color = under.get_contrast_text(1.0) if words[0] == "auto" else Color.parse(words[0])
    return under + color.with_alpha(color.a * alpha)


def legible(color: Color, backgrounds: Iterable[Color], ratio: float) -> Color:
    """``color``, moved towards black or white just until it has ``ratio`` on every background."""
    grounds = list(backgrounds)
    dark = sum(luminance(g) for g in grounds) / len(grounds) < 0.2
    target = Color(255, 255, 255) if dark else Color(0, 0, 0)
    for step in range(21):
        candidate = color.blend(target, step / 20)
        if all(contrast(candidate, ground) >= ratio for ground in grounds):
            return candidate
    return target


@dataclass(frozen=True)
class Legible:
    """The colours the dashboard draws under one theme, after making them legible."""

    variables: dict[str, str]
    palette: TerminalTheme
    #: (what, foreground, background, required ratio) for every pair drawn; checked in tests.
    pairs: tuple[tuple[str, Color, Color, float], ...]


def derive(theme_variables: dict[str, str]) -> Legible:
    """Legible variables and ANSI palette for a theme's generated CSS variables."""
    get = theme_variables.get
    black = Color(0, 0, 0)
    background = resolve(theme_variables["background"], black)
    surface = resolve(theme_variables["surface"], background)
    panel = resolve(theme_variables["panel"], background)
    foreground = resolve(theme_variables["foreground"], surface)
    primary = resolve(theme_variables["primary"], surface)
    # A focused table tints its surface with the foreground (DataTable's own CSS).
    focused = surface + foreground.with_alpha(0.05)
    # The selected row: the theme's primary, faint enough that every text colour reads on it.
    cursor = surface.blend(primary, 0.3)
    blurred = surface.blend(primary, 0.15)
    grounds = (background, surface, panel, focused, cursor, blurred)
    text = legible(foreground, grounds, AA_TEXT)
    footer_bg = resolve(get("footer-background", theme_variables["panel"]), background)
    key = resolve(get("footer-key-foreground", theme_variables["accent"]), footer_bg)
    description = resolve(get("footer-description-foreground", "auto 87%"), footer_bg)
    colours = {
        name: legible(resolve(theme_variables[name], surface), grounds, AA_TEXT)
        for name in _ANSI_SOURCES[1:]
    }
    # Muted text (dates, paths; Rich "bright_black"): between text and surface, still ≥ 4.5.
    muted = legible(surface.blend(text, 0.6), grounds, AA_TEXT)
    border = legible(primary, (background, surface), AA_UI)
    focus = legible(resolve(theme_variables["accent"], surface), (background, surface), AA_UI)
    variables = {
        "foreground": text.hex,
        "block-cursor-background": cursor.hex,
        "block-cursor-foreground": text.hex,
        "block-cursor-blurred-background": blurred.hex,
        "block-cursor-blurred-foreground": text.hex,
        "footer-key-foreground": legible(key, (footer_bg,), AA_TEXT).hex,
        "footer-description-foreground": legible(description, (footer_bg,), AA_TEXT).hex,
        "rt-border": border.hex,
        "rt-focus": focus.hex,
        "rt-late": colours["error"].hex,
    }
    # Black and white keep their meaning ("black on green" stays dark on light).
    normal = [black, *(colours[name] for name in _ANSI_SOURCES[1:]), Color(255, 255, 255)]
    bright = [muted, *normal[1:]]
    palette = TerminalTheme(
        background.rgb, text.rgb, [c.rgb for c in normal], [c.rgb for c in bright]
    )
    pairs: list[tuple[str, Color, Color, float]] = []
    for ground_name, ground in zip(
        ("screen", "surface", "panel", "focused table", "selected row", "unfocused selection"),
        grounds,
        strict=True,
    ):
        pairs.append((f"text on {ground_name}", text, ground, AA_TEXT))
        pairs.append((f"muted text on {ground_name}", muted, ground, AA_TEXT))
        pairs += [(f"{n} on {ground_name}", c, ground, AA_TEXT) for n, c in colours.items()]
    pairs += [
        ("panel border", border, background, AA_UI),
        ("focused border", focus, background, AA_UI),
        ("footer key", Color.parse(variables["footer-key-foreground"]), footer_bg, AA_TEXT),
        (
            "footer words",
            Color.parse(variables["footer-description-foreground"]),
            footer_bg,
            AA_TEXT,
        ),
    ]
    return Legible(variables, palette, tuple(pairs))


def theme_variables(theme: Theme) -> dict[str, str]:
    """The CSS variables Textual generates for ``theme`` (as ``App.get_css_variables`` does)."""
    return {**theme.to_color_system().generate(), **theme.variables}


_DERIVED: dict[int, tuple[Theme, Legible]] = {}


def _derived(theme: Theme) -> Legible:
    """``derive`` for a theme, once per theme object (themes are not hashable)."""
    found = _DERIVED.get(id(theme))
    if found is None or found[0] is not theme:
        found = _DERIVED[id(theme)] = (theme, derive(theme_variables(theme)))
    return found[1]


class GreyScale(Monochrome):
    """Textual's ``NO_COLOR`` filter, for segments without a style too: Textual's raises on
    them, and a table cell with nothing in it is one (the app crashed at the first such frame)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        styled = [
            segment if segment.style is not None else Segment(segment.text, _PLAIN, segment.control)
            for segment in segments
        ]
        return super().apply(styled, background)


_PLAIN = Style()


class LegibleThemes(App[int]):
    """App behaviour for legible themes: derived colours, the ANSI palette, the remembered choice.

    A base of the app: it narrows the themes on offer to ``shipped_themes()``, adds the derived
    variables to every theme's CSS, and saves a theme the user picks (not one set for a single
    run with ``--theme``, nor presenter mode's).
    """

    #: While False, a theme change is not saved (start-up, presenter mode).
    remember_theme = False

    def setup_themes(self, name: str | None) -> str | None:
        """Offer the shipped themes and start with ``name``, else the saved one.

        Returns:
            A problem to tell the user (a settings file that does not parse, an unknown name).
        """
        from roadmap_tui.config import ConfigError, read_settings

        self._filters = [GreyScale() if type(f) is Monochrome else f for f in self._filters]
        for unchecked in UNCHECKABLE:
            self.unregister_theme(unchecked)
        self.register_theme(HIGH_CONTRAST)
        problem = None
        if name is None:
            try:
                name = read_settings().theme
            except ConfigError as error:
                problem = f"{error}; using the default theme"
            if name is not None and name not in self.available_themes:
                problem = f"Unknown theme {name!r} in the settings; using the default theme"
                name = None
        if name is not None:
            self.theme = name
        self._apply_palette(starting=True)
        return problem

    def legible_for(self, theme: Theme) -> Legible:
        """The legible colours of ``theme`` (worked out once per theme)."""
        return _derived(theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {"rt-border": "$primary", "rt-focus": "$accent", "rt-late": "$error"}

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        variables.update(self.legible_for(self.current_theme).variables)
        self.theme_variables = variables
        return variables

    def _apply_palette(self, *, starting: bool = False) -> None:
        palette = self.legible_for(self.current_theme).palette
        if starting:
            # Nothing is styled yet: assigning would parse every stylesheet once more before
            # the first frame. The palette only maps ANSI colours, which the filter does.
            self.set_reactive(App.ansi_theme_dark, palette)
            self.set_reactive(App.ansi_theme_light, palette)
            self._refresh_truecolor_filter(palette)
            return
        self.ansi_theme_dark = palette
        self.ansi_theme_light = palette

    def watch_theme(self, name: str) -> None:
        self._apply_palette()
        if self.remember_theme:
            self._save_theme(name)

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_theme(self, name: str) -> None:
        from roadmap_tui.config import ConfigError, save_theme

        try:
            save_theme(name)
        except ConfigError as error:
            self.call_from_thread(
                self.notify, str(error), title="Theme not saved", severity="warning", markup=False
            )
