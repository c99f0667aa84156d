"""Backups: EXPORT DATABASE to a folder (schema + Parquet), and restore from one."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import threading
from datetime import datetime
from pathlib import Path

import duckdb

from cchc import db, server, server_backup


def backups_dir(db_path: str | Path) -> Path:
    """Where the backups of the database at `db_path` go, automatic or on demand: the folder
    `backups` beside the database file (data/backups for the default database); for a
    PostgreSQL database, $CCHC_BACKUP_DIR, else data/backups."""
    if db.is_url(db_path):
        return Path(os.environ.get("CCHC_BACKUP_DIR") or db.DEFAULT_DB.parent / "backups")
    return Path(db_path).resolve().parent / "backups"


class RestoreRefused(RuntimeError):
    """Restoring would overwrite an existing database without --force."""


def _stem(con: duckdb.DuckDBPyConnection) -> str:
    """The start of the names of this database's backups: "cchc" for data/cchc.duckdb (as ever),
    "cchc-<stem>" for any other file name."""
    found = server.of(con)
    if found:  # PostgreSQL: named after the database
        return f"cchc-{found.admin.dbname}"
    stem = Path(str(db.scalar(con, "meta/database_file") or "cchc")).stem or "cchc"
    return "cchc" if stem == "cchc" else f"cchc-{stem}"


def _backups_of(folder: Path, stem: str) -> list[Path]:
    """The whole backups of the database named `stem` in `folder`, oldest first.

    Backups of several databases may share one folder; each has its own names and so its own
    once-a-day clock ("cchc-…" never counts "cchc-test-…": the timestamp must follow the stem).
    """
    pattern = re.compile(rf"{re.escape(stem)}-\d{{8}}-\d{{6}}-\d{{6}}")
    return sorted(
        p for p in folder.glob(f"{stem}-*") if pattern.fullmatch(p.name) and (p / "schema.sql").exists()
    )


def backup(con: duckdb.DuckDBPyConnection, to_dir: str | Path) -> Path:
    """Export a consistent copy into a new folder under `to_dir`, named after the database and the time."""
    target = Path(to_dir) / f"{_stem(con)}-{datetime.now():%Y%m%d-%H%M%S-%f}"
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written under another name and renamed when complete: a backup cut short (the server
    # stopped) is never taken for a whole one.
    partial = target.with_name(f".partial-{target.name}")
    try:
        if db.is_server(con):
            server_backup.export(con, partial)
            partial.rename(target)
            return target
        db.checkpoint(con)
        cur = con.cursor()
        try:
            db.execute(cur, "meta/export_database", {"path": str(partial)})
        finally:
            cur.close()
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(target)
    return target


def restore(from_dir: str | Path, db_path: str | Path, *, force: bool = False) -> Path | str:
    """Build a database from a backup folder; replace `db_path` only when `force`."""
    source = Path(from_dir)
    if not (source / "schema.sql").exists():
        raise FileNotFoundError(f"{source} không phải thư mục sao lưu (thiếu schema.sql)")
    if db.is_url(db_path):  # PostgreSQL (server mode): its tables' rows replaced
        try:
            return server_backup.restore(source, str(db_path), force=force)
        except server_backup.RestoreRefused as exc:
            raise RestoreRefused(str(exc)) from exc
    db_path = Path(db_path)
    if db_path.exists() and not force:
        raise RestoreRefused(f"{db_path} đã tồn tại; thêm --force để ghi đè")
    _refuse_if_in_use(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".duckdb", dir=db_path.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        if server_backup.is_server_backup(source):
            con = db.connect(tmp)
            server_backup.load_tables(con, source)
        else:
            con = duckdb.connect(tmp)
            db.execute(con, "meta/import_database", {"path": str(source)})
        db.migrate(con)
        db.checkpoint(con)
        con.close()
        _refuse_if_in_use(db_path)  # checked again: the build may have taken minutes
        wal = Path(str(db_path) + ".wal")
        if wal.exists():
            wal.unlink()
        shutil.move(tmp, db_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return db_path


def _refuse_if_in_use(db_path: Path) -> None:
    """RestoreRefused when another process holds `db_path` (the server running on it).

    DuckDB lets one process open a file read-write; a server keeps writing to the file it
    opened, so replacing it under the server would lose everything written afterwards.
    """
    if not db_path.exists():
        return
    try:
        duckdb.connect(str(db_path)).close()
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            return  # not a database DuckDB can open: --force replaces it
        raise RestoreRefused(
            f"{db_path} đang được một tiến trình khác sử dụng (máy chủ đang chạy?); "
            "dừng máy chủ rồi khôi phục lại"
        ) from exc


def auto_backup(
    con: duckdb.DuckDBPyConnection, to_dir: str | Path, *, max_age_hours: float = 24, keep: int = 7
) -> Path | None:
    """Back up when the newest automatic backup is older than `max_age_hours`; keep `keep`.

    Called when the server starts and after imports, so months of logs never rest on one file.
    """
    found = server.of(con)
    if found:  # several processes share the database: the one that takes the job backs up
        with found.admin.locked("cchc:auto-backup", wait=False) as mine:
            return _auto_backup(con, Path(to_dir), max_age_hours, keep) if mine else None
    return _auto_backup(con, Path(to_dir), max_age_hours, keep)


def _auto_backup(
    con: duckdb.DuckDBPyConnection, folder: Path, max_age_hours: float, keep: int
) -> Path | None:
    stem = _stem(con)
    existing = _backups_of(folder, stem)
    if existing and (datetime.now().timestamp() - existing[-1].stat().st_mtime) < max_age_hours * 3600:
        return None
    made = backup(con, folder)
    for old in _backups_of(folder, stem)[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return made


def auto_backup_in_background(con: duckdb.DuckDBPyConnection, to_dir: str | Path) -> threading.Thread:
    """auto_backup on its own thread, so the first page of the day does not wait for it."""

    def run() -> None:
        try:
            auto_backup(con, to_dir)
        except Exception as exc:  # the next start or import tries again
            print(f"cchc: automatic backup failed: {exc}", file=sys.stderr)

    thread = threading.Thread(target=run, name="cchc-auto-backup", daemon=True)
    thread.start()
    return thread
