"""DuckDB access: connect, migrate, run named queries with named parameters, and write in
transactions under the one write lock.

The database is a DuckDB file (a path, the default) or a PostgreSQL database (a postgresql://
URL or a libpq DSN), which DuckDB reads and writes through its postgres_scanner with the same
queries; what differs there is handled by cchc.server, called from here only."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from cchc import queries, server
from cchc.frames import frame

if TYPE_CHECKING:  # pandas is imported where a frame is made: the CLI and the importer start without it
    import pandas as pd
T = TypeVar("T")
DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "cchc.duckdb"
MIGRATIONS_DIR = queries.QUERIES_DIR / "migrations"

# One writer at a time inside this process (DuckDB allows one read-write process per file, and
# one open transaction per cursor; writers that overlap conflict at COMMIT).
WRITE_LOCK = threading.RLock()

# Databases made before migrations were recorded ran 001–005 on every connect; those files are re-runnable.
LEGACY_VERSION = 5


class CommitRefused(RuntimeError):
    """The database did not commit a transaction; nothing of it was written."""


class SerializationFailure(CommitRefused):
    """PostgreSQL refused the transaction (SQLSTATE 40001) for a concurrent one: run it again."""


DatabaseUnreachable = server.DatabaseUnreachable
is_url = server.is_url


def default_target() -> str:
    """The database: $CCHC_DB (a file path or a PostgreSQL URL/DSN), else data/cchc.duckdb."""
    return os.environ.get("CCHC_DB") or str(DEFAULT_DB)


def default_db_path() -> Path:
    return Path(default_target())  # file mode only


def connect(path: str | os.PathLike[str], *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database and bring its schema up to date: a DuckDB file
    for a path, the PostgreSQL database for a URL or DSN (never a file of that name)."""
    if is_url(path):
        con: Any = server.connect(str(path))
        migrate(con)
        return con  # a ServerConnection stands in for a DuckDB one
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    _files[con] = os.path.abspath(path)  # as duckdb_databases() names it
    if not read_only:
        migrate(con)
    return con


# The file each connection works on: set by connect, else asked once (database_file).
_files: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, str] = weakref.WeakKeyDictionary()


def database_file(con: duckdb.DuckDBPyConnection) -> str:
    """The file of the database `con` works on ('' for an in-memory one)."""
    try:
        known = _files.get(con)
    except TypeError:  # not a DuckDB connection (a server's stand-in, a cursor of one): ask
        return str(scalar(con, "meta/database_file") or "")
    if known is None:
        known = _files[con] = str(scalar(con, "meta/database_file") or "")
    return known


def is_server(con: object) -> bool:
    """Whether `con` (a connection or a cursor of one) works on PostgreSQL."""
    return server.of(con) is not None


def _writers_lock(con: duckdb.DuckDBPyConnection) -> contextlib.AbstractContextManager[object]:
    """Across processes: the PostgreSQL advisory lock every writer takes (nothing for a file,
    which one process owns)."""
    found = server.of(con)
    return found.admin.locked(server.WRITERS_LOCK) if found else contextlib.nullcontext()


# --------------------------------------------------------------------------- transactions


