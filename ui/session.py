"""The session: the one database connection (built on the very first start), the signed-in user,
their scope, and `cached`, the one way pages read data."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import streamlit as st

from cchc import auth, backup, clock, db, first_start
from cchc.backup import auto_backup_in_background
from cchc.quotas import kept, summary
from ui import warm

T = TypeVar("T")


@dataclass
class _FirstStart:
    """The demo database being built on the very first start, shared by every session."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    thread: threading.Thread | None = None
    fraction: float = 0.0
    text: str = ""
    error: str | None = None


@st.cache_resource(show_spinner=False)
def _first_start() -> _FirstStart:
    return _FirstStart()


def _build_in_background(path: Path, state: _FirstStart) -> None:
    """The build runs on its own thread: a visitor who closes or reloads the tab does not stop it."""

    def progress(fraction: float, text: str) -> None:
        state.fraction, state.text = min(fraction, 1.0), text

    try:
        first_start.build_demo_database(path, progress)
    except Exception as exc:
        state.error = f"{type(exc).__name__}: {exc}"


def _create_demo_database(path: Path) -> None:
    """First start: build the database with demo data; every session shows the progress."""
    state = _first_start()
    with state.lock:
        if path.exists():
            return
        if state.thread is None or (not state.thread.is_alive() and state.error):
            state.error, state.fraction, state.text = None, 0.0, ""
            state.thread = threading.Thread(
                target=_build_in_background, args=(path, state), name="cchc-first-start", daemon=True
            )
            state.thread.start()
    thread = state.thread
    with st.status("Lần chạy đầu tiên: đang tạo cơ sở dữ liệu và dữ liệu minh họa…", expanded=True) as status:
        bar = st.progress(0.0)
        while thread.is_alive():
            bar.progress(state.fraction, text=state.text or "Đang chuẩn bị…")
            time.sleep(0.2)
        if state.error:
            status.update(label="Không tạo được cơ sở dữ liệu minh họa", state="error")
            st.error(f"Không tạo được cơ sở dữ liệu ({state.error}). Tải lại trang để thử lại.")
            st.stop()
        status.update(label="Đã tạo cơ sở dữ liệu minh họa", state="complete", expanded=False)


def backups_dir() -> Path:
    """The one folder of backups, automatic or on demand: beside the database."""
    return backup.backups_dir(db.default_target())


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    con = db.connect(path)
    if db.is_server(con):  # PostgreSQL: the demo is built once, by whichever process comes first
        first_start.build_demo_on_server(con, path)
    first_start.announce_mode(con, path)  # the console says whether anyone may walk in
    # At most daily, the 7 newest kept; on its own thread (a large database takes seconds).
    auto_backup_in_background(con, backups_dir())
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """The one connection of this server process (the core takes a cursor per query)."""
    if db.is_url(db.default_target()):
        return _connection(db.default_target())
    path = db.default_db_path()
    if not path.exists():
        if not first_start.may_create(path):
            _missing_database(path)
        _create_demo_database(path)
    return _connection(str(path))


def _missing_database(path: Path) -> None:
    """CCHC_DB names a file that does not exist: a typo must not open a fresh demo database
    (where every visitor is a city administrator); databases are created with the CLI."""
    st.error(
        f"Không có cơ sở dữ liệu {path} (biến môi trường CCHC_DB). Kiểm tra lại đường dẫn, "
        f"hoặc tạo cơ sở dữ liệu bằng lệnh: `python -m cchc init --db {path}` rồi tải lại trang."
    )
    st.stop()


def after_write() -> None:
    """After a write through a page: the answers kept warm are computed again (ui.warm)."""
    warm.after_write()


def backup_after_import() -> None:
    """After an import: an automatic backup, when the last one is a day old (in the background, at
    the lowest priority: the importer's next page does not wait for it), and the answers kept
    warm computed again (ui.warm)."""
    warm.after_write()
    auto_backup_in_background(connection(), backups_dir())


def today() -> date:
    """The day the pages compute as of: today in Vietnam (cchc.clock), the demo's own last day on
    the demo database."""
    return clock.page_day(_is_demo(db.default_target()))


@functools.cache
def _is_demo(target: str) -> bool:
    """Whether the database is the demo (it stays so: a demo database with accounts is refused)."""
    return auth.is_demo(connection())


def version() -> str:
    """Cache key: changes with every import, so cached numbers are never stale."""
    return summary.data_version(connection())


def scope_version(units: tuple[str, ...] | None) -> str:
    """Cache key of what `units` see (None: every unit): an import into one commune leaves the
    other communes' cached answers in place; any change in a scope's units evicts the scope's."""
    return kept.scope_version(connection(), units)


def user() -> auth.User:
    """The signed-in user (set by app.py before any page runs)."""
    signed: auth.User | None = st.session_state.get("user")
    return signed or auth.User("", "", "viewer", "__none__")


def scope() -> list[str] | None:
    """Unit codes the signed-in user may see (None: every unit; [] when nobody is signed in)."""
    current = user()
    if not current.username:
        return []
    if current.unit_code is None:
        return None  # city users and city-wide viewers
    return _scope_cached(version(), current.username, current.role, current.unit_code)


def sees_no_unit() -> bool:
    """Whether the user's scope is empty (an account tied to no unit, or nobody signed in)."""
    return scope() == []


@st.cache_data(show_spinner=False)
def _scope_cached(version: str, username: str, role: str, unit_code: str) -> list[str]:
    return auth.allowed_units(connection(), auth.User(username, "", role, unit_code)) or []


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_call(
    _fn: Callable[..., Any],
    name: str,
    version: str,
    units: tuple[str, ...] | None,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    return _fn(connection(), *args, units=None if units is None else list(units), **kwargs)


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(connection, *args, units=<the user's scope>, **kwargs), cached per scope and the data
    version of that scope (scope_version).

    The one way pages read data: the scope is passed to the core here (never filtered by a page),
    and every cached answer is keyed on it, so an answer for one ward is never served to another.
    """
    return _in_scope(fn, _units(), args, kwargs)


def kept_warm(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """cached(), for the costly answers of the pages people open most (the overview): after a
    write made through this process, it is computed again in the background (ui.warm)."""
    units = _units()
    try:
        key = (fn.__module__, fn.__qualname__, units, args, tuple(sorted(kwargs.items())))
        hash(key)
    except TypeError:  # an argument that cannot be a key is not remembered
        pass
    else:
        warm.remember(key, functools.partial(_in_scope, fn, units, args, kwargs))
    return _in_scope(fn, units, args, kwargs)


def _units() -> tuple[str, ...] | None:
    allowed = scope()
    return None if allowed is None else tuple(allowed)


def _in_scope(
    fn: Callable[..., T], units: tuple[str, ...] | None, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> T:
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(fn, name, scope_version(units), units, args, kwargs)


def fresh(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(connection, *args, units=<the user's scope>, **kwargs), not cached: for writes, and for
    reads the data version does not cover (accounts, the audit trail)."""
    allowed = scope()
    return fn(connection(), *args, units=None if allowed is None else list(allowed), **kwargs)
