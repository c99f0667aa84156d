"""Sở, ban, ngành: one department's quotas (weekly ones week by week, in-depth articles), pace, items."""

from __future__ import annotations

import streamlit as st

import ui
from cchc.charts import unit as unit_charts
from cchc.screens import unit as screen
from cchc.screens.unit_grids import quota_grids, week_grid, weekly_series
from cchc.screens.unit_items import in_depth_articles
from ui import unit_sections

ui.ensure_entrypoint(__file__)

# Users who see every province pick one; a link to a unit opens on its province.
province = ui.province_picker(unit=st.query_params.get("unit"), forget=("dept_unit",))
options = ui.cached(screen.department_options, province=province)
unit_sections.stop_without_units(options, "Sở, ban, ngành", "sở, ban, ngành")
code, choice = unit_sections.unit_picker(
    options, screen.DEPARTMENT, "Sở, ban, ngành", "dept_unit", screen.DEFAULT_DEPARTMENT
)
year, month = ui.year_month_picker()
as_of = ui.today()

report = ui.cached(screen.unit_report, code, year, month, as_of)
unit_sections.heading(report, choice, report.kind_label, as_of)

weekly = report.tally_of("week")
cols = st.columns(5)
unit_sections.month_tally_metric(cols[0], report)
unit_sections.new_items_metric(cols[1], report)
if weekly.due:
    cols[2].metric(
        f"Tuần đạt định mức, năm {year}",
        unit_sections.tally_text(weekly),
        help="Số tuần (ISO, thứ Hai–Chủ nhật) đạt định mức hằng tuần / số tuần đã đến kỳ.",
    )
else:
    unit_sections.resent_metric(cols[2], report)
cols[3].metric(
    "Bài chuyên sâu trong tháng",
    ui.fmt_int(report.in_depth_month),
    help="Bài chính luận, chuyên sâu mới; cũng được tính vào định mức tin/bài.",
)
unit_sections.year_share_metric(cols[4], report)

unit_sections.quotas_section(
    report,
    f"Năm {year} không có định mức tin/bài bằng số nào áp dụng cho {ui.plain(report.name)}, "
    "hoặc kế hoạch chưa được nhập.",
    in_depth_below=True,  # shown once, in their own section below
)

if report.weekly_rules:
    st.subheader(f"Định mức hằng tuần — năm {year}")
    for rule, label in report.weekly_rules:
        ui.plotly_chart(
            unit_charts.weekly_chart(
                weekly_series(report.quotas, rule), f"Tin/bài mới theo từng tuần, năm {year}", label
            ),
        )
    grid = week_grid(report.quotas)
    with st.expander("Bảng theo từng tuần", expanded=False):
        st.dataframe(unit_sections.styled(grid), hide_index=True, height=min(38 + 35 * len(grid.text), 600))

if not report.in_depth_quotas.empty:
    st.subheader(f"Bài chính luận, chuyên sâu — năm {year}")
    unit_sections.legend()
    unit_sections.show_grids(quota_grids(report.in_depth_quotas, {"rule_label": "Định mức"}))
    articles = ui.cached(in_depth_articles, code, year)
    if articles.empty:
        st.info(
            f"Chưa có bài chuyên sâu nào của {ui.plain(report.name)} trong năm {year}. {unit_sections.IMPORT_HINT}"
        )
    else:
        st.caption(
            f"{ui.fmt_int(len(articles))} bài chuyên sâu, chính luận trong năm {year}, mới nhất trước."
        )
        st.dataframe(articles, hide_index=True, column_config=unit_sections.LINKS)

unit_sections.pace_section(report, as_of, "Không có định mức tháng, quý hay năm nào có kỳ chứa tháng này.")
unit_sections.items_section(report)
unit_sections.tasks_section(report)
