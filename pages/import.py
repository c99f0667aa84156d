"""Nhập dữ liệu: drag-and-drop Excel logs, preview, row-level report, explicit import, undo."""

from __future__ import annotations

import dataclasses
import hashlib

import pandas as pd
import streamlit as st

import ui
from cchc import auth, tasks
from cchc.exports.template import build_template
from cchc.ingest import importer
from cchc.ingest import load as loader
from cchc.ingest.report import Problem
from cchc.vocab import CHANNELS, ITEM_KINDS, ITEM_STATUSES

ui.ensure_entrypoint(__file__)

if not ui.user().can_import:  # not in this user's navigation; refuse here too if reached anyway
    st.error("Tài khoản chỉ xem không được nhập dữ liệu.")
    st.stop()

MAX_BYTES = 20 * 1024 * 1024
UNIT_PAGES = {"commune": "pages/ward.py", "ward_office": "pages/ward.py", "department": "pages/department.py"}


def _who() -> str:
    return ui.user().username or "người dùng"


def _problems_frame(outcome: importer.FileOutcome | tasks.TaskImportResult) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Trang tính": p.sheet or "",
                "Dòng": p.row,
                "Cột": p.column or "",
                "Mức": {"error": "Lỗi", "warning": "Cảnh báo", "fatal": "Không đọc được"}.get(
                    p.severity, p.severity
                ),
                "Nội dung": p.message,
            }
            for p in outcome.problems
        ]
    )


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


def _task_preview(upload, plan: str, units: list[str] | None) -> tasks.TaskImportResult:
    """Dry-run a task table once per content and plan (kept in the session across reruns)."""
    data = upload.getvalue()
    cache = st.session_state.setdefault("task_previews", {})
    key = (hashlib.sha256(data).hexdigest(), plan, ui.version(), ui.scope_key())
    if key not in cache:
        if len(data) > MAX_BYTES:
            why = "Tệp lớn hơn 20 MB; hãy tách thành nhiều tệp nhỏ hơn."
            cache[key] = tasks.TaskImportResult(
                upload.name, plan, "rejected", problems=[Problem(upload.name, None, None, None, why, "fatal")]
            )
        else:
            cache[key] = tasks.import_task_table(
                ui.connection(),
                data,
                upload.name,
                plan,
                who=_who(),
                accept_partial=True,  # count what would be written even when some rows are rejected
                dry_run=True,
                today=ui.today(),
                units=units,
            )
    return cache[key]


def _task_import() -> None:
    """The task-table flow: pick the plan, preview the file, import it on an explicit click."""
    scope = ui.scope()
    units = None if scope is None else list(scope)
    st.caption(
        "Tải lên phụ lục nhiệm vụ của một kế hoạch (cột STT, Nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, "
        "Thời gian thực hiện, Sản phẩm; có thể thêm Ngày hoàn thành, Minh chứng, Ghi chú). Hệ thống kiểm tra "
        "từng dòng, cho xem trước, rồi chỉ ghi khi bạn bấm **Nhập**. Tệp được ghi trọn vẹn hoặc không ghi gì; "
        "nhập lại cùng tệp không thêm gì."
    )
    targets = tasks.upload_targets(ui.connection(), units)
    if not targets:
        st.info("Tài khoản của bạn không quản lý kế hoạch nào để tải lên bảng nhiệm vụ.")
        return
    plan = st.selectbox("Kế hoạch", list(targets), format_func=targets.get, key="import_task_plan")
    upload = st.file_uploader(
        "Chọn hoặc kéo thả bảng nhiệm vụ .xlsx (tối đa 20 MB)", type=["xlsx"], key="task_upload"
    )
    if upload is None:
        st.info("Chưa có tệp nào. Chọn kế hoạch, rồi kéo thả tệp phụ lục nhiệm vụ vào ô trên.")
    else:
        with st.spinner("Đang đọc và kiểm tra tệp…"):
            preview = _task_preview(upload, plan, units)
        fatal = next((p for p in preview.problems if p.severity == "fatal"), None)
        with st.expander(upload.name, expanded=True):
            if preview.outcome == "already_imported":
                st.info(preview.message)
            elif fatal is not None:
                st.error(f"Không đọc được tệp: {fatal.message} Không có gì được ghi.")
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
                    st.dataframe(_problems_frame(preview), hide_index=True, width="stretch")
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
                con = ui.connection()
                with st.spinner(f"Đang nhập {upload.name}…"):
                    result = tasks.import_task_table(
                        con,
                        upload.getvalue(),
                        upload.name,
                        plan,
                        who=_who(),
                        accept_partial=accept_partial,
                        today=ui.today(),
                        units=units,
                    )
                auth.audit(con, ui.user(), "import_tasks", f"{plan}: {result.message}")
                st.session_state["last_task_result"] = (result.outcome, result.message)
                st.session_state.pop("task_previews", None)
                ui.backup_after_import()
                st.rerun()  # redraw the preview against the new data (it now says 'đã nhập')
    if last := st.session_state.get("last_task_result"):
        outcome, message = last
        {"imported": st.success, "partial": st.success, "rejected": st.error}.get(outcome, st.info)(message)
    if ui.page_exists("pages/tasks.py"):
        st.page_link("pages/tasks.py", label="Xem tiến độ trên trang Nhiệm vụ", icon=":material/task_alt:")


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


