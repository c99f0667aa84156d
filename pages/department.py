"""Sở, ban, ngành: one department's quotas (weekly ones week by week, in-depth articles), pace, items."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from cchc.charts import unit as unit_charts
from cchc.screens import unit as uv
from cchc.vocab import ITEM_KINDS, UNIT_KINDS
from ui import unit_sections as uu

ui.ensure_entrypoint(__file__)

DEFAULT_UNIT = "HN-SKHCN"


@st.cache_data(show_spinner=False)
def _options(version: str, allowed: tuple[str, ...] | None) -> pd.DataFrame:
    return uv.unit_options(ui.connection(), uv.DEPARTMENT_KINDS, allowed)


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


def with_kinds(options: pd.DataFrame) -> pd.DataFrame:
    """Labels naming the kind of every unit that is not a department ('… · Đơn vị sự nghiệp công lập')."""
    labels = [
        label if kind == "department" else f"{label} · {UNIT_KINDS[kind]}"
        for label, kind in zip(options["label"], options["kind"], strict=True)
    ]
    return options.assign(label=labels)


version = ui.version()
scope = ui.scope()
allowed = None if scope is None else tuple(scope)  # the units this user may see
options = _options(version, allowed)
uu.stop_without_units(options, allowed, "Sở, ban, ngành", "sở, ban, ngành")
code, choice = uu.unit_picker(
    with_kinds(options), uv.DEPARTMENT_PAGE, "Sở, ban, ngành", "dept_unit", allowed, DEFAULT_UNIT
)
year, month = ui.year_month_picker()
as_of = ui.today()

report = _report(version, code, year, month, as_of, allowed)
uu.heading(report, choice, report.kind_label, as_of)

weekly = report.tally_of("week")
in_depth = report.tally_of(item_kind="in_depth")
cols = st.columns(5)
uu.month_tally_metric(cols[0], report)
uu.new_items_metric(cols[1], report)
if weekly.due:
    cols[2].metric(
        f"Tuần đạt định mức, năm {year}",
        uu.tally_text(weekly),
        help="Số tuần (ISO, thứ Hai–Chủ nhật) đạt định mức hằng tuần / số tuần đã đến kỳ.",
    )
else:
    uu.resent_metric(cols[2], report)
cols[3].metric(
    "Bài chuyên sâu trong tháng",
    ui.fmt_int(report.in_depth_month),
    help="Bài chính luận, chuyên sâu mới; cũng được tính vào định mức tin/bài.",
)
uu.year_share_metric(cols[4], report)

uu.quotas_section(
    report,
    f"Năm {year} không có định mức tin/bài bằng số nào áp dụng cho {report.name}, "
    "hoặc kế hoạch chưa được nhập.",
)

weekly_rules = report.quotas[report.quotas["period"] == "week"].drop_duplicates("rule")
if not weekly_rules.empty:
    st.subheader(f"Định mức hằng tuần — năm {year}")
    for rule, label in zip(weekly_rules["rule"], weekly_rules["rule_label"], strict=True):
        weeks = uv.weekly_series(report.quotas, rule)
        st.plotly_chart(
            unit_charts.weekly_chart(weeks, f"Tin/bài mới theo từng tuần, năm {year}", label),
            width="stretch",
        )
    grid = uv.week_grid(report.quotas)
    with st.expander("Bảng theo từng tuần", expanded=False):
        st.dataframe(grid.styled(), hide_index=True, height=min(38 + 35 * len(grid.text), 600))

if in_depth.due or (report.quotas["item_kind"] == "in_depth").any():
    st.subheader(f"Bài chính luận, chuyên sâu — năm {year}")
    rows = report.quotas[report.quotas["item_kind"] == "in_depth"]
    uu.legend()
    uu.show_grids(uv.quota_grids(rows, {"rule_label": "Định mức"}))
    articles = uv.items_table(_items(version, (code,), date(year, 1, 1), date(year, 12, 31), allowed))
    articles = articles[articles["Loại"] == ITEM_KINDS["in_depth"]]
    if articles.empty:
        st.info(f"Chưa có bài chuyên sâu nào của {report.name} trong năm {year}. {uu.IMPORT_HINT}")
    else:
        st.caption(
            f"{ui.fmt_int(len(articles))} bài chuyên sâu, chính luận trong năm {year}, mới nhất trước."
        )
        st.dataframe(articles, hide_index=True, column_config=uu.LINKS)

uu.pace_section(report, as_of, "Không có định mức tháng, quý hay năm nào có kỳ chứa tháng này.")
uu.items_section(report, lambda units, start, end: _items(version, units, start, end, allowed))
uu.tasks_section(report, _tasks(version, code, as_of, allowed))
