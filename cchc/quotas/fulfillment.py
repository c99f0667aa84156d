"""Quota fulfillment: expected vs actual per unit x rule x period, computed in SQL
(queries/quotas/fulfillment.sql, one whole query) and kept per unit (cchc.quotas.kept), so reads
take the kept rows; cchc.quotas.numbers derives every figure from them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import pandas as pd

from cchc import db
from cchc.periods import Period
from cchc.quotas import kept

# Scopes of at most this many units have at most a few hundred rows a year (db.run's `few`).
FEW = 10

CSV_COLUMNS = [
    "unit_code",
    "unit_name",
    "plan",
    "rule",
    "channel",
    "item_kind",
    "period_start",
    "period_end",
    "required",
    "actual",
    "status",
]


def query_params(period: Period, as_of: date, units: Sequence[str] | None) -> dict[str, object]:
    """The named parameters every fulfillment-based query takes."""
    return {
        "date_from": period.start,
        "date_to": period.end,
        "as_of": as_of,
        "units": None if units is None else list(units),
        "with_days": False,  # fulfillment.sql: the rows alone (the kept rows' refresh asks for the days)
    }


def fulfillment(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """Every unit x rule x period overlapping `period`, restricted to `units` when given: read
    from the kept rows (refreshed first if a write left them stale), recomputed where they cannot
    be kept (a read-only connection)."""
    name = "quotas/fulfillment_kept" if kept.current(con) else "quotas/fulfillment"
    return db.run(con, name, query_params(period, as_of, units), few=units is not None and len(units) <= FEW)


def recomputed(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """The same rows as `fulfillment`, always computed from the item counts (fulfillment.sql)."""
    return db.run(con, "quotas/fulfillment", query_params(period, as_of, units))
