"""Rich renderables shared by the Textual widgets and the headless ``show`` command.

Nothing here imports textual. Plan text only ever goes into ``Text`` objects, never into markup.
"""

from __future__ import annotations

from roadmap_tui.render.current import CurrentPanel, current_panel, progress_bars
from roadmap_tui.render.dashboard import dashboard, failed_panel, plan_panels
from roadmap_tui.render.kpis import (
    KPI_COLUMNS,
    KpiRow,
    kpi_row,
    kpi_rows,
    kpi_table,
    pace_mark,
    pace_reason,
    sparkline,
    trend_cell,
    with_unit,
)
from roadmap_tui.render.milestones import (
    MilestoneRow,
    RowKey,
    milestone_columns,
    milestone_rows,
    milestone_table,
)
from roadmap_tui.render.risks import (
    EXPOSURE_STYLE,
    RiskGrid,
    cell_content,
    exposure_text,
    risk_detail,
    risk_grid,
    risk_table,
)
from roadmap_tui.render.text import STATUS, bar, fit, percent, relative_days, status_symbol

__all__ = [
    "EXPOSURE_STYLE",
    "KPI_COLUMNS",
    "STATUS",
    "CurrentPanel",
    "KpiRow",
    "MilestoneRow",
    "RiskGrid",
    "RowKey",
    "bar",
    "cell_content",
    "current_panel",
    "dashboard",
    "exposure_text",
    "failed_panel",
    "fit",
    "kpi_row",
    "kpi_rows",
    "kpi_table",
    "milestone_columns",
    "milestone_rows",
    "milestone_table",
    "pace_mark",
    "pace_reason",
    "percent",
    "plan_panels",
    "progress_bars",
    "relative_days",
    "risk_detail",
    "risk_grid",
    "risk_table",
    "sparkline",
    "status_symbol",
    "trend_cell",
    "with_unit",
]