def _preview(upload) -> importer.FileOutcome:
    """Parse and dry-run a file once per content (kept in the session across reruns)."""
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    cache = st.session_state.setdefault("previews", {})
    key = (digest, ui.version(), ui.scope_key())
    if key not in cache:
        if len(data) > MAX_BYTES:
            problem = Problem(
                upload.name, None, None, None, "Tệp lớn hơn 20 MB; hãy tách thành nhiều tệp nhỏ hơn.", "fatal"
            )
            cache[key] = importer.FileOutcome(upload.name, None, None, problem)
        else:
            cache[key] = importer.import_bytes(
                ui.connection(),
                data,
                upload.name,
                who=_who(),
                dry_run=True,
                accept_partial=True,
                allowed=ui.scope(),
            )
    return cache[key]


def _rows_frame(outcome: importer.FileOutcome, limit: int = 200) -> pd.DataFrame:
    rows = outcome.parsed.rows.slice(0, limit).to_pandas() if outcome.parsed else pd.DataFrame()
    if rows.empty:
        return rows
    names = dict(ui.connection().cursor().execute("select code, name from units").fetchall())
    return pd.DataFrame(
        {
            "Trang tính": rows["sheet"],
            "Dòng": rows["row"],
            "Đơn vị": rows["unit_code"].map(names),
            "Ngày": rows["item_date"].map(ui.fmt_date),
            "Kênh": rows["channel"].map(CHANNELS),
            "Loại": rows["item_kind"].map(ITEM_KINDS),
            "Tiêu đề": rows["title"],
            "Đường dẫn": rows["url"],
            "Trạng thái": rows["status"].map(ITEM_STATUSES),
        }
    )


if not uploads:
    st.info(
        "Chưa có tệp nào. Tải mẫu ở trên, điền mỗi tin/bài một dòng (đơn vị, ngày, kênh, loại, tiêu đề, "
        "đường dẫn, trạng thái), rồi kéo thả tệp vào ô trên."
    )
else:
    outcomes = []
    with st.spinner("Đang đọc và kiểm tra tệp…"):
        for upload in uploads:
            outcomes.append((upload, _preview(upload)))
    any_errors = False
    for upload, outcome in outcomes:
        parsed, result = outcome.parsed, outcome.result
        with st.expander(f"{upload.name}", expanded=True):
            if outcome.fatal is not None:
                st.error(f"Không đọc được tệp: {outcome.fatal.message} Không có gì được ghi.")
                continue
            if result is not None and result.outcome == "already_imported":
                st.info(f"Tệp này đã được nhập trước đây (lô {result.batch_id}); nhập lại sẽ không thêm gì.")
                continue
            rejected = importer.rejected_rows(parsed)
            any_errors |= rejected > 0
            c1, c2, c3, c4 = st.columns(4)
            c1.metric("Dòng dữ liệu", ui.fmt_int(parsed.rows_total))
            c2.metric("Sẽ thêm mới", ui.fmt_int(result.added if result else 0))
            c3.metric("Đã có sẵn", ui.fmt_int(result.known if result else 0))
            c4.metric("Dòng lỗi", ui.fmt_int(rejected))
            if parsed.sheets_read:
                st.caption("Đọc các trang tính: " + ", ".join(parsed.sheets_read))
            for sheet, why in parsed.sheets_skipped:
                st.caption(f"Bỏ qua trang tính '{sheet}': {why}")
            if result and result.duplicates:
                st.caption(
                    f"{result.duplicates} tin/bài là bản gửi lại của tin đã có: được lưu nhưng không tính lần hai."
                )
            if outcome.problems:
                st.markdown("**Các vấn đề cần sửa**")
                st.dataframe(_problems_frame(outcome), hide_index=True, width="stretch")
            preview = _rows_frame(outcome)
            if not preview.empty:
                st.markdown(
                    f"**Xem trước** ({min(200, len(parsed.rows))} dòng đầu trong {len(parsed.rows)} dòng hợp lệ)"
                )
                st.dataframe(
                    preview,
                    hide_index=True,
                    width="stretch",
                    column_config={"Đường dẫn": st.column_config.LinkColumn("Đường dẫn")},
                )

    readable = [
        (u, o)
        for u, o in outcomes
        if o.parsed is not None and not (o.result and o.result.outcome == "already_imported")
    ]
    accept_partial = False
    if any_errors:
        accept_partial = st.checkbox(
            "Chỉ nhập các dòng hợp lệ, bỏ qua các dòng lỗi",
            help="Nếu không chọn, tệp có dòng lỗi sẽ không được ghi gì cho tới khi bạn sửa xong.",
        )
    if readable and st.button("Nhập", type="primary", icon=":material/upload:"):
        bar = st.progress(0.0, text="Đang nhập…")
        results: list[loader.ImportResult] = []
        con = ui.connection()
        for i, (upload, _outcome) in enumerate(readable, start=1):
            bar.progress((i - 0.5) / len(readable), text=f"Đang nhập {upload.name}")
            done = importer.import_bytes(
                con,
                upload.getvalue(),
                upload.name,
                who=_who(),
                accept_partial=accept_partial,
                allowed=ui.scope(),
            )
            if done.result is not None:
                results.append(done.result)
                auth.audit(
                    con,
                    ui.user(),
                    "import",
                    f"{upload.name}: {done.result.outcome}, thêm {done.result.added}",
                )
            bar.progress(i / len(readable), text=f"Đã xử lý {upload.name}")
        bar.empty()
        st.session_state["last_results"] = results
        st.session_state.pop("previews", None)
        ui.backup_after_import()
        st.rerun()  # redraw the previews against the new data (they now say 'đã có sẵn')

