"""Tổng quan Thành phố: who met this month's quotas, a units x months heat map, the laggards."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from cchc.charts import overview as charts
from cchc.quotas import summary as dashboard
from cchc.vocab import UNIT_KINDS

ui.ensure_entrypoint(__file__)

UNIT_PAGE = {"commune": "pages/ward.py", "ward_office": "pages/ward.py"}  # others: the department page
Scope = tuple[str, ...] | None
HEATMAP_ROWS = 60  # beyond this the chart stops being readable; a toggle shows every unit


def _units(scope: Scope) -> list[str] | None:
    return None if scope is None else list(scope)


# Every cached answer is keyed on the data version and on the user's scope.
@st.cache_data(show_spinner=False)
def _summary(version: str, scope: Scope, year: int, month: int, as_of: date) -> dashboard.MonthSummary:
    return dashboard.month_summary(ui.connection(), year, month, as_of, _units(scope))


@st.cache_data(show_spinner=False)
def _heatmap(version: str, scope: Scope, year: int, as_of: date) -> pd.DataFrame:
    return dashboard.heatmap(ui.connection(), year, as_of, _units(scope))


@st.cache_data(show_spinner=False)
def _laggards(version: str, scope: Scope, year: int, month: int, as_of: date) -> pd.DataFrame:
    return dashboard.laggards(
        ui.connection(), dashboard.month_period(year, month), as_of, _units(scope), limit=15
    )


@st.cache_data(show_spinner=False)
def _items(version: str, scope: Scope, year: int) -> pd.DataFrame:
    return dashboard.items_by_month(ui.connection(), dashboard.parse_period(str(year)), _units(scope))


def _echart(chart: charts.EChart) -> None:
    st.echarts_chart(
        chart.option, height=chart.height, renderer=chart.renderer, alt=chart.option["title"]["text"]
    )


def unit_link(code: str, kind: str) -> str:
    """A relative link to the unit's own page (?unit=CODE)."""
    page = UNIT_PAGE.get(kind, "pages/department.py")
    return f"{page.removeprefix('pages/').removesuffix('.py')}?unit={code}&year={year}&month={month}"


version = ui.version()
allowed = ui.scope()
scope: Scope = None if allowed is None else tuple(allowed)
year, month = ui.year_month_picker()
kind = ui.kind_picker()
as_of = ui.today()

st.title("Tổng quan Thành phố")
st.caption(f"Kết quả thực hiện định mức tin/bài tuyên truyền CCHC · số liệu tính đến ngày {as_of:%d/%m/%Y}")

now = _summary(version, scope, year, month, as_of)
prev = _summary(version, scope, *dashboard.previous_month(year, month), as_of)
if now.units == 0:
    st.info(
        f"Tháng {month}/{year} chưa có định mức nào đến kỳ. Chọn tháng khác ở thanh bên, "
        "hoặc nhập nhật ký tin/bài ở trang **Nhập dữ liệu**."
    )
else:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        "Đơn vị đạt đủ định mức",
        f"{ui.fmt_int(now.units_all_met)}/{ui.fmt_int(now.units)}",
        delta=now.units_all_met - prev.units_all_met if prev.units else None,
        help="Đơn vị mà mọi định mức có kỳ kết thúc trong tháng (hoặc đang chạy) đều đã đạt.",
    )
    c2.metric(
        "Tin/bài mới trong tháng",
        ui.fmt_int(now.items),
        delta=now.items - prev.items if prev.units else None,
        help="Chỉ tính tin/bài mới; bản gửi lại không được tính lần hai.",
    )
    c3.metric(
        "Đơn vị chưa đạt",
        ui.fmt_int(now.units_behind),
        delta=now.units_behind - prev.units_behind if prev.units else None,
        delta_color="inverse",
        help="Đơn vị có ít nhất một định mức đã hết kỳ mà chưa đạt.",
    )
    c4.metric(
        "Tỷ lệ định mức đạt",
        ui.fmt_pct(now.share_met),
        delta=(
            f"{(now.share_met - prev.share_met) * 100:+.0f} điểm %"
            if now.share_met is not None and prev.share_met is not None
            else None
        ),
    )

