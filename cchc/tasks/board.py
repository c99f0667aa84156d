"""Plan task tables: import, completions, timeline status, export.

A task's status as of a day D is computed in SQL (queries/tasks/task_ctes.sql) per *occurrence*:
one for a task with a single deadline, one per week/month/quarter for a recurring task
("Định kỳ hằng tháng", "15 tháng cuối quý"), one per month for a continuous one ("Thường
xuyên"), as cchc.tasks.deadlines.occurrences() lists them. For each occurrence, in this order:

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

Recurring occurrences run from the plan's monitoring start -- the first day of its quotas
(data/quota_rules.csv: 01/03/2026 for the city plan, 01/08/2025 for Bạch Mai), else the month
the plan (or, when its own date is blank, its parent) was issued, never before the plan period
-- to the end of the plan period: a plan cannot ask for months before it existed.

Completions are recorded per occurrence with who and when, from an updated table (a row's
"Ngày hoàn thành" goes to the occurrence whose window holds that day, else the latest one begun
before it) or from the page. Every write is an import batch (kind 'tasks'): the same file
twice adds nothing, a bad file changes nothing, and undoing a batch restores what was before.

A task a group of units leads ("UBND các xã, phường" of the city plan) is the duty of each
member: a unit's completion of it is recorded for that unit (task_completions.unit_code: the
member of the group in the user's scope -- the ward itself, or its office when the group is the
office's kind), and a completion of a task led by a named unit, an upload, or the city's edit
with no unit chosen is recorded for the task as a whole (unit_code null). Read with a scope
(`units`), an occurrence takes the newest record that is for the task as a whole or for a unit
of the scope (or under one); other units' records are invisible (no date, evidence, note, who).
With no scope (the city's view) only records for the task as a whole count.

Modules: task_reader (xlsx -> rows), task_units (cells -> units), task_plans (plan dates),
task_store (writes), task_export (xlsx, chart); this one is the API the CLI and page use.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from cchc import db, reference
from cchc.charts.tasks import STATUS_COLORS, timeline_figure
from cchc.exports.tasks import to_xlsx
from cchc.tasks.plans import (
    PlanContext,
    UnknownPlan,
    as_date,
    plan_context,
    plan_contexts,
    plan_label,
    resolve_plan,
    upload_targets,
)
from cchc.tasks.store import (
    CompletionEdit,
    TaskImportResult,
    import_task_table,
    record_completion,
    record_completions,
    refresh_deadlines,
)
from cchc.vocab import TASK_STATUSES

__all__ = [
    "CSV_COLUMNS",
    "STATUS_COLORS",
    "TASK_STATUSES",
    "CompletionEdit",
    "PlanContext",
    "TaskImportResult",
    "UnknownPlan",
    "as_date",
    "completion_edits",
    "editor_rows",
    "import_task_table",
    "lead_units",
    "load_seed_tasks",
    "occurrence_status",
    "period_label",
    "plan_context",
    "plan_contexts",
    "plan_label",
    "plans_with_tasks",
    "record_completion",
    "record_completions",
    "refresh_deadlines",
    "resolve_plan",
    "status_counts",
    "task_status",
    "timeline_figure",
    "to_xlsx",
    "upload_targets",
]

CSV_COLUMNS = ["plan", "stt", "task", "lead_units", "deadline_text", "due_date", "status"]
TASKS_DIR = reference.DATA_DIR / "tasks"
SEED_TABLES: dict[str, str] = {
    "hn-75-2026.xlsx": "HN-75-2026",
    "phuc-loi-2026.xlsx": "PL-2026",
    "bach-mai-2025.xlsx": "BM-2025",
    "thanh-ha-2026.xlsx": "TH-14-2026",
    "phu-dinh-2025h2.xlsx": "PD-88-2025",
}
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


def load_seed_tasks(con: duckdb.DuckDBPyConnection, tasks_dir: Path = TASKS_DIR) -> list[TaskImportResult]:
    """Import the seed plans' task tables (data/tasks/*.xlsx); a second run adds nothing."""
    known = {p.plan_code for p in plan_contexts(con)}
    results = []
    for name, plan in SEED_TABLES.items():
        path = tasks_dir / name
        if plan in known and path.exists():
            results.append(import_task_table(con, path.read_bytes(), name, plan, who="init"))
    refresh_deadlines(con)
    return results


# --------------------------------------------------------------------------- the page's editor


def period_label(start: date | None, due: date | None, key: str) -> str:
    """'30/04/2026' for a single deadline, '01/04/2026–30/04/2026' for an occurrence, '—' for none."""
    if due is None:
        return "—"
    if key == "once" or start is None:
        return f"{due:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}–{due:%d/%m/%Y}"


def _text(value: object) -> str | None:
    """An editor cell as text or None (a cleared cell comes back as None, NaN or '')."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value).strip() or None


EDITOR_COLUMNS = [
    "plan",
    "stt",
    "occurrence_key",
    "task",
    "period",
    "status",
    "completed_on",
    "evidence",
    "note",
]


def editor_rows(occ: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Occurrences one may complete as of a day: single tasks, and recurring ones already begun."""
    rows = occ[(occ["occurrence_key"] == "once") | (occ["occ_start"] <= as_of)].copy()
    rows["period"] = [
        period_label(s, d, k)
        for s, d, k in zip(rows["occ_start"], rows["occ_due"], rows["occurrence_key"], strict=True)
    ]
    rows["recorded"] = [
        f"{b} {pd.Timestamp(t):%d/%m/%Y %H:%M}" if _text(b) else ""
        for b, t in zip(rows["recorded_by"], rows["recorded_at"], strict=True)
    ]
    for col in ("evidence", "note"):  # '' rather than None: the editor would print "None"
        rows[col] = pd.Series([_text(v) or "" for v in rows[col]], index=rows.index, dtype=object)
    return rows[[*EDITOR_COLUMNS, "recorded"]].reset_index(drop=True)


def completion_edits(original: pd.DataFrame, edited: pd.DataFrame) -> list[CompletionEdit]:
    """The rows whose date, evidence or note the user changed in the editor."""
    edits = []
    for o, e in zip(original.itertuples(index=False), edited.itertuples(index=False), strict=True):
        new = (as_date(e.completed_on), _text(e.evidence), _text(e.note))
        if new != (as_date(o.completed_on), _text(o.evidence), _text(o.note)):
            edits.append(CompletionEdit(o.plan, int(o.stt), o.occurrence_key, *new))
    return edits
