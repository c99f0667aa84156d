"""Tổng quan Thành phố: who met this month's quotas, a units x months heat map, the laggards."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import ui
from cchc.charts import commune_map as map_view
from cchc.charts import overview_svg as svg_charts
from cchc.screens import overview as screen
from cchc.vocab import UNIT_KINDS

ui.ensure_entrypoint(__file__)

UNIT_PAGE = {"commune": "pages/ward.py", "ward_office": "pages/ward.py"}  # others: the department page
LINKS = {"Trang đơn vị": "Mở"}  # the column of each unit's page, a link that says "Mở"


def unit_link(code: str, kind: str) -> str:
    """A relative link to the unit's own page (?unit=CODE)."""
    page = UNIT_PAGE.get(kind, "pages/department.py")
    return f"{page.removeprefix('pages/').removesuffix('.py')}?unit={code}&year={year}&month={month}"


def _links(frame: pd.DataFrame) -> list[str]:
    return [unit_link(c, k) for c, k in zip(frame["unit_code"], frame["unit_kind"], strict=True)]


def _headline(ov: screen.Overview) -> None:
    now, prev = ov.now, ov.prev
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


def _heatmap(ov: screen.Overview) -> None:
    st.subheader(f"Tỷ lệ định mức đạt theo tháng — {ov.kind_label}")
    if ov.heat.empty:
        st.info(f"Chưa có định mức nào của {ov.kind_label.lower()} trong năm {year}.")
        return
    total_units = ov.heat["unit_code"].nunique()
    show_all = True
    if total_units > screen.HEATMAP_ROWS:
        show_all = st.toggle(f"Hiện tất cả {ui.fmt_int(total_units)} đơn vị", key="heatmap_all")
        if not show_all:
            st.caption(f"Đang hiện {screen.HEATMAP_ROWS} đơn vị có tỷ lệ đạt thấp nhất trong năm.")
    running = pd.Timestamp(as_of) if as_of.year == year else None
    st.caption(
        "Bấm vào một hàng để mở trang của đơn vị đó; rê chuột lên một ô để xem số liệu."
        + (f" Cột T{as_of.month}/{year} nhạt màu: tháng đang chạy, các kỳ chưa kết thúc." if running else "")
    )
    shown = screen.heat_shown(ov.heat, show_all)
    links = {code: unit_link(code, kind) for code in shown["unit_code"].unique()}
    title = f"{ov.kind_label}: tỷ lệ định mức đạt theo tháng năm {year}"
    ui.inline_svg(ui.drawn(svg_charts.heatmap, shown, title, running=running, links=links, phone=phone))


def _charts(ov: screen.Overview) -> None:
    left, right = st.columns(2)
    with left:
        if ov.by_kind.empty:
            st.info("Chưa có định mức đến kỳ trong tháng này.")
        else:
            title = f"Tỷ lệ định mức đạt theo loại đơn vị (mọi loại), tháng {month}/{year}"
            ui.inline_svg(ui.drawn(svg_charts.share_bars, ov.by_kind, "kind_label", title, phone=phone))
    with right:
        items = ui.kept_warm(screen.items, year, kind, province=province)
        if items.empty:
            st.info(f"Chưa có tin/bài nào trong năm {year}. Nhập nhật ký ở trang **Nhập dữ liệu**.")
        else:
            title = f"Tin/bài mới theo kênh, năm {year} — {ov.kind_label}"
            ui.inline_svg(ui.drawn(svg_charts.items_over_time, items, title, phone=phone))


def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Đơn vị": frame["unit_name"],
            "Định mức đạt": [f"{m}/{d}" for m, d in zip(frame["rules_met"], frame["rules_due"], strict=True)],
            "Tỷ lệ": frame["share_met"].map(ui.fmt_pct),
            "Trang đơn vị": _links(frame),
        }
    )


def _ranking(ov: screen.Overview) -> None:
    st.subheader(f"Xếp hạng từ đầu năm {year} — {ov.kind_label}")
    if ov.top.empty:
        st.info("Chưa có định mức nào đến kỳ để xếp hạng.")
        return
    best, worst = st.columns(2)
    best.markdown("**Dẫn đầu — đề xuất biểu dương**")
    best.html(ui.html_table(_ranked(ov.top), links=LINKS, label="Dẫn đầu — đề xuất biểu dương"))
    worst.markdown("**Thấp nhất — cần đôn đốc**")
    if ov.bottom.empty:
        worst.success("Mọi đơn vị còn lại đều đạt đủ định mức.")
    else:
        worst.html(ui.html_table(_ranked(ov.bottom), links=LINKS, label="Thấp nhất — cần đôn đốc"))