heat = _heatmap(version, scope, year, as_of)
heat_kind = heat[heat["unit_kind"] == kind]
st.subheader(f"Tỷ lệ định mức đạt theo tháng — {UNIT_KINDS[kind]}")
if heat_kind.empty:
    st.info(f"Chưa có định mức nào của {UNIT_KINDS[kind].lower()} trong năm {year}.")
else:
    total_units = heat_kind["unit_code"].nunique()
    shown = heat_kind
    if total_units > HEATMAP_ROWS:
        show_all = st.toggle(f"Hiện tất cả {ui.fmt_int(total_units)} đơn vị", key="heatmap_all")
        if not show_all:
            worst = heat_kind.groupby("unit_code")["share_met"].mean().nsmallest(HEATMAP_ROWS).index
            shown = heat_kind[heat_kind["unit_code"].isin(worst)]
            st.caption(f"Đang hiện {HEATMAP_ROWS} đơn vị có tỷ lệ đạt thấp nhất trong năm.")
    st.caption("Bấm vào một ô để mở trang của đơn vị đó.")
    chart, cells = charts.heatmap_option(
        shown, f"{UNIT_KINDS[kind]}: tỷ lệ định mức đạt theo tháng năm {year}"
    )
    event = st.echarts_chart(
        chart.option,
        height=chart.height,
        renderer=chart.renderer,
        on_select="rerun",
        key="heatmap",
        alt=chart.option["title"]["text"],
    )
    picked = [i for group in event.selection.selected for i in group["data_indices"]]
    if picked and picked[0] < len(cells):
        st.switch_page(
            UNIT_PAGE.get(kind, "pages/department.py"),
            query_params={"unit": cells.iloc[picked[0]]["unit_code"], "year": str(year), "month": str(month)},
        )

left, right = st.columns(2)
with left:
    month_rows = heat[heat["month"] == pd.Timestamp(year, month, 1)]
    by_kind = (
        month_rows.groupby("unit_kind", as_index=False)[["rules_due", "rules_met"]]
        .sum()
        .query("rules_due > 0")
        .assign(
            share_met=lambda f: f["rules_met"] / f["rules_due"],
            kind_label=lambda f: f["unit_kind"].map(UNIT_KINDS),
        )
    )
    if by_kind.empty:
        st.info("Chưa có định mức đến kỳ trong tháng này.")
    else:
        _echart(
            charts.share_bars_option(
                by_kind, "kind_label", f"Tỷ lệ định mức đạt theo loại đơn vị, tháng {month}/{year}"
            )
        )
with right:
    items = _items(version, scope, year)
    if items.empty:
        st.info(f"Chưa có tin/bài nào trong năm {year}. Nhập nhật ký ở trang **Nhập dữ liệu**.")
    else:
        _echart(charts.items_over_time_option(items, f"Tin/bài mới theo kênh, năm {year}"))

st.subheader(f"Xếp hạng từ đầu năm {year} — {UNIT_KINDS[kind]}")
top, bottom = dashboard.ranking(heat[heat["unit_kind"] == kind])
if top.empty:
    st.info("Chưa có định mức nào đến kỳ để xếp hạng.")
else:

    def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "Đơn vị": frame["unit_name"],
                "Định mức đạt": [
                    f"{m}/{d}" for m, d in zip(frame["rules_met"], frame["rules_due"], strict=True)
                ],
                "Tỷ lệ": frame["share_met"].map(ui.fmt_pct),
                "Trang đơn vị": [
                    unit_link(c, k) for c, k in zip(frame["unit_code"], frame["unit_kind"], strict=True)
                ],
            }
        )

    links = {"Trang đơn vị": st.column_config.LinkColumn("Trang đơn vị", display_text="Mở")}
    best, worst = st.columns(2)
    best.markdown("**Dẫn đầu — đề xuất biểu dương**")
    best.dataframe(_ranked(top), hide_index=True, width="stretch", column_config=links)
    worst.markdown("**Thấp nhất — cần đôn đốc**")
    worst.dataframe(_ranked(bottom), hide_index=True, width="stretch", column_config=links)

