"""Streamlit helpers shared by app.py and pages/: connection, filters in the URL, formatting."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd
import streamlit as st

from cchc import db
from cchc.quotas import summary as dashboard
from cchc.vocab import UNIT_KINDS

ROOT = Path(__file__).resolve().parent.parent
MONTHS_VI = [f"Tháng {m}" for m in range(1, 13)]

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


def _build_demo_database(path: Path, state: _FirstStart) -> None:
    """Build the demo database beside `path` and move it into place only when complete.

    It runs on its own thread, so a visitor who closes or reloads the tab meanwhile does not
    stop it halfway; the rename means `path` never holds a half-built database.
    """
    from cchc.setup import init_database

    building = path.with_name(f".{path.name}.building")

    def progress(fraction: float, text: str) -> None:
        state.fraction, state.text = min(fraction, 1.0), text

    try:
        for leftover in (building, Path(f"{building}.wal")):
            leftover.unlink(missing_ok=True)  # a start cut short by a stopped server
        init_database(building, demo=True, progress=progress).close()
        os.replace(building, path)
    except Exception as exc:
        state.error = f"{type(exc).__name__}: {exc}"
        building.unlink(missing_ok=True)


def _create_demo_database(path: Path) -> None:
    """First start: build the database with demo data; every session shows the progress."""
    state = _first_start()
    with state.lock:
        if path.exists():
            return
        if state.thread is None or (not state.thread.is_alive() and state.error):
            state.error, state.fraction, state.text = None, 0.0, ""
            state.thread = threading.Thread(
                target=_build_demo_database, args=(path, state), name="cchc-first-start", daemon=True
            )
            state.thread.start()
    with st.status("Lần chạy đầu tiên: đang tạo cơ sở dữ liệu và dữ liệu minh họa…", expanded=True) as status:
        bar = st.progress(0.0)
        while state.thread.is_alive():
            bar.progress(state.fraction, text=state.text or "Đang chuẩn bị…")
            time.sleep(0.2)
        if state.error:
            status.update(label="Không tạo được cơ sở dữ liệu minh họa", state="error")
            st.error(f"Không tạo được cơ sở dữ liệu ({state.error}). Tải lại trang để thử lại.")
            st.stop()
        status.update(label="Đã tạo cơ sở dữ liệu minh họa", state="complete", expanded=False)


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    from cchc.backup import auto_backup_in_background, backups_dir

    con = db.connect(path)
    # At most daily, the 7 newest kept; on its own thread (a large database takes seconds).
    auto_backup_in_background(con, backups_dir(path))
    return con


def backup_after_import() -> None:
    """An automatic backup after an import, when the last one is a day old."""
    from cchc.backup import auto_backup, backups_dir

    auto_backup(connection(), backups_dir(db.default_db_path()))


def connection() -> duckdb.DuckDBPyConnection:
    """The one connection of this server process (pages take a cursor per query)."""
    path = db.default_db_path()
    if not path.exists():
        _create_demo_database(path)
    return _connection(str(path))


def page_exists(path: str) -> bool:
    """Whether a page file is part of this build (links to missing pages are not drawn)."""
    return (ROOT / path).exists()


def today() -> date:
    return date.today()


def version() -> str:
    """Cache key: changes with every import, so cached numbers are never stale."""
    return dashboard.data_version(connection())


def fmt_int(value: float | int | None) -> str:
    """Vietnamese thousands separator: 12.345."""
    if value is None or pd.isna(value):
        return "—"
    return f"{int(value):,}".replace(",", ".")


def fmt_pct(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value * 100:.0f}%"


def fmt_date(value) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def fmt_datetime(value, seconds: bool = False) -> str:
    """A stored UTC timestamp as Hà Nội time, dd/mm/yyyy hh:mm."""
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    stamp = (stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp).tz_convert("Asia/Ho_Chi_Minh")
    return stamp.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def _param(name: str, default: str) -> str:
    return st.query_params.get(name, default)


def year_month_picker(key_prefix: str = "") -> tuple[int, int]:
    """Year and month in the sidebar, kept in the URL (?year=2026&month=11)."""
    now = today()
    try:
        year = int(_param("year", str(now.year)))
        month = int(_param("month", str(now.month)))
    except ValueError:
        year, month = now.year, now.month
    years = list(range(2025, now.year + 2))
    if year not in years:
        year = now.year
    month = min(max(month, 1), 12)
    with st.sidebar:
        year = st.selectbox("Năm", years, index=years.index(year), key=f"{key_prefix}year")
        month = st.selectbox(
            "Tháng",
            range(1, 13),
            index=month - 1,
            format_func=lambda m: MONTHS_VI[m - 1],
            key=f"{key_prefix}month",
        )
    st.query_params["year"] = str(year)
    st.query_params["month"] = str(month)
    return year, month


def kind_picker(default: str = "commune", options: tuple[str, ...] | None = None) -> str:
    kinds = list(options or ("commune", "department", "central_agency", "public_service", "ward_office"))
    chosen = _param("kind", default)
    if chosen not in kinds:
        chosen = default
    with st.sidebar:
        chosen = st.selectbox(
            "Loại đơn vị", kinds, index=kinds.index(chosen), format_func=lambda k: UNIT_KINDS[k], key="kind"
        )
    st.query_params["kind"] = chosen
    return chosen


def hide_developer_chrome() -> None:
    st.markdown(
        "<style>#MainMenu, footer, [data-testid='stAppDeployButton'] {visibility: hidden;}</style>",
        unsafe_allow_html=True,
    )


def user():
    """The signed-in user (set by app.py before any page runs)."""
    from cchc import auth

    return st.session_state.get("user") or auth.User("", "", "viewer", "__none__")


def scope() -> list[str] | None:
    """Unit codes the signed-in user may see (None: every unit). Pass it to every query."""
    current = user()
    if not current.username:
        return []  # nobody signed in: nothing
    if current.unit_code is None:
        return None  # city users and city-wide viewers
    return _scope_cached(version(), current.username, current.role, current.unit_code)


@st.cache_data(show_spinner=False)
def _scope_cached(version: str, username: str, role: str, unit_code: str) -> list[str]:
    from cchc import auth

    return auth.allowed_units(connection(), auth.User(username, "", role, unit_code)) or []


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_call(
    _fn: Callable[..., Any], name: str, version: str, units: tuple[str, ...] | None, args: tuple, kwargs: dict
) -> Any:
    return _fn(connection(), *args, units=None if units is None else list(units), **kwargs)


def cached(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(connection, *args, units=<the user's scope>, **kwargs), cached per data version and scope.

    The one way pages read data: the scope is passed to the core here (never filtered by a page),
    and every cached answer is keyed on it, so an answer for one ward is never served to another.
    """
    allowed = scope()
    units = None if allowed is None else tuple(allowed)
    return _cached_call(fn, f"{fn.__module__}.{fn.__qualname__}", version(), units, args, kwargs)


