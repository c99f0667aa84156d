"""Backups: EXPORT DATABASE to a folder (schema + Parquet), and restore from one."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from datetime import datetime
from pathlib import Path

import duckdb

from cchc import db


def backups_dir(db_path: str | Path) -> Path:
    """Where the backups of the database at `db_path` go, automatic or on demand: the folder
    `backups` beside the database file (data/backups for the default database)."""
    return Path(db_path).resolve().parent / "backups"


class RestoreRefused(RuntimeError):
    """Restoring would overwrite an existing database without --force."""


def backup(con: duckdb.DuckDBPyConnection, to_dir: str | Path) -> Path:
    """Export a consistent copy into a new timestamped folder under `to_dir`."""
    target = Path(to_dir) / f"cchc-{datetime.now():%Y%m%d-%H%M%S-%f}"
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written under another name and renamed when complete: a backup cut short (the server
    # stopped) is never taken for a whole one.
    partial = target.with_name(f".partial-{target.name}")
    try:
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


def restore(from_dir: str | Path, db_path: str | Path, *, force: bool = False) -> Path:
    """Build a database from a backup folder; replace `db_path` only when `force`."""
    source, db_path = Path(from_dir), Path(db_path)
    if not (source / "schema.sql").exists():
        raise FileNotFoundError(f"{source} không phải thư mục sao lưu (thiếu schema.sql)")
    if db_path.exists() and not force:
        raise RestoreRefused(f"{db_path} đã tồn tại; thêm --force để ghi đè")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".duckdb", dir=db_path.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        con = duckdb.connect(tmp)
        db.execute(con, "meta/import_database", {"path": str(source)})
        db.migrate(con)
        db.checkpoint(con)
        con.close()
        wal = Path(str(db_path) + ".wal")
        if wal.exists():
            wal.unlink()
        shutil.move(tmp, db_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return db_path


def auto_backup(
    con: duckdb.DuckDBPyConnection, to_dir: str | Path, *, max_age_hours: float = 24, keep: int = 7
) -> Path | None:
    """Back up when the newest automatic backup is older than `max_age_hours`; keep `keep`.

    Called when the server starts and after imports, so months of logs never rest on one file.
    """
    folder = Path(to_dir)
    existing = sorted(p for p in folder.glob("cchc-*") if (p / "schema.sql").exists())
    if existing and (datetime.now().timestamp() - existing[-1].stat().st_mtime) < max_age_hours * 3600:
        return None
    made = backup(con, folder)
    for old in sorted(p for p in folder.glob("cchc-*") if (p / "schema.sql").exists())[:-keep]:
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
