"""Backups of a PostgreSQL database (server mode) through the same backup/restore commands.

A backup is the folder a DuckDB file's backup is: one `<table>.parquet` per table, beside a
`schema.sql` (here a note only: the schema comes from queries/migrations/). So a server backup
restores into PostgreSQL or into a DuckDB file, and a file's backup restores into PostgreSQL
(how a commune's database moves to the province's server).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from cchc import db, queries, server

MARK = "-- cchc-monitor: sao lưu cơ sở dữ liệu PostgreSQL (chế độ máy chủ), mỗi bảng một tệp Parquet.\n"


class RestoreRefused(RuntimeError):
    """The target PostgreSQL database has data and --force was not given."""


def is_server_backup(folder: Path) -> bool:
    schema = folder / "schema.sql"
    return schema.exists() and schema.read_text(encoding="utf-8").startswith(MARK)


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [str(r[0]) for r in db.execute(con, "server/user_tables")]


def export(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Every table of the server database into `folder` as Parquet, from one snapshot (one
    read transaction; the writers' lock is not taken: imports go on meanwhile)."""
    folder.mkdir(parents=True)
    with db.snapshot(con) as cur:
        for table in tables(con):
            db.execute(
                cur, "server/copy_out", {"table_name": table, "path": str(folder / f"{table}.parquet")}
            )
    (folder / "schema.sql").write_text(MARK, encoding="utf-8")


def load_tables(con: duckdb.DuckDBPyConnection, source: Path, *, force: bool = False) -> None:
    """Replace the rows of each table that has a `<table>.parquet` in `source` by that file's
    rows, in one transaction; then continue the id sequences after the largest ids."""
    present = set(tables(con)) if db.is_server(con) else None
    files = sorted(source.glob("*.parquet"))
    names = [p.stem for p in files if present is None or p.stem in present]
    with db.transaction(con) as tx:
        has_data = any(
            db.execute(tx, "server/count_rows", {"table_name": t})[0][0]
            for t in ("import_batches", "units", "users")
            if present is None or t in present
        )
        if has_data and not force:
            raise RestoreRefused("cơ sở dữ liệu đích đã có dữ liệu; thêm --force để ghi đè")
        for table in names:
            db.execute(tx, "server/clear_table", {"table_name": table})
            db.execute(tx, "server/copy_in", {"table_name": table, "path": str(source / f"{table}.parquet")})
    found = server.of(con)
    if found:
        for table, column, sequence in _sequence_columns():
            found.admin.run(
                "server/sequence_reset",
                {"table_name": table, "column_name": column, "sequence": f"main.{sequence}"},
            )
    db.migrate(con)  # a backup older than the code: bring it up to date


def _sequence_columns() -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for _, name in db.migration_files():
        for statement in queries.split_statements((db.MIGRATIONS_DIR / name).read_text(encoding="utf-8")):
            found += server.sequence_columns(statement)
    return found


def restore(source: Path, target: str, *, force: bool = False) -> str:
    """Restore the backup folder `source` into the PostgreSQL database `target` (made empty
    first with `force`, else it must hold no data)."""
    con = db.connect(target)
    try:
        load_tables(con, source, force=force)
    finally:
        con.close()
    return server.redact(target)
