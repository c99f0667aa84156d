"""Phường / Xã: one ward's quotas month by month, the pace line, its items, its offices and tasks."""

from __future__ import annotations

import streamlit as st

import ui
from cchc.screens import unit as screen
from cchc.screens.unit_grids import quota_grids
from cchc.screens.unit_labels import commune_word
from ui import unit_sections

ui.ensure_entrypoint(__file__)

# Users who see every province pick one; a link to a unit opens on its province.
province = ui.province_picker(unit=st.query_params.get("unit"), forget=("ward_unit",))
options = ui.cached(screen.ward_options, province=province)
unit_sections.stop_without_units(options, "Phường / Xã", "phường, xã")
code, choice = unit_sections.unit_picker(options, screen.WARD, "Phường, xã", "ward_unit")
year, month = ui.year_month_picker()
as_of = ui.today()

report = ui.cached(screen.unit_report, code, year, month, as_of)
word = commune_word(report.name)  # xã, phường or đặc khu
unit_sections.heading(report, choice, "Phường / Xã", as_of)

office_quotas = not report.office_quotas.empty
cols = st.columns(5 if office_quotas else 4)
unit_sections.month_tally_metric(cols[0], report)
unit_sections.new_items_metric(cols[1], report)
unit_sections.resent_metric(cols[2], report)
unit_sections.year_share_metric(cols[3], report)
if office_quotas:
    cols[4].metric(
        "Phòng, ban đạt định mức",
        unit_sections.tally_text(report.month_office_tally),
        help=f"Phòng, ban, đơn vị thuộc {word} đạt mọi định mức của kỳ (quý, tháng) chứa tháng đang xem.",
    )

unit_sections.quotas_section(
    report,
    f"Năm {year} không có định mức tin/bài bằng số nào áp dụng cho {ui.plain(report.name)}. "
    "Kế hoạch của đơn vị có thể chỉ giao nhiệm vụ (xem mục Nhiệm vụ), hoặc kế hoạch chưa được nhập.",
)
unit_sections.pace_section(report, as_of, "Không có định mức nào có kỳ chứa tháng này.")
unit_sections.items_section(report, offices_toggle=f"Gồm tin/bài của các phòng, ban, đơn vị thuộc {word}")

if len(report.offices):
    st.subheader(f"Các phòng, ban, đơn vị thuộc {word}")
    if report.office_quotas.empty:
        st.info(f"Kế hoạch của {ui.plain(report.name)} không giao định mức tin/bài riêng cho các phòng, ban.")
    else:
        unit_sections.legend()
        unit_sections.show_grids(
            quota_grids(report.office_quotas, {"office": "Đơn vị", "rule_label": "Định mức"})
        )

unit_sections.tasks_section(report)
