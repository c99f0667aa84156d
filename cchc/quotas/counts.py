"""Derived tables kept up to date on every import: duplicate marks and the item_counts table."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from cchc import db


def refresh(cur: duckdb.DuckDBPyConnection, units: Sequence[str]) -> None:
    """Re-mark duplicates and recount items for these units (inside the caller's transaction)."""
    if not units:
        return
    params = {"units": list(units)}
    db.execute(cur, "imports/refresh_duplicates", params)
    db.execute(cur, "quotas/refresh_counts_delete", params)
    db.execute(cur, "quotas/refresh_counts_insert", params)
