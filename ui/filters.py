"""Filters in the sidebar, kept in the URL (?year=, ?month=, ?kind=, ?unit=)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

import ui
from cchc.vocab import UNIT_KINDS

MONTHS_VI = [f"Tháng {m}" for m in range(1, 13)]
ALL_KINDS = "all"
PICKABLE_KINDS = (ALL_KINDS, "commune", "department", "central_agency", "public_service", "ward_office")


def _param(name: str, default: str) -> str:
    return st.query_params.get(name, default)


def year_month_picker(key_prefix: str = "") -> tuple[int, int]:
    """Year and month in the sidebar, kept in the URL (?year=2026&month=11)."""
    now = ui.today()  # through the package: tests set the day there
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
    kinds = list(options or PICKABLE_KINDS[1:])
    chosen = _param("kind", default)
    if chosen not in kinds:
        chosen = default
    with st.sidebar:
        chosen = st.selectbox(
            "Loại đơn vị", kinds, index=kinds.index(chosen), format_func=lambda k: UNIT_KINDS[k], key="kind"
        )
    st.query_params["kind"] = chosen
    return chosen


def kind_and_unit_pickers(load_units: Callable[[str], pd.DataFrame], key_prefix: str) -> tuple[str, str]:
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
