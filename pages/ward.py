"""Phường / Xã: one ward's quotas month by month, the pace line, its items, its offices and tasks."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from cchc.screens import unit as uv
from ui import unit_sections as uu

ui.ensure_entrypoint(__file__)


@st.cache_data(show_spinner=False)
def _options(version: str, allowed: tuple[str, ...] | None) -> pd.DataFrame:
    return uv.unit_options(ui.connection(), uv.WARD_KINDS, allowed)


@st.cache_data(show_spinner=False)
def _report(
    version: str, unit: str, year: int, month: int, as_of: date, allowed: tuple[str, ...] | None
) -> uv.UnitReport | None:
    return uv.unit_report(ui.connection(), unit, year, month, as_of, allowed)


@st.cache_data(show_spinner=False)
def _items(
    version: str, units: tuple[str, ...], date_from: date, date_to: date, allowed: tuple[str, ...] | None
) -> pd.DataFrame:
    return uv.items(ui.connection(), units, date_from, date_to, allowed)


@st.cache_data(show_spinner=False)
def _tasks(version: str, unit: str, as_of: date, allowed: tuple[str, ...] | None) -> pd.DataFrame | None:
    return uv.unit_tasks(ui.connection(), unit, as_of, allowed)


version = ui.version()
scope = ui.scope()
allowed = None if scope is None else tuple(scope)  # the units this user may see
options = _options(version, allowed)
uu.stop_without_units(options, allowed, "Phường / Xã", "phường, xã")
code, choice = uu.unit_picker(options, uv.WARD_PAGE, "Phường, xã", "ward_unit", allowed)
year, month = ui.year_month_picker()
as_of = ui.today()

report = _report(version, code, year, month, as_of, allowed)
word = uv.commune_word(report.name)  # xã, phường or đặc khu
uu.heading(report, choice, "Phường / Xã", as_of)

day = min(max(as_of, date(year, month, 1)), pd.Timestamp(year, month, 1).to_period("M").end_time.date())
office_tally = report.office_tally(day)
office_quotas = not report.office_quotas.empty
cols = st.columns(5 if office_quotas else 4)
uu.month_tally_metric(cols[0], report)
uu.new_items_metric(cols[1], report)
uu.resent_metric(cols[2], report)
uu.year_share_metric(cols[3], report)
if office_quotas:
    cols[4].metric(
        "Phòng, ban đạt định mức",
        uu.tally_text(office_tally),
        help=f"Phòng, ban, đơn vị thuộc {word} đạt mọi định mức của kỳ (quý, tháng) chứa tháng đang xem.",
    )

uu.quotas_section(
    report,
    f"Năm {year} không có định mức tin/bài bằng số nào áp dụng cho {report.name}. "
    "Kế hoạch của đơn vị có thể chỉ giao nhiệm vụ (xem mục Nhiệm vụ), hoặc kế hoạch chưa được nhập.",
)
uu.pace_section(report, as_of, "Không có định mức nào có kỳ chứa tháng này.")
uu.items_section(
    report,
    lambda units, start, end: _items(version, units, start, end, allowed),
    offices_toggle=f"Gồm tin/bài của các phòng, ban, đơn vị thuộc {word}",
)

if len(report.offices):
    st.subheader(f"Các phòng, ban, đơn vị thuộc {word}")
    if report.office_quotas.empty:
        st.info(f"Kế hoạch của {report.name} không giao định mức tin/bài riêng cho các phòng, ban.")
    else:
        uu.legend()
        uu.show_grids(uv.quota_grids(report.office_quotas, {"office": "Đơn vị", "rule_label": "Định mức"}))

uu.tasks_section(report, _tasks(version, code, as_of, allowed))
