"""Month figures, the units x months grid and laggards, all derived from one read of the
fulfillment rows (cchc.quotas.numbers defines every number). No Streamlit here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from cchc import db
from cchc.periods import Period, parse_period
from cchc.quotas import numbers
from cchc.quotas.fulfillment import fulfillment, query_params

# per_unit's counts under the names the grid and the unit pages read.
GRID_NAMES = {"due": "rules_due", "met": "rules_met", "missed": "rules_missed", "running": "rules_running"}


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A key that changes with every import, undo or reference change (for caches)."""
    return str(db.scalar(con, "meta/data_version"))


def month_period(year: int, month: int) -> Period:
    return parse_period(f"{year}-{month:02d}")


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def judged_rows(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Fulfillment rows overlapping `period`, each with the `month` that judges it. Every
    rule-period judged in a month of `period` is among them (it overlaps that month)."""
    rows = fulfillment(con, period, as_of, units)
    rows["period_start"] = pd.to_datetime(rows["period_start"])
    rows["period_end"] = pd.to_datetime(rows["period_end"])
    rows["month"] = numbers.judged_month(rows, as_of) if not rows.empty else pd.Series(dtype="datetime64[ns]")
    return rows


def year_rows(
    con: duckdb.DuckDBPyConnection, year: int, as_of: date, *, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """One read for a whole overview: the rule-periods judged in any month of `year` or in the
    December before (January's previous month), so any month of the year is drawn from it."""
    first = date(year - 1, 12, 1)
    return judged_rows(con, Period(first, date(year, 12, 31), f"{year - 1}-12..{year}-12"), as_of, units)


def in_month(rows: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """The rule-periods judged in one month (rows from judged_rows)."""
    return rows[rows["month"] == pd.Timestamp(year, month, 1)]


def unit_months_of(rows: pd.DataFrame) -> pd.DataFrame:
    """Per unit per judged month: rule-periods due, met, missed, running and the share met."""
    frame = numbers.per_unit(
        rows.assign(parent_code=rows["parent_code"].astype(object)), ("parent_code", "month")
    )
    frame = frame.rename(columns=GRID_NAMES).astype({"month": "datetime64[ns]"})
    return frame.sort_values(["unit_code", "month"]).reset_index(drop=True)


def month_units(grid: pd.DataFrame, year: int, month: int) -> pd.DataFrame:
    """per_unit's counts of the rule-periods judged in one month, taken from the grid of
    unit_months_of (a unit's row of that month counts the same rule-periods), in its order."""
    rows = grid[grid["month"] == pd.Timestamp(year, month, 1)]
    counts = rows.rename(columns={grid_name: name for name, grid_name in GRID_NAMES.items()})
    return counts[[*numbers.UNIT_KEYS, *numbers.COUNTS]].reset_index(drop=True)


def unit_months(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Per unit per month of `period`: rule-periods due, met, missed, running and the share met."""
    frame = unit_months_of(judged_rows(con, period, as_of, units))
    inside = (frame["month"] >= pd.Timestamp(period.start)) & (frame["month"] <= pd.Timestamp(period.end))
    return frame[inside].reset_index(drop=True)


@dataclass(frozen=True)
class MonthSummary:
    units: int
    units_all_met: int
    units_behind: int
    units_running: int
    items: int
    share_met: float | None


def summary_of(month: pd.DataFrame, items: int) -> MonthSummary:
    """Headline figures of the rule-periods judged in a month (see numbers.headline)."""
    return summary_of_units(numbers.per_unit(month), items)


def summary_of_units(units: pd.DataFrame, items: int) -> MonthSummary:
    """summary_of() from per_unit's counts of the month's rule-periods (month_units)."""
    head = numbers.headline_of(units)
    return MonthSummary(
        units=head.units,
        units_all_met=head.units_all_met,
        units_behind=head.units_behind,
        units_running=head.units_running,
        items=items,
        share_met=head.share_met,
    )


def month_items(
    con: duckdb.DuckDBPyConnection, year: int, month: int, units: Sequence[str] | None = None
) -> int:
    """New (counted) items dated in a month."""
    period = month_period(year, month)
    return int(
        db.run(con, "quotas/items_by_month_channel", query_params(period, period.end, units))["items"].sum()
    )


def month_summary(
    con: duckdb.DuckDBPyConnection, year: int, month: int, as_of: date, units: Sequence[str] | None = None
) -> MonthSummary:
    """Headline figures for one month (rule-periods judged in that month)."""
    rows = in_month(judged_rows(con, month_period(year, month), as_of, units), year, month)
    return summary_of(rows, month_items(con, year, month, units))


def heatmap_of(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Units x months of `year`: share of rule-periods met (NaN where nothing was due yet)."""
    return heatmap_of_grid(unit_months_of(rows), year)


def heatmap_of_grid(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """heatmap_of() from the grid of unit_months_of."""
    frame = frame[frame["month"].dt.year == year]
    return frame[
        ["unit_code", "unit_name", "unit_kind", "parent_code", "month", "rules_due", "rules_met", "share_met"]
    ].reset_index(drop=True)


def heatmap(
    con: duckdb.DuckDBPyConnection, year: int, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    return heatmap_of(judged_rows(con, parse_period(str(year)), as_of, units), year)


def shortfalls(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Rule-periods judged in `period` and short (missed, or running not yet met), with what is missing."""
    rows = numbers.judged_in(judged_rows(con, period, as_of, units), period.start, period.end, as_of)
    short = rows[numbers.is_short(rows)].copy()
    short["missing"] = numbers.missing(short)
    return short


def laggards_of(month: pd.DataFrame, limit: int = 20) -> pd.DataFrame:
    """Units with short rule-periods in a month's rows, furthest behind first, with what each misses."""
    return laggards_among(numbers.per_unit(month), month[numbers.is_short(month)], limit)


def laggards_among(units: pd.DataFrame, short: pd.DataFrame, limit: int = 20) -> pd.DataFrame:
    """laggards_of() from per_unit's counts of a month's rule-periods and its short rows (at
    least their unit_code and rule_label)."""
    units = numbers.behind(units).head(limit)
    short = short[short["unit_code"].isin(units["unit_code"])]  # only the units listed
    texts = (
        short[["unit_code", "rule_label"]]
        .drop_duplicates()
        .sort_values("rule_label")
        .groupby("unit_code")["rule_label"]
        .agg("; ".join)
    )
    return units.assign(
        missing_items=units["missing"], missing_text=units["unit_code"].map(texts).astype(object)
    ).reset_index(drop=True)


def laggards(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    as_of: date,
    units: Sequence[str] | None = None,
    limit: int = 20,
) -> pd.DataFrame:
    """Units with the most unmet rule-periods judged in `period`, with what each is missing."""
    rows = numbers.judged_in(judged_rows(con, period, as_of, units), period.start, period.end, as_of)
    return laggards_of(rows, limit)


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
