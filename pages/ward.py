"""Phường / Xã: one ward's quotas month by month, the pace line, its items, its offices and tasks."""

from __future__ import annotations

import streamlit as st

import ui
from cchc.screens import unit as uv
from cchc.screens.unit_grids import quota_grids
from cchc.screens.unit_labels import commune_word
from ui import unit_sections as uu

ui.ensure_entrypoint(__file__)

options = ui.cached(uv.ward_options)
uu.stop_without_units(options, "Phường / Xã", "phường, xã")
code, choice = uu.unit_picker(options, uv.WARD, "Phường, xã", "ward_unit")
year, month = ui.year_month_picker()
as_of = ui.today()

report = ui.cached(uv.unit_report, code, year, month, as_of)
word = commune_word(report.name)  # xã, phường or đặc khu
uu.heading(report, choice, "Phường / Xã", as_of)

office_quotas = not report.office_quotas.empty
cols = st.columns(5 if office_quotas else 4)
uu.month_tally_metric(cols[0], report)
uu.new_items_metric(cols[1], report)
uu.resent_metric(cols[2], report)
uu.year_share_metric(cols[3], report)
if office_quotas:
    cols[4].metric(
        "Phòng, ban đạt định mức",
        uu.tally_text(report.month_office_tally),
        help=f"Phòng, ban, đơn vị thuộc {word} đạt mọi định mức của kỳ (quý, tháng) chứa tháng đang xem.",
    )

uu.quotas_section(
    report,
    f"Năm {year} không có định mức tin/bài bằng số nào áp dụng cho {ui.plain(report.name)}. "
    "Kế hoạch của đơn vị có thể chỉ giao nhiệm vụ (xem mục Nhiệm vụ), hoặc kế hoạch chưa được nhập.",
)
uu.pace_section(report, as_of, "Không có định mức nào có kỳ chứa tháng này.")
uu.items_section(report, offices_toggle=f"Gồm tin/bài của các phòng, ban, đơn vị thuộc {word}")

if len(report.offices):
    st.subheader(f"Các phòng, ban, đơn vị thuộc {word}")
    if report.office_quotas.empty:
        st.info(f"Kế hoạch của {ui.plain(report.name)} không giao định mức tin/bài riêng cho các phòng, ban.")
    else:
        uu.legend()
        uu.show_grids(quota_grids(report.office_quotas, {"office": "Đơn vị", "rule_label": "Định mức"}))

uu.tasks_section(report)
