"""The one call made after every write to plans or quota_rules."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from cchc import db


def notify_rules_changed(con: duckdb.DuckDBPyConnection, unit_codes: Sequence[str] | None) -> None:
    """Plans or quota rules changed for `unit_codes` (None: units not known one by one, e.g. a
    rule for every commune): bump the data version (meta 'rules_version'), so every cached
    answer (ui.cached keys on it) is recomputed, and recompute the kept unit x rule x period
    answers (cchc.quotas.kept) of those units. Called inside the writing transaction, on its
    cursor, so both commit or roll back with the change.
    """
    from cchc.quotas import kept

    db.execute(con, "meta/rules_version_bump")
    kept.refresh(con, unit_codes, in_transaction=True)
