"""The Nhiệm vụ page as data: the plans and lead units a user may pick, the task board (tasks and
their occurrences), its tables, and the writes (completions, uploads) with their audit entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from cchc import auth, provinces, tasks
from cchc.ingest.report import Problem
from cchc.vocab import TASK_STATUSES

ALL = ""
# Overdue first, then what needs attention soon, then the rest.
ORDER = ["Quá hạn", "Sắp đến hạn", "Đang thực hiện", "Thường xuyên", "Chưa xác định hạn"]
ORDER += [s for s in TASK_STATUSES if s not in ORDER]
SEVERITY = {"fatal": "Không nhập được", "error": "Lỗi", "warning": "Lưu ý"}


def _day(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def chosen_units(unit: str, units: Sequence[str] | None) -> list[str] | None:
    """The units to read tasks for: every unit of the scope `units`, or the chosen one if the
    scope holds it (none for a forged picker value outside it)."""
    if not unit:
        return None if units is None else list(units)
    return [unit] if units is None or unit in units else []


def plan_choices(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> dict[str, str]:
    """Plan code → label of the plans holding a task the scope (of `province`, if given) may see."""
    units = provinces.within(con, province, units)
    plans = tasks.plans_with_tasks(con)
    if plans.empty:
        return {}
    visible = set(tasks.task_status(con, as_of, units=chosen_units(ALL, units))["plan"])
    return {
        r.plan_code: tasks.plan_label(r.plan_code, r.number, r.issuer_name)
        for r in plans.itertuples(index=False)
        if r.plan_code in visible
    }


def lead_choices(
    con: duckdb.DuckDBPyConnection,
    plan: str,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> dict[str, str]:
    """Unit code → name of the scope's units (of `province`, if given) leading a task of the
    plan (of any plan for "")."""
    units = provinces.within(con, province, units)
    leads = tasks.lead_units(con, plan or None)
    if units is not None:
        leads = leads[leads["code"].isin(list(units))]
    return dict(zip(leads["code"], leads["name"], strict=True))


def upload_targets(con: duckdb.DuckDBPyConnection, *, units: Sequence[str] | None = None) -> dict[str, str]:
    """Plans whose task table the scope may upload: any for the city, else its own units' plans."""
    return tasks.upload_targets(con, units)


@dataclass(frozen=True)
class Board:
    """Tasks (one row each, its current occurrence) and every occurrence, as of a day."""

    status: pd.DataFrame
    occurrences: pd.DataFrame


