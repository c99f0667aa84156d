"""Given → expected cases for queries/meta/*.sql (database-wide: settings, versions, backups)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cchc import db
from tests.sql.sqlcase import SqlCase
from tests.sql.staged import NOW, UNITS, D, batch, item, rows_of, run, table_rows

# EXPORT/IMPORT DATABASE write and read real folders: one scratch folder per test process.
_SCRATCH = Path(tempfile.mkdtemp(prefix="cchc-sqlcase-"))
EXPORT_TO = _SCRATCH / "export"
IMPORT_FROM = _SCRATCH / "import"


def _exportable_folder() -> Path:
    """A folder as EXPORT DATABASE writes it, holding one table `restored` with one row."""
    if not IMPORT_FROM.exists():
        con = duckdb.connect()
        con.execute("create table restored (a integer)")
        con.execute("insert into restored values (7)")
        con.execute(f"export database {db.sql_literal(str(IMPORT_FROM))} (format parquet)")
        con.close()
    return IMPORT_FROM


def _exported(_con) -> None:
    assert (EXPORT_TO / "schema.sql").read_text(encoding="utf-8").count("CREATE TABLE") >= 10
    assert "units" in (EXPORT_TO / "load.sql").read_text(encoding="utf-8")


def _imported(con) -> None:
    assert table_rows(con, "restored") == [(7,)]


def _meta_set(con) -> None:
    assert rows_of(con, "meta/meta_get", {"key": "demo"}) == [("0",)]
    assert len(table_rows(con, "meta")) == 3  # demo, schema_version, macros_sha256


def _migrations_listed(con) -> None:
    rows = rows_of(con, "meta/schema_migrations_list")
    assert [r[:2] for r in rows[:2]] == [(1, "001_schema.sql"), (2, "002_auth.sql")]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows) and all(r[2] is not None for r in rows)


def _migrations_table_kept(con) -> None:
    assert len(rows_of(con, "meta/schema_migrations_list")) == len(db.migration_files())


def _migration_recorded(con) -> None:
    assert rows_of(con, "meta/schema_migrations_list")[-1][:2] == (900, "900_test.sql")


def _rules_version_bumped(con) -> None:
    assert rows_of(con, "meta/meta_get", {"key": "rules_version"}) == [("42",)]
    assert rows_of(con, "meta/data_version")[0][0].endswith(":42")


def _memory_limited(con) -> None:
    (limit,) = con.execute("select current_setting('memory_limit')").fetchone()
    assert limit in ("244.1 MiB", "256.0 MB", "256MB"), limit


def _database_file(con) -> None:
    (path,) = rows_of(con, "meta/database_file")[0]
    assert path.endswith("case.duckdb") and Path(path).exists()


def _plan(code: str, start: date, end: date) -> dict[str, Any]:
    return {"plan_code": code, "title": code, "issuer_code": "HN", "period_start": start, "period_end": end}


def _count(unit: str, day: date) -> dict[str, Any]:
    return {
        "unit_code": unit,
        "channel": "own_portal",
        "item_kind": "news",
        "published": True,
        "item_date": day,
        "n": 1,
    }


MONTHS_GIVEN = {
    "plans": [_plan("A", D(2025, 11, 15), D(2026, 1, 10)), _plan("B", D(2026, 1, 1), D(2026, 2, 28))],
    # a month of data outside every plan; a unit outside the scope in another
    "item_counts": [
        _count("00136", D(2024, 6, 3)),
        _count("00136", D(2026, 2, 9)),
        _count("HN-STP", D(2027, 5, 1)),
    ],
}

CASES: dict[str, SqlCase] = {
    "meta/active_months": SqlCase(
        given=MONTHS_GIVEN,
        params={"units": ["00136"]},
        expected=[(D(2024, 6, 1),), (D(2025, 11, 1),), (D(2025, 12, 1),), (D(2026, 1, 1),), (D(2026, 2, 1),)],
    ),
    "meta/database_file": SqlCase(check=_database_file),
    "meta/memory_limit": SqlCase(params={"limit": "256MB"}, check=_memory_limited),
    "meta/data_version": SqlCase(
        given={
            "units": UNITS,
            "import_batches": [batch(1), batch(2, undone_at=NOW)],
            "publications": [item(41, 1, "00136", D(2026, 3, 2), "Tin một")],
        },
        expected=[(f"2:1:{len(UNITS)}:0:41:0",)],
    ),
    # a change to plans or rules (cchc.plans.notify_rules_changed) is a new data version too
    "meta/rules_version_bump": SqlCase(
        given={"meta": [{"key": "rules_version", "value": "41"}]}, check=_rules_version_bumped
    ),
    "meta/database_counts": SqlCase(
        given={"units": UNITS, "publications": [item(1, 1, "00136", D(2026, 3, 2), "Tin một")]},
        expected=[(len(UNITS), 0, 1)],
    ),
    "meta/export_database": SqlCase(params={"path": str(EXPORT_TO)}, check=_exported),
    "meta/import_database": SqlCase(params={"path": str(_exportable_folder())}, check=_imported),
    "meta/meta_get": SqlCase(
        params={"key": "schema_version"}, expected=[(str(db.migration_files()[-1][0]),)]
    ),
    "meta/meta_set": SqlCase(
        given={"meta": [{"key": "demo", "value": "1"}]}, params={"key": "demo", "value": "0"}, check=_meta_set
    ),
    "meta/schema_migrations_create": SqlCase(check=_migrations_table_kept),
    "meta/schema_migrations_list": SqlCase(check=_migrations_listed),
    "meta/schema_migrations_record": SqlCase(
        params={"version": 900, "name": "900_test.sql"}, check=_migration_recorded
    ),
    "meta/transaction_check": SqlCase(expected=[(1,)]),
    "meta/next_id": SqlCase(params={"sequence": "batch_seq"}, expected=[(1,)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, CASES[name], tmp_path)
