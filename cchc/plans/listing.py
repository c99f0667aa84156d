"""Plans as people read them: the list (CLI `plan list` and the page), a plan's rules with their
history, its changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import pandas as pd

from cchc import db

CSV_COLUMNS = [
    "plan_code",
    "number",
    "issuer_code",
    "issuer",
    "issued_on",
    "period_start",
    "period_end",
    "parent_plan_code",
    "rules",
    "tasks",
    "status",
]
PLAN_STATUSES = ("Đang theo dõi", "Chưa bắt đầu", "Đã kết thúc", "Đã dừng")


def plans_list(
    con: duckdb.DuckDBPyConnection, as_of: date, *, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Every plan the scope sees (issued by its units, or with a quota for one of them)."""
    return db.run(con, "plans/plans_list", {"as_of": as_of, "units": None if units is None else list(units)})


def plan_rules(con: duckdb.DuckDBPyConnection, plan_code: str) -> pd.DataFrame:
    """Every rule of a plan, amended ones too, with `replaces` / `replaced_by` links."""
    return db.run(con, "plans/plan_rules", {"plan": plan_code})


def plan_changes(con: duckdb.DuckDBPyConnection, plan_code: str | None = None) -> pd.DataFrame:
    """The changes of a plan (None: of every plan), newest first."""
    return db.run(con, "plans/changes_list", {"plan": plan_code})
