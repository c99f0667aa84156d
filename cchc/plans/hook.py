"""The one call made after every write to plans or quota_rules."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from cchc import db


def notify_rules_changed(con: duckdb.DuckDBPyConnection, unit_codes: Sequence[str] | None) -> None:
    """Plans or quota rules changed for `unit_codes` (None: units not known one by one, e.g. a
    rule for every commune): bump the data version (meta 'rules_version'), so every cached
    answer (ui.cached keys on it) is recomputed. Called inside the writing transaction, on its
    cursor, so the bump commits or rolls back with the change.

    This is the hook for derived tables that hold per unit x rule x period figures: refresh
    them for `unit_codes` here.
    """
    del unit_codes  # nothing derived is kept per unit yet: the version covers every unit
    db.execute(con, "meta/rules_version_bump")
