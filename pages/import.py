"""Nhập dữ liệu: drag-and-drop Excel logs, preview, row-level report, explicit import, undo."""

from __future__ import annotations

import dataclasses

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import ui
from cchc import auth, tasks
from cchc.exports.template import build_template
from cchc.screens import imports as screen

ui.ensure_entrypoint(__file__)

if not ui.user().can_import:  # not in this user's navigation; refuse here too if reached anyway
    st.error("Tài khoản chỉ xem không được nhập dữ liệu.")
    st.stop()


def _who() -> str:
    return ui.user().username or "người dùng"


KINDS = {"publications": "Nhật ký tin/bài", "tasks": "Bảng nhiệm vụ của kế hoạch"}


def _kind_picker() -> str:
    """Which data to import, kept in the URL as ?kind=tasks (absent for publication logs)."""
    wanted = st.query_params.get("kind", "publications")
    kinds = list(KINDS)
    kind = st.radio(
        "Loại dữ liệu",
        kinds,
        index=kinds.index(wanted) if wanted in kinds else 0,
        format_func=KINDS.get,
        horizontal=True,
        key="import_kind",
    )
    if kind == "tasks":
        st.query_params["kind"] = "tasks"
    else:
        st.query_params.pop("kind", None)
    return kind


def _task_preview(preview: tasks.TaskImportResult, name: str) -> None:
    """What importing the task table would do, or why it cannot be imported."""
    fatal = next((p for p in preview.problems if p.severity == "fatal"), None)
    with st.expander(ui.plain(name), expanded=True):
        if preview.outcome == "already_imported" and preview.batch_id == st.session_state.get(
            "last_task_batch"
        ):
            st.success(f"Đã nhập: lô {preview.batch_id}.")  # the import just made, not an old one
        elif preview.outcome == "already_imported":
            st.info(ui.plain(preview.message))
        elif fatal is not None:
            st.error(f"Không đọc được tệp: {ui.plain(fatal.message)} Không có gì được ghi.")
        else:
            c1, c2, c3, c4, c5, c6 = st.columns(6)
            c1.metric("Dòng dữ liệu", ui.fmt_int(preview.rows_total))
            c2.metric("Nhiệm vụ mới", ui.fmt_int(preview.added))
            c3.metric("Nhiệm vụ sửa đổi", ui.fmt_int(preview.changed))
            c4.metric("Không đổi", ui.fmt_int(preview.known))
            c5.metric("Lần hoàn thành", ui.fmt_int(preview.completions))
            c6.metric("Dòng lỗi", ui.fmt_int(preview.rejected))
            if preview.problems:
                st.markdown("**Các vấn đề cần sửa**")
                st.dataframe(screen.problems_table(preview.problems), hide_index=True, width="stretch")


def _task_file(upload: UploadedFile, plan: str) -> None:
    """Preview an uploaded task table; import it on an explicit click."""
    with st.spinner("Đang đọc và kiểm tra tệp…"):
        preview = ui.cached(
            screen.preview_task_table, upload.getvalue(), upload.name, plan, _who(), ui.today()
        )
    _task_preview(preview, upload.name)
    if preview.outcome == "dry_run" and not preview.rows_added:
        st.info(dataclasses.replace(preview, outcome="nothing_new").message)
    elif preview.outcome == "dry_run":  # something to write (else: known, or unreadable)
        accept_partial = False
        if preview.rejected:
            accept_partial = st.checkbox(
                "Chỉ nhập các dòng hợp lệ, bỏ qua các dòng lỗi",
                help="Nếu không chọn, tệp có dòng lỗi sẽ không được ghi gì cho tới khi bạn sửa xong.",
                key="task_accept_partial",
            )
        if st.button("Nhập", type="primary", icon=":material/upload:", key="task_import"):
            with st.spinner(f"Đang nhập {ui.plain(upload.name)}…"):
                result = ui.fresh(
                    screen.import_task_table,
                    upload.getvalue(),
                    upload.name,
                    plan,
                    ui.user(),
                    accept_partial,
                    ui.today(),
                )
            st.session_state["last_task_result"] = (result.outcome, result.message)
            st.session_state["last_task_batch"] = result.batch_id
            ui.backup_after_import()
            st.rerun()  # redraw the preview against the new data (it now says 'đã nhập')


