"""Nhiệm vụ: the plans' task tables as a timeline, overdue first, completions, upload, download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from cchc import tasks
from cchc.screens import tasks as screen
from ui import url_state

ui.ensure_entrypoint(__file__)

ALL = screen.ALL
ORDER = screen.ORDER
# Widths that fit a 1440 px screen with the menu open (~970 px): the due day and the counts stay in view.
COLUMNS = {
    "Kế hoạch": st.column_config.TextColumn(width=110),
    "STT": st.column_config.NumberColumn(width=50),
    "Nhiệm vụ": st.column_config.TextColumn(width=380),
    "Đơn vị chủ trì": st.column_config.TextColumn(width=230),
    "Hạn": st.column_config.TextColumn(width=95),
    "Hạn (kỳ hiện tại)": st.column_config.TextColumn(width=95),
    "Trạng thái": st.column_config.TextColumn(width=140),
    "Kỳ": st.column_config.TextColumn(width=160),
}

me = ui.user()
st.title("Nhiệm vụ")
st.caption(
    "Tiến độ các nhiệm vụ trong phụ lục kế hoạch tuyên truyền CCHC: hạn, trạng thái, ghi nhận hoàn thành."
)
if ui.sees_no_unit():
    st.info("Tài khoản của bạn chưa được giao theo dõi đơn vị nào. Hãy liên hệ Sở Nội vụ.")
    st.stop()
if flash := st.session_state.pop("tasks_flash", None):
    st.success(ui.plain(flash))

# Users who see every province pick one; another province forgets the plan and lead picked.
province = ui.province_picker(forget=("tasks_plan", "tasks_unit"))
plan_labels = ui.cached(screen.plan_choices, ui.today(), province=province)
# Filters kept in the URL (?plan=…&lead=…&status=…&as_of=…), like every page's.
url_state.start_from_url("tasks_plan", "plan", plan_labels, ALL)
c1, c2, c4 = st.columns([3, 3, 2])
plan = c1.selectbox(
    "Kế hoạch",
    [ALL, *plan_labels],
    format_func=ui.searchable_format(lambda c: plan_labels.get(c, "Tất cả kế hoạch")),
    key="tasks_plan",
)
plan = plan if plan in plan_labels else ALL  # a forged value outside the list: every plan shown
unit_names = ui.cached(screen.lead_choices, plan, province=province)
url_state.start_from_url("tasks_unit", "lead", unit_names, ALL)
unit = c2.selectbox(
    "Đơn vị chủ trì",
    [ALL, *unit_names],
    format_func=ui.searchable_format(lambda c: unit_names.get(c, "Tất cả đơn vị")),
    key="tasks_unit",
    help="Nhiệm vụ do đơn vị này (hoặc các phòng, ban của đơn vị) chủ trì, kể cả khi kế hoạch giao cho cả "
    "nhóm như «UBND các xã, phường».",
)
unit = unit if unit in unit_names else ALL
url_state.start_many_from_url("tasks_status", "status", ORDER, ORDER)
url_state.start_day_from_url("tasks_as_of", "as_of", ui.today())
as_of = c4.date_input("Tính đến ngày", format="DD/MM/YYYY", key="tasks_as_of")
statuses = st.multiselect("Trạng thái", ORDER, key="tasks_status")  # a row of its own: all 7 chips fit
for param, value, default in (
    ("plan", plan, ALL),
    ("lead", unit, ALL),
    ("status", statuses, ORDER),
    ("as_of", as_of, ui.today()),
):
    url_state.keep_in_url(param, value, default)

if not plan_labels:
    st.info(
        "Chưa có bảng nhiệm vụ nào. Tải lên phụ lục nhiệm vụ của một kế hoạch ở trang **Nhập dữ liệu** "
        "(loại dữ liệu «Bảng nhiệm vụ của kế hoạch»), theo đường dẫn ở cuối trang này."
    )
    status = occ = pd.DataFrame()
else:
    board = ui.cached(screen.board, as_of, plan, unit, province=province)
    status, occ = board.status, board.occurrences

if not status.empty:
    for col, (name, count) in zip(st.columns(len(ORDER)), screen.counts(status).items(), strict=True):
        col.metric(name, ui.fmt_int(count))

    st.subheader(f"Nhiệm vụ quá hạn — tính đến {ui.fmt_date(as_of)}")
    overdue = screen.overdue_table(status, as_of)
    if overdue.empty:
        st.success(f"Không có nhiệm vụ nào quá hạn tính đến ngày {ui.fmt_date(as_of)}.")
    else:
        st.dataframe(overdue, hide_index=True, column_config=COLUMNS, key="tasks_overdue")
    missed = screen.missed_table(occ)
    if not missed.empty:
        with st.expander(f"Các kỳ đã qua chưa ghi nhận hoàn thành của nhiệm vụ định kỳ ({len(missed)})"):
            st.dataframe(missed, hide_index=True, column_config=COLUMNS, key="tasks_missed")

    st.subheader("Tiến độ theo thời gian")
    parts = screen.timelines(occ, statuses)
    if not parts:
        st.info("Không có nhiệm vụ nào với các trạng thái đã chọn. Chọn thêm trạng thái ở bộ lọc phía trên.")
    tabs = st.tabs([ui.plain(plan_labels.get(code, code)) for code, _, _ in parts]) if parts else []
    for (code, part, undated), tab in zip(parts, tabs, strict=True):
        with tab:
            if part["occ_due"].notna().any():
                st.plotly_chart(
                    tasks.timeline_figure(part, as_of, plan_labels.get(code, code), narrow=ui.on_phone()),
                    key=f"tasks_gantt_{code}",
                )
            if undated:
                st.caption(
                    f"{undated} nhiệm vụ chưa xác định được hạn nên không có trên biểu đồ (xem danh sách bên dưới)."
                )

    st.subheader("Danh sách nhiệm vụ")
    st.dataframe(
        screen.list_table(screen.listed(status, statuses)),
        hide_index=True,
        column_config=COLUMNS,
        key="tasks_list",
    )
    st.download_button(
        "Tải về Excel (.xlsx)",
        data=screen.workbook(status, occ, statuses, as_of),
        file_name=f"nhiem-vu-{plan or 'tat-ca'}-{as_of:%Y%m%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="tasks_download",
    )
elif plan_labels:
    st.info(
        "Đơn vị này không chủ trì nhiệm vụ nào trong kế hoạch đã chọn. Chọn «Tất cả đơn vị» hoặc kế hoạch khác."
    )

if not me.can_import:
    st.caption("Tài khoản chỉ xem: không ghi nhận hoàn thành hay tải lên bảng nhiệm vụ được.")
    st.stop()

st.subheader("Ghi nhận hoàn thành")
if not plan:
    st.info(
        "Chọn một kế hoạch ở bộ lọc phía trên để ghi ngày hoàn thành, minh chứng và ghi chú cho từng nhiệm vụ."
    )
elif not occ.empty:
    st.caption(
        f"Ghi nhận với tên **{ui.plain(me.display_name)}**. Nhiệm vụ định kỳ được ghi theo từng kỳ; xóa ngày để bỏ ghi nhận."
    )
    original = tasks.editor_rows(occ, as_of)
    edited = st.data_editor(
        original,
        column_order=["stt", "task", "period", "status", "completed_on", "evidence", "note", "recorded"],
        column_config={
            "stt": st.column_config.NumberColumn("STT", width="small"),
            "task": st.column_config.TextColumn("Nhiệm vụ", width="large"),
            "period": st.column_config.TextColumn("Kỳ / hạn"),
            "status": st.column_config.TextColumn("Trạng thái"),
            "completed_on": st.column_config.DateColumn(
                "Ngày hoàn thành", format="DD/MM/YYYY", max_value=ui.today()
            ),
            "evidence": st.column_config.TextColumn("Minh chứng (đường dẫn)"),
            "note": st.column_config.TextColumn("Ghi chú"),
            "recorded": st.column_config.TextColumn("Người ghi, lúc"),
        },
        disabled=["stt", "task", "period", "status", "recorded"],
        hide_index=True,
        num_rows="fixed",
        key="tasks_editor",
        placeholder="",  # an empty cell shows empty, not "None"
    )
    if st.button("Lưu các thay đổi", type="primary", key="tasks_save"):
        try:
            written = ui.fresh(screen.save_completions, original, edited, me, plan, unit, ui.today())
        except ValueError as exc:
            st.error(ui.plain(exc))
        else:
            st.session_state["tasks_flash"] = (
                f"Đã lưu {written} thay đổi." if written else "Không có thay đổi nào để lưu."
            )
            st.rerun()

st.subheader("Tải lên bảng nhiệm vụ")
# One place uploads task tables, with one behaviour (preview, row checks, .xlsx or .csv): the import page.
st.caption(
    "Bảng nhiệm vụ (phụ lục của kế hoạch, .xlsx hoặc .csv; tệp tải về ở trên cũng dùng được) được tải lên ở "
    "trang **Nhập dữ liệu**: xem trước, kiểm tra từng dòng, rồi mới ghi."
)
st.page_link(
    "pages/import.py",
    label="Tải lên bảng nhiệm vụ ở trang Nhập dữ liệu",
    icon=":material/upload_file:",
    query_params={"kind": "tasks", **({"plan": plan} if plan else {})},
)
