"""Server mode: the same DuckDB queries over a PostgreSQL database (CCHC_DB=postgresql://…).

DuckDB 1.5.5 with its postgres_scanner extension makes PostgreSQL the default catalog, so every
query of queries/ runs unchanged. What DuckDB cannot do there is done here, in one place:
sequences and column defaults are made with psycopg when migrating, ids come from nextval,
CHECKPOINT is skipped, macros live in an in-memory catalog, and writers of every process take
one PostgreSQL advisory lock (cross-file duplicates are then marked as a sequential run would).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import re
import tempfile
import threading
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb

from cchc import queries

URL_PREFIXES = ("postgresql://", "postgres://")
# libpq's connection keywords (a DSN is "key=value …" with only these keys).
LIBPQ_KEYS = frozenset([
    "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "channel_binding",
    "connect_timeout", "client_encoding", "options", "application_name",
    "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
    "keepalives_count", "tcp_user_timeout", "replication", "gssencmode", "sslmode", "requiressl",
    "sslcompression", "sslcert", "sslkey", "sslpassword", "sslrootcert", "sslcrl", "sslcrldir",
    "sslsni", "requirepeer", "ssl_min_protocol_version", "ssl_max_protocol_version", "krbsrvname",
    "gsslib", "service", "target_session_attrs", "load_balance_hosts",
])  # fmt: skip
_DSN_PAIR = re.compile(r"\s*([A-Za-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']+)\s*")
_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)|(://[^:/@]*:)([^@]*)(@)")
EXTENSION = "postgres_scanner"
WRITERS_LOCK = "cchc:writers"
MACROS_CATALOG = "cchc_macros"


# Queries read otherwise on PostgreSQL (cchc.db, also where included): one row where a file's
# query counts whole tables (copied over the wire); an import's insert with its bounds as
# constants PostgreSQL is sent (on a file they ran out of memory); the days after the as-of day
# from kept_days (an index finds them) instead of every running row's lists, and for every unit
# (no $units) PostgreSQL's own count of them (NATION_VARIANTS).
VARIANTS = {
    "imports/import_insert": "server/import_insert",
    "quotas/kept_sources": "server/kept_sources",
    "meta/data_version": "server/data_version",
    "quotas/kept_counts": "server/kept_counts",
}
NATION_VARIANTS = {**VARIANTS, "quotas/kept_counts": "server/kept_counts_nation"}


class DatabaseUnreachable(RuntimeError):
    """The PostgreSQL server cannot be reached (or the extension is missing); nothing was done."""


def is_url(target: object) -> bool:
    """Whether `target` names a PostgreSQL database: a postgresql:// URL or a libpq DSN whose
    every key is libpq's. A Path object is always a file, whatever its text."""
    if isinstance(target, os.PathLike) or not isinstance(target, str):
        return False
    if target.startswith(URL_PREFIXES):
        return True
    pos, keys = 0, []
    while pos < len(target):
        match = _DSN_PAIR.match(target, pos)
        if not match or match.end() == pos:
            return False
        keys.append(match.group(1))
        pos = match.end()
    return bool(keys) and set(keys) <= LIBPQ_KEYS and bool({"dbname", "host", "service"} & set(keys))


def redact(dsn: str) -> str:
    """The DSN as it may be shown: the password replaced by ***."""
    return _PASSWORD.sub(lambda m: f"{m[1]}***" if m[1] else f"{m[3]}***{m[5]}", dsn)