def _laggards(ov: screen.Overview) -> None:
    st.subheader(f"Đơn vị cần đôn đốc — tháng {month}/{year} — {ov.kind_label}")
    lag = ov.laggards
    if ov.now.units == 0:  # no quota due: nothing to judge, so no green "all on time"
        st.info(f"Tháng {month}/{year} chưa có định mức nào đến kỳ, nên chưa có đơn vị nào để đôn đốc.")
        return
    if lag.empty:
        st.success("Không có đơn vị nào chậm định mức trong tháng này.")
        return
    view = pd.DataFrame(
        {
            "Đơn vị": lag["unit_name"],
            "Loại": lag["unit_kind"].map(UNIT_KINDS),
            "Chưa đạt": lag["missed"],
            "Đang thực hiện": lag["running"],
            "Tin/bài còn thiếu": lag["missing_items"],
            "Định mức chưa đạt": lag["missing_text"],
            "Trang đơn vị": _links(lag),
        }
    )
    label, numbers = (
        f"Đơn vị cần đôn đốc — tháng {month}/{year}",
        ("Chưa đạt", "Đang thực hiện", "Tin/bài còn thiếu"),
    )
    if phone:  # a card per unit: nothing to scroll sideways, the rules missed in full under the figures
        st.html(
            ui.html_cards(
                view, title="Đơn vị", links=LINKS, numbers=numbers, detail="Định mức chưa đạt", label=label
            )
        )
        return
    # ~950 px: every column, the link right after the name, in view on a 1440 px screen, the rules missed
    # taking the room left
    widths = {
        "Đơn vị": 160,
        "Trang đơn vị": 90,
        "Loại": 150,
        "Chưa đạt": 70,
        "Đang thực hiện": 105,
        "Tin/bài còn thiếu": 115,
    }
    st.html(
        ui.html_table(
            view[[*widths, "Định mức chưa đạt"]],
            links=LINKS,
            numbers=numbers,
            widths=widths,
            min_widths={"Định mức chưa đạt": 260},
            label=label,
        )
    )


# The pickers sit in a popover of the sidebar: the browser draws their select boxes only once it is opened.
# Drawn with the page, they made React draw the whole page again: 0.89 against 1.01 s for a returning
# visit at national scale (bench_overview_browser.py's visit, 11 interleaved visits, 30/11).
filters = st.sidebar.popover(
    "Bộ lọc: tỉnh, tháng, loại đơn vị", icon=":material/filter_list:", width="stretch"
)
province = ui.province_picker(where=filters)  # users who see every province pick one; Hà Nội by default
year, month = ui.year_month_picker(where=filters)
kind = ui.kind_picker(where=filters)
as_of = ui.today()
phone = ui.on_phone()

st.title("Tổng quan Thành phố")
chosen = " · ".join(
    part for part in (ui.province_name(province), f"tháng {month}/{year}", UNIT_KINDS[kind]) if part
)
st.caption(
    f"Kết quả thực hiện định mức tin/bài tuyên truyền CCHC · {chosen} (đổi ở **Bộ lọc**, thanh bên) · "
    f"số liệu tính đến ngày {as_of:%d/%m/%Y}"
)

ov, points = ui.kept_warm(screen.page, year, month, kind, as_of, province=province)  # one read, kept warm
if ov.now.units == 0:
    st.info(
        f"Tháng {month}/{year} chưa có định mức nào đến kỳ của {ov.kind_label.lower()}. Chọn tháng "
        "hoặc loại đơn vị khác ở **Bộ lọc** (thanh bên), hoặc nhập nhật ký tin/bài ở trang **Nhập dữ liệu**."
    )
else:
    _headline(ov)
_heatmap(ov)
_charts(ov)
_ranking(ov)
_laggards(ov)


# --- Bản đồ: communes as bubbles at their centres, or a choropleth from an uploaded GeoJSON ---


def _geojson_upload() -> UploadedFile | None:
    """The optional boundaries file, in an expander closed by default and run only when opened:
    the uploader's scripts are then not loaded and run in every new tab for a file few users send
    (about 0.1 s of the browser's CPU on the national overview, 30/11)."""
    box = st.expander(
        "Tô màu theo vùng: tải lên ranh giới xã, phường (GeoJSON)",
        key="overview_geojson_open",
        on_change="rerun",
    )
    if not box.open:
        return None
    return box.file_uploader(
        "Ranh giới xã, phường (GeoJSON, không bắt buộc): tải lên để tô màu theo vùng thay cho các điểm",
        type=["geojson", "json"],
        max_upload_size=20,
        key="overview_geojson",
    )


def _commune_map_block() -> None:
    st.subheader("Bản đồ mức hoàn thành định mức các xã, phường")
    if kind != "commune":
        st.caption("Bản đồ luôn hiện các xã, phường, dù chọn loại đơn vị nào ở **Bộ lọc**.")
    title = f"Tỷ lệ định mức đạt của các xã, phường, tháng {month}/{year}"
    chart = st.container()
    upload = _geojson_upload()
    st.caption(
        "Mỗi điểm là trung tâm một xã, phường; màu theo tỷ lệ định mức đạt trong tháng. Đường nét đứt bao "
        "quanh các trung tâm (không phải địa giới chính thức); lưới ghi kinh độ, vĩ độ. Khi máy có kết nối "
        "Internet, nền bản đồ OpenStreetMap hiện dưới các điểm."
    )
    if points.empty:
        chart.info(
            f"Tháng {month}/{year} chưa có xã, phường nào có định mức đến kỳ. Chọn tháng khác ở **Bộ lọc** (thanh bên)."
        )
        return
    links = {code: unit_link(code, "commune") for code in points["unit_code"]}
    figure = ui.drawn(map_view.commune_map, points, title, links=links)
    if upload is not None:
        try:
            shapes = map_view.parse_geojson(upload.getvalue())
        except map_view.GeoJSONError as exc:
            chart.error(f"{ui.plain(exc)} Bản đồ hiển thị các điểm thay cho vùng.")
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
                    f"Không vùng nào có thuộc tính “{ui.plain(prop)}” khớp mã hoặc tên xã, phường; "
                    "bản đồ hiển thị các điểm."
                )
            else:
                chart.caption(f"Đã khớp {ui.fmt_int(len(matched))}/{ui.fmt_int(len(points))} xã, phường.")
                figure = map_view.geojson_map(shapes, prop, points, title, links=links)
    ui.inline_svg(figure, chart)


_commune_map_block()