def board(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    plan: str,
    unit: str,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> Board:
    """The tasks of a plan ("" for all) a unit leads ("" for all of the scope, of `province` if
    given), as of a day."""
    shown = chosen_units(unit, provinces.within(con, province, units))
    return Board(
        tasks.task_status(con, as_of, plan=plan or None, units=shown),
        tasks.occurrence_status(con, as_of, plan=plan or None, units=shown),
    )


def counts(status: pd.DataFrame) -> dict[str, int]:
    """Tasks per status, in ORDER (zero included)."""
    per_status = tasks.status_counts(status).set_index("status")["tasks"]
    return {name: int(per_status[name]) for name in ORDER}


def overdue_table(status: pd.DataFrame, as_of: date) -> pd.DataFrame:
    overdue = status[status["status"] == "Quá hạn"]
    return pd.DataFrame(
        {
            "Kế hoạch": overdue["plan"],
            "STT": overdue["stt"],
            "Nhiệm vụ": overdue["task"],
            "Đơn vị chủ trì": overdue["lead_units"],
            "Hạn": [_day(d) for d in overdue["due_date"]],
            "Số ngày quá hạn": [(as_of - d).days for d in overdue["due_date"]],
        }
    )


def missed_table(occurrences: pd.DataFrame) -> pd.DataFrame:
    """Past occurrences of recurring tasks not recorded as done."""
    missed = occurrences[(occurrences["status"] == "Quá hạn") & (occurrences["occurrence_key"] != "once")]
    spans = zip(missed["occ_start"], missed["occ_due"], missed["occurrence_key"], strict=True)
    return pd.DataFrame(
        {
            "Kế hoạch": missed["plan"],
            "STT": missed["stt"],
            "Nhiệm vụ": missed["task"],
            "Kỳ": [tasks.period_label(s, d, k) for s, d, k in spans],
        }
    )


def timelines(occurrences: pd.DataFrame, statuses: Sequence[str]) -> list[tuple[str, pd.DataFrame, int]]:
    """Per plan, in order: its occurrences of these statuses, and how many of its tasks have no
    due day (not on the chart)."""
    shown = occurrences[occurrences["status"].isin(list(statuses))]
    parts = []
    for code in dict.fromkeys(shown["plan"]):
        part = shown[shown["plan"] == code]
        parts.append((code, part, int(part[part["occ_due"].isna()]["stt"].nunique())))
    return parts


def listed(status: pd.DataFrame, statuses: Sequence[str]) -> pd.DataFrame:
    """The tasks of these statuses, overdue first, then by plan and STT."""
    view = status[status["status"].isin(list(statuses))].copy()
    view["order"] = view["status"].map({s: i for i, s in enumerate(ORDER)})
    return view.sort_values(["order", "plan", "stt"]).drop(columns="order")


def list_table(view: pd.DataFrame) -> pd.DataFrame:
    """The list of tasks (see listed) with Vietnamese headings."""
    return pd.DataFrame(
        {
            "Kế hoạch": view["plan"],
            "STT": view["stt"],
            "Nhiệm vụ": view["task"],
            "Đơn vị chủ trì": view["lead_units"],
            "Thời gian thực hiện": view["deadline_text"].fillna(""),
            "Hạn (kỳ hiện tại)": [_day(d) for d in view["due_date"]],
            "Trạng thái": view["status"],
            "Ngày hoàn thành": [_day(d) for d in view["completed_on"]],
            "Cách hiểu thời hạn": view["deadline_note"],
        }
    )


def workbook(status: pd.DataFrame, occurrences: pd.DataFrame, statuses: Sequence[str], as_of: date) -> bytes:
    """The .xlsx download of the tasks and occurrences of these statuses."""
    return tasks.to_xlsx(
        listed(status, statuses),
        occurrences[occurrences["status"].isin(list(statuses))],
        title=f"Tiến độ nhiệm vụ tính đến ngày {_day(as_of)}",
    )


def problems_table(problems: Sequence[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Trang": [p.sheet or "" for p in problems],
            "Dòng": [p.row or "" for p in problems],
            "Cột": [p.column or "" for p in problems],
            "Nội dung": [p.message for p in problems],
            "Mức độ": [SEVERITY.get(p.severity, p.severity) for p in problems],
        }
    )


def save_completions(
    con: duckdb.DuckDBPyConnection,
    original: pd.DataFrame,
    edited: pd.DataFrame,
    user: auth.User,
    plan: str,
    unit: str,
    today: date,
    *,
    units: Sequence[str] | None = None,
) -> int:
    """Record the editor's changes; how many were written. A task several units lead is recorded
    for the unit chosen (or the user's own); the city with no unit chosen records for the task as
    a whole. Raises ValueError (a message to show) for a bad edit."""
    edits = tasks.completion_edits(original, edited)
    written = tasks.record_completions(
        con, edits, user.username, today=today, units=chosen_units(unit, units)
    )
    if written:
        auth.audit(con, user, "tasks_complete", f"{plan}: {written} thay đổi")
    return written


def upload_table(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    name: str,
    plan: str,
    user: auth.User,
    today: date,
    *,
    accept_partial: bool = False,
    dry_run: bool = False,
    units: Sequence[str] | None = None,
    audit: bool = True,
) -> tasks.TaskImportResult:
    """Check (dry_run) or import a task table for a plan within the scope; an import is audited
    unless `audit` is False (the caller audits it its own way)."""
    result = tasks.import_task_table(
        con,
        data,
        name,
        plan,
        who=user.username or "người dùng",
        accept_partial=accept_partial,
        dry_run=dry_run,
        today=today,
        units=None if units is None else list(units),
    )
    if audit and not dry_run and result.outcome in ("imported", "partial"):
        auth.audit(con, user, "tasks_import", result.message)
    return result
