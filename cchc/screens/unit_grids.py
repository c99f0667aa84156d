"""Quota grids of a unit page: one row per rule, one column per period, 'actual/required' cells
with the status of each (the colours are cchc.vocab.STATUS_COLORS; the UI turns them into CSS)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from cchc.text import vn_number

# Order of the grids on a page: the month first, then the longer periods.
GRID_PERIODS = ("month", "quarter", "year", "window")
GRID_TITLES = {
    "month": "Định mức hằng tháng",
    "quarter": "Định mức hằng quý",
    "year": "Định mức cả năm",
    "window": "Định mức cả kỳ kế hoạch",
}


@dataclass(frozen=True)
class StatusGrid:
    """A table to show: label columns, then one column per period with 'actual/required'.

    `status` has the same shape, holding the quota status of each period cell (None elsewhere)."""

    title: str
    text: pd.DataFrame
    status: pd.DataFrame

    @property
    def period_columns(self) -> list[str]:
        """The headings of the period (coloured) columns."""
        return [c for c in self.text.columns if self.status[c].notna().any()]


def status_grid(
    frame: pd.DataFrame, labels: Mapping[str, str], title: str = "", *, rows_are_rules: bool = True
) -> StatusGrid:
    """Rows = the `labels` columns (source → heading), columns = `column_label` in time order,
    cell = actual/required. Rows are kept per rule (two rules may share a label) unless the
    columns are the rules themselves."""
    if frame.empty:
        empty = pd.DataFrame(columns=list(labels.values()))
        return StatusGrid(title, empty, empty.copy())
    keys = [*labels, "rule"] if rows_are_rules and "rule" not in labels else list(labels)
    order = frame.drop_duplicates("column_label").sort_values("period_start")["column_label"].tolist()
    cells = frame.assign(
        cell=[
            f"{vn_number(a)}/{vn_number(r)}" for a, r in zip(frame["actual"], frame["required"], strict=True)
        ]
    )
    rows = pd.MultiIndex.from_frame(cells[keys].drop_duplicates())
    text = cells.pivot(index=keys, columns="column_label", values="cell").reindex(index=rows, columns=order)
    status = cells.pivot(index=keys, columns="column_label", values="status").reindex(
        index=rows, columns=order
    )
    text = text.fillna("").reset_index()[[*labels, *order]]
    status = status.astype(object).where(status.notna(), None).reset_index()[[*labels, *order]]
    for key in labels:
        status[key] = None
    text.columns = status.columns = [labels.get(c, c) for c in text.columns]
    return StatusGrid(title, text, status)


def quota_grids(frame: pd.DataFrame, labels: Mapping[str, str]) -> list[StatusGrid]:
    """One grid per period kind present (months, quarters, year, plan window); weeks are shown
    week by week elsewhere."""
    return [
        status_grid(frame[frame["period"] == period], labels, GRID_TITLES[period])
        for period in GRID_PERIODS
        if (frame["period"] == period).any()
    ]


def week_grid(frame: pd.DataFrame) -> StatusGrid:
    """Weekly rule-periods: one row per ISO week ('Tuần 14 (30/03–05/04)'), one column per rule."""
    weeks = frame[frame["period"] == "week"].sort_values(["period_start", "rule"])
    # Columns are the rules here, in rule order; rows stay in week order.
    flipped = weeks.assign(
        column_label=weeks["rule_label"], period_start=weeks.groupby("rule")["period_start"].transform("min")
    )
    return status_grid(flipped, {"period_label": "Tuần"}, "Định mức hằng tuần", rows_are_rules=False)


def weekly_series(frame: pd.DataFrame, rule: str) -> pd.DataFrame:
    """One weekly rule's weeks in order: week number, label, required, actual, status."""
    weeks = frame[(frame["period"] == "week") & (frame["rule"] == rule)].sort_values("period_start")
    return weeks.assign(week=[s.isocalendar().week for s in weeks["period_start"]])[
        ["week", "period_label", "period_start", "period_end", "required", "actual", "status"]
    ].reset_index(drop=True)