def _task_import() -> None:
    """The task-table flow: pick the plan, preview the file, import it on an explicit click."""
    st.caption(
        "Tải lên phụ lục nhiệm vụ của một kế hoạch (cột STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, "
        "Thời gian thực hiện, Sản phẩm; có thể thêm Ngày hoàn thành, Minh chứng, Ghi chú). Hệ thống kiểm tra "
        "từng dòng, cho xem trước, rồi chỉ ghi khi bạn bấm **Nhập**. Tệp được ghi trọn vẹn hoặc không ghi gì; "
        "nhập lại cùng tệp không thêm gì."
    )
    targets = ui.cached(screen.upload_targets)
    if not targets:
        st.info("Tài khoản của bạn không quản lý kế hoạch nào để tải lên bảng nhiệm vụ.")
        return
    plans = list(targets)
    wanted = st.query_params.get("plan")  # the plan shown on the tasks page, which links here
    plan = st.selectbox(
        "Kế hoạch",
        plans,
        index=plans.index(wanted) if wanted in targets else 0,
        format_func=ui.searchable_format(targets.get),
        key="import_task_plan",
    )
    upload = st.file_uploader(
        "Chọn hoặc kéo thả bảng nhiệm vụ .xlsx hoặc .csv (tối đa 20 MB)",
        type=["xlsx", "csv"],
        key="task_upload",
    )
    if upload is None:
        st.info("Chưa có tệp nào. Chọn kế hoạch, rồi kéo thả tệp phụ lục nhiệm vụ vào ô trên.")
    else:
        _task_file(upload, plan)
    if last := st.session_state.get("last_task_result"):
        outcome, message = last
        {"imported": st.success, "partial": st.success, "rejected": st.error}.get(outcome, st.info)(message)
    st.page_link(ui.TASKS_PAGE, label="Xem tiến độ trên trang Nhiệm vụ", icon=":material/task_alt:")


def _just_imported() -> set[int]:
    """The batches this session's last click on Nhập wrote (their files now read as known)."""
    return {r.batch_id for r in st.session_state.get("last_results", []) if r.batch_id is not None}


def _undo_form(undoable: dict[int, str], me: auth.User) -> None:
    """Pick a batch, tick 'Tôi hiểu', click Hoàn tác. Nothing is preselected, and after an undo the
    form comes back empty (a new key): one stray click must never remove another batch."""
    n = st.session_state.get("undo_form", 0)
    with st.form(f"undo_{n}"):
        choice = st.selectbox(
            "Hoàn tác một lô nhập",
            list(undoable),
            index=None,
            placeholder="Chọn lô cần hoàn tác",
            format_func=ui.searchable_format(lambda b: f"Lô {b}: {undoable[b]}"),
            key=f"undo_batch_{n}",
        )
        confirm = st.checkbox(
            "Tôi hiểu: mọi tin/bài do lô này thêm sẽ bị xóa khỏi số liệu.", key=f"undo_confirm_{n}"
        )
        if not st.form_submit_button("Hoàn tác", icon=":material/undo:"):
            return
    refusal = screen.undo_refusal(choice, confirm)
    if refusal is not None or choice is None:
        st.warning(refusal or "")
        return
    try:
        removed = ui.fresh(screen.undo, int(choice), me)
    except PermissionError:  # undone meanwhile (another tab), or no longer within the scope
        st.error(f"Lô {choice} không còn hoàn tác được (đã hoàn tác, hoặc ngoài phạm vi của bạn).")
        return
    st.session_state["undo_form"] = n + 1
    st.session_state["last_undo"] = screen.undo_message(int(choice), undoable[choice], removed)
    st.session_state.pop("last_results", None)  # 'đã thêm …' of that import is no longer true
    ui.after_write()  # the answers kept warm are computed again without the batch
    st.rerun()


st.title("Nhập dữ liệu")
if _kind_picker() == "tasks":
    _task_import()
    st.stop()