@contextlib.contextmanager
def transaction(
    con: duckdb.DuckDBPyConnection, *, commit: bool = True, checkpoint: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Hold the write lock and yield a fresh cursor inside BEGIN … COMMIT.

    An exception in the block rolls back and propagates. DuckDB commits nothing, silently,
    after any statement of the transaction failed (even one the block caught): the transaction
    is probed before COMMIT and CommitRefused is raised then, as it is when COMMIT itself fails
    (a key violation between concurrent writers surfaces only there). `commit=False` rolls back
    at the end (a dry run); `checkpoint=True` folds the WAL into the file after committing.
    """
    with WRITE_LOCK, _writers_lock(con):
        cur = con.cursor()
        try:
            cur.execute("begin transaction")
            try:
                yield cur
            except BaseException as exc:
                _rollback(cur)
                if isinstance(exc, duckdb.Error) and server.is_serialization_failure(exc):
                    raise SerializationFailure(str(exc)) from exc
                raise
            if not commit:
                cur.execute("rollback")
                return
            try:
                execute(cur, "meta/transaction_check")
                cur.execute("commit")
            except duckdb.Error as exc:
                _rollback(cur)
                kind = SerializationFailure if server.is_serialization_failure(exc) else CommitRefused
                raise kind(str(exc)) from exc
            if checkpoint:
                try_checkpoint(cur)
        finally:
            cur.close()


@contextlib.contextmanager
def snapshot(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor that reads one consistent state of the database (a transaction rolled back at
    the end), without the writers' lock: writers go on meanwhile."""
    cur = con.cursor()
    try:
        cur.execute("begin transaction")
        yield cur
    finally:
        _rollback(cur)
        cur.close()


def retrying(fn: Callable[[], T], *, attempts: int = 6, first_wait: float = 0.05) -> T:
    """fn(), a write that can be re-run whole, run again after a growing random wait while
    PostgreSQL refuses it (SQLSTATE 40001: SerializationFailure from a transaction(), or DuckDB's
    error from a single statement); the last failure is raised. Rare: writers take one lock."""
    for attempt in range(attempts):
        try:
            return fn()
        except (SerializationFailure, duckdb.Error) as exc:
            if attempt == attempts - 1 or not server.is_serialization_failure(exc):  # DuckDB's text, kept
                raise
            time.sleep(first_wait * 2**attempt * (1 + random.random()))
    raise AssertionError("unreachable")


def next_id(cur: duckdb.DuckDBPyConnection, sequence: str) -> int:
    """The next value of one of the migrations' sequences (PostgreSQL's own one in server mode,
    where DuckDB sees no sequence)."""
    found = server.of(cur)
    if found:
        return server.next_id(found, sequence)
    return int(execute(cur, "meta/next_id", {"sequence": sequence})[0][0])


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the write-ahead log into the database file now (raises when DuckDB cannot); nothing
    on PostgreSQL, which keeps its own (DuckDB would pass CHECKPOINT on, needing a superuser)."""
    if is_server(con):
        return
    cur = con.cursor()
    try:
        cur.execute("checkpoint").fetchall()
    finally:
        cur.close()


def try_checkpoint(cur: duckdb.DuckDBPyConnection) -> None:
    """Checkpoint after a commit, if DuckDB can right now.

    DuckDB refuses while another cursor still reads a snapshot that needs rows this commit
    deleted (an undo while a page is mid-query); the commit has already happened, so that must
    not look like a failure. The next write's checkpoint writes it out.
    """
    if is_server(cur):
        return
    with contextlib.suppress(duckdb.TransactionException):
        cur.execute("checkpoint").fetchall()


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # no transaction open: nothing to undo
        cur.execute("rollback")


# --------------------------------------------------------------------------- migrations


def migration_files() -> list[tuple[int, str]]:
    """(version, file name) of queries/migrations/NNN_*.sql, in order."""
    steps = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))
    return [(int(p.name[:3]), p.name) for p in steps]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply each numbered migration not yet recorded in schema_migrations, once, in order, each
    in its own transaction; then (re)create the macros when their files changed. Returns the
    names of the migrations applied (none on an up-to-date database)."""
    # Processes starting at once on one PostgreSQL database migrate one after the other.
    with WRITE_LOCK, _writers_lock(con):
        cur = con.cursor()
        try:
            execute(cur, "meta/schema_migrations_create")
            done = {r[0] for r in execute(cur, "meta/schema_migrations_list")}
        finally:
            cur.close()
        applied = []
        for version, name in migration_files():
            if version in done:
                continue
            _apply_migration(con, version, name)
            applied.append(name)
        _refresh_macros(con)
        server.setup_reads(con)
        if applied:
            with transaction(con) as tx:
                execute(
                    tx, "meta/meta_set", {"key": "schema_version", "value": str(migration_files()[-1][0])}
                )
        return applied


def _apply_migration(con: duckdb.DuckDBPyConnection, version: int, name: str) -> None:
    """One numbered migration in one transaction, recorded; on PostgreSQL, what DuckDB cannot
    do there (sequences, their column defaults) is done by cchc.server around it."""
    found = server.of(con)
    defaults: list[tuple[str, str, str]] = []
    with transaction(con) as tx:
        for statement in queries.split_statements((MIGRATIONS_DIR / name).read_text(encoding="utf-8")):
            sql = server.migration_statement(found, statement, defaults) if found else statement
            if sql is not None:
                tx.execute(sql).fetchall()
        execute(tx, "meta/schema_migrations_record", {"version": version, "name": name})
    if found:  # DuckDB caches PostgreSQL's table shapes: an ALTER TABLE is seen after a clear
        server.apply_defaults(found, defaults)
        execute(con, "server/clear_cache")


def _refresh_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Run queries/migrations/R__*.sql (CREATE OR REPLACE MACRO …) when their text changed.

    Macros are code, not data: like Flyway's repeatable migrations they are re-applied whenever
    their files change, so editing one needs no new numbered migration.
    """
    files = sorted(MIGRATIONS_DIR.glob("R__*.sql"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    if is_server(con):  # made afresh in each process's in-memory catalog (cchc.server)
        for statement in queries.split_statements(text):
            con.execute(server.macro_statement(statement)).fetchall()
        return
    digest = hashlib.sha256(text.encode()).hexdigest()
    if scalar(con, "meta/meta_get", {"key": "macros_sha256"}) == digest:
        return
    with transaction(con) as tx:
        for statement in queries.split_statements(text):
            tx.execute(statement).fetchall()
        execute(tx, "meta/meta_set", {"key": "macros_sha256", "value": digest})


# --------------------------------------------------------------------------- running queries

_PARAM = re.compile(r"\$([A-Za-z_]\w*)")
_COMMENT = re.compile(r"--[^\n]*")
_INLINE = re.compile(r"^--\s*@inline\s+\$([A-Za-z_]\w*)\s*$", re.MULTILINE)
_IDENTIFIER = re.compile(r"^--\s*@identifier\s+\$([A-Za-z_]\w*)\s*$", re.MULTILINE)


def sql_literal(value: str) -> str:
    """Quote text as a SQL string literal: the one place a value enters SQL text.

    Only for the `-- @inline $name` parameters of statements DuckDB parses without parameters
    (EXPORT/IMPORT DATABASE take their folder as a literal), as datasette's escape_sqlite."""
    return "'" + value.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """Quote a name as a SQL identifier: the one place a table's name enters SQL text (for the
    `-- @identifier $name` parameters: our own table names, never user input)."""
    return '"' + name.replace('"', '""') + '"'


def prepare(sql: str, params: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """The statement with its `@inline` parameters quoted in (as literals; `@identifier` ones as
    identifiers), and the parameters it still binds (taken from `params`: DuckDB rejects extra ones)."""
    params = params or {}
    inline, idents = set(_INLINE.findall(sql)), set(_IDENTIFIER.findall(sql))
    if inline | idents:
        if (inline | idents) - params.keys():
            raise KeyError(f"query needs parameters {sorted((inline | idents) - params.keys())}")
        quote = {**dict.fromkeys(inline, sql_literal), **dict.fromkeys(idents, sql_identifier)}
        sql = _PARAM.sub(
            lambda m: quote[m[1]](str(params[m[1]])) if m[1] in quote else m[0], _COMMENT.sub("", sql)
        )
    names = set(_PARAM.findall(_COMMENT.sub("", sql)))
    missing = names - params.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    return sql, {name: params[name] for name in names}


def bind(sql: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The parameters this statement uses, taken from `params` (DuckDB rejects extra ones)."""
    return prepare(sql, params)[1]


def execute(
    cur: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Run queries/NAME.sql on `cur` and fetch every row (DuckDB 2 refuses new work on a
    connection whose previous result was left unfinished)."""
    sql, bound = prepare(server.query_text(cur, name, params), params)
    return cur.execute(sql, bound).fetchall()


def run(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None, *, few: bool = False
) -> pd.DataFrame:
    """Run queries/NAME.sql with named parameters on a fresh cursor; return a DataFrame. `few`:
    the caller expects a few rows, which DuckDB's own conversion (.df()) gives faster than
    Arrow's (fixed costs per column: about 1.5 ms less for one unit's year); the same frame."""
    cur = con.cursor()
    try:
        sql, bound = prepare(server.query_text(cur, name, params), params)
        result = cur.execute(sql, bound)
        return result.df() if few else frame(result)
    finally:
        cur.close()


def scalar(con: duckdb.DuckDBPyConnection, sql_name: str, params: Mapping[str, Any] | None = None) -> Any:
    """First column of the first row of a named query."""
    cur = con.cursor()
    try:
        sql, bound = prepare(server.query_text(cur, sql_name, params), params)
        row = cur.execute(sql, bound).fetchone()
        return None if row is None else row[0]
    finally:
        cur.close()
