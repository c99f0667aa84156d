"""Derived tables kept up to date on every import and undo: duplicate marks, the item_counts table
and the kept fulfillment rows (cchc.quotas.kept)."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from cchc import db
from cchc.quotas import kept
from cchc.unit_runs import bounds, unit_runs


def refresh(cur: duckdb.DuckDBPyConnection, units: Sequence[str]) -> None:
    """Re-mark duplicates, recount items and recompute the kept fulfillment rows for these units
    (inside the caller's transaction)."""
    if not units:
        return
    for run in unit_runs(cur, units):  # duplicates and counts are per unit: any split gives the same
        params = {"units": run, "bounds": bounds(cur, run)}
        db.execute(cur, "imports/refresh_duplicates", params)
        db.execute(cur, "quotas/refresh_counts_delete", params)
        db.execute(cur, "quotas/refresh_counts_insert", params)
    kept.refresh(cur, units, in_transaction=True)
