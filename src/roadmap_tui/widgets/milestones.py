"""The Milestones panel: overdue first, then upcoming; keys change status, due date and note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input

from roadmap_tui.messages import DetailWanted, OpenInEditor, request_edit
from roadmap_tui.model.plan import STATUSES, Milestone, Plan, Status
from roadmap_tui.render.milestones import MilestoneRow, milestone_columns
from roadmap_tui.render.text import STATUS, fit
from roadmap_tui.widgets.dialogs import ChoiceDialog, InputDialog
from roadmap_tui.widgets.lens import ItemRef, PerPlan
from roadmap_tui.widgets.milestone_pick import WIDE_FROM, PlanRows, column_widths, pick, table_key
from roadmap_tui.widgets.row_table import (
    EMPTY_KEY,
    PlansTable,
    RowTable,
    built_when_needed,
    set_border_subtitle,
    sized_like,
)
from roadmap_tui.workspace.intents import (
    CycleStatus,
    Intent,
    SetDue,
    SetNote,
    SetStatus,
    ShiftDue,
    Target,
    ToggleBlocked,
)

#: The most rows the table holds; the rest are found with the filter (``/``).
MAX_ROWS = 300


def row_key(path: Path, item_id: str) -> str:
    """The DataTable key of an item: the same across reloads, unique across plans."""
    return f"{path}\x00{item_id}"


def table_width(table: RowTable) -> int:
    """The cells a table's columns may fill, leaving the vertical scrollbar's room either way.

    The scrollbar appears only once the rows are in, and no resize follows it; columns made to
    fit the width without it would then run one cell past the edge.
    """
    sized = sized_like(table)
    if sized is None:
        return 40
    return max(10, sized.size.width - table.styles.scrollbar_size_vertical)


def parse_date(text: str) -> dt.date:
    """A date typed as YYYY-MM-DD, or a ValueError saying what is wrong."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date; type it as YYYY-MM-DD") from None


