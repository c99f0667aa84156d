"""Numbered migrations recorded in the database, and the macros re-applied when they change."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from cchc import db
from tests.sql.staged import table_rows

MIGRATIONS = db.MIGRATIONS_DIR


def recorded(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    return [(v, n) for v, n, _at in table_rows(con, "schema_migrations")]


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            f"select column_name from duckdb_columns() where table_name = '{table}'"
        ).fetchall()
    ]


def test_a_new_database_records_every_migration_once_in_order(tmp_path):
    con = db.connect(tmp_path / "new.duckdb")
    files = db.migration_files()
    assert [v for v, _ in files] == sorted({v for v, _ in files}), "two migrations share a number"
    assert recorded(con) == files
    assert db.migrate(con) == []  # up to date: nothing runs again
    con.close()
    con = db.connect(tmp_path / "new.duckdb")
    assert recorded(con) == files
    assert db.scalar(con, "meta/meta_get", {"key": "schema_version"}) == str(files[-1][0])


def _old_layout(path: Path) -> None:
    """A database as the code before recorded migrations left it: every table made by re-running
    the schema on each start, task_completions from before unit_code, publications still with
    row_key and its index, meta's schema_version '1', and no schema_migrations."""
    con = duckdb.connect(str(path))
    for name in ("001_schema.sql", "002_auth.sql"):
        for statement in db.queries.split_statements((MIGRATIONS / name).read_text(encoding="utf-8")):
            con.execute(statement)
    con.execute("alter table task_completions drop column unit_code")
    con.execute("alter table publications add column row_key varchar")
    con.execute("create index publications_row_key on publications (row_key)")
    con.execute("insert into meta values ('schema_version', '1')")
    con.execute("insert into units (code, name, kind) values ('00136', 'Phường Phúc Lợi', 'commune')")
    con.execute(
        "insert into publications (batch_id, unit_code, item_date, channel, item_kind, title, status, title_key,"
        " row_key) values (1, '00136', date '2026-03-02', 'own_portal', 'news', 'Tin cũ', 'published', 'tin cũ', 'k')"
    )
    con.execute(
        "insert into task_completions (plan_code, stt, occurrence_key, completed_on, batch_id, recorded_at,"
        " recorded_by) values ('HN-75-2026', 1, 'once', date '2026-05-01', 1, now()::timestamp, 'an')"
    )
    con.execute("insert into users values ('an', 'An', 'city', null, 'h', now()::timestamp, 'x', false)")
    con.close()


def test_a_database_of_the_old_layout_is_recognised_and_brought_up_to_date_keeping_its_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    _old_layout(path)
    con = db.connect(path)
    assert recorded(con) == db.migration_files()
    assert "unit_code" in columns(con, "task_completions") and "row_key" not in columns(con, "publications")
    assert table_rows(con, "publications", "title") == [("Tin cũ",)]
    assert table_rows(con, "task_completions", "stt, unit_code") == [(1, None)]
    assert table_rows(con, "users", "username") == [("an",)]
    assert table_rows(con, "units", "code") == [("00136",)]
    assert db.scalar(con, "meta/meta_get", {"key": "schema_version"}) == str(db.migration_files()[-1][0])
    assert db.migrate(con) == []


def test_the_migrations_an_old_database_reruns_are_rerunnable(tmp_path):
    con = db.connect(tmp_path / "twice.duckdb")
    for version, name in db.migration_files():
        if version <= db.LEGACY_VERSION:
            for statement in db.queries.split_statements((MIGRATIONS / name).read_text(encoding="utf-8")):
                con.execute(statement).fetchall()


@pytest.fixture
def scratch_migrations(tmp_path, monkeypatch) -> Path:
    """A copy of queries/migrations that a test may add to."""
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder)
    monkeypatch.setattr(db, "MIGRATIONS_DIR", folder)
    return folder


def test_a_failing_migration_leaves_nothing_of_itself_and_runs_again_once_fixed(tmp_path, scratch_migrations):
    path = tmp_path / "m.duckdb"
    db.connect(path).close()
    (scratch_migrations / "900_fails.sql").write_text(
        "create table half_done (a integer);\ninsert into half_done values (1);\nselect error('hỏng');\n",
        encoding="utf-8",
    )
    with pytest.raises(duckdb.Error, match="hỏng"):
        db.connect(path)
    con = duckdb.connect(str(path))
    assert [v for v, _ in recorded(con)][-1] < 900
    assert con.execute("select count(*) from duckdb_tables() where table_name = 'half_done'").fetchone() == (
        0,
    )
    con.close()
    (scratch_migrations / "900_fails.sql").write_text(
        "create table half_done (a integer);\ninsert into half_done values (1);\n", encoding="utf-8"
    )
    con = db.connect(path)
    assert recorded(con)[-1] == (900, "900_fails.sql")
    assert table_rows(con, "half_done") == [(1,)]
    assert db.migrate(con) == []  # not again: it would insert a second row
    assert table_rows(con, "half_done") == [(1,)]


def test_migrations_run_in_number_order(tmp_path, scratch_migrations):
    (scratch_migrations / "902_second.sql").write_text("insert into ordered values (2);\n", encoding="utf-8")
    (scratch_migrations / "901_first.sql").write_text("create table ordered (a integer);\n", encoding="utf-8")
    con = db.connect(tmp_path / "o.duckdb")
    assert [n for _, n in recorded(con)][-2:] == ["901_first.sql", "902_second.sql"]


def test_macros_are_reapplied_when_their_file_changes_and_only_then(tmp_path, scratch_migrations):
    path = tmp_path / "macros.duckdb"
    con = db.connect(path)
    assert con.execute("select count(*) from task_current_tasks(null)").fetchone() == (0,)
    (scratch_migrations / "R__zz_test.sql").write_text(
        "create or replace macro test_answer() as table select 41 as a;\n", encoding="utf-8"
    )
    db.migrate(con)
    assert table_rows(con, "test_answer()") == [(41,)]
    con.execute("create or replace macro test_answer() as table select 0 as a")  # by hand: not the file
    db.migrate(con)
    assert table_rows(con, "test_answer()") == [(0,)]  # the files did not change: nothing re-run
    (scratch_migrations / "R__zz_test.sql").write_text(
        "create or replace macro test_answer() as table select 42 as a;\n", encoding="utf-8"
    )
    db.migrate(con)
    assert table_rows(con, "test_answer()") == [(42,)]


def test_a_read_only_connection_does_not_migrate(tmp_path):
    path = tmp_path / "ro.duckdb"
    db.connect(path).close()
    con = db.connect(path, read_only=True)
    assert recorded(con) == db.migration_files()


def test_no_migration_statement_is_followed_by_a_comment_on_its_line() -> None:
    """The statement splitter splits at a line ending in ';': a comment after the semicolon glues
    two statements into one, which DuckDB over PostgreSQL runs only in part."""
    import re

    from cchc import db

    for path in sorted(db.MIGRATIONS_DIR.glob("*.sql")):
        glued = [
            n
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r";\s*--", line)
        ]
        assert glued == [], f"{path.name}: lines {glued}"
