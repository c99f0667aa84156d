"""Báo cáo: the quarterly report of communication work, on screen and as an .xlsx with charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from cchc.charts.overview import share_color
from cchc.charts.report import report_figures
from cchc.exports import images
from cchc.exports.xlsx import XLSX_MIME
from cchc.screens import reminders
from cchc.screens import report as screen

ui.ensure_entrypoint(__file__)


def _int_param(name: str, default: int, choices: list[int]) -> int:
    try:
        value = int(st.query_params.get(name, default))
    except ValueError:
        value = default
    return value if value in choices else default


def _pickers() -> tuple[int, int, str, str]:
    """Year, quarter, unit kind and unit in the sidebar, kept in the URL."""
    today = ui.today()
    years = ui.active_years()  # only years with a plan or data
    year = _int_param("year", today.year, years)
    quarter = _int_param("quarter", (today.month - 1) // 3 + 1, [1, 2, 3, 4])
    with st.sidebar:
        year = st.selectbox("Năm", years, index=years.index(year), key="rep_year")
        quarter = st.selectbox(
            "Quý",
            [1, 2, 3, 4],
            index=quarter - 1,
            format_func=lambda q: f"Quý {screen.ROMAN[q]}",
            key="rep_quarter",
        )
        kind, unit = ui.kind_and_unit_pickers(
            lambda k: ui.cached(reminders.picker_units, k, province=province), "rep"
        )
    st.query_params["year"] = str(year)
    st.query_params["quarter"] = str(quarter)
    st.query_params["kind"] = kind
    if unit:
        st.query_params["unit"] = unit
    elif "unit" in st.query_params:
        del st.query_params["unit"]
    return year, quarter, kind, unit


province = ui.province_picker()  # users who see every province report on one at a time
year, quarter, kind, unit = _pickers()
as_of = ui.today()
spec = f"{year}-Q{quarter}"
data = ui.cached(screen.report, spec, as_of, kind, unit, province=province)
s = data.summary

st.title(f"Báo cáo {data.label[0].lower()}{data.label[1:]}")
st.caption(
    f"Kết quả thông tin, tuyên truyền cải cách hành chính từ ngày {data.period.start:%d/%m/%Y} "
    f"đến ngày {data.period.end:%d/%m/%Y} · số liệu tính đến ngày {as_of:%d/%m/%Y}"
)

if data.detail.empty:
    st.info(
        f"{data.label} không có định mức nào đến kỳ cho lựa chọn này. Chọn quý khác ở thanh bên "
        "(định mức năm 2026 của Hà Nội áp dụng từ tháng 3/2026), hoặc nhập nhật ký tin/bài ở trang "
        "**Nhập dữ liệu**."
    )
    st.stop()
if data.period.start > as_of:
    st.warning(f"{data.label} chưa bắt đầu: mọi định mức của quý đều ở tình trạng Chưa đến kỳ.")

c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Đơn vị đạt tất cả định mức", f"{ui.fmt_int(s['units_all_met'])}/{ui.fmt_int(s['units'])}")
c2.metric(
    "Tỷ lệ định mức đạt",
    ui.fmt_pct(s["share_met"]),
    help=f"{ui.fmt_int(s['met'])} trên {ui.fmt_int(s['rule_periods_due'])} định mức-kỳ đã đến kỳ.",
)
c3.metric("Tin/bài mới", ui.fmt_int(s["new_items"]))
c4.metric(
    "Bản trùng lặp phát hiện",
    ui.fmt_int(s["duplicates"]),
    help="Tin/bài gửi lại cùng tiêu đề hoặc đường dẫn: được giữ trong nhật ký nhưng không tính.",
)
if "tasks" in s:
    c5.metric(
        "Nhiệm vụ quá hạn",
        ui.fmt_int(s["tasks_overdue"]),
        help=f"Tính đến ngày {screen.tasks_day(data.period, as_of):%d/%m/%Y} (ngày cuối kỳ báo cáo, hoặc hôm nay "
        f"nếu kỳ chưa kết thúc). Đã hoàn thành {ui.fmt_int(s['tasks_done'])}/{ui.fmt_int(s['tasks'])} nhiệm vụ.",
    )
else:
    c5.metric(
        "Nhiệm vụ quá hạn",
        "—",
        help="Chưa có dữ liệu nhiệm vụ: bảng nhiệm vụ của các kế hoạch chưa được nạp.",
    )

figs = report_figures(data)
left, right = st.columns(2)
for column, name in zip(
    (left, right), ("ty-le-dat-theo-loai-don-vi", "tinh-trang-dinh-muc-theo-loai-don-vi"), strict=True
):
    if name in figs:
        with column:
            ui.plotly_chart(figs[name])
if "tin-bai-moi-theo-kenh" in figs:
    ui.plotly_chart(figs["tin-bai-moi-theo-kenh"])
else:
    st.info(f"Chưa có tin/bài nào trong {data.label.lower()}. Nhập nhật ký ở trang **Nhập dữ liệu**.")


def share_cell(share: float | None) -> str:
    """A share's cell: a light tint of its colour on the status scale, the number in dark text."""
    return (
        "" if share is None or pd.isna(share) else f"background-color: {share_color(share)}59; color: #1f1f1f"
    )


