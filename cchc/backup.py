"""Backups: EXPORT DATABASE to a folder (schema + Parquet), and restore from one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import datetime
from pathlib import Path

import duckdb

from cchc import clock, db, server, server_backup


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
    stem = Path(db.database_file(con) or "cchc").stem or "cchc"
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
    target = Path(to_dir) / f"{_stem(con)}-{clock.now():%Y%m%d-%H%M%S-%f}"
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


class NoBackup(FileNotFoundError):
    """The folder given to restore is missing, or neither is nor holds a whole backup."""


def find_backup(from_dir: str | Path) -> Path:
    """The backup to restore from `from_dir`: the folder itself when it is a backup, else the
    newest whole backup directly under it (as `backup --to DIR` writes them). NoBackup otherwise."""
    source = Path(from_dir)
    if not source.is_dir():
        what = "không phải thư mục" if source.exists() else "không tồn tại"
        raise NoBackup(f"thư mục sao lưu {source} {what}; kiểm tra lại đường dẫn sau --from")
    if (source / "schema.sql").exists():
        return source
    pattern = re.compile(r"cchc(-.+)?-\d{8}-\d{6}-\d{6}")
    found = [p for p in source.iterdir() if pattern.fullmatch(p.name) and (p / "schema.sql").exists()]
    if not found:
        raise NoBackup(
            f"{source} không phải thư mục sao lưu và không chứa bản sao lưu nào "
            "(thư mục do lệnh backup tạo ra có tệp schema.sql)"
        )
    # the name ends with the time it was made, to the microsecond: the newest sorts last
    return max(found, key=lambda p: p.name[-22:])


def restore(from_dir: str | Path, db_path: str | Path, *, force: bool = False) -> Path | str:
    """Build a database from a backup folder (or the newest backup under it, see find_backup);
    replace `db_path` only when `force`."""
    source = find_backup(from_dir)
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

    Called when the server starts and after imports, so months of logs never rest on one file;
    made by low_priority_backup, so the pages being served keep the CPU.
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
    made = low_priority_backup(con, folder)
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


ROOT = Path(__file__).resolve().parent.parent


def low_priority_backup(con: duckdb.DuckDBPyConnection, to_dir: str | Path) -> Path:
    """backup(), with the export (seconds of CPU for millions of items) done by a separate process
    at the lowest CPU and I/O priority, from a copy of the database file taken right after a
    checkpoint under the write lock (a file copy: no CPU for DuckDB's threads, which serve pages).
    An in-memory database is exported in place."""
    source = db.database_file(con)
    if not source:
        return backup(con, to_dir)
    target = Path(to_dir) / f"{_stem(con)}-{clock.now():%Y%m%d-%H%M%S-%f}"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".partial-{target.name}")
    snapshot = target.with_name(f".snapshot-{target.name}.duckdb")
    try:
        with db.WRITE_LOCK:  # no write of this process lands between the checkpoint and the copy
            db.checkpoint(con)
            shutil.copyfile(source, snapshot)
            if Path(f"{source}.wal").exists():
                shutil.copyfile(f"{source}.wal", f"{snapshot}.wal")
        command = [*_lowest_priority(), sys.executable, "-m", "cchc.backup", str(snapshot), str(partial)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"sao lưu không thành công: {done.stderr.strip()[-500:]}")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        for leftover in (snapshot, Path(f"{snapshot}.wal")):
            leftover.unlink(missing_ok=True)
    partial.rename(target)
    return target


def _lowest_priority() -> list[str]:
    """`ionice -c 3 nice -n 19` where those tools exist (idle I/O class, lowest CPU priority)."""
    prefix = []
    if shutil.which("ionice"):
        prefix += ["ionice", "-c", "3"]
    if shutil.which("nice"):
        prefix += ["nice", "-n", "19"]
    return prefix


def _export_snapshot(snapshot: str, folder: str) -> None:
    """The low-priority process: export the copied database file into `folder`."""
    con = duckdb.connect(snapshot)
    try:
        db.execute(con, "meta/export_database", {"path": folder})
    finally:
        con.close()


if __name__ == "__main__":
    _export_snapshot(sys.argv[1], sys.argv[2])