class MilestoneTable(PlansTable):
    """Milestones of one plan, or of every plan in the All plans view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "cycle_status", "Status"),
        Binding("b", "toggle_blocked", "Blocked"),
        Binding("x", "drop", "Drop", show=False),
        Binding("s", "pick_status", "Set status", show=False),
        Binding("d", "edit_due", "Due date", show=False),
        Binding("plus,equals_sign", "shift_due(7)", "Due +1 week", show=False, key_display="+"),
        Binding("minus", "shift_due(-7)", "Due -1 week", show=False, key_display="-"),
        Binding("n", "edit_note", "Note", show=False),
        # In ? help, not the footer: at 80 columns the footer must keep room for "? Help".
        Binding("a", "toggle_all", "Show done", show=False),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("enter", "detail", "Details"),
        Binding("e", "open_editor", "Edit file", show=False),
    ]

    def __init__(self, *, show_plan: bool = False) -> None:
        super().__init__(id="milestone-table")
        self.show_plan = show_plan
        self.show_closed = False
        self.text_filter = ""
        self._rows: dict[str, MilestoneRow] = {}
        self._total = 0
        self._overdue_total = 0
        #: The row last edited with a key: shown where it was (even once closed) until the
        #: cursor moves.
        self._sticky: str | None = None
        #: What to say when there is no milestone to show (set by the view, which knows why).
        self.empty_note = "No open milestones in this plan."
        #: Items changed since the last standup: marked with a Δ.
        self._changed: frozenset[ItemRef] = frozenset()
        #: Each plan's rows, kept while the plan object lives (a reload makes a new one).
        self._plan_rows: PerPlan[PlanRows] = PerPlan()
        #: Each listed row's cells as last shown, by row: (row, how they were made, cells).
        self._shown_cells: dict[int, tuple[MilestoneRow, Hashable, list[Text]]] = {}

    def show(
        self,
        plans: Sequence[tuple[Path, Plan]],
        today: dt.date,
        changed: frozenset[ItemRef] = frozenset(),
    ) -> None:
        """Show the milestones of ``plans`` as of ``today``, the ``changed`` ones marked."""
        self._changed = changed
        self._plan_rows.keep_only(plan for _path, plan in plans)
        super().show(plans, today)

    def _rebuild(self) -> None:
        width = table_width(self)
        wide = width >= WIDE_FROM
        today, show_plan = self._today, self.show_plan
        per_plan = [
            self._plan_rows.get(
                plan,
                (path, today, wide, show_plan),
                partial(PlanRows.of, path, plan, today, wide=wide, show_plan=show_plan),
            )
            for path, plan in self._plans
        ]
        # Past a few hundred rows nobody scrolls, and every row costs on each reload of any
        # plan: show the most urgent, keep the selected one, and let / find the rest.
        picked = pick(
            per_plan,
            show_closed=self.show_closed,
            sticky=self._sticky,
            needle=self.text_filter.casefold(),
            keep={self.selected_key, self._sticky},
            limit=MAX_ROWS,
        )
        rows = _held(picked.rows, self._sticky, self._keys)
        self._overdue_total, self._total = picked.overdue, picked.total
        every = milestone_columns(wide=wide, show_plan=self.show_plan)
        # A compact All plans table cannot fit seven columns: the owner gives way to the plan.
        # Nor can a very narrow one fit six: there the owner goes too.
        hidden = {"Owner"} if self.show_plan and not wide else set()
        while True:
            labels, built = self._cells(rows, every, hidden, wide)
            # The row just edited does not size the columns (its "When" changes with its
            # status): a key press then repaints one row, not every column moved. Its cells
            # are cut to fit until the cursor moves off it.
            sizing = [cells for key, _, cells in built if key != self._sticky]
            widths = column_widths(labels, sizing or [cells for _, _, cells in built], width)
            if sum(widths) <= width or "Owner" in hidden:
                break
            hidden.add("Owner")
        self._rows = {key: row for key, row, _ in built}
        keyed: list[tuple[str, list[Text]]] = []
        made: dict[int, tuple[MilestoneRow, Hashable, list[Text]]] = {}
        how = (labels, tuple(widths), self._changed)  # what the cells are made from
        for key, row, cells in built:
            fitted = self._fitted(row, cells, labels, widths, how)
            made[id(row)] = (row, how, fitted)
            keyed.append((key, fitted))
        # Kept only for the rows listed now: the table compares by identity first, so cells
        # made once for an unchanged row cost nothing to compare on the next reload.
        self._shown_cells = made
        if not keyed:
            note = self.empty_note
            if self.text_filter:
                note = f"No milestones match {self.text_filter!r}."
            # One wide column: the note is a sentence, not a title squeezed into its column.
            self.set_rows([("", width)], [(EMPTY_KEY, [fit(Text(note, style="dim"), width)])])
        else:
            self.set_rows(list(zip(labels, widths, strict=True)), keyed)
        self.border_subtitle_update()

    def _fitted(
        self,
        row: MilestoneRow,
        cells: list[Text],
        labels: Sequence[str],
        widths: Sequence[int],
        how: Hashable,
    ) -> list[Text]:
        """The row's cells cut to the column widths: as last time when nothing changed."""
        shown = self._shown_cells.get(id(row))
        if shown is not None and shown[0] is row and shown[1] == how:
            return shown[2]
        fitted = [fit(cell, widths[i] - 1) for i, cell in enumerate(cells)]
        if row.overdue:
            for index, label in enumerate(labels):
                if label in ("ID", "Milestone"):
                    fitted[index].stylize("bold red")
        return fitted

    def _cells(
        self, rows: Sequence[MilestoneRow], every: Sequence[str], hidden: set[str], wide: bool
    ) -> tuple[tuple[str, ...], list[tuple[str, MilestoneRow, list[Text]]]]:
        """The shown column labels, and each row's key and cells under them."""
        shown = [i for i, label in enumerate(every) if label not in hidden]
        labels = tuple(every[i] for i in shown)
        due = labels.index("Due")
        changed = self._changed
        built: list[tuple[str, MilestoneRow, list[Text]]] = []
        for row in rows:
            key = table_key(row)
            cells = [row.cells[i] for i in shown]
            if changed and (Path(row.key[0]), "milestone", row.key[1]) in changed:
                # Changed since the last standup (the Changes view lists what and by whom).
                cells[0] = cells[0].copy()
                cells[0].append("Δ", style="bold magenta")
            when = row.view.milestone.due
            if not wide and when is not None:
                cells[due] = Text(when.strftime("%m-%d"), style=cells[due].style)
            built.append((key, row, cells))
        return labels, built

    def border_subtitle_update(self) -> None:
        parent = self.parent
        if not isinstance(parent, MilestonePanel):
            return
        parts = []
        if self.text_filter:
            parts.append(f"filter: {self.text_filter}")
        parts.append("all" if self.show_closed else "open")
        if self._total > len(self._rows):
            parts.append(f"{len(self._rows)} of {self._total} shown, / finds the rest")
        if self._overdue_total:
            parts.append(f"{self._overdue_total} late")
        set_border_subtitle(parent, " · ".join(parts))

    # Selection --------------------------------------------------------------------------------

    def selected(self) -> tuple[Path, Milestone] | None:
        key = self.selected_key
        if key is None or key not in self._rows:
            return None
        row = self._rows[key]
        return Path(row.key[0]), row.view.milestone

    def reveal(self, key: str) -> bool:
        """Put the cursor on a milestone even if done, filtered out or past the row limit."""
        if self.select_key(key):
            return True
        self.text_filter = ""
        self._sticky = key  # kept on the list like a row just edited, until the cursor moves
        self._rebuild()
        return self.select_key(key)

    def on_data_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        # Judge by where the cursor is now: a refresh moves it through other rows on its way.
        if self._sticky is not None and self.selected_key != self._sticky:
            self._sticky = None
            self.call_after_refresh(self._rebuild)

    def _request(self, intent: Callable[[Target], Intent]) -> None:
        picked = self.selected()
        if picked is None:
            self.app.bell()
            return
        self._sticky = self.selected_key
        path, milestone = picked
        request_edit(self, intent(Target(path, "milestones", milestone.id)))

    # Actions ------------------------------------------------------------------------------------

    def action_cycle_status(self) -> None:
        self._request(CycleStatus)

    def action_toggle_blocked(self) -> None:
        self._request(ToggleBlocked)

    def action_drop(self) -> None:
        self._request(lambda target: SetStatus(target, "dropped"))

    def action_shift_due(self, days: int) -> None:
        self._request(lambda target: ShiftDue(target, days))

    def action_pick_status(self) -> None:
        picked = self.selected()
        if picked is None:
            return
        path, milestone = picked
        choices = [(Text(f"{STATUS[s].symbol} {STATUS[s].label}"), s) for s in STATUSES]

        def chosen(status: Status | None) -> None:
            if status is not None and status != milestone.status:
                target = Target(path, "milestones", milestone.id)
                request_edit(self, SetStatus(target, status))

        self.app.push_screen(
            ChoiceDialog(f"Status of {milestone.id}", choices, STATUSES.index(milestone.status)),
            chosen,
        )

    def action_edit_due(self) -> None:
        picked = self.selected()
        if picked is None:
            return
        path, milestone = picked

        def chosen(date: dt.date | None) -> None:
            if date is not None and date != milestone.due:
                target = Target(path, "milestones", milestone.id)
                request_edit(self, SetDue(target, date))

        self.app.push_screen(
            InputDialog(
                f"Due date of {milestone.id}",
                milestone.due.isoformat() if milestone.due else "",
                parse_date,
                "YYYY-MM-DD · enter to save · esc to cancel",
            ),
            chosen,
        )

    def action_edit_note(self) -> None:
        picked = self.selected()
        if picked is None:
            return
        path, milestone = picked

        def chosen(note: str | None) -> None:
            if note is not None and note != (milestone.note or ""):
                target = Target(path, "milestones", milestone.id)
                request_edit(self, SetNote(target, note))

        self.app.push_screen(
            InputDialog(
                f"Note on {milestone.id}",
                milestone.note or "",
                str.strip,
                "enter to save (empty removes the note) · esc to cancel",
            ),
            chosen,
        )

    def action_toggle_all(self) -> None:
        self.show_closed = not self.show_closed
        self._rebuild()

    def action_filter(self) -> None:
        panel = self.parent
        if isinstance(panel, MilestonePanel):
            panel.start_filter()

    def action_detail(self) -> None:
        picked = self.selected()
        if picked is None:
            self.app.bell()
            return
        self.post_message(DetailWanted(picked[0], "milestones", picked[1].id))

    def action_open_editor(self) -> None:
        picked = self.selected()
        if picked is not None:
            self.post_message(OpenInEditor(picked[0], "milestones", picked[1].id))