def scope_key() -> str:
    """Part of every cache key: a cached answer for one ward is never served to another."""
    current = user()
    return f"{current.role}:{current.unit_code or '*'}"


def ensure_entrypoint(page_file: str) -> None:
    """Run app.py first when Streamlit ran this page file directly.

    On a freshly started server, a first request for a deep link (/ward?unit=...) makes
    Streamlit run the page file on its own, without app.py: no sign-in, no navigation. The
    page then hands the link to app.py, which sets up navigation and switches back to it.
    """
    if st.session_state.get("_entry_ran"):
        return
    relative = Path(page_file).resolve().relative_to(ROOT).as_posix()
    st.session_state["_deep_link"] = (relative, st.query_params.to_dict())
    st.switch_page(str(ROOT / "app.py"))


def follow_deep_link(available: list[str]) -> None:
    """Called by app.py after st.navigation: finish a deep link that arrived before it."""
    st.session_state["_entry_ran"] = True
    link = st.session_state.pop("_deep_link", None)
    if link and link[0] in available:
        st.switch_page(link[0], query_params=link[1])


ALL_KINDS = "all"
PICKABLE_KINDS = (ALL_KINDS, "commune", "department", "central_agency", "public_service", "ward_office")


def kind_and_unit_pickers(load_units, key_prefix: str) -> tuple[str, str]:
    """'Loại đơn vị' (or all) and 'Đơn vị' (or all) in the sidebar, from ?kind=…&unit=….

    `load_units(kind)` returns the units (code, name) the user may pick; a unit outside them,
    forged in the URL or the widget state, falls back to all of the user's units ("").
    """
    kind = st.query_params.get("kind", ALL_KINDS)
    kind = kind if kind in PICKABLE_KINDS else ALL_KINDS
    kind = st.sidebar.selectbox(
        "Loại đơn vị",
        PICKABLE_KINDS,
        index=PICKABLE_KINDS.index(kind),
        format_func=lambda k: "Tất cả loại đơn vị" if k == ALL_KINDS else UNIT_KINDS[k],
        key=f"{key_prefix}_kind",
    )
    units = load_units(kind)
    names = dict(zip(units["code"], units["name"], strict=True))
    codes = ["", *names]
    unit = st.query_params.get("unit", "")
    unit = st.sidebar.selectbox(
        "Đơn vị",
        codes,
        index=codes.index(unit) if unit in codes else 0,
        format_func=lambda c: names.get(c, "Tất cả đơn vị"),
        key=f"{key_prefix}_unit",
    )
    return kind, unit if unit in names else ""
