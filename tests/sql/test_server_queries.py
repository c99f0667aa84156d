"""Given → expected cases for queries/server/*.sql (server mode, cchc.server and cchc.server_backup).

The DuckDB statements run on a DuckDB file like every other case; the PostgreSQL ones (run by
psycopg) and those that need the postgres extension run on the test session's PostgreSQL
(tests/server/conftest.py), skipped without one as the server tests are.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import duckdb
import psycopg
import pytest
from server.conftest import Cluster, cluster  # noqa: F401  (the fixture)

from cchc import db, server
from tests.sql.sqlcase import SqlCase
from tests.sql.staged import UNITS, run, table_rows
from tests.sql.test_imports_queries import CASES as IMPORTS
from tests.sql.test_kept_queries import KEPT_COUNTS, KEPT_GIVEN
from tests.sql.test_quotas_queries import NOV

_SCRATCH = Path(tempfile.mkdtemp(prefix="cchc-sqlcase-server-"))
KEY = server.lock_key("tests:lock")


def _meta_parquet() -> str:
    path = _SCRATCH / "meta.parquet"
    if not path.exists():
        con = duckdb.connect()
        con.execute(f"copy (select 'k' as key, 'v' as value) to {db.sql_literal(str(path))} (format parquet)")
        con.close()
    return str(path)


def _copied_out(_con) -> None:
    assert duckdb.connect().execute(
        f"select count(*) from {db.sql_literal(str(_SCRATCH / 'units.parquet'))}"
    ).fetchone() == (len(UNITS),)


def _tables_listed(con) -> None:
    names = [r[0] for r in db.execute(con, "server/user_tables")]
    assert {"publications", "units", "schema_migrations"} <= set(names) and names == sorted(names)


def _macros_attached(con) -> None:
    assert "cchc_macros" in {
        r[0] for r in con.execute("select database_name from duckdb_databases()").fetchall()
    }


FILE_CASES: dict[str, SqlCase] = {
    "server/catalog_name": SqlCase(expected=[("case",)]),
    "server/user_tables": SqlCase(check=_tables_listed),
    "server/count_rows": SqlCase(
        given={"units": UNITS}, params={"table_name": "units"}, expected=[(len(UNITS),)]
    ),
    "server/clear_table": SqlCase(
        given={"units": UNITS},
        params={"table_name": "units"},
        check=lambda con: table_rows(con, "units") == [],
    ),
    "server/copy_out": SqlCase(
        given={"units": UNITS},
        params={"table_name": "units", "path": str(_SCRATCH / "units.parquet")},
        check=_copied_out,
    ),
    "server/copy_in": SqlCase(
        params={"table_name": "meta", "path": _meta_parquet()},
        check=lambda con: ("k", "v") in table_rows(con, "meta"),
    ),
    "server/attach_macros": SqlCase(check=_macros_attached),
    # the same case as the file's query: both insert the same rows
    "server/import_insert": replace(IMPORTS["imports/import_insert"], before=()),  # (it finds the known rows)
}

# Run on PostgreSQL by test_postgresql_queries below: what each gives there.
PG_CASES: dict[str, SqlCase] = {
    "server/create_schema": SqlCase(expected=[]),
    "server/create_sequence": SqlCase(params={"sequence": "test_seq"}, expected=[]),
    "server/next_id": SqlCase(params={"sequence": "main.test_seq"}, expected=[(1,)]),
    "server/column_default": SqlCase(
        params={"table_name": "meta", "column_name": "value", "sequence": "main.test_seq"}, expected=[]
    ),
    "server/sequence_reset": SqlCase(
        params={"table_name": "import_batches", "column_name": "batch_id", "sequence": "main.batch_seq"},
        expected=[(1,)],
    ),
    "server/lock": SqlCase(params={"key": KEY}, expected=[("",)]),
    "server/try_lock": SqlCase(params={"key": KEY}, expected=[(True,)]),
    "server/unlock": SqlCase(params={"key": KEY}, expected=[(True,)]),
    "server/search_path": SqlCase(expected=[]),
    "server/clear_cache": SqlCase(expected=[]),
    "server/scan_settings": SqlCase(expected=[]),
    "server/sources_stamp_setup": SqlCase(expected=[]),
    "server/read_indexes": SqlCase(expected=[]),
    "server/kept_counts_function": SqlCase(expected=[]),
    # every unit's counts of the kept fulfillment case, from PostgreSQL's main.kept_counts
    "server/kept_counts_nation": SqlCase(given=KEPT_GIVEN, params=NOV, expected=KEPT_COUNTS, ordered=False),
    "server/kept_sources": SqlCase(params={"key": "kept_sources"}),
    "server/kept_current_at_start": SqlCase(params={"key": "kept_sources"}, expected=[(True,)]),
    "server/data_version": SqlCase(),
}

CASES: dict[str, SqlCase] = {**FILE_CASES, **PG_CASES}


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, FILE_CASES[name], tmp_path)


def test_postgresql_queries(cluster: Cluster) -> None:  # noqa: F811
    con = db.connect(cluster.new_database())
    found = server.of(con)
    assert found is not None
    admin = found.admin
    for name in ("server/create_schema", "server/create_sequence", "server/next_id", "server/column_default"):
        assert admin.run(name, PG_CASES[name].params) == PG_CASES[name].expected, name
    assert admin.run("server/sequence_reset", PG_CASES["server/sequence_reset"].params) == [(1,)]
    # the lock is the session's: taken, taken again (counted), then released twice
    assert [r[0] for r in admin.run("server/lock", {"key": KEY})] == [""]
    assert admin.run("server/try_lock", {"key": KEY}) == [(True,)]
    assert admin.run("server/unlock", {"key": KEY}) == admin.run("server/unlock", {"key": KEY}) == [(True,)]
    assert admin.run("server/unlock", {"key": KEY}) == [(False,)]  # no longer held
    cur = con.cursor()  # a cursor gets the search path: the macros resolve, so do the tables
    db.execute(cur, "server/search_path", {"path": found.search_path})
    db.execute(cur, "server/clear_cache")
    assert db.run(con, "tasks/task_status", {"plan": None, "as_of": "2026-10-01", "units": None}).empty
    _read_setup(con, found)
    con.close()


def test_every_units_counts_are_postgresqls_and_a_scopes_read_through_duckdb(cluster: Cluster) -> None:  # noqa: F811
    """quotas/kept_counts on PostgreSQL: for every unit (no $units) the text is
    server/kept_counts_nation.sql, which calls main.kept_counts; for a scope server/kept_counts.sql.
    Both give the rows of the kept fulfillment case a file gives (tests/sql/test_kept_queries.py)."""
    con = db.connect(cluster.new_database())
    for table, rows in KEPT_GIVEN.items():
        for row in rows:  # (identifiers from the tests' own literals)
            cols = list(row)
            con.execute(
                f"insert into {table} ({', '.join(cols)}) values ({', '.join('$' + c for c in cols)})", row
            )
    nation = server.query_text(con, "quotas/kept_counts", NOV)
    assert "main.kept_counts(" in nation and nation == server.query_text(con, "server/kept_counts_nation")
    case = PG_CASES["server/kept_counts_nation"]
    assert sorted(db.execute(con.cursor(), "quotas/kept_counts", case.params)) == sorted(KEPT_COUNTS)
    scope = {**NOV, "units": ["A"]}
    assert "main.kept_counts(" not in server.query_text(con, "quotas/kept_counts", scope)
    assert sorted(db.execute(con.cursor(), "quotas/kept_counts", scope)) == sorted(
        r for r in KEPT_COUNTS if r[0] == "A"
    )
    # a kept row's day after the as-of day leaves the count, on both paths
    later = {**NOV, "as_of": NOV["date_from"]}
    assert sorted(db.execute(con.cursor(), "quotas/kept_counts", later)) == sorted(
        db.execute(con.cursor(), "quotas/kept_counts", {**later, "units": ["A", "S"]})
    )
    con.close()


def _read_setup(con, found: server.ServerConnection) -> None:
    """Scans without ctid ranges; the sources stamp changed by a write to a source (in the
    writer's transaction), not by other writes; the read indexes made (each setup re-runnable)."""
    cur = con.cursor()
    db.execute(cur, "server/scan_settings")
    assert cur.execute("select current_setting('pg_use_ctid_scan')").fetchall() == [(False,)]
    for name in ("server/sources_stamp_setup", "server/read_indexes", "server/kept_counts_function"):
        assert found.admin.run(name) == []  # again: already made at connect
    assert found.admin.run("server/sources_stamp_setup") == []
    stamp = db.execute(cur, "server/kept_sources", {"key": "kept_sources"})[0]
    assert stamp[0].startswith("stamp:") and stamp[1] is None
    db.execute(cur, "meta/meta_set", {"key": "x", "value": "y"})  # not a source
    assert db.execute(cur, "server/kept_sources", {"key": "kept_sources"})[0] == stamp
    db.execute(cur, "meta/meta_set", {"key": "kept_sources", "value": stamp[0]})
    # the same on the psycopg session (a read's check, cchc.quotas.kept)
    assert found.admin.run("server/kept_sources", {"key": "kept_sources"}) == [(stamp[0], stamp[0])]
    cur.execute("begin transaction")
    cur.execute("update units set name = name where false")  # a statement on a source, even of no row
    inside = db.execute(cur, "server/kept_sources", {"key": "kept_sources"})[0]
    assert inside[0] != stamp[0] and inside[1] == stamp[0]
    # … while the stamp from before this transaction's first write is still the stored one
    cur.execute("update units set name = name where false")  # a second write keeps it
    assert db.execute(cur, "server/kept_current_at_start", {"key": "kept_sources"}) == [(True,)]
    cur.execute("rollback")
    assert db.execute(cur, "server/kept_sources", {"key": "kept_sources"})[0] == (stamp[0], stamp[0])
    # the data version, as meta/data_version gives it on a file (cchc.db picks this one here)
    version = db.execute(cur, "server/data_version")[0][0]
    assert version == db.scalar(con, "meta/data_version") == f"stamp:{stamp[0][len('stamp:') :]}:0"
    db.execute(cur, "meta/meta_set", {"key": "rules_version", "value": "7"})
    assert db.scalar(con, "meta/data_version") == f"{version[:-1]}7"
    db.execute(cur, "meta/meta_set", {"key": "rules_version", "value": "0"})
    with psycopg.connect(found.admin.dsn) as conn:
        indexes = {r[0] for r in conn.execute("select indexname from pg_indexes where schemaname = 'main'")}
        page_cost = conn.execute("show random_page_cost").fetchone()  # a new session: the database's
    assert page_cost == ("1.1",)
    assert not {"kept_fulfillment_period", "kept_days_day"} & indexes  # replaced by the start ones
    assert {
        "kept_fulfillment_unit_period",
        "kept_fulfillment_start",
        "kept_days_start",
        "kept_days_unit_day",
        "item_counts_unit_date",
        "item_counts_date",
        "publications_unit_date",
        "publications_batch",
    } <= indexes
    _current_at_start(cur, stamp[0])


def _current_at_start(cur, stored: str) -> None:
    """Whether the kept rows were current when the transaction began: yes until a source is
    written outside it (committed without a refresh storing the new stamp)."""
    assert db.execute(cur, "server/kept_current_at_start", {"key": "kept_sources"}) == [(True,)]
    assert db.execute(cur, "server/kept_current_at_start", {"key": "no such key"}) == [(False,)]
    cur.execute("update units set name = name where false")  # committed: a write that skipped the refresh
    cur.execute("begin transaction")
    cur.execute("update units set name = name where false")
    assert db.execute(cur, "server/kept_current_at_start", {"key": "kept_sources"}) == [(False,)]
    cur.execute("rollback")
    assert db.execute(cur, "server/kept_sources", {"key": "kept_sources"})[0][1] == stored
