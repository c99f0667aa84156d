"""Filters in the sidebar, kept in the URL (?year=, ?month=, ?kind=, ?unit=)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import ui
from cchc.screens.filters import active_months, pick_month
from cchc.text import fold
from cchc.vocab import UNIT_KINDS

T = TypeVar("T")
# Streamlit filters a picker's options in the browser by their text, diacritics and all: typing
# 'phuc loi' found nothing (issue 13). So each label carries its unaccented form after a run of
# em spaces that pushes it past the edge of the box (options and the box clip their text): what
# people see is unchanged, and typing with or without diacritics, in any case, finds the option.
_PAD = "\u2003" * 120


def searchable(label: str) -> str:
    """The label, followed (out of sight) by its unaccented form when it has diacritics."""
    folded = fold(label)
    return label if label.isascii() or not folded else f"{label}{_PAD}{folded}"


def shown(label: str) -> str:
    """What people see of a searchable label (tests read options through this)."""
    return label.split(_PAD[0], 1)[0]


def searchable_format(format_func: Callable[[T], object] = str) -> Callable[[T], str]:
    """A selectbox/multiselect format_func whose labels are searchable without diacritics."""
    return lambda option: searchable(str(format_func(option)))


MONTHS_VI = [f"Tháng {m}" for m in range(1, 13)]
ALL_KINDS = "all"
PICKABLE_KINDS = (ALL_KINDS, "commune", "department", "central_agency", "public_service", "ward_office")


def _param(name: str, default: str) -> str:
    return st.query_params.get(name, default)


def active_years() -> list[int]:
    """The years a plan covers or with data (this year alone in an empty database)."""
    return pick_month(ui.kept_warm(active_months), 0, 0, ui.today())[0]


def year_month_picker(key_prefix: str = "", where: DeltaGenerator | None = None) -> tuple[int, int]:
    """Year and month in the sidebar (or `where`), kept in the URL (?year=2026&month=11); only the
    years and months a plan covers or with data are offered (an asked month not offered: the nearest)."""
    now = ui.today()  # through the package: tests set the day there
    try:
        year = int(_param("year", str(now.year)))
        month = int(_param("month", str(now.month)))
    except ValueError:
        year, month = now.year, now.month
    months = ui.kept_warm(active_months)
    with where or st.sidebar:
        years, year, _, _ = pick_month(months, year, month, now)
        year = st.selectbox("Năm", years, index=years.index(year), key=f"{key_prefix}year")
        _, year, offered, month = pick_month(months, year, month, now)
        month = st.selectbox(
            "Tháng",
            offered,
            index=offered.index(month),
            format_func=searchable_format(lambda m: MONTHS_VI[m - 1]),
            key=f"{key_prefix}month",
        )
    st.query_params["year"] = str(year)
    st.query_params["month"] = str(month)
    return year, month


def kind_picker(
    default: str = "commune", options: tuple[str, ...] | None = None, where: DeltaGenerator | None = None
) -> str:
    kinds = list(options or PICKABLE_KINDS[1:])
    chosen = _param("kind", default)
    if chosen not in kinds:
        chosen = default
    with where or st.sidebar:
        chosen = st.selectbox(
            "Loại đơn vị",
            kinds,
            index=kinds.index(chosen),
            format_func=searchable_format(UNIT_KINDS.get),
            key="kind",
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
        format_func=searchable_format(lambda k: "Tất cả loại đơn vị" if k == ALL_KINDS else UNIT_KINDS[k]),
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
        format_func=searchable_format(lambda c: names.get(c, "Tất cả đơn vị")),
        key=f"{key_prefix}_unit",
    )
    return kind, unit if unit in names else ""
