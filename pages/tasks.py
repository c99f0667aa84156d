"""Nhiệm vụ: the plans' task tables as a timeline, overdue first, completions, upload, download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from cchc import tasks
from cchc.screens import tasks as screen

ui.ensure_entrypoint(__file__)

ALL = screen.ALL
ORDER = screen.ORDER

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

plan_labels = ui.cached(screen.plan_choices, ui.today())
c1, c2, c3, c4 = st.columns([3, 3, 3, 2])
plan = c1.selectbox(
    "Kế hoạch",
    [ALL, *plan_labels],
    format_func=ui.searchable_format(lambda c: plan_labels.get(c, "Tất cả kế hoạch")),
    key="tasks_plan",
)
plan = plan if plan in plan_labels else ALL  # a forged value outside the list: every plan shown
unit_names = ui.cached(screen.lead_choices, plan)
unit = c2.selectbox(
    "Đơn vị chủ trì",
    [ALL, *unit_names],
    format_func=ui.searchable_format(lambda c: unit_names.get(c, "Tất cả đơn vị")),
    key="tasks_unit",
    help="Nhiệm vụ do đơn vị này (hoặc các phòng, ban của đơn vị) chủ trì, kể cả khi kế hoạch giao cho cả "
    "nhóm như «UBND các xã, phường».",
)
unit = unit if unit in unit_names else ALL
statuses = c3.multiselect("Trạng thái", ORDER, default=ORDER, key="tasks_status")
as_of = c4.date_input("Tính đến ngày", value=ui.today(), format="DD/MM/YYYY", key="tasks_as_of")

if not plan_labels:
    st.info(
        "Chưa có bảng nhiệm vụ nào. Tải lên phụ lục nhiệm vụ của một kế hoạch ở mục **Tải lên bảng nhiệm vụ** "
        "bên dưới (hoặc chạy `python -m cchc init` để nạp các kế hoạch mẫu)."
    )
    status = occ = pd.DataFrame()
else:
    board = ui.cached(screen.board, as_of, plan, unit)
    status, occ = board.status, board.occurrences

if not status.empty:
    for col, (name, count) in zip(st.columns(len(ORDER)), screen.counts(status).items(), strict=True):
        col.metric(name, ui.fmt_int(count))

    st.subheader(f"Nhiệm vụ quá hạn — tính đến {ui.fmt_date(as_of)}")
    overdue = screen.overdue_table(status, as_of)
    if overdue.empty:
        st.success(f"Không có nhiệm vụ nào quá hạn tính đến ngày {ui.fmt_date(as_of)}.")
    else:
        st.dataframe(overdue, hide_index=True, key="tasks_overdue")
    missed = screen.missed_table(occ)
    if not missed.empty:
        with st.expander(f"Các kỳ đã qua chưa ghi nhận hoàn thành của nhiệm vụ định kỳ ({len(missed)})"):
            st.dataframe(missed, hide_index=True, key="tasks_missed")

    st.subheader("Tiến độ theo thời gian")
    parts = screen.timelines(occ, statuses)
    if not parts:
        st.info("Không có nhiệm vụ nào với các trạng thái đã chọn. Chọn thêm trạng thái ở bộ lọc phía trên.")
    tabs = st.tabs([ui.plain(plan_labels.get(code, code)) for code, _, _ in parts]) if parts else []
    for (code, part, undated), tab in zip(parts, tabs, strict=True):
        with tab:
            if part["occ_due"].notna().any():
                st.plotly_chart(
                    tasks.timeline_figure(part, as_of, plan_labels.get(code, code)), key=f"tasks_gantt_{code}"
                )
            if undated:
                st.caption(
                    f"{undated} nhiệm vụ chưa xác định được hạn nên không có trên biểu đồ (xem danh sách bên dưới)."
                )

    st.subheader("Danh sách nhiệm vụ")
    st.dataframe(screen.list_table(screen.listed(status, statuses)), hide_index=True, key="tasks_list")
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
st.caption(
    "Tệp .xlsx của phụ lục nhiệm vụ (cột STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian thực hiện, "
    "Sản phẩm; có thể thêm Ngày hoàn thành, Minh chứng, Ghi chú — tệp tải về ở trên cũng dùng được). Nhiệm vụ "
    "được nhận theo STT; tệp đã nhập không nhập lại; tệp có lỗi không ghi gì."
)
targets = ui.cached(screen.upload_targets)
if not targets:
    st.info("Tài khoản của bạn không quản lý kế hoạch nào để tải lên bảng nhiệm vụ.")
    st.stop()
u1, u2 = st.columns([2, 1])
upload = u1.file_uploader("Bảng nhiệm vụ", type=["xlsx", "csv"], key="tasks_upload")
if (
    st.session_state.get("tasks_upload_follows") != plan
    or st.session_state.get("tasks_upload_plan") not in targets
):
    # the upload goes to the plan chosen above, until the user picks another one here
    st.session_state["tasks_upload_follows"] = plan
    st.session_state["tasks_upload_plan"] = plan if plan in targets else next(iter(targets))
target = u2.selectbox(
    "Thuộc kế hoạch", list(targets), format_func=ui.searchable_format(targets.get), key="tasks_upload_plan"
)
partial = u2.checkbox("Chỉ nhập các dòng hợp lệ", key="tasks_accept_partial")
b1, b2 = u2.columns(2)
check = b1.button("Kiểm tra", key="tasks_check", disabled=upload is None)
commit = b2.button("Nhập", type="primary", key="tasks_import", disabled=upload is None)
if upload is not None and (check or commit):
    result = ui.fresh(
        screen.upload_table,
        upload.getvalue(),
        upload.name,
        target,
        me,
        ui.today(),
        accept_partial=partial,
        dry_run=check,
    )
    st.session_state["tasks_import"] = (result.outcome, result.message, result.problems)
    if result.outcome in ("imported", "partial"):
        st.rerun()  # redraw the tables above with the new data
if report := st.session_state.get("tasks_import"):
    outcome, message, problems = report
    (st.error if outcome == "rejected" else st.success)(message)
    if problems:
        st.dataframe(screen.problems_table(problems), hide_index=True, key="tasks_problems")
