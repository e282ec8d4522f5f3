"""The KPIs panel: latest actual, sparkline, next target and whether it is on track."""

from __future__ import annotations

from collections.abc import Hashable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from roadmap_tui.messages import KpiWanted, OpenInEditor, request_edit
from roadmap_tui.model.plan import Kpi
from roadmap_tui.model.values import check_number
from roadmap_tui.render.kpis import KPI_COLUMNS, KpiRow, kpi_rows, pace_reason, with_unit
from roadmap_tui.render.text import MUTED_STYLE, fit
from roadmap_tui.widgets.dialogs import InputDialog
from roadmap_tui.widgets.milestones import MAX_ROWS, row_key, table_width
from roadmap_tui.widgets.row_table import (
    EMPTY_KEY,
    Once,
    PlansTable,
    set_border_subtitle,
    update_in_place,
)
from roadmap_tui.workspace.intents import RecordActual, Target


def parse_number(text: str) -> float:
    """A number as typed (``1,200``, ``12.5``, ``-3``), or a ValueError saying what is wrong."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    # The rule the loader reads numbers by: nothing is typed that the file could not hold.
    return check_number(value)


#: The most cells a plan's name takes as a KPI's tag in the All plans view.
PLAN_TAG = 8


def _cells(row: KpiRow, plan_name: str | None, widths: list[int], wide: bool) -> list[Text]:
    """A KPI's cells cut to ``widths``; in All plans (``plan_name``) its plan tagged on."""
    cells = list(row.cells)
    if plan_name is not None:  # All plans: the KPI's name first, its plan as a short tag
        # The name gets two thirds of a narrow column, the tag what is left.
        tag_room = max(2, min(PLAN_TAG, (widths[0] - 2) // 3))
        tag = fit(Text(plan_name, style=MUTED_STYLE), tag_room)
        room = max(3, widths[0] - 2 - tag.cell_len)
        cells[0] = fit(cells[0], room).append(" ").append_text(tag)
    if not wide:
        # Compact: the target's value without its date, the mark without words.
        if row.view.target is not None:
            cells[3] = Text(with_unit(row.view.target.value, row.view.kpi.unit))
        cells[4] = cells[4][:1]
    return [fit(c, w - 1) for c, w in zip(cells, widths, strict=True)]


class KpiTable(PlansTable):
    """One row per KPI of the plan (or of every plan, in the All plans view)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "record", "Record value"),
        Binding("enter", "detail", "Details, chart"),
        Binding("e", "open_editor", "Edit file", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="kpi-table")
        self._rows: dict[str, tuple[Path, KpiRow, str]] = {}
        #: Each plan file's KPI rows and what they were made from: kept while its KPIs stay
        #: the same, as they do when a reload or an edit changed only its milestones.
        self._plan_rows: dict[Path, tuple[tuple[Kpi, ...], Hashable, list[KpiRow]]] = {}
        #: Each listed row's cells as last shown, by row: (row, how they were made, cells).
        self._shown_cells: dict[int, tuple[KpiRow, Hashable, list[Text]]] = {}
        #: What to say when there is no KPI to show (set by the view, which knows why).
        self.empty_note = "No KPIs in this plan."

    def _rebuild(self) -> None:
        width = table_width(self)
        wide = width >= 70
        spark = 12 if wide else 6
        widths = [0, 14 if wide else 10, spark + 1, 26 if wide else 10, 12 if wide else 2]
        widths[0] = max(6, width - sum(widths))
        self._rows = {}
        keyed: list[tuple[str, list[Text]]] = []
        several = len(self._plans) > 1
        total = sum(len(plan.kpis) for _path, plan in self._plans)
        kept, self._plan_rows = self._plan_rows, {}
        made: dict[int, tuple[KpiRow, Hashable, list[Text]]] = {}
        how = (tuple(widths), several)
        for path, plan in self._plans:
            if len(keyed) >= MAX_ROWS:
                break
            made_from = (self._today, spark)
            before = kept.get(path)
            if before is not None and before[1] == made_from and before[0] == plan.kpis:
                rows = before[2]  # the same KPIs (compared by value, not by plan object)
            else:
                rows = kpi_rows(path, plan, self._today, spark_width=spark)
            self._plan_rows[path] = (plan.kpis, made_from, rows)
            for row in rows[: MAX_ROWS - len(keyed)]:
                key = row_key(path, row.view.kpi.id)
                self._rows[key] = (path, row, plan.name)
                last = self._shown_cells.get(id(row))
                if last is not None and last[0] is row and last[1] == how:
                    cells = last[2]  # unchanged: the very cells shown, nothing to compare
                else:
                    cells = _cells(row, plan.name if several else None, widths, wide)
                made[id(row)] = (row, how, cells)
                keyed.append((key, cells))
        self._shown_cells = made
        if not keyed:
            note = fit(Text(self.empty_note, style=MUTED_STYLE), width)
            self.set_rows([("", width)], [(EMPTY_KEY, [note])])
        else:
            self.set_rows(list(zip(KPI_COLUMNS, widths, strict=True)), keyed)
        if isinstance(self.parent, Widget):
            count = f"{len(keyed)} of {total} shown" if total > len(keyed) else ""
            set_border_subtitle(self.parent, count)
        self._show_reason()

    def on_data_table_row_highlighted(self, event: PlansTable.RowHighlighted) -> None:
        self._show_reason()

    def _show_reason(self) -> None:
        """Say under the table why the selected KPI has its status."""
        panel = self.parent
        if not isinstance(panel, KpiPanel):
            return
        key = self.selected_key
        picked = self._rows.get(key) if key is not None else None
        if picked is None:
            panel.show_reason(None)
            return
        view = picked[1].view
        panel.show_reason(
            Text(view.kpi.name + ": ", style="bold").append(
                pace_reason(view.kpi, view.pace, self._today)
            )
        )

    def selected(self) -> tuple[Path, Kpi, str] | None:
        key = self.selected_key
        if key is None or key not in self._rows:
            return None
        path, row, plan_name = self._rows[key]
        return path, row.view.kpi, plan_name

    def action_record(self) -> None:
        picked = self.selected()
        if picked is None:
            self.app.bell()
            return
        path, kpi, _ = picked
        latest = max(kpi.actuals, key=lambda p: p.date) if kpi.actuals else None
        hint = "a number" + (f" in {kpi.unit}" if kpi.unit else "")
        if latest is not None:
            hint += f"; last {with_unit(latest.value, kpi.unit)} on {latest.date.isoformat()}"

        def chosen(value: float | None) -> None:
            if value is not None:
                request_edit(self, RecordActual(Target(path, "kpis", kpi.id), value))

        self.app.push_screen(
            InputDialog(
                f"{kpi.name}: value today ({self._today.isoformat()})", "", parse_number, hint
            ),
            chosen,
        )

    def action_detail(self) -> None:
        picked = self.selected()
        if picked is None:
            return
        _path, kpi, plan_name = picked
        self.post_message(KpiWanted(kpi, plan_name, self._today))

    def action_open_editor(self) -> None:
        picked = self.selected()
        if picked is not None:
            self.post_message(OpenInEditor(picked[0], "kpis", picked[1].id))


class KpiPanel(Vertical):
    """The bordered panel: the KPI table, and a line saying why the selected KPI stands so."""

    DEFAULT_CSS = """
    KpiPanel > #kpi-reason { height: auto; max-height: 2; padding: 0 1 0 0; }
    """

    def __init__(self) -> None:
        super().__init__(classes="panel", id="kpi-panel")
        self.border_title = "4 KPIs"
        self._reason = Once()

    def compose(self) -> ComposeResult:
        yield KpiTable()
        yield Static(id="kpi-reason")

    def show_reason(self, reason: Text | None) -> None:
        if self._reason.changed(reason):
            update_in_place(self.query_one("#kpi-reason", Static), reason or "")