def lock_key(name: str) -> int:
    """A stable 64-bit advisory-lock key for a name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def pg_sql(name: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """queries/NAME.sql for psycopg: `-- @identifier $x` quoted in, other $x bound as %(x)s."""
    from cchc import db

    text = queries.load(name)
    idents = set(re.findall(r"^--\s*@identifier\s+\$(\w+)\s*$", text, re.MULTILINE))
    inline = set(re.findall(r"^--\s*@inline\s+\$(\w+)\s*$", text, re.MULTILINE))

    def value(m: re.Match[str]) -> str:
        if m[1] in idents:
            return db.sql_identifier(str(params[m[1]]))
        return db.sql_literal(str(params[m[1]])) if m[1] in inline else f"%({m[1]})s"

    body = re.sub(r"\$(\w+)", value, re.sub(r"--[^\n]*", "", text).replace("%", "%%"))
    return body, {k: v for k, v in params.items() if k not in idents | inline}


class Admin:
    """One psycopg session per process and database: DDL DuckDB cannot run, sequences, and the
    advisory locks (session locks: taken before DuckDB's transaction starts, so its snapshot
    sees every write of the previous lock holder)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.guard = threading.RLock()
        self._conn: Any = None
        self._held: dict[int, int] = {}
        self._locks: dict[int, threading.RLock] = {}

    def _session(self) -> Any:
        import psycopg

        if self._conn is None or self._conn.closed:
            try:
                self._conn = psycopg.connect(self.dsn, autocommit=True, connect_timeout=10)
            except psycopg.Error as exc:
                raise unreachable(self.dsn, exc) from exc
            self._held.clear()
        return self._conn

    def run(self, name: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run queries/NAME.sql on the session; its rows (none for DDL)."""
        import psycopg

        sql, bound = pg_sql(name, params or {})
        with self.guard:
            try:
                cur = self._session().execute(sql, bound)
            except psycopg.OperationalError as exc:  # the server went away meanwhile
                raise unreachable(self.dsn, exc) from exc
            return list(cur.fetchall()) if cur.description else []

    @contextlib.contextmanager
    def locked(self, name: str, *, wait: bool = True) -> Iterator[bool]:
        """Hold the advisory lock `name`; yields whether it is held (always True when `wait`).

        Re-entrant in a thread; a PostgreSQL session lock belongs to the session, not a thread,
        so threads of this process first take the name's own thread lock."""
        key = lock_key(name)
        with self.guard:
            local = self._locks.setdefault(key, threading.RLock())
        if not local.acquire(blocking=wait):
            yield False
            return
        try:
            with self.guard:
                taken = bool(self._held.get(key)) or bool(
                    self.run("server/lock" if wait else "server/try_lock", {"key": key})[0][0] or wait
                )
                if taken:
                    self._held[key] = self._held.get(key, 0) + 1
            if not taken:
                yield False
                return
            try:
                yield True
            finally:
                with self.guard:
                    self._held[key] -= 1
                    if not self._held[key] and self._conn is not None and not self._conn.closed:
                        self.run("server/unlock", {"key": key})
        finally:
            local.release()

    @property
    def dbname(self) -> str:
        with self.guard:
            return str(self._session().info.dbname)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


def unreachable(dsn: str, exc: BaseException) -> DatabaseUnreachable:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return DatabaseUnreachable(
        f"không kết nối được cơ sở dữ liệu PostgreSQL {redact(dsn)} ({first}); "
        "kiểm tra máy chủ PostgreSQL đang chạy và địa chỉ trong CCHC_DB hoặc --db"
    )


class ServerConnection:
    """A DuckDB connection whose default catalog is the PostgreSQL database. It stands in for
    duckdb.DuckDBPyConnection (everything else is passed through); its cursors get the search
    path that finds the macros."""

    def __init__(self, con: duckdb.DuckDBPyConnection, admin: Admin) -> None:
        self._con = con
        self.admin = admin
        from cchc import db

        catalog = str(db.execute(con, "server/catalog_name")[0][0])
        self.search_path = f"{db.sql_identifier(catalog)}.main,{MACROS_CATALOG}.main"
        _execute(con, "server/search_path", {"path": self.search_path})

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._con.cursor()
        _execute(cur, "server/search_path", {"path": self.search_path})
        _CURSORS[cur] = self
        return cur

    def close(self) -> None:
        self._con.close()
        self.admin.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


_CURSORS: weakref.WeakKeyDictionary[Any, ServerConnection] = weakref.WeakKeyDictionary()


def of(con: object) -> ServerConnection | None:
    """The server connection `con` is (or is a cursor of); None for a DuckDB file."""
    if isinstance(con, ServerConnection):
        return con
    try:
        return _CURSORS.get(con)
    except TypeError:
        return None


def query_text(con: object, name: str, params: Mapping[str, Any] | None = None) -> str:
    """The SQL to run for `name` on `con` with `params`: on PostgreSQL with VARIANTS read in place."""
    if of(con) is None:
        return queries.load(name)
    nation = params is not None and "units" in params and params["units"] is None
    return queries.load(name, tuple((NATION_VARIANTS if nation else VARIANTS).items()))


def _execute(cur: Any, name: str, params: Mapping[str, Any]) -> None:
    from cchc import db

    db.execute(cur, name, params)


def extension_dir() -> Path:
    """A DuckDB extension directory holding the wheel's postgres_scanner (offline: DuckDB then
    loads it instead of downloading). The wheel ships the file without the platform folder
    DuckDB looks in, so a link is made in the user's cache."""
    try:
        import duckdb_extension_postgres_scanner as wheel
    except ImportError as exc:
        raise DatabaseUnreachable(
            "chế độ máy chủ (PostgreSQL) cần gói duckdb-extension-postgres-scanner "
            f"=={duckdb.__version__} (requirements.txt); cài lại môi trường rồi chạy lại"
        ) from exc
    source = (
        Path(wheel.__file__).parent
        / "extensions"
        / f"v{duckdb.__version__}"
        / f"{EXTENSION}.duckdb_extension"
    )
    if not source.exists():
        raise DatabaseUnreachable(
            f"thiếu {source}: phiên bản duckdb và duckdb-extension-postgres-scanner phải trùng"
        )
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cchc" / "duckdb-extensions"
    folder = cache / f"v{duckdb.__version__}" / _platform()
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / source.name
    if not link.exists() or link.resolve() != source.resolve():
        tmp = folder / f".{source.name}.{os.getpid()}"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(source)
        os.replace(tmp, link)
    return cache


def _platform() -> str:
    machine = {"x86_64": "amd64", "AMD64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine(), platform.machine()
    )
    system = {"Darwin": "osx", "Windows": "windows"}.get(platform.system(), "linux")
    return f"{system}_{machine}"


def connect(dsn: str) -> ServerConnection:
    """Open the PostgreSQL database `dsn` through DuckDB (schema `main` made if missing)."""
    admin = Admin(dsn)
    admin.run("server/create_schema")
    config: dict[str, str | bool | int | float | list[str]] = {
        "extension_directory": str(extension_dir()),
        "autoinstall_known_extensions": False,
        # DuckDB names its folder for what spills after the database, here `postgres:<url>.tmp`,
        # which cannot be made: a million-row import held to its memory limit failed. A folder
        # of this process's own (DuckDB removes the folder it made when it closes).
        "temp_directory": str(Path(tempfile.gettempdir()).resolve() / f"cchc-duckdb-{os.getpid()}"),
    }
    try:
        con = duckdb.connect(f"postgres:{dsn}", config=config)
    except duckdb.IOException as exc:
        admin.close()
        raise unreachable(dsn, exc) from exc
    _execute(con, "server/attach_macros", {})
    _execute(con, "server/scan_settings", {})
    return ServerConnection(con, admin)


def setup_reads(con: object) -> None:
    """What keeps reads cheap on PostgreSQL, made after migrating (idempotent, under the writers'
    lock): the sources stamp every write to the kept fulfillment's sources changes, and the
    indexes the scoped reads use. Nothing for a DuckDB file."""
    found = of(con)
    if found is None:
        return
    found.admin.run("server/sources_stamp_setup")
    found.admin.run("server/read_indexes")
    found.admin.run("server/kept_counts_function")
    _execute(found, "server/clear_cache", {})


# --------------------------------------------------------------------------- migrations

_SEQUENCE = re.compile(r"^\s*create\s+sequence\s+if\s+not\s+exists\s+(\w+)", re.IGNORECASE | re.MULTILINE)
_TABLE = re.compile(r"create\s+table\s+if\s+not\s+exists\s+(\w+)", re.IGNORECASE)
_DEFAULT = re.compile(r"^(\s*(\w+)\s[^,\n]*?)\s+default\s+nextval\('(\w+)'\)", re.IGNORECASE | re.MULTILINE)
_MACRO = re.compile(r"(create\s+or\s+replace\s+macro\s+)", re.IGNORECASE)


def sequence_columns(statement: str) -> list[tuple[str, str, str]]:
    """(table, column, sequence) of each `default nextval('…')` column a CREATE TABLE declares."""
    table = _TABLE.search(statement)
    if not table:
        return []
    return [(table[1], m[2], m[3]) for m in _DEFAULT.finditer(statement)]


def migration_statement(
    con: ServerConnection, statement: str, after: list[tuple[str, str, str]]
) -> str | None:
    """The statement DuckDB runs on PostgreSQL for a migration's `statement` (None: done here).

    Sequences are made now; `default nextval(…)` is left out of the CREATE TABLE and set on
    the column once the migration committed (`after`: applied by apply_defaults)."""
    sequence = _SEQUENCE.search(statement)
    if sequence:
        con.admin.run("server/create_sequence", {"sequence": sequence[1]})
        return None
    columns = sequence_columns(statement)
    if columns:
        after.extend(columns)
        return _DEFAULT.sub(lambda m: m[1], statement)
    return statement


def apply_defaults(con: ServerConnection, columns: list[tuple[str, str, str]]) -> None:
    for table, column, sequence in columns:
        con.admin.run(
            "server/column_default",
            {"table_name": table, "column_name": column, "sequence": f"main.{sequence}"},
        )


def macro_statement(statement: str) -> str:
    """A macro of R__*.sql made in the in-memory catalog (PostgreSQL keeps no DuckDB macro)."""
    return _MACRO.sub(lambda m: f"{m[1]}{MACROS_CATALOG}.", statement, count=1)


def next_id(con: ServerConnection, sequence: str) -> int:
    return int(con.admin.run("server/next_id", {"sequence": f"main.{sequence}"})[0][0])


def is_serialization_failure(exc: BaseException) -> bool:
    """PostgreSQL's SQLSTATE 40001 as DuckDB reports it (its text; DuckDB keeps no code)."""
    text = str(exc).lower()
    return "could not serialize" in text or "40001" in text or "deadlock detected" in text