st.subheader(f"Đơn vị cần đôn đốc — tháng {month}/{year}")
lag = _laggards(version, scope, year, month, as_of)
if lag.empty:
    st.success("Không có đơn vị nào chậm định mức trong tháng này.")
else:
    view = pd.DataFrame(
        {
            "Đơn vị": lag["unit_name"],
            "Loại": lag["unit_kind"].map(UNIT_KINDS),
            "Chưa đạt": lag["missed"],
            "Đang thực hiện": lag["running"],
            "Tin/bài còn thiếu": lag["missing_items"],
            "Định mức chưa đạt": lag["missing_text"],
            "Trang đơn vị": [
                unit_link(c, k) for c, k in zip(lag["unit_code"], lag["unit_kind"], strict=True)
            ],
        }
    )
    st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        column_config={"Trang đơn vị": st.column_config.LinkColumn("Trang đơn vị", display_text="Mở")},
    )


# --- Bản đồ: communes as bubbles at their centres, or a choropleth from an uploaded GeoJSON ---


@st.cache_data(show_spinner=False)
def _commune_points(
    version: str, year: int, month: int, as_of: date, allowed: tuple[str, ...] | None
) -> pd.DataFrame:
    from cchc.charts import commune_map as map_view

    return map_view.commune_points(ui.connection(), year, month, as_of, allowed)


def _commune_map_block() -> None:
    from cchc.charts import commune_map as map_view

    st.subheader("Bản đồ mức hoàn thành định mức các xã, phường")
    scope = ui.scope()  # only the communes this user may see
    points = _commune_points(version, year, month, as_of, None if scope is None else tuple(scope))
    title = f"Tỷ lệ định mức đạt của các xã, phường, tháng {month}/{year}"
    chart = st.container()
    upload = st.file_uploader(
        "Ranh giới xã, phường (GeoJSON, không bắt buộc): tải lên để tô màu theo vùng thay cho các điểm",
        type=["geojson", "json"],
        max_upload_size=20,
        key="overview_geojson",
    )
    st.caption(
        "Mỗi điểm là trung tâm một xã, phường; màu theo tỷ lệ định mức đạt trong tháng. "
        "Nền bản đồ © OpenStreetMap chỉ hiện khi máy có kết nối Internet."
    )
    if points.empty:
        chart.info(
            f"Tháng {month}/{year} chưa có xã, phường nào có định mức đến kỳ. Chọn tháng khác ở thanh bên."
        )
        return
    links = {code: unit_link(code, "commune") for code in points["unit_code"]}
    figure = map_view.commune_map(points, title, links=links)
    if upload is not None:
        try:
            shapes = map_view.parse_geojson(upload.getvalue())
        except map_view.GeoJSONError as exc:
            chart.error(f"{exc} Bản đồ hiển thị các điểm thay cho vùng.")
        else:
            names = map_view.properties(shapes)
            best = map_view.best_property(shapes, points)
            prop = chart.selectbox(
                "Thuộc tính của vùng chứa mã hoặc tên xã, phường",
                names,
                index=names.index(best) if best in names else 0,
                key="overview_geojson_prop",
            )
            matched = map_view.match_features(shapes, prop, points)
            if matched.empty:
                chart.warning(
                    f"Không vùng nào có thuộc tính “{prop}” khớp mã hoặc tên xã, phường; "
                    "bản đồ hiển thị các điểm."
                )
            else:
                chart.caption(f"Đã khớp {ui.fmt_int(len(matched))}/{ui.fmt_int(len(points))} xã, phường.")
                figure = map_view.geojson_map(shapes, prop, points, title, links=links)
    # st.html would drop the SVG (its sanitizer keeps HTML only); map_view escapes every text.
    chart.markdown(figure, unsafe_allow_html=True)


_commune_map_block()
