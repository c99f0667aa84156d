"""Task status as of a day: per task, per occurrence, counted per status.

A task's status as of a day D is computed in SQL (queries/tasks/task_ctes.sql) per *occurrence*:
one for a task with a single deadline, one per week/month/quarter for a recurring task
("Định kỳ hằng tháng", "15 tháng cuối quý"), one per month for a continuous one ("Thường
xuyên"), as cchc.tasks.occurrences lists them. For each occurrence, in this order:

1. completed on or before D: 'Hoàn thành đúng hạn' if completed on or before the due day, or if
   no due day can be determined (no deadline was missed); else 'Hoàn thành quá hạn'.
   A completion dated after D does not count yet as of D.
2. no due day (open phrase, unrecognised phrase, relative date without its reference date):
   'Chưa xác định hạn'. No date is ever made up.
3. due day before D: 'Quá hạn'.
4. a continuous ("Thường xuyên") task's running or future month: 'Thường xuyên'.
5. due within 7 days (D <= due <= D + 7): 'Sắp đến hạn'.
6. otherwise 'Đang thực hiện' (also before the window opens: "Quý III" as of April).

A task's own row (the CLI, the page's list) is its *current* occurrence: the first one due on or
after D, else the last one. So a "Thường xuyên" task reads 'Thường xuyên' while its plan runs,
'Hoàn thành…' when this month's occurrence is recorded done, and 'Quá hạn' only once the plan
period is over with its last month unrecorded; earlier missed occurrences show in the
per-occurrence view and in ``occurrences_overdue``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import pandas as pd

from cchc import db
from cchc.tasks.plans import as_date, resolve_plan
from cchc.vocab import TASK_STATUSES

CSV_COLUMNS = ["plan", "stt", "task", "lead_units", "deadline_text", "due_date", "status"]
DATE_COLUMNS = ("due_date", "occ_start", "occ_due", "completed_on")


def _with_dates(frame: pd.DataFrame) -> pd.DataFrame:
    for col in DATE_COLUMNS:
        if col in frame.columns:
            frame[col] = pd.Series([as_date(v) for v in frame[col]], index=frame.index, dtype=object)
    return frame


def _params(
    con: duckdb.DuckDBPyConnection, as_of: date, plan: str | None, units: Sequence[str] | None
) -> dict:
    return {
        "as_of": as_of,
        "plan": resolve_plan(con, plan) if plan else None,
        "units": None if units is None else list(units),  # an empty list: no unit, no task
    }


def task_status(
    con: duckdb.DuckDBPyConnection, as_of: date, plan: str | None = None, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per task as of `as_of` (CSV_COLUMNS first; dates as datetime.date or None).

    plan: a plan code or printed number; units: only tasks these units (or their offices, or a
    group of units including them) lead -- None for every task, an empty list for none.
    """
    return _with_dates(db.run(con, "tasks/task_status", _params(con, as_of, plan, units)))


def occurrence_status(
    con: duckdb.DuckDBPyConnection, as_of: date, plan: str | None = None, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per occurrence (a recurring task's weeks, months, quarters) as of `as_of`."""
    return _with_dates(db.run(con, "tasks/task_occurrence_status", _params(con, as_of, plan, units)))


def status_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows per status, every status listed (zero included), in TASK_STATUSES order."""
    counts = frame["status"].value_counts() if len(frame) else pd.Series(dtype=int)
    return pd.DataFrame(
        {"status": list(TASK_STATUSES), "tasks": [int(counts.get(s, 0)) for s in TASK_STATUSES]}
    )


def plans_with_tasks(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return db.run(con, "tasks/task_plans", {"plan": None})


def lead_units(con: duckdb.DuckDBPyConnection, plan: str | None = None) -> pd.DataFrame:
    """Units leading at least one task of the plan (code, name, kind)."""
    return db.run(con, "tasks/task_lead_units", {"plan": resolve_plan(con, plan) if plan else None})
