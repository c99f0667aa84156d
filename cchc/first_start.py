"""The very first start of the app: build the demo database so that a half-built one never shows."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb

from cchc import auth, db, server
from cchc.setup import ProgressFn, init_database

# Lets a server on another path build the demo on its first start too (tests, try-outs).
CREATE_DEMO_ENV = "CCHC_CREATE_DEMO"


def may_create(path: Path) -> bool:
    """Whether the app may build a demo database at `path`, which does not exist.

    Only at the default path (data/cchc.duckdb), or when CCHC_CREATE_DEMO=1: a mistyped CCHC_DB
    must not silently become a database that signs every visitor in as an administrator.
    """
    return path.resolve() == db.DEFAULT_DB.resolve() or os.environ.get(CREATE_DEMO_ENV) == "1"


def announce_mode(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Say on the server console, at start, whether the database is a demo one (open to anyone)."""
    if auth.is_demo(con):
        text = "CHẾ ĐỘ MINH HỌA: mọi người truy cập đều được vào với quyền quản trị thành phố"
        if auth.has_accounts(con):
            text = "cơ sở dữ liệu có tài khoản người dùng lại được đánh dấu minh họa: ứng dụng không mở"
    else:
        text = "chế độ vận hành: phải đăng nhập"
    print(f"cchc-monitor: {server.redact(path)}: {text}.", file=sys.stderr, flush=True)


def build_demo_on_server(con: duckdb.DuckDBPyConnection, target: str) -> bool:
    """On an empty PostgreSQL database, with CCHC_CREATE_DEMO=1: build the demo, once across
    every app process (the first takes the job's lock; the others wait for it, then find the
    data). Whether this process built it."""
    found = server.of(con)
    if found is None or os.environ.get(CREATE_DEMO_ENV) != "1":
        return False
    with found.admin.locked("cchc:first-start"):
        if int(db.run(con, "meta/database_counts").iloc[0]["units"]):
            return False
        init_database(
            target, demo=True, progress=lambda _f, text: print(f"cchc: {text}", file=sys.stderr)
        ).close()
        return True


def building_path(path: Path) -> Path:
    """Where the database is built before it is moved into place (hidden, beside `path`)."""
    return path.with_name(f".{path.name}.building")


def build_demo_database(path: Path, progress: ProgressFn) -> None:
    """Build the demo database beside `path` and move it into place only when complete.

    The rename means `path` never holds a half-built database; leftovers of a start cut short
    by a stopped server are removed first, and a failed build leaves nothing behind (the
    exception is raised again for the caller to report).
    """
    building = building_path(path)
    try:
        for leftover in (building, Path(f"{building}.wal")):
            leftover.unlink(missing_ok=True)
        init_database(building, demo=True, progress=progress).close()
        os.replace(building, path)
    except Exception:
        building.unlink(missing_ok=True)
        Path(f"{building}.wal").unlink(missing_ok=True)
        raise
