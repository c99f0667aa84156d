"""Sở, ban, ngành: one department's quotas (weekly ones week by week, in-depth articles), pace, items."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from cchc import unit_charts
from cchc import unit_view as uv
from cchc.vocab import ITEM_KINDS, STATUS_COLORS, UNIT_KINDS

ui.ensure_entrypoint(__file__)

DEFAULT_UNIT = "HN-SKHCN"
IMPORT_HINT = "Nhập nhật ký tin/bài ở trang **Nhập dữ liệu**."
LABEL_WIDTHS = {"Kế hoạch": 170, "Đơn vị": 200, "Định mức": 330}
TASK_WIDTHS = {
    "Kế hoạch": st.column_config.TextColumn(width=170),
    "STT": st.column_config.NumberColumn(width=45),
    "Nhiệm vụ": st.column_config.TextColumn(width=380),
    "Trạng thái": st.column_config.TextColumn(width=130),
    "Hạn": st.column_config.TextColumn(width=90),
}
PACE_WIDTHS = {
    "Kỳ": 100,
    "Định mức": 250,
    "Đã có": 60,
    "Cần đạt": 65,
    "Cần có đến nay": 105,
    "Dự kiến cuối kỳ": 105,
    "Dự báo": 100,
    "Ghi chú": 260,
}
LINKS = {
    "Ngày": st.column_config.DateColumn(format="DD/MM/YYYY", width=90),
    "Đơn vị": st.column_config.TextColumn(width=180),
    "Kênh": st.column_config.TextColumn(width=190),
    "Loại": st.column_config.TextColumn(width=90),
    "Tiêu đề": st.column_config.TextColumn(width=300),
    "Liên kết": st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)", width=170),
    "Trạng thái": st.column_config.TextColumn(width=100),
    "Ghi chú": st.column_config.TextColumn(width=230),
}


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
    version: str, unit: str, date_from: date, date_to: date, allowed: tuple[str, ...] | None
) -> pd.DataFrame:
    return uv.items(ui.connection(), [unit], date_from, date_to, allowed)


@st.cache_data(show_spinner=False)
def _tasks(version: str, unit: str, as_of: date, allowed: tuple[str, ...] | None) -> pd.DataFrame | None:
    return uv.unit_tasks(ui.connection(), unit, as_of, allowed)


def legend() -> None:
    chips = " ".join(
        f"<span style='background:{color};color:white;padding:1px 8px;border-radius:4px'>{status}</span>"
        for status, color in STATUS_COLORS.items()
    )
    st.markdown(f"<small>Ô ghi *đã có/cần đạt*. {chips}</small>", unsafe_allow_html=True)


def show_grids(grids: list[uv.StatusGrid]) -> None:
    for grid in grids:
        st.markdown(f"**{grid.title}**")
        config = {c: st.column_config.TextColumn(width=w) for c, w in LABEL_WIDTHS.items() if c in grid.text}
        for c in grid.period_columns:
            config[c] = st.column_config.TextColumn(width=max(54, 8 * len(c)))
        st.dataframe(grid.styled(), hide_index=True, column_config=config, height=rows_height(len(grid.text)))


def rows_height(rows: int, most: int = 16) -> int:
    """Pixels to show `rows` rows (up to `most`) without an inner scroll bar."""
    return 38 + 35 * min(max(rows, 1), most)


def tally_text(t: uv.Tally) -> str:
    return f"{ui.fmt_int(t.met)}/{ui.fmt_int(t.due)}" if t.due else "—"


def option_label(code: str) -> str:
    kind = kinds[code]
    return labels[code] if kind == "department" else f"{labels[code]} · {UNIT_KINDS[kind]}"


version = ui.version()
scope = ui.scope()
allowed = None if scope is None else tuple(scope)  # the units this user may see
options = _options(version, allowed)
if options.empty and allowed is not None:
    st.title("Sở, ban, ngành")
    st.info("Tài khoản của bạn không được giao theo dõi sở, ban, ngành nào.")
    st.stop()
if options.empty:
    st.title("Sở, ban, ngành")
    st.info("Chưa có danh sách sở, ban, ngành. Nhập danh mục đơn vị ở trang **Nhập dữ liệu**.")
    st.stop()
codes = options["code"].tolist()
labels = dict(zip(options["code"], options["label"], strict=True))
kinds = dict(zip(options["code"], options["kind"], strict=True))
requested = st.query_params.get("unit")
choice = uv.choose_unit(ui.connection(), codes, requested, uv.DEPARTMENT_PAGE, DEFAULT_UNIT, allowed)
code = choice.code
with st.sidebar:
    code = st.selectbox(
        "Sở, ban, ngành", codes, index=codes.index(code), format_func=option_label, key="dept_unit"
    )
st.query_params["unit"] = code
year, month = ui.year_month_picker()
as_of = ui.today()

report = _report(version, code, year, month, as_of, allowed)
st.title(report.name)
st.caption(
    f"{report.kind_label} · mã {report.code} · định mức tin/bài tuyên truyền CCHC năm {year} · "
    f"số liệu tính đến ngày {ui.fmt_date(as_of)}"
)
if choice.unknown:
    st.warning(f"Không tìm thấy đơn vị có mã “{choice.unknown}”; đang hiển thị {report.name}.")
if choice.elsewhere:
    page, other, name = choice.elsewhere
    st.page_link(
        page, label=f"{name} được theo dõi ở trang khác: mở trang của đơn vị", query_params={"unit": other}
    )

weekly = report.tally_of("week")
in_depth = report.tally_of(item_kind="in_depth")
cols = st.columns(5)
cols[0].metric(
    f"Định mức đạt, tháng {month}/{year}",
    tally_text(report.month_tally),
    help="Lượt định mức có kỳ kết thúc trong tháng (hoặc đang chạy) đã đạt / đã đến kỳ.",
)
cols[1].metric(
    "Tin/bài mới trong tháng",
    ui.fmt_int(report.items_month),
    delta=report.items_change,
    help="Chỉ tính tin/bài mới, mọi kênh; bản gửi lại không được tính lần hai.",
)
if weekly.due:
    cols[2].metric(
        f"Tuần đạt định mức, năm {year}",
        tally_text(weekly),
        help="Số tuần (ISO, thứ Hai–Chủ nhật) đạt định mức hằng tuần / số tuần đã đến kỳ.",
    )
else:
    cols[2].metric(
        "Bản gửi lại trong tháng", ui.fmt_int(report.resent_month), help="Không được tính vào định mức."
    )
cols[3].metric(
    "Bài chuyên sâu trong tháng",
    ui.fmt_int(report.in_depth_month),
    help="Bài chính luận, chuyên sâu mới; cũng được tính vào định mức tin/bài.",
)
cols[4].metric(
    f"Tỷ lệ định mức đạt, năm {year}",
    ui.fmt_pct(report.year_tally.share),
    help=f"{tally_text(report.year_tally)} lượt định mức đã đến kỳ từ đầu năm đã đạt.",
)

st.subheader(f"Định mức theo kỳ — năm {year}")
if report.quotas.empty:
    st.info(
        f"Năm {year} không có định mức tin/bài bằng số nào áp dụng cho {report.name}, "
        "hoặc kế hoạch chưa được nhập."
    )
else:
    legend()
    show_grids(uv.quota_grids(report.quotas, {"plan_label": "Kế hoạch", "rule_label": "Định mức"}))

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
    legend()
    show_grids(uv.quota_grids(rows, {"rule_label": "Định mức"}))
    articles = uv.items_table(_items(version, code, date(year, 1, 1), date(year, 12, 31), allowed))
    articles = articles[articles["Loại"] == ITEM_KINDS["in_depth"]]
    if articles.empty:
        st.info(f"Chưa có bài chuyên sâu nào của {report.name} trong năm {year}. {IMPORT_HINT}")
    else:
        st.caption(
            f"{ui.fmt_int(len(articles))} bài chuyên sâu, chính luận trong năm {year}, mới nhất trước."
        )
        st.dataframe(articles, hide_index=True, column_config=LINKS)

st.subheader(f"Nhịp thực hiện — tháng {month}/{year}")
if not report.paces:
    st.info("Không có định mức tháng, quý hay năm nào có kỳ chứa tháng này.")
else:
    st.caption("Dự báo: nếu giữ nhịp từ đầu kỳ đến nay, đến cuối kỳ có đạt định mức không.")
    st.dataframe(
        uv.projection_table(report.paces).style.map(uv.verdict_css, subset=["Dự báo"]),
        hide_index=True,
        column_config={c: st.column_config.TextColumn(width=w) for c, w in PACE_WIDTHS.items()},
    )
    by_rule = {rp.rule: rp for rp in report.paces}
    behind = [rp.rule for rp in report.paces if rp.pace.on_track is False] or list(by_rule)
    chosen = st.selectbox(
        "Xem nhịp của định mức",
        list(by_rule),
        index=list(by_rule).index(behind[0]),
        format_func=lambda r: by_rule[r].label,
        key="pace",
        bind="query-params",
    )
    rp = by_rule[chosen]
    st.plotly_chart(
        unit_charts.pace_chart(rp, as_of, f"Tin/bài lũy kế so với nhịp cần thiết — {rp.period_label}"),
        width="stretch",
    )

st.subheader(f"Tin/bài của {report.name}")
if report.has_items:
    st.plotly_chart(
        unit_charts.items_by_month_chart(
            report.items_by_month, f"Tin/bài mới theo tháng và kênh, năm {year}"
        ),
        width="stretch",
    )
span = st.radio(
    "Khoảng thời gian",
    ["month", "year"],
    format_func={"month": f"Tháng {month}/{year}", "year": f"Cả năm {year}"}.get,
    horizontal=True,
    key="items",
    bind="query-params",
)
start = date(year, 1, 1) if span == "year" else date(year, month, 1)
end = date(year, 12, 31) if span == "year" else (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
raw = _items(version, code, start, end, allowed)
log = uv.items_table(raw)
if log.empty:
    st.info(
        f"Chưa có tin/bài nào của {report.name} trong {'năm' if span == 'year' else 'tháng'} này. {IMPORT_HINT}"
    )
else:
    resent = int(raw["is_duplicate"].sum())
    st.caption(
        f"{ui.fmt_int(len(log))} dòng nhật ký, trong đó {ui.fmt_int(resent)} bản gửi lại (không tính)."
    )
    st.dataframe(log, hide_index=True, column_config=LINKS)

tasks = _tasks(version, code, as_of, allowed)
if tasks is not None:
    st.subheader("Nhiệm vụ theo kế hoạch")
    if tasks.empty:
        st.info(f"Chưa có nhiệm vụ nào giao cho {report.name}. Nhập bảng nhiệm vụ ở trang **Nhập dữ liệu**.")
    else:
        view = uv.tasks_table(tasks)
        styled = view.style.map(uv.task_css, subset=["Trạng thái"]) if "Trạng thái" in view else view
        st.dataframe(styled, hide_index=True, column_config=TASK_WIDTHS, height=rows_height(len(view)))