st.subheader("Theo loại đơn vị và kênh")
st.caption(
    "Yêu cầu, Thực hiện: tổng số tin/bài của các định mức-kỳ; một tin/bài có thể được tính cho nhiều "
    "định mức (ví dụ gửi đăng hằng tháng và được đăng tải trong năm)."
)
k = data.by_kind
counts = {
    "Số đơn vị": k["units"],
    "Yêu cầu": k["required"],
    "Thực hiện": k["actual"],
    "Đạt": k["n_met"],
    "Đang thực hiện": k["n_running"],
    "Chưa đạt": k["n_missed"],
}
after = {"Tin/bài mới": k["new_items"], "Trùng lặp": k["duplicates"]}
right = st.column_config.TextColumn(alignment="right", width=80)
by_kind = pd.DataFrame(
    {
        "Loại đơn vị": k["kind_label"],
        "Kênh": k["channel_label"],
        **{label: values.map(ui.fmt_int) for label, values in counts.items()},
        "Tỷ lệ đạt": k["share_met"],
        **{label: values.map(ui.fmt_int) for label, values in after.items()},
    }
)
st.dataframe(
    # the share as a number on a cell coloured like the heat map: red low, amber middle, green met
    by_kind.style.format({"Tỷ lệ đạt": ui.fmt_pct}).map(share_cell, subset=["Tỷ lệ đạt"]),
    column_config={
        "Loại đơn vị": st.column_config.TextColumn(width=130 if ui.on_phone() else 180, pinned=True),
        "Kênh": st.column_config.TextColumn(width=220),
        **dict.fromkeys([*counts, *after], right),
        "Tỷ lệ đạt": st.column_config.TextColumn(alignment="right", width=80),
    },
    hide_index=True,
    width="stretch",
    height=35 * (len(k) + 1) + 3,
)

with st.expander(f"Theo đơn vị ({ui.fmt_int(s['units'])} đơn vị)"):
    u = data.by_unit
    st.dataframe(
        pd.DataFrame(
            {
                "Đơn vị": u["unit_name"],
                "Kênh": u["channel_label"],
                "Định mức": u["rule_label"],
                "Yêu cầu": u["required"],
                "Thực hiện": u["actual"],
                "Còn thiếu": u["missing"],
                "Tình trạng chung": u["overall"],
            }
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader("Tải về")
if not images.images_available():
    st.caption("Máy chủ chưa có kaleido/Chromium: báo cáo tải về không kèm ảnh biểu đồ.")
d1, d2 = st.columns(2)
stem = f"bao-cao-tuyen-truyen-cchc-{spec}" + (f"-{unit}" if unit else "")
d1.download_button(
    "Tải báo cáo (.xlsx)",
    data=lambda: screen.workbook(data),
    file_name=f"{stem}.xlsx",
    mime=XLSX_MIME,
    icon=":material/download:",
    type="primary",
    on_click="ignore",
)
d2.download_button(
    "Tải ảnh biểu đồ (.zip)",
    data=lambda: screen.charts_zip(data),
    file_name=f"{stem}-bieu-do.zip",
    mime="application/zip",
    icon=":material/image:",
    on_click="ignore",
)
