"""Derived tables kept up to date on every import and undo: duplicate marks, the item_counts table
and the kept fulfillment rows (cchc.quotas.kept)."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from cchc import db
from cchc.quotas import kept


def refresh(cur: duckdb.DuckDBPyConnection, units: Sequence[str]) -> None:
    """Re-mark duplicates, recount items and recompute the kept fulfillment rows for these units
    (inside the caller's transaction)."""
    if not units:
        return
    params = {"units": list(units)}
    db.execute(cur, "imports/refresh_duplicates", params)
    db.execute(cur, "quotas/refresh_counts_delete", params)
    db.execute(cur, "quotas/refresh_counts_insert", params)
    kept.refresh(cur, units, in_transaction=True)
