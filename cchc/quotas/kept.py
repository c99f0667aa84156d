"""Kept fulfillment: every unit x rule x period of each rule's whole window with its items counted,
stored (kept_fulfillment) and recomputed only for the units an import, an undo or a rule change
touches, so pages read a small table (queries/quotas/fulfillment_kept.sql, the same rows as
fulfillment.sql) instead of recomputing every count. cchc.quotas.numbers still derives every figure.

Never stale: every read first compares a cheap fingerprint of the sources (rules, units, item
counts, batches) with the one stored by the last refresh. When they differ, a write skipped the
refresh: the units whose stamps (kept_units: items, kind, parent, province) or rules (kept_rules)
changed are found and recomputed before the read. Every refresh does the same search, so a refresh
for one unit never hides another left stale.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import weakref
from collections.abc import Sequence
from datetime import date

import duckdb

from cchc import db, server
from cchc.unit_runs import bounds, unit_runs

SOURCES_KEY = "kept_sources"
# Each rule's whole window, every item counted (the read clips to its as-of day).
WHOLE = {
    "date_from": date(1, 1, 1),
    "date_to": date(9999, 12, 31),
    "as_of": date(9999, 12, 31),
    "with_days": True,  # and the days counted (lists and kept_days), by which a read counts as of its day
}
# Per connection: the file's state when the kept rows were last found current,
# and the scope versions computed at a file state. DuckDB writes the WAL at every commit and one
# process at a time writes a file, so while the file (and its WAL) keep their size and time
# nothing was written: no need to query the fingerprints again (a query costs milliseconds, a
# stat microseconds). Any write, refreshed or not, changes the state and brings the check back.
_current_at: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, tuple] = weakref.WeakKeyDictionary()
_versions: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, dict] = weakref.WeakKeyDictionary()

# Beside the database file: the file state at which the last process found the kept rows current,
# so a new process (a CLI call, a restarted app) skips the fingerprint query (8 ms cold at 5M items)
# while nothing has written the file since. A state that differs, or no such file, brings the check.
CHECKED_SUFFIX = ".kept-checked"

# Past this many units one pass over every unit is as cheap (a full refresh: about a second at 5M items).
ALL_UNITS_FROM = 1000


def refresh(
    con: duckdb.DuckDBPyConnection, unit_codes: Sequence[str] | None, *, in_transaction: bool = False
) -> list[str] | None:
    """Recompute the kept rows of `unit_codes` (None: every unit) and of every unit found stale;
    returns the units recomputed (None: all). `in_transaction`: `con` is a cursor inside the
    caller's transaction (an import, an undo, a rule amendment), else this opens its own."""
    if in_transaction:
        return _refresh(con, unit_codes)
    with db.transaction(con) as cur:
        return _refresh(cur, unit_codes)


def _refresh(cur: duckdb.DuckDBPyConnection, unit_codes: Sequence[str] | None) -> list[str] | None:
    units: list[str] | None = None
    if unit_codes is not None:
        stale = (
            set()
            if _current_before(cur)
            else {r[0] for r in db.execute(cur, "quotas/kept_stale_units", {"units": None})}
        )
        units = sorted(stale | set(unit_codes))
        if len(units) > ALL_UNITS_FROM:
            units = None
    if units != []:
        generation = db.next_id(cur, "kept_generation")
        # on PostgreSQL a statement per run of nearby units, each reading only their rows
        for run in [None] if units is None else unit_runs(cur, units):
            params = {"units": run, "bounds": None if run is None else bounds(cur, run)}
            for table in ("kept_fulfillment", "kept_days"):
                db.execute(cur, "quotas/kept_delete", {**params, "table": table})
            # computed once, then copied into the kept rows and their days
            db.execute(cur, "quotas/kept_new", {**WHOLE, **params})
            db.execute(cur, "quotas/kept_insert")
            db.execute(cur, "quotas/kept_days_insert")
            db.execute(cur, "quotas/kept_new_drop")
            db.execute(cur, "quotas/kept_units_delete", params)
            db.execute(cur, "quotas/kept_units_insert", {**params, "generation": generation})
    db.execute(cur, "quotas/kept_rules_delete")
    db.execute(cur, "quotas/kept_rules_insert")
    sources = db.execute(cur, "quotas/kept_sources", {"key": SOURCES_KEY})[0][0]
    db.execute(cur, "meta/meta_set", {"key": SOURCES_KEY, "value": sources})
    return units