class MilestonePanel(Vertical):
    """The bordered panel: the table, and a filter line under it when ``/`` is pressed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self, *, show_plan: bool = False) -> None:
        super().__init__(classes="panel")
        self.border_title = "2 Milestones"
        self._show_plan = show_plan

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no filter to clear, escape goes on to the app (it clears the owner focus).
        if action == "clear_filter":
            return self.has_class("filtering") or bool(self.table.text_filter)
        return True

    def compose(self) -> ComposeResult:
        yield MilestoneTable(show_plan=self._show_plan)
        # The filter line is built on the first "/": most sessions never filter.

    @property
    def table(self) -> MilestoneTable:
        return self.query_one(MilestoneTable)

    def start_filter(self) -> None:
        self.add_class("filtering")
        built_when_needed(self, Input, _filter_line).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.text_filter = event.value.strip()
        self.table._rebuild()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.table.text_filter:
            self.remove_class("filtering")
        self.table.focus()

    def action_clear_filter(self) -> None:
        for field in self.query_children(Input):
            field.value = ""
        self.table.text_filter = ""
        self.remove_class("filtering")
        self.table._rebuild()
        self.table.focus()


def _filter_line() -> Input:
    return Input(placeholder="filter milestones…", id="filter")


def _held(rows: list[MilestoneRow], sticky: str | None, shown: Sequence[str]) -> list[MilestoneRow]:
    """``rows``, with the row just edited (``sticky``) where it was shown until the cursor
    moves off it: a status key must not send the row, and the cursor with it, elsewhere."""
    if sticky is None or sticky not in shown:
        return rows
    at = next((n for n, row in enumerate(rows) if table_key(row) == sticky), None)
    if at is None:
        return rows
    others = rows[:at] + rows[at + 1 :]
    place = min(shown.index(sticky), len(others))
    return [*others[:place], rows[at], *others[place:]]
