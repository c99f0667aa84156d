"""Báo cáo as data: the quarterly report of communication work (quota figures from cchc.quotas,
items and re-sent copies, tasks), and its .xlsx and chart images."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from cchc import db, provinces, tasks
from cchc.charts.report import report_figures
from cchc.exports import images
from cchc.exports.report import report_xlsx
from cchc.periods import Period, parse_period
from cchc.quotas import behind, numbers, rollups, summary
from cchc.quotas.fulfillment import fulfillment, query_params
from cchc.vocab import CHANNELS, ITEM_KINDS, ITEM_STATUSES, PERIOD_KINDS, TASK_STATUSES, UNIT_KINDS

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
TASK_DONE = ("Hoàn thành đúng hạn", "Hoàn thành quá hạn")
TASK_OVERDUE = "Quá hạn"


@dataclass
class ReportData:
    """Everything the quarterly report shows, as frames (no formatting)."""

    period: Period
    as_of: date
    detail: pd.DataFrame
    by_kind: pd.DataFrame
    by_unit: pd.DataFrame
    items: pd.DataFrame
    items_by_month: pd.DataFrame
    duplicates: pd.DataFrame
    tasks: pd.DataFrame | None
    task_occurrences: pd.DataFrame | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    share_by_kind: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def label(self) -> str:
        return quarter_label(self.period)


def quarter_label(period: Period) -> str:
    """'Quý III/2026' for 2026-Q3; the spec itself for other periods."""
    spec = period.spec.upper()
    if "-Q" in spec and ".." not in spec:
        year, q = spec.split("-Q")
        return f"Quý {ROMAN[int(q)]}/{year}"
    return f"Kỳ {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"


def current_quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def tasks_day(period: Period, as_of: date) -> date:
    """The day a report's task figures are taken on: the period's last day once it is over (so
    Q1's overdue tasks are those overdue on 31 March, not today), else the as-of day."""
    return min(as_of, period.end)


def task_rows(
    con: duckdb.DuckDBPyConnection, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Each task's current status (cchc.tasks.task_status)."""
    return tasks.task_status(con, as_of, plan=None, units=None if units is None else list(units))


def task_occurrences(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Task occurrences (a recurring task's months, quarters…) due within `period`."""
    frame = tasks.occurrence_status(con, as_of, plan=None, units=None if units is None else list(units))
    due = pd.to_datetime(frame["occ_due"], errors="coerce")
    return frame[(due >= pd.Timestamp(period.start)) & (due <= pd.Timestamp(period.end))]


def _detail(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None
) -> pd.DataFrame:
    rows = fulfillment(con, period, as_of, units)
    detail = numbers.in_report(rows, period.start, period.end)
    detail["missing"] = numbers.missing(detail)
    detail["channel_label"] = detail["channel"].map(CHANNELS)
    detail["kind_label"] = detail["unit_kind"].map(UNIT_KINDS)
    detail["period_label"] = detail["period"].map(PERIOD_KINDS)
    return detail


def _logged(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    items = db.run(con, "quotas/report_items", query_params(period, as_of, units))
    items["channel_label"] = items["channel"].map(CHANNELS)
    items["kind_label"] = items["unit_kind"].map(UNIT_KINDS)
    dups = db.run(con, "quotas/report_duplicates", query_params(period, as_of, units))
    for col, vocab in (("channel", CHANNELS), ("item_kind", ITEM_KINDS), ("status", ITEM_STATUSES)):
        dups[f"{col}_label"] = dups[col].map(vocab)
    dups["kind_label"] = dups["unit_kind"].map(UNIT_KINDS)
    return items, dups


def report_data(
    con: duckdb.DuckDBPyConnection, spec: str, as_of: date, units: Sequence[str] | None = None
) -> ReportData:
    """Collect the report for period `spec` (normally a quarter such as '2026-Q3')."""
    period = parse_period(spec)
    detail = _detail(con, period, as_of, units)
    items, dups = _logged(con, period, as_of, units)
    day = tasks_day(period, as_of)
    task_frame = task_rows(con, day, units)
    if "due_date" in task_frame:
        due = pd.to_datetime(task_frame["due_date"], errors="coerce")
        in_q = (due >= pd.Timestamp(period.start)) & (due <= pd.Timestamp(period.end))
        task_frame = task_frame.assign(
            due_in_period=in_q.map({True: "Có", False: "Không"}).where(due.notna(), None)
        )
    occurrences = task_occurrences(con, period, day, units)
    month_items = summary.items_by_month(con, period, units)
    month_items = month_items[month_items["month"] <= pd.Timestamp(as_of)]
    return ReportData(
        period=period,
        as_of=as_of,
        detail=detail,
        by_kind=rollups.by_kind(detail, items),
        by_unit=rollups.by_unit(detail),
        items=items,
        items_by_month=month_items,
        duplicates=dups,
        tasks=task_frame,
        task_occurrences=occurrences,
        summary=report_summary(detail, items, task_frame, occurrences),
        share_by_kind=rollups.share_by_kind(detail),
    )


def report_summary(
    detail: pd.DataFrame, items: pd.DataFrame, tasks: pd.DataFrame | None, occurrences: pd.DataFrame | None
) -> dict[str, Any]:
    """The report's headline: quota figures (cchc.quotas), items logged, tasks done and overdue."""
    out: dict[str, Any] = {
        **rollups.quota_summary(detail),
        "new_items": int(items["new_items"].sum()),
        "duplicates": int(items["duplicates"].sum()),
    }
    if tasks is not None and "status" in tasks:
        out["tasks"] = len(tasks)
        out["tasks_done"] = int(tasks["status"].isin(TASK_DONE).sum())
        out["tasks_overdue"] = int((tasks["status"] == TASK_OVERDUE).sum())
        out["task_counts"] = {s: int((tasks["status"] == s).sum()) for s in TASK_STATUSES}
    if occurrences is not None:
        out["due_in_period"] = len(occurrences)
        out["due_in_period_done"] = int(occurrences["status"].isin(TASK_DONE).sum())
        out["due_in_period_overdue"] = int((occurrences["status"] == TASK_OVERDUE).sum())
    return out


# --- the page's reads (pages call these through ui.cached) -------------------------------


def report(
    con: duckdb.DuckDBPyConnection,
    spec: str,
    as_of: date,
    kind: str,
    unit: str,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> ReportData:
    """The report for a kind ('all' for every kind) and/or one unit, within the user's `units`
    (and `province`, when given)."""
    within = provinces.within(con, province, units)
    codes = behind.scope_units(con, None if kind == "all" else kind, unit or None, within)
    return report_data(con, spec, as_of, codes)


def workbook(data: ReportData) -> bytes:
    """The report as an .xlsx with its charts (made from the data shown, no second read)."""
    return report_xlsx(data, images.figure_images(report_figures(data)))


def charts_zip(data: ReportData) -> bytes:
    """The chart images in one zip."""
    return images.images_zip(images.figure_images(report_figures(data)))
