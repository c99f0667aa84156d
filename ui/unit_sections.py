"""Streamlit drawing shared by the two unit pages (pages/ward.py, pages/department.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import ui
from cchc.charts import unit as unit_charts
from cchc.quotas import numbers, pace
from cchc.screens import unit as unit_screen
from cchc.screens import unit_items, unit_tasks
from cchc.screens.unit_grids import StatusGrid, quota_grids
from cchc.vocab import CHUA_DAT, CHUA_DEN_KY, DANG_THUC_HIEN, DAT, STATUS_COLORS

IMPORT_HINT = "Nhập nhật ký tin/bài ở trang **Nhập dữ liệu**."
LABEL_WIDTHS = {"Kế hoạch": 140, "Đơn vị": 200, "Định mức": 330}
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
TASK_WIDTHS = {
    "Kế hoạch": st.column_config.TextColumn(width=170),
    "STT": st.column_config.NumberColumn(width=45),
    "Nhiệm vụ": st.column_config.TextColumn(width=380),
    "Trạng thái": st.column_config.TextColumn(width=130),
    "Hạn": st.column_config.TextColumn(width=90),
}
PACE_WIDTHS = {  # ~970 px: the whole table, "Ghi chú" included, on a 1440 px screen
    "Kỳ": 95,
    "Định mức": 170,
    "Đã có": 50,
    "Cần đạt": 60,
    "Cần có đến nay": 100,
    "Dự kiến cuối kỳ": 100,
    "Dự báo": 95,
    "Ghi chú": 300,
}
GRID_WIDTH = 970  # pixels of a table's room on a 1440 px screen with the menu open
PHONE_LABEL = 150  # a grid's pinned label column on a phone: room left for three or four periods


# --- pieces -----------------------------------------------------------------------------------


def status_css(status: object) -> str:
    """A grid cell's style: its quota status colour as background."""
    color = STATUS_COLORS.get(str(status)) if status is not None else None
    return f"background-color: {color}; color: white; text-align: center" if color else ""


def task_css(status: object) -> str:
    color = unit_tasks.TASK_COLORS.get(str(status))
    return f"background-color: {color}; color: white" if color else ""


# A pace verdict takes the colour of the quota status it foretells.
VERDICT_STATUS = {
    pace.MET: DAT,
    pace.WILL_MEET: DAT,
    pace.WILL_MISS: DANG_THUC_HIEN,
    CHUA_DAT: CHUA_DAT,
    CHUA_DEN_KY: CHUA_DEN_KY,
}


def verdict_css(verdict: object) -> str:
    status = VERDICT_STATUS.get(str(verdict))
    return f"background-color: {STATUS_COLORS[status]}; color: white" if status else ""


def grid_css(grid: StatusGrid) -> pd.DataFrame:
    """Cell styles of a grid (for pandas' Styler): each period cell coloured by its status."""
    return grid.status.map(status_css)


def styled(grid: StatusGrid) -> Any:  # a pandas Styler (jinja2 is imported lazily by pandas)
    return grid.text.style.apply(lambda _: grid_css(grid), axis=None)


def legend() -> None:
    chips = " ".join(
        f"<span style='background:{color};color:white;padding:1px 8px;border-radius:4px'>{status}</span>"
        for status, color in STATUS_COLORS.items()
    )
    st.markdown(f"<small>Ô ghi *đã có/cần đạt*. {chips}</small>", unsafe_allow_html=True)


def grid_columns(grid: StatusGrid, phone: bool) -> tuple[dict[str, Any], list[str]]:
    """Column widths and order of a quota grid. On a laptop the quota's name takes the room the
    periods leave; on a phone the name is pinned, narrow, and the plan goes after the periods, so
    scrolling sideways through T3…T12 keeps each row's name in view."""
    periods = {c: max(54, 8 * len(c)) for c in grid.period_columns}
    labels = [c for c in LABEL_WIDTHS if c in grid.text]
    widths = {c: LABEL_WIDTHS[c] for c in labels}
    if "Định mức" in widths and not phone:
        others = sum(periods.values()) + sum(w for c, w in widths.items() if c != "Định mức")
        widths["Định mức"] = min(max(GRID_WIDTH - others, 240), 560)  # every period stays in view
    config: dict[str, Any] = {
        c: st.column_config.TextColumn(width=w) for c, w in {**widths, **periods}.items()
    }
    order = list(grid.text.columns)
    if phone and labels:
        first = labels[-1]  # the row's own name: "Định mức" (or "Đơn vị")
        config[first] = st.column_config.TextColumn(width=PHONE_LABEL, pinned=True)
        order = [first, *(c for c in order if c not in labels), *labels[:-1]]
    return config, order


