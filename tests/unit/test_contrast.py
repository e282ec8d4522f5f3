"""WCAG AA under every theme the app offers, over the colours the dashboard actually draws.

``derive`` is what the app applies (``LegibleThemes.get_css_variables`` and the ANSI palette);
tests/ui/test_themes.py checks that the running app uses exactly these colours.
"""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.color import Color

from roadmap_tui.render.export_html import CSS
from roadmap_tui.render.risks import EXPOSURE_STYLE
from roadmap_tui.themes import (
    AA_TEXT,
    HIGH_CONTRAST_NAME,
    contrast,
    derive,
    shipped_themes,
    theme_variables,
)

THEMES = shipped_themes()


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color(118, 118, 118), Color(255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def test_the_high_contrast_theme_is_offered_and_terminal_colour_themes_are_not() -> None:
    assert HIGH_CONTRAST_NAME in THEMES
    assert "textual-dark" in THEMES and "textual-light" in THEMES
    assert not {"ansi-dark", "ansi-light"} & set(THEMES)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_pair_drawn_meets_aa(name: str) -> None:
    legible = derive(theme_variables(THEMES[name]))
    failing = [
        f"{what}: {contrast(fg, bg):.2f} < {need}"
        for what, fg, bg, need in legible.pairs
        if contrast(fg, bg) < need
    ]
    assert failing == []
    # The pairs cover text, status colours, the selected row, borders and the footer.
    names = " | ".join(what for what, *_rest in legible.pairs)
    for part in ("text on selected row", "error on", "success on", "warning on", "muted text"):
        assert part in names
    assert "panel border" in names and "focused border" in names and "footer key" in names


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_ansi_palette_is_the_checked_colours(name: str) -> None:
    legible = derive(theme_variables(THEMES[name]))
    checked = {(fg.r, fg.g, fg.b) for _what, fg, _bg, _need in legible.pairs}
    palette = legible.palette
    # red, green, yellow, blue, magenta, cyan (what "bold red" etc. become) and grey (muted).
    used = [palette.ansi_colors[index] for index in (1, 2, 3, 4, 5, 6, 8)]
    assert all(tuple(color) in checked for color in used)


def test_risk_bands_read_the_same_under_every_theme() -> None:
    for style_text in EXPOSURE_STYLE.values():
        style = Style.parse(style_text)
        assert style.color is not None and style.bgcolor is not None
        fg, bg = (Color(*c.get_truecolor()) for c in (style.color, style.bgcolor))
        assert contrast(fg, bg) >= AA_TEXT, style_text


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("#1a1a1a", "#ffffff"),  # text
        ("#555555", "#ffffff"),  # muted
        ("#a4001d", "#ffffff"),  # late
        ("#1a1a1a", "#e8e8e8"),  # table headings
        ("#ffffff", "#a4001d"),  # critical risk
        ("#1a1a1a", "#cdeccd"),
        ("#1a1a1a", "#fff0b3"),
        ("#1a1a1a", "#ffd0a0"),
    ],
)
def test_the_html_export_colours_meet_aa(foreground: str, background: str) -> None:
    assert foreground in CSS and background in CSS
    assert contrast(Color.parse(foreground), Color.parse(background)) >= AA_TEXT