def _current_before(cur: duckdb.DuckDBPyConnection) -> bool:
    """Whether the kept rows were current when this write began, so that only the units it
    touches can be stale: known on PostgreSQL, whose sources stamp (changed by any write to a
    source) keeps its value from before the transaction's first write. On a file the fingerprint
    counts rows (a changed day keeps it): every refresh searches every unit."""
    if not db.is_server(cur):
        return False
    return bool(db.execute(cur, "server/kept_current_at_start", {"key": SOURCES_KEY})[0][0])


def current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the kept rows may be read now, refreshing the stale units first when a write
    skipped the refresh. False when they cannot be kept here (a read-only connection, a database
    from before the kept tables): the caller then recomputes."""
    state = file_state(con)
    if state is not None and _current_at.get(con) == state:
        return True
    if state is not None and _checked_on_disk(state) == state:  # read once per file change
        _current_at[con] = state
        return True
    try:
        sources, stored = _sources(con)
    except duckdb.CatalogException:
        return False
    if sources == stored:
        if state is not None:
            _current_at[con] = state
            _record_checked(state)
        return True
    try:
        with db.transaction(con) as cur:
            sources, stored = db.execute(cur, "quotas/kept_sources", {"key": SOURCES_KEY})[0]
            if sources != stored:  # another reader may have refreshed while this one waited
                _refresh(cur, [])
    except (duckdb.Error, db.CommitRefused):
        return False
    return True


def file_state(con: duckdb.DuckDBPyConnection) -> tuple | None:
    """Path, and time and size of the database file and its WAL (None: an in-memory database, or
    PostgreSQL, where other processes write without touching any file of ours)."""
    if db.is_server(con):
        return None
    path = db.database_file(con)
    if not path:
        return None
    state: list[object] = [path]
    for name in (path, f"{path}.wal"):
        try:
            st = os.stat(name)
            state += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            state += [0, 0]
    return tuple(state)


def _checked_on_disk(state: tuple) -> tuple | None:
    """The file state another process recorded as checked (None: none, or unreadable)."""
    try:
        with open(f"{state[0]}{CHECKED_SUFFIX}", encoding="utf-8") as f:
            return tuple(json.load(f))
    except (OSError, ValueError, TypeError):
        return None


def _record_checked(state: tuple) -> None:
    """Best effort (a read-only folder only costs the next process the check)."""
    path, temporary = f"{state[0]}{CHECKED_SUFFIX}", ""
    try:
        with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(path) or ".", delete=False) as f:
            temporary = f.name
            json.dump(list(state), f)
        os.replace(temporary, path)
    except OSError:
        if temporary:  # written but not moved into place
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _sources(con: duckdb.DuckDBPyConnection) -> tuple[str, str | None]:
    found = server.of(con)
    if found is not None:  # one round trip on the process's PostgreSQL session
        sources, stored = found.admin.run("server/kept_sources", {"key": SOURCES_KEY})[0]
        return str(sources), stored
    cur = con.cursor()
    try:
        sources, stored = db.execute(cur, "quotas/kept_sources", {"key": SOURCES_KEY})[0]
        return str(sources), stored
    finally:
        cur.close()


def scope_version(con: duckdb.DuckDBPyConnection, units: Sequence[str] | None) -> str:
    """A cache key for what the pages show about `units` (None: every unit): it changes with any
    write those pages can show (an import or undo into one of them, reference data, task tables)
    and not when another unit imports. Every unit (None) also keys on every batch and item; kept
    rows that cannot be kept here (a read-only connection): the whole database's version."""
    state, key = file_state(con), None if units is None else tuple(units)
    memo = _versions.setdefault(con, {})
    if state is not None and key in memo and memo[key][0] == state:
        return str(memo[key][1])
    version = _scope_version(con, units)
    if state is not None:
        memo[key] = (state, version)
    return version


def _scope_version(con: duckdb.DuckDBPyConnection, units: Sequence[str] | None) -> str:
    whole = str(db.scalar(con, "meta/data_version"))
    if not current(con):
        return f"all:{whole}"
    version = str(
        db.scalar(con, "quotas/kept_scope_version", {"units": None if units is None else list(units)})
    )
    return f"all:{whole}:{version}" if units is None else f"units:{version}"