def show_grids(grids: list[StatusGrid]) -> None:
    phone = ui.on_phone()
    for grid in grids:
        st.markdown(f"**{ui.plain(grid.title)}**")
        config, order = grid_columns(grid, phone)
        st.dataframe(
            styled(grid),
            hide_index=True,
            column_config=config,
            column_order=order,
            height=rows_height(len(grid.text)),
        )


def rows_height(rows: int, most: int = 16) -> int:
    """Pixels to show `rows` rows (up to `most`) without an inner scroll bar."""
    return 38 + 35 * min(max(rows, 1), most)


def tally_text(t: numbers.Tally) -> str:
    return f"{ui.fmt_int(t.met)}/{ui.fmt_int(t.due)}" if t.due else "—"


# --- the unit and its heading -----------------------------------------------------------------


def stop_without_units(options: pd.DataFrame, title: str, noun: str) -> None:
    """End the page when there is no unit to show: none assigned to this user, or none imported."""
    if options.empty and ui.scope() is not None:
        st.title(title)
        st.info(f"Tài khoản của bạn không được giao theo dõi {noun} nào.")
        st.stop()
    if options.empty:
        st.title(title)
        st.info(f"Chưa có danh sách {noun}. Nhập danh mục đơn vị ở trang **Nhập dữ liệu**.")
        st.stop()


def unit_picker(
    options: pd.DataFrame, screen: str, label: str, key: str, default: str | None = None
) -> tuple[str, unit_screen.UnitChoice]:
    """The unit in the sidebar (labelled by `options["label"]`), kept in the URL as ?unit=."""
    codes: list[str] = options["code"].tolist()
    labels = dict(zip(options["code"], options["label"], strict=True))
    choice = ui.cached(unit_screen.choose_unit, codes, st.query_params.get("unit"), screen, default)
    first = codes.index(choice.code) if choice.code in codes else 0
    with st.sidebar:
        code = st.selectbox(
            label, codes, index=first, format_func=ui.searchable_format(lambda c: labels.get(c, c)), key=key
        )
    st.query_params["unit"] = str(code)
    return str(code), choice


def heading(
    report: unit_screen.UnitReport, choice: unit_screen.UnitChoice, kind_label: str, as_of: date
) -> None:
    """Title, caption, and notes on a `?unit=` that was unknown or belongs on the other page."""
    st.title(ui.plain(report.name))
    st.caption(
        f"{kind_label} · mã {ui.plain(report.code)} · định mức tin/bài tuyên truyền CCHC năm {report.year} · "
        f"số liệu tính đến ngày {ui.fmt_date(as_of)}"
    )
    if choice.unknown:
        st.warning(
            f"Không tìm thấy đơn vị có mã “{ui.plain(choice.unknown)}”; đang hiển thị {ui.plain(report.name)}."
        )
    if choice.elsewhere:
        screen, other, name = choice.elsewhere
        st.page_link(
            ui.unit_page(screen),
            label=f"{ui.plain(name)} được theo dõi ở trang khác: mở trang của đơn vị",
            query_params={"unit": other},
        )


# --- headline metrics -------------------------------------------------------------------------


def month_tally_metric(col: DeltaGenerator, report: unit_screen.UnitReport) -> None:
    col.metric(
        f"Định mức đạt, tháng {report.month}/{report.year}",
        tally_text(report.month_tally),
        help="Lượt định mức có kỳ kết thúc trong tháng (hoặc đang chạy) đã đạt / đã đến kỳ.",
    )


def new_items_metric(col: DeltaGenerator, report: unit_screen.UnitReport) -> None:
    col.metric(
        "Tin/bài mới trong tháng",
        ui.fmt_int(report.items_month),
        delta=report.items_change,
        help="Chỉ tính tin/bài mới, mọi kênh; bản gửi lại không được tính lần hai.",
    )


def resent_metric(col: DeltaGenerator, report: unit_screen.UnitReport) -> None:
    col.metric(
        "Bản gửi lại trong tháng", ui.fmt_int(report.resent_month), help="Không được tính vào định mức."
    )


def year_share_metric(col: DeltaGenerator, report: unit_screen.UnitReport) -> None:
    col.metric(
        f"Tỷ lệ định mức đạt, năm {report.year}",
        ui.fmt_pct(report.year_tally.share),
        help=f"{tally_text(report.year_tally)} lượt định mức đã đến kỳ từ đầu năm đã đạt.",
    )


# --- sections ---------------------------------------------------------------------------------