st.caption(
    "Kéo thả một hay nhiều tệp Excel nhật ký tin/bài. Hệ thống kiểm tra từng dòng, cho xem trước, "
    "rồi chỉ ghi khi bạn bấm **Nhập**. Mỗi tệp được ghi trọn vẹn hoặc không ghi gì; nhập lại cùng tệp không thêm gì."
)
st.download_button(
    "Tải mẫu nhật ký (.xlsx)",
    build_template(),
    file_name="mau-nhat-ky-tin-bai-cchc.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)

uploads = st.file_uploader(
    "Chọn hoặc kéo thả tệp .xlsx hoặc .csv (tối đa 20 MB mỗi tệp)",
    type=["xlsx", "csv"],
    accept_multiple_files=True,
    key="uploads",
)


if not uploads:
    st.info(
        "Chưa có tệp nào. Tải mẫu ở trên, điền mỗi tin/bài một dòng (đơn vị, ngày, kênh, loại, tiêu đề, "
        "đường dẫn, trạng thái), rồi kéo thả tệp vào ô trên."
    )
else:
    previews = []
    with st.spinner("Đang đọc và kiểm tra tệp…"):
        for upload in uploads:
            previews.append((upload, ui.cached(screen.preview_file, upload.getvalue(), upload.name, _who())))
    any_errors = False
    for upload, preview in previews:
        outcome = preview.outcome
        parsed, result = outcome.parsed, outcome.result
        with st.expander(ui.plain(upload.name), expanded=True):
            if outcome.fatal is not None or parsed is None:
                message = outcome.fatal.message if outcome.fatal else ""
                st.error(f"Không đọc được tệp: {ui.plain(message)} Không có gì được ghi.")
                continue
            if result is not None and result.outcome == "already_imported":
                just_now = result.batch_id in _just_imported()
                (st.success if just_now else st.info)(screen.known_file_message(result, just_now))
                continue
            any_errors |= preview.rejected > 0
            c1, c2, c3, c4 = st.columns(4)
            c1.metric("Dòng dữ liệu", ui.fmt_int(parsed.rows_total))
            c2.metric("Sẽ thêm mới", ui.fmt_int(result.added if result else 0))
            c3.metric("Đã có sẵn", ui.fmt_int(result.known if result else 0))
            c4.metric("Dòng lỗi", ui.fmt_int(preview.rejected))
            if parsed.sheets_read:
                st.caption("Đọc các trang tính: " + ui.plain(", ".join(parsed.sheets_read)))
            for sheet, why in parsed.sheets_skipped:
                st.caption(f"Bỏ qua trang tính '{ui.plain(sheet)}': {ui.plain(why)}")
            if result and result.duplicates:
                st.caption(
                    f"{result.duplicates} tin/bài là bản gửi lại của tin đã có: được lưu nhưng không tính lần hai."
                )
            if outcome.problems:
                st.markdown("**Các vấn đề cần sửa**")
                st.dataframe(screen.problems_table(outcome.problems), hide_index=True, width="stretch")
            if not preview.rows.empty:
                st.markdown(
                    f"**Xem trước** ({min(screen.PREVIEW_ROWS, len(parsed.rows))} dòng đầu trong "
                    f"{len(parsed.rows)} dòng hợp lệ)"
                )
                st.dataframe(
                    preview.rows,
                    hide_index=True,
                    width="stretch",
                    column_config={"Đường dẫn": st.column_config.LinkColumn("Đường dẫn")},
                )

    readable = [
        upload
        for upload, p in previews
        if p.outcome.parsed is not None
        and not (p.outcome.result and p.outcome.result.outcome == "already_imported")
    ]
    accept_partial = False
    if any_errors:
        accept_partial = st.checkbox(
            "Chỉ nhập các dòng hợp lệ, bỏ qua các dòng lỗi",
            help="Nếu không chọn, tệp có dòng lỗi sẽ không được ghi gì cho tới khi bạn sửa xong.",
        )
    if readable and st.button("Nhập", type="primary", icon=":material/upload:"):
        bar = st.progress(0.0, text="Đang nhập…")
        results = []
        for i, upload in enumerate(readable, start=1):
            bar.progress((i - 0.5) / len(readable), text=f"Đang nhập {ui.plain(upload.name)}")
            done = ui.fresh(screen.import_file, upload.getvalue(), upload.name, ui.user(), accept_partial)
            if done is not None:
                results.append(done)
            bar.progress(i / len(readable), text=f"Đã xử lý {ui.plain(upload.name)}")
        bar.empty()
        st.session_state["last_results"] = results
        st.session_state.pop("last_undo", None)
        ui.backup_after_import()
        st.rerun()  # redraw the previews against the new data (they now say 'đã có sẵn')

for result in st.session_state.get("last_results", []):
    if result.outcome in ("imported", "partial"):
        st.success(result.message)
    elif result.outcome == "rejected":
        st.error(ui.plain(result.message))
    else:
        st.info(ui.plain(result.message))
    if result.units:
        cols = st.columns(4)
        for i, (code, name, shown_on) in enumerate(ui.cached(screen.unit_links, result.units[:12])):
            if shown_on:
                cols[i % 4].page_link(
                    ui.unit_page(shown_on), label=ui.plain(name), query_params={"unit": code}
                )
            else:
                cols[i % 4].text(name)
        if len(result.units) > 12:
            st.caption(f"… và {len(result.units) - 12} đơn vị khác.")

st.divider()
st.subheader("Lịch sử nhập")
me = ui.user()
history = ui.cached(screen.history, me)  # the batches within the user's scope
if history.table.empty:
    st.info("Chưa có lô nhập nào.")
else:
    st.dataframe(
        history.table.assign(**{"Thời điểm": history.table["Thời điểm"].map(ui.fmt_datetime)}),
        hide_index=True,
        width="stretch",
    )
    if undone := st.session_state.get("last_undo"):
        st.success(ui.plain(undone))
    if history.undoable:
        _undo_form(history.undoable, me)
