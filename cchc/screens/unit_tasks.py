"""The plan tasks a unit page lists, with their status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import pandas as pd

from cchc import tasks
from cchc.screens.unit_labels import plan_labels
from cchc.text import vn_number
from cchc.vocab import CHUA_DAT, DANG_THUC_HIEN, DAT, STATUS_COLORS

# cchc.tasks.task_status columns → headings, in display order (lead_text is the lead as written).
TASK_COLUMNS = {
    "plan": "Kế hoạch",
    "stt": "STT",
    "task": "Nhiệm vụ",
    "status": "Trạng thái",
    "due_date": "Hạn",
    "deadline_text": "Thời gian thực hiện",
    "overdue_occurrences": "Số kỳ quá hạn",
    "lead_text": "Cơ quan chủ trì",
    "lead_units": "Cơ quan chủ trì",
    "product": "Sản phẩm",
}
# The colour of a task status, taken from the quota statuses' colours (the UI makes the CSS).
TASK_COLORS = {
    "Quá hạn": STATUS_COLORS[CHUA_DAT],
    "Hoàn thành quá hạn": STATUS_COLORS[DANG_THUC_HIEN],
    "Sắp đến hạn": STATUS_COLORS[DANG_THUC_HIEN],
    "Hoàn thành đúng hạn": STATUS_COLORS[DAT],
}
# Tasks needing action first, finished ones last.
TASK_ORDER = (
    "Quá hạn",
    "Sắp đến hạn",
    "Đang thực hiện",
    "Thường xuyên",
    "Chưa xác định hạn",
    "Hoàn thành quá hạn",
    "Hoàn thành đúng hạn",
)


def unit_tasks(
    con: duckdb.DuckDBPyConnection, unit: str, as_of: date, *, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """The unit's plan tasks with their status as of a day (none for a unit outside `units`, the
    user's scope, when given), plans by their labels."""
    shown = [unit] if units is None or unit in units else []
    frame = pd.DataFrame(tasks.task_status(con, as_of, units=shown))
    if "plan" in frame.columns:
        frame["plan"] = frame["plan"].map(plan_labels(con)).fillna(frame["plan"])
    return frame


def tasks_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Tasks with Vietnamese headings, overdue first, deadlines as dd/mm/yyyy; for a recurring task,
    how many of its occurrences so far are overdue."""
    view = frame.copy()
    if {"occurrences_total", "occurrences_overdue"} <= set(view.columns):
        view["overdue_occurrences"] = [
            f"{vn_number(o)}/{vn_number(t)}" if t and t > 1 else ""
            for o, t in zip(
                view["occurrences_overdue"].fillna(0), view["occurrences_total"].fillna(0), strict=True
            )
        ]
    if "lead_text" in view.columns:
        view = view.drop(columns="lead_units", errors="ignore")
    known = [c for c in TASK_COLUMNS if c in view.columns]
    view = view[known] if known else view
    if "status" in view.columns:
        order = {s: i for i, s in enumerate(TASK_ORDER)}
        view = view.assign(_o=view["status"].map(order).fillna(len(order))).sort_values("_o", kind="stable")
        view = view.drop(columns="_o")
    if "due_date" in view.columns:
        view["due_date"] = [
            "" if v is None or pd.isna(v) else pd.Timestamp(v).strftime("%d/%m/%Y") for v in view["due_date"]
        ]
    return view.rename(columns=TASK_COLUMNS).fillna("").reset_index(drop=True)
