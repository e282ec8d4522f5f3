"""The 5 x 5 risk matrix, a list of the risks on it, and one risk's details.

Probability levels are rows (very high at the top), impact levels columns (very low at the left).
Each cell's background shows its exposure band; the risk ids in it say which risks are there.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text

from roadmap_tui.model.levels import LEVEL_NAMES, LEVEL_SHORT, Exposure
from roadmap_tui.model.plan import Risk
from roadmap_tui.model.timeline import RiskCell, RiskMatrix, RiskView, risk_view
from roadmap_tui.render.text import MUTED_STYLE, fit, label_value

#: Fixed colours, the same under every theme: each band's text has AA contrast on it.
EXPOSURE_STYLE: dict[Exposure, str] = {
    "low": "#000000 on #a6e3a1",
    "medium": "#000000 on #f9e2af",
    "high": "#000000 on #fab387",
    "critical": "bold #ffffff on #b00020",
}
#: The selected risk's id: reverse video and underline still show without colour.
SELECTED_STYLE = Style(reverse=True, bold=True, underline=True)

_LABEL_WIDTH = 3
_CELL_MIN = 3
_CELL_MAX = 14
_GAP = 1


def cell_content(ids: list[str], width: int, selected: str | None = None) -> Text:
    """The ids of a cell's risks in ``width`` cells: all of them, some and "+N", or a count.

    The selected id, when in the cell, is listed first so that it stays visible.
    """
    if selected in ids:
        ids = [selected, *[i for i in ids if i != selected]]
    if not ids:
        return Text(no_wrap=True).append("·", style=MUTED_STYLE)
    shown: list[str] = []
    for count in range(len(ids), 0, -1):
        rest = len(ids) - count
        candidate = " ".join(ids[:count]) + (f" +{rest}" if rest else "")
        if cell_len(candidate) <= width:
            shown = ids[:count]
            break
    if not shown:
        count_text = str(len(ids))
        shown_count = count_text if cell_len(count_text) <= width else "…"
        return Text(no_wrap=True).append(shown_count, style="bold")
    text = Text(no_wrap=True)
    for index, ident in enumerate(shown):
        if index:
            text.append(" ")
        text.append(ident, style=SELECTED_STYLE if ident == selected else "bold")
    if len(shown) < len(ids):
        text.append(f" +{len(ids) - len(shown)}")
    return text


class RiskGrid(msgspec.Struct, frozen=True):
    """The matrix as a grid of coloured cells, with an optional selected risk highlighted."""

    matrix: RiskMatrix
    selected: str | None = None
    #: Closed risks: listed under the grid, dimmed, not placed in it.
    closed: tuple[Risk, ...] = ()

    def _cell_width(self, width: int) -> int:
        room = (width - _LABEL_WIDTH) // 5 - _GAP
        return max(_CELL_MIN, min(_CELL_MAX, room))

    def _cell(self, cell: RiskCell, width: int) -> Text:
        ids = [view.risk.id for view in cell.risks]
        content = cell_content(ids, width - 2, self.selected)
        content.align("center", width)
        # The band is the base style, so the ids' own styles (the selection) apply over it.
        content.style = EXPOSURE_STYLE[cell.exposure]
        return content

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = self._cell_width(options.max_width)
        yield Text("Probability ↑", style="bold", no_wrap=True)
        for probability in range(5, 0, -1):
            line = Text(f"{LEVEL_SHORT[probability - 1]:>2} ", style="bold", no_wrap=True)
            for impact in range(1, 6):
                line.append_text(self._cell(self.matrix.cell(probability, impact), width))
                line.append(" " * _GAP)
            yield line
        axis = Text(" " * _LABEL_WIDTH, no_wrap=True)
        for impact in range(1, 6):
            label = Text(LEVEL_SHORT[impact - 1], style="bold")
            label.align("center", width)
            axis.append_text(label)
            axis.append(" " * _GAP)
        yield axis
        yield Text(" " * _LABEL_WIDTH + "Impact →", style="bold", no_wrap=True)
        unreadable = tuple(risk for risk in self.matrix.unplaced if risk.rated)
        for heading, risks, style in (
            ("Unrated (not on the matrix):", self.matrix.unrated, ""),
            ("Not on the matrix (unreadable levels):", unreadable, ""),
            ("Closed:", self.closed, MUTED_STYLE),
        ):
            if risks:
                yield fit(self._id_line(heading, risks, style), options.max_width)

    def _id_line(self, label: str, risks: tuple[Risk, ...], style: str) -> Text:
        line = Text(label, style=f"bold {style}".strip(), no_wrap=True)
        line.append(f" {len(risks)} ·", style=style)
        for risk in risks:
            line.append(" ")
            selected = risk.id == self.selected
            line.append(risk.id, style=SELECTED_STYLE if selected else style or "bold")
        return line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        smallest = _LABEL_WIDTH + 5 * (_CELL_MIN + _GAP)
        largest = _LABEL_WIDTH + 5 * (_CELL_MAX + _GAP)
        return Measurement(min(smallest, options.max_width), min(largest, options.max_width))


def risk_grid(
    matrix: RiskMatrix, selected: str | None = None, closed: Iterable[Risk] = ()
) -> RiskGrid:
    """The 5 x 5 grid renderable for ``matrix``, highlighting the risk with id ``selected``.

    Unrated risks (``matrix.unplaced``) and ``closed`` ones are listed by id under the grid.
    """
    return RiskGrid(matrix, selected, tuple(closed))


def _level(written: object, level: int) -> str:
    return f"{written} ({level}, {LEVEL_NAMES[level - 1]})"


def exposure_text(view: RiskView) -> Text:
    """``12 high``: the score and its band in words, coloured by band."""
    return Text(f"{view.score} {view.exposure}", style=EXPOSURE_STYLE[view.exposure])


def risk_detail(risk: Risk) -> Group:
    """One risk in full: title, levels and exposure, owner, status, mitigation, contingency."""
    lines: list[Text] = []
    heading = Text(risk.id, style="bold")
    heading.append("  ")
    heading.append(risk.title, style="bold")
    lines.append(heading)
    view = risk_view(risk)
    if view is not None:
        levels = Text("P ", style="bold")
        levels.append(_level(risk.probability, view.probability))
        levels.append(" × ")
        levels.append("I ", style="bold")
        levels.append(_level(risk.impact, view.impact))
        levels.append(" = ")
        levels.append_text(exposure_text(view))
        lines.append(levels)
    facts = [("Status", risk.status), ("Category", risk.category), ("Owner", risk.owner)]
    lines.append(Text("  ·  ").join(label_value(label, value) for label, value in facts if value))
    for label, value in (
        ("Mitigation", risk.mitigation),
        ("Contingency", risk.contingency),
        ("Note", risk.note),
    ):
        if value:
            lines.append(label_value(label, value))
    return Group(*lines)


def risk_table(views: Iterable[RiskView], *, title: str | None = None) -> Table:
    """The risks on the matrix as a list: id, exposure in words, levels, title, mitigation.

    The owner column is left out when no risk names an owner.
    """
    views = list(views)
    owners = any(view.risk.owner for view in views)
    table = Table(
        box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0)
    )
    if title:
        table.title = Text(title)
    headings = ("ID", "Exposure", "P×I", "Risk", *(("Owner",) if owners else ()), "Mitigation")
    for heading in headings:
        flexible = heading in ("Risk", "Mitigation")
        table.add_column(
            heading,
            no_wrap=True,
            overflow="ellipsis",
            ratio=1 if flexible else None,
            min_width=6 if flexible else None,
            max_width=12 if heading == "Owner" else None,
        )
    for view in views:
        risk = view.risk
        cells = [
            Text(risk.id, style="bold"),
            exposure_text(view),
            Text(f"{LEVEL_SHORT[view.probability - 1]}×{LEVEL_SHORT[view.impact - 1]}"),
            Text(risk.title),
        ]
        if owners:
            cells.append(Text(risk.owner or ""))
        cells.append(Text(risk.mitigation or "", style=MUTED_STYLE))
        for cell in cells:
            cell.plain = cell.plain.replace("\n", " ")
        table.add_row(*cells)
    return table


def unrated_lines(risks: Iterable[Risk]) -> list[Text]:
    """Unrated risks as lines of their own: ``R1  unrated  title  (overall level 高)``."""
    lines = []
    for risk in risks:
        line = Text(risk.id, style="bold")
        line.append("  unrated  ", style="bold")
        line.append(risk.title.replace("\n", " "))
        if risk.level is not None:
            line.append(f"  (overall level {risk.level})", style=MUTED_STYLE)
        if risk.owner:
            line.append("  ")
            line.append(risk.owner, style=MUTED_STYLE)
        line.no_wrap = True
        line.overflow = "ellipsis"
        lines.append(line)
    return lines
