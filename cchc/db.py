"""DuckDB access: connect, migrate, and run named queries with named parameters."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from cchc import queries

SCHEMA_VERSION = "1"
DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "cchc.duckdb"


def default_db_path() -> Path:
    """The database file: $CCHC_DB, else data/cchc.duckdb."""
    return Path(os.environ.get("CCHC_DB") or DEFAULT_DB)


def connect(path: str | os.PathLike[str], *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database file and bring its schema up to date."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables (queries/migrations/NNN_*.sql in order); a no-op on an up-to-date database."""
    steps = sorted(p.name for p in (queries.QUERIES_DIR / "migrations").glob("[0-9][0-9][0-9]_*.sql"))
    for name in steps:
        for statement in queries.split_statements(queries.load(f"migrations/{name}")):
            con.execute(statement).fetchall()
    con.execute(
        "insert into meta values ('schema_version', $v) on conflict (key) do update set value = $v",
        {"v": SCHEMA_VERSION},
    ).fetchall()


_PARAM = re.compile(r"\$([A-Za-z_]\w*)")
_COMMENT = re.compile(r"--[^\n]*")


def bind(sql: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The parameters this statement uses, taken from `params` (DuckDB rejects extra ones)."""
    names = set(_PARAM.findall(_COMMENT.sub("", sql)))
    params = params or {}
    missing = names - params.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    return {name: params[name] for name in names}


def execute(
    cur: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Run queries/NAME.sql on `cur` and fetch every row (DuckDB 2 refuses new work on a
    connection whose previous result was left unfinished)."""
    sql = queries.load(name)
    return cur.execute(sql, bind(sql, params)).fetchall()


def run(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Run queries/NAME.sql with named parameters on a fresh cursor; return a DataFrame."""
    cur = con.cursor()
    try:
        sql = queries.load(name)
        return cur.execute(sql, bind(sql, params)).df()
    finally:
        cur.close()


def scalar(con: duckdb.DuckDBPyConnection, sql_name: str, params: Mapping[str, Any] | None = None) -> Any:
    """First column of the first row of a named query."""
    cur = con.cursor()
    try:
        sql = queries.load(sql_name)
        row = cur.execute(sql, bind(sql, params)).fetchone()
        return None if row is None else row[0]
    finally:
        cur.close()