def quotas_section(report: unit_screen.UnitReport, none_note: str, *, in_depth_below: bool = False) -> None:
    """The unit's quota grids for the year (`none_note` when it has no numeric quota).
    `in_depth_below`: the page shows the in-depth quotas in a section of their own, so they are
    left out here rather than shown twice."""
    st.subheader(f"Định mức theo kỳ — năm {report.year}")
    quotas = report.quotas
    if in_depth_below:
        quotas = quotas[quotas["item_kind"] != "in_depth"]
    if report.quotas.empty:
        st.info(none_note)
    elif quotas.empty:
        st.info("Đơn vị chỉ có định mức bài chính luận, chuyên sâu: xem mục bên dưới.")
    else:
        legend()
        show_grids(quota_grids(quotas, {"plan_label": "Kế hoạch", "rule_label": "Định mức"}))
        if in_depth_below and len(quotas) < len(report.quotas):
            st.caption("Định mức bài chính luận, chuyên sâu ở mục riêng bên dưới.")


def pace_section(report: unit_screen.UnitReport, as_of: date, none_note: str) -> None:
    """The projection table of the month's rule-periods and the pace line of one of them."""
    st.subheader(f"Nhịp thực hiện — tháng {report.month}/{report.year}")
    if not report.paces:
        st.info(none_note)
        return
    st.caption("Dự báo: nếu giữ nhịp từ đầu kỳ đến nay, đến cuối kỳ có đạt định mức không.")
    st.dataframe(
        pace.projection_table(report.paces).style.map(verdict_css, subset=["Dự báo"]),
        hide_index=True,
        column_config={c: st.column_config.TextColumn(width=w) for c, w in PACE_WIDTHS.items()},
    )
    by_rule = {rp.rule: rp for rp in report.paces}
    rules = list(by_rule)
    chosen = st.selectbox(
        "Xem nhịp của định mức",
        rules,
        index=rules.index(report.pace_shown_first) if report.pace_shown_first in rules else 0,
        format_func=ui.searchable_format(lambda r: by_rule[r].label),
        key="pace",
        bind="query-params",
    )
    rp = by_rule[chosen]
    ui.plotly_chart(
        unit_charts.pace_chart(rp, as_of, f"Tin/bài lũy kế so với nhịp cần thiết — {rp.period_label}"),
    )


def items_section(report: unit_screen.UnitReport, offices_toggle: str | None = None) -> None:
    """Items per month, then the log of the month or the year; with `offices_toggle` (the toggle's
    label) and offices to show, a toggle to add the offices' items."""
    year, month = report.year, report.month
    st.subheader(f"Tin/bài của {ui.plain(report.name)}")
    if report.has_items:
        ui.plotly_chart(
            unit_charts.items_by_month_chart(
                report.items_by_month, f"Tin/bài mới theo tháng và kênh, năm {year}"
            ),
        )
    span = st.radio(
        "Khoảng thời gian",
        ["month", "year"],
        format_func={"month": f"Tháng {month}/{year}", "year": f"Cả năm {year}"}.get,
        horizontal=True,
        key="items",
        bind="query-params",
    )
    with_offices = (
        offices_toggle is not None
        and len(report.offices) > 0
        and st.toggle(offices_toggle, key="offices", bind="query-params")
    )
    start, end = unit_items.span_dates(span, year, month)
    codes = [report.code, *report.offices["code"]] if with_offices else [report.code]
    ward_name = report.name if offices_toggle is not None else None
    log, resent = ui.cached(unit_items.item_log, codes, start, end, ward_name)
    if log.empty:
        st.info(
            f"Chưa có tin/bài nào của {ui.plain(report.name)} trong {'năm' if span == 'year' else 'tháng'} này. {IMPORT_HINT}"
        )
    else:
        st.caption(
            f"{ui.fmt_int(len(log))} dòng nhật ký, trong đó {ui.fmt_int(resent)} bản gửi lại (không tính)."
        )
        st.dataframe(log, hide_index=True, column_config=LINKS)


def tasks_section(report: unit_screen.UnitReport) -> None:
    """The unit's plan tasks with their status as of the report's day."""
    tasks = ui.cached(unit_tasks.unit_tasks, report.code, report.as_of)
    st.subheader("Nhiệm vụ theo kế hoạch")
    if tasks.empty:
        st.info(
            f"Chưa có nhiệm vụ nào giao cho {ui.plain(report.name)}. Nhập bảng nhiệm vụ ở trang **Nhập dữ liệu**."
        )
    else:
        view = unit_tasks.tasks_table(tasks)
        shown = view.style.map(task_css, subset=["Trạng thái"]) if "Trạng thái" in view else view
        st.dataframe(shown, hide_index=True, column_config=TASK_WIDTHS, height=rows_height(len(view)))
