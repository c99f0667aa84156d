"""Numbers the pages show, as DataFrames and dicts: no Streamlit here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from cchc import db
from cchc.periods import Period, parse_period
from cchc.quotas.fulfillment import fulfillment, query_params

MONTHLY_KINDS = ("commune", "department", "central_agency", "public_service", "ward_office")


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A key that changes with every import, undo or reference change (for caches)."""
    return str(db.scalar(con, "meta/data_version"))


def month_period(year: int, month: int) -> Period:
    return parse_period(f"{year}-{month:02d}")


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def unit_months(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Per unit per month: rule-periods due, met, missed, running and the share met."""
    frame = db.run(con, "quotas/rollup_unit", query_params(period, as_of, units))
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


@dataclass(frozen=True)
class MonthSummary:
    units: int
    units_all_met: int
    units_behind: int
    units_running: int
    items: int
    share_met: float | None


def month_summary(
    con: duckdb.DuckDBPyConnection, year: int, month: int, as_of: date, units: Sequence[str] | None = None
) -> MonthSummary:
    """Headline figures for one month (rule-periods judged in that month)."""
    period = month_period(year, month)
    frame = unit_months(con, period, as_of, units)
    frame = frame[frame["month"] == pd.Timestamp(period.start)]
    due = frame[frame["rules_due"] > 0]
    items = db.run(con, "quotas/items_by_month_channel", query_params(period, as_of, units))["items"].sum()
    total_due = int(due["rules_due"].sum())
    return MonthSummary(
        units=int(frame["unit_code"].nunique()),
        units_all_met=int((due["rules_met"] == due["rules_due"]).sum()),
        units_behind=int((due["rules_missed"] > 0).sum()),
        units_running=int(((due["rules_running"] > 0) & (due["rules_missed"] == 0)).sum()),
        items=int(items),
        share_met=(float(due["rules_met"].sum()) / total_due) if total_due else None,
    )


def heatmap(
    con: duckdb.DuckDBPyConnection, year: int, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Units x months of `year`: share of rule-periods met (NaN where nothing was due yet)."""
    frame = unit_months(con, parse_period(str(year)), as_of, units)
    frame = frame[frame["month"].dt.year == year]
    return frame[
        ["unit_code", "unit_name", "unit_kind", "parent_code", "month", "rules_due", "rules_met", "share_met"]
    ]


def shortfalls(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Rule-periods not met (missed or still running short), with how many items are missing."""
    frame = fulfillment(con, period, as_of, units)
    short = frame[frame["status"].isin(["Chưa đạt", "Đang thực hiện"])].copy()
    short["missing"] = short["required"] - short["actual"]
    return short


def laggards(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    as_of: date,
    units: Sequence[str] | None = None,
    limit: int = 20,
) -> pd.DataFrame:
    """Units with the most unmet rule-periods in `period`, with what each is missing."""
    frame = fulfillment(con, period, as_of, units)
    if frame.empty:
        return frame.assign(missing_text=pd.Series(dtype=str))
    frame["missing"] = (frame["required"] - frame["actual"]).clip(lower=0)
    # Counted as columns, not with a Python function per unit: 0.05 s instead of 0.9 s nationwide.
    frame["met"] = frame["status"].eq("Đạt")
    frame["missed"] = frame["status"].eq("Chưa đạt")
    frame["running"] = frame["status"].eq("Đang thực hiện")
    per_unit = (
        frame.groupby(["unit_code", "unit_name", "unit_kind"], as_index=False)
        .agg(
            rules=("rule", "size"),
            met=("met", "sum"),
            missed=("missed", "sum"),
            running=("running", "sum"),
            missing_items=("missing", "sum"),
        )
        .query("missed > 0 or running > 0")
    )
    texts = (
        frame.loc[frame["missed"] | frame["running"], ["unit_code", "rule_label"]]
        .drop_duplicates()
        .sort_values("rule_label")
        .groupby("unit_code")["rule_label"]
        .agg("; ".join)
    )
    per_unit["missing_text"] = per_unit["unit_code"].map(texts)
    per_unit["share_met"] = per_unit["met"] / per_unit["rules"]
    per_unit = per_unit.sort_values(["missed", "missing_items", "share_met"], ascending=[False, False, True])
    return per_unit.head(limit).reset_index(drop=True)


def items_by_month(
    con: duckdb.DuckDBPyConnection, period: Period, units: Sequence[str] | None = None
) -> pd.DataFrame:
    frame = db.run(con, "quotas/items_by_month_channel", query_params(period, period.end, units))
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def units_list(
    con: duckdb.DuckDBPyConnection, kinds: Sequence[str] | None = None, units: Sequence[str] | None = None
) -> pd.DataFrame:
    return db.run(
        con,
        "units/units_list",
        {"kinds": None if kinds is None else list(kinds), "units": None if units is None else list(units)},
    )


def ranking(heat: pd.DataFrame, n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Top and bottom units of the year so far by share of rule-periods met (for commendation
    and reminders); ties go to the unit with more rule-periods met."""
    per_unit = (
        heat.groupby(["unit_code", "unit_name", "unit_kind"], as_index=False)[["rules_due", "rules_met"]]
        .sum()
        .query("rules_due > 0")
    )
    per_unit["share_met"] = per_unit["rules_met"] / per_unit["rules_due"]
    ordered = per_unit.sort_values(["share_met", "rules_met", "unit_name"], ascending=[False, False, True])
    top = ordered.head(n).reset_index(drop=True)
    bottom = ordered.tail(n).iloc[::-1].reset_index(drop=True)
    return top, bottom