for result in st.session_state.get("last_results", []):
    if result.outcome in ("imported", "partial"):
        st.success(result.message)
    elif result.outcome == "rejected":
        st.error(result.message)
    else:
        st.info(result.message)
    if result.units:
        kinds = dict(ui.connection().cursor().execute("select code, kind from units").fetchall())
        names = dict(ui.connection().cursor().execute("select code, name from units").fetchall())
        cols = st.columns(4)
        for i, code in enumerate(result.units[:12]):
            page = UNIT_PAGES.get(kinds.get(code, ""))
            if page and ui.page_exists(page):
                cols[i % 4].page_link(page, label=names.get(code, code), query_params={"unit": code})
            else:
                cols[i % 4].write(names.get(code, code))
        if len(result.units) > 12:
            st.caption(f"… và {len(result.units) - 12} đơn vị khác.")

st.divider()
st.subheader("Lịch sử nhập")
batches = loader.list_batches(ui.connection(), limit=50)
if not ui.user().can_manage:  # units see (and may undo) only their own imports
    batches = batches[batches["imported_by"] == ui.user().username]
if batches.empty:
    st.info("Chưa có lô nhập nào.")
else:
    view = pd.DataFrame(
        {
            "Lô": batches["batch_id"],
            "Tệp": batches["file_name"],
            "Thời điểm": batches["imported_at"].map(ui.fmt_datetime),
            "Người nhập": batches["imported_by"],
            "Thêm mới": batches["rows_added"],
            "Đã có": batches["rows_known"],
            "Lỗi bỏ qua": batches["rows_rejected"],
            "Trạng thái": batches["undone_at"].map(lambda t: "Đã hoàn tác" if pd.notna(t) else "Hiệu lực"),
        }
    )
    st.dataframe(view, hide_index=True, width="stretch")
    live = batches[batches["undone_at"].isna() & (batches["kind"] == "publications")]
    if not live.empty:
        with st.form("undo"):
            choice = st.selectbox(
                "Hoàn tác một lô nhập",
                live["batch_id"].tolist(),
                format_func=lambda b: f"Lô {b}: {live.set_index('batch_id').loc[b, 'file_name']}",
            )
            confirm = st.checkbox("Tôi hiểu: mọi tin/bài do lô này thêm sẽ bị xóa khỏi số liệu.")
            if st.form_submit_button("Hoàn tác", icon=":material/undo:") and confirm:
                removed = loader.undo_batch(ui.connection(), int(choice), _who())
                auth.audit(ui.connection(), ui.user(), "undo", f"lô {choice}: xóa {removed} tin/bài")
                st.session_state.pop("previews", None)
                st.success(f"Đã hoàn tác lô {choice}: xóa {removed} tin/bài.")
                st.rerun()
