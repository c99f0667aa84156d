"""Nhiệm vụ: the plans' task tables as a timeline, overdue first, completions, upload, download."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from cchc import auth, tasks
from cchc.ingest.report import Problem
from cchc.vocab import TASK_STATUSES

ui.ensure_entrypoint(__file__)

ALL = ""
# Overdue first, then what needs attention soon, then the rest.
ORDER = ["Quá hạn", "Sắp đến hạn", "Đang thực hiện", "Thường xuyên", "Chưa xác định hạn"]
ORDER += [s for s in TASK_STATUSES if s not in ORDER]
Allowed = tuple[str, ...] | None  # the units the user may see; None: every unit


def _units(unit: str, allowed: Allowed) -> list[str] | None:
    """The units to read tasks for: every unit the user may see, or the chosen one if the user
    may see it (none for a forged picker value outside the user's units)."""
    if not unit:
        return None if allowed is None else list(allowed)
    return [unit] if allowed is None or unit in allowed else []


@st.cache_data(show_spinner=False)
def _plans(version: str, allowed: Allowed) -> pd.DataFrame:
    return tasks.plans_with_tasks(ui.connection())


@st.cache_data(show_spinner=False)
def _targets(version: str, allowed: Allowed) -> dict[str, str]:
    """Plans whose task table this user may upload: any for the city, else its own units' plans."""
    return tasks.upload_targets(ui.connection(), allowed)


@st.cache_data(show_spinner=False)
def _leads(version: str, plan: str, allowed: Allowed) -> pd.DataFrame:
    leads = tasks.lead_units(ui.connection(), plan or None)
    return leads if allowed is None else leads[leads["code"].isin(allowed)]


@st.cache_data(show_spinner=False)
def _status(version: str, as_of: date, plan: str, unit: str, allowed: Allowed) -> pd.DataFrame:
    return tasks.task_status(ui.connection(), as_of, plan=plan or None, units=_units(unit, allowed))


@st.cache_data(show_spinner=False)
def _occurrences(version: str, as_of: date, plan: str, unit: str, allowed: Allowed) -> pd.DataFrame:
    return tasks.occurrence_status(ui.connection(), as_of, plan=plan or None, units=_units(unit, allowed))


_plan_label = tasks.plan_label


def _problems_table(problems: list[Problem]) -> pd.DataFrame:
    severity = {"fatal": "Không nhập được", "error": "Lỗi", "warning": "Lưu ý"}
    return pd.DataFrame(
        {
            "Trang": [p.sheet or "" for p in problems],
            "Dòng": [p.row or "" for p in problems],
            "Cột": [p.column or "" for p in problems],
            "Nội dung": [p.message for p in problems],
            "Mức độ": [severity.get(p.severity, p.severity) for p in problems],
        }
    )


me = ui.user()
scope = ui.scope()
allowed: Allowed = None if scope is None else tuple(scope)
version = f"{ui.version()}|{ui.scope_key()}"  # every task write is an import batch: the key moves
st.title("Nhiệm vụ")
st.caption(
    "Tiến độ các nhiệm vụ trong phụ lục kế hoạch tuyên truyền CCHC: hạn, trạng thái, ghi nhận hoàn thành."
)
if allowed == ():
    st.info("Tài khoản của bạn chưa được giao theo dõi đơn vị nào. Hãy liên hệ Sở Nội vụ.")
    st.stop()
if flash := st.session_state.pop("tasks_flash", None):
    st.success(flash)

plans = _plans(version, allowed)
visible = set(_status(version, ui.today(), ALL, ALL, allowed)["plan"]) if not plans.empty else set()
plan_labels = {
    r.plan_code: _plan_label(r.plan_code, r.number, r.issuer_name)
    for r in plans.itertuples(index=False)
    if r.plan_code in visible
}
c1, c2, c3, c4 = st.columns([3, 3, 3, 2])
plan = c1.selectbox(
    "Kế hoạch",
    [ALL, *plan_labels],
    format_func=lambda c: plan_labels.get(c, "Tất cả kế hoạch"),
    key="tasks_plan",
)
plan = plan if plan in plan_labels else ALL  # a forged value outside the list: every plan shown
leads = _leads(version, plan, allowed)
unit_names = dict(zip(leads["code"], leads["name"], strict=True))
unit = c2.selectbox(
    "Đơn vị chủ trì",
    [ALL, *unit_names],
    format_func=lambda c: unit_names.get(c, "Tất cả đơn vị"),
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
    status = _status(version, as_of, plan, unit, allowed)
    occ = _occurrences(version, as_of, plan, unit, allowed)

if not status.empty:
    counts = tasks.status_counts(status).set_index("status")["tasks"]
    for col, name in zip(st.columns(len(ORDER)), ORDER, strict=True):
        col.metric(name, ui.fmt_int(counts[name]))

    st.subheader(f"Nhiệm vụ quá hạn — tính đến {ui.fmt_date(as_of)}")
    overdue = status[status["status"] == "Quá hạn"]
    if overdue.empty:
        st.success(f"Không có nhiệm vụ nào quá hạn tính đến ngày {ui.fmt_date(as_of)}.")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    "Kế hoạch": overdue["plan"],
                    "STT": overdue["stt"],
                    "Nhiệm vụ": overdue["task"],
                    "Đơn vị chủ trì": overdue["lead_units"],
                    "Hạn": [ui.fmt_date(d) for d in overdue["due_date"]],
                    "Số ngày quá hạn": [(as_of - d).days for d in overdue["due_date"]],
                }
            ),
            hide_index=True,
            key="tasks_overdue",
        )
    missed = occ[(occ["status"] == "Quá hạn") & (occ["occurrence_key"] != "once")]
    if not missed.empty:
        with st.expander(f"Các kỳ đã qua chưa ghi nhận hoàn thành của nhiệm vụ định kỳ ({len(missed)})"):
            st.dataframe(
                pd.DataFrame(
                    {
                        "Kế hoạch": missed["plan"],
                        "STT": missed["stt"],
                        "Nhiệm vụ": missed["task"],
                        "Kỳ": [
                            tasks.period_label(s, d, k)
                            for s, d, k in zip(
                                missed["occ_start"], missed["occ_due"], missed["occurrence_key"], strict=True
                            )
                        ],
                    }
                ),
                hide_index=True,
                key="tasks_missed",
            )

    st.subheader("Tiến độ theo thời gian")
    shown = occ[occ["status"].isin(statuses)]
    codes = list(dict.fromkeys(shown["plan"]))
    if not codes:
        st.info("Không có nhiệm vụ nào với các trạng thái đã chọn. Chọn thêm trạng thái ở bộ lọc phía trên.")
    for code, tab in zip(
        codes, st.tabs([plan_labels.get(c, c) for c in codes]) if codes else [], strict=True
    ):
        with tab:
            part = shown[shown["plan"] == code]
            if part["occ_due"].notna().any():
                st.plotly_chart(
                    tasks.timeline_figure(part, as_of, plan_labels.get(code, code)), key=f"tasks_gantt_{code}"
                )
            undated = part[part["occ_due"].isna()]["stt"].nunique()
            if undated:
                st.caption(
                    f"{undated} nhiệm vụ chưa xác định được hạn nên không có trên biểu đồ (xem danh sách bên dưới)."
                )

    st.subheader("Danh sách nhiệm vụ")
    view = status[status["status"].isin(statuses)].copy()
    view["order"] = view["status"].map({s: i for i, s in enumerate(ORDER)})
    view = view.sort_values(["order", "plan", "stt"]).drop(columns="order")
    st.dataframe(
        pd.DataFrame(
            {
                "Kế hoạch": view["plan"],
                "STT": view["stt"],
                "Nhiệm vụ": view["task"],
                "Đơn vị chủ trì": view["lead_units"],
                "Thời gian thực hiện": view["deadline_text"].fillna(""),
                "Hạn (kỳ hiện tại)": [ui.fmt_date(d) for d in view["due_date"]],
                "Trạng thái": view["status"],
                "Ngày hoàn thành": [ui.fmt_date(d) for d in view["completed_on"]],
                "Cách hiểu thời hạn": view["deadline_note"],
            }
        ),
        hide_index=True,
        key="tasks_list",
    )
    st.download_button(
        "Tải về Excel (.xlsx)",
        data=tasks.to_xlsx(
            view,
            occ[occ["status"].isin(statuses)],
            title=f"Tiến độ nhiệm vụ tính đến ngày {ui.fmt_date(as_of)}",
        ),
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
        f"Ghi nhận với tên **{me.display_name}**. Nhiệm vụ định kỳ được ghi theo từng kỳ; xóa ngày để bỏ ghi nhận."
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
    )
    if st.button("Lưu các thay đổi", type="primary", key="tasks_save"):
        edits = tasks.completion_edits(original, edited)
        try:
            written = tasks.record_completions(
                ui.connection(),
                edits,
                me.username,
                today=ui.today(),
                # the units shown: a task several units lead is recorded for the one chosen (or
                # the user's own); the city with no unit chosen records for the task as a whole
                units=_units(unit, allowed),
            )
        except ValueError as exc:
            st.error(str(exc))
        else:
            if written:
                auth.audit(ui.connection(), me, "tasks_complete", f"{plan}: {written} thay đổi")
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
targets = _targets(version, allowed)
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
target = u2.selectbox("Thuộc kế hoạch", list(targets), format_func=targets.get, key="tasks_upload_plan")
partial = u2.checkbox("Chỉ nhập các dòng hợp lệ", key="tasks_accept_partial")
b1, b2 = u2.columns(2)
check = b1.button("Kiểm tra", key="tasks_check", disabled=upload is None)
commit = b2.button("Nhập", type="primary", key="tasks_import", disabled=upload is None)
if upload is not None and (check or commit):
    result = tasks.import_task_table(
        ui.connection(),
        upload.getvalue(),
        upload.name,
        target,
        who=me.username,
        accept_partial=partial,
        dry_run=check,
        today=ui.today(),
        units=None if allowed is None else list(allowed),
    )
    st.session_state["tasks_import"] = (result.outcome, result.message, result.problems)
    if result.outcome in ("imported", "partial"):
        auth.audit(ui.connection(), me, "tasks_import", result.message)
        st.rerun()  # redraw the tables above with the new data
if report := st.session_state.get("tasks_import"):
    outcome, message, problems = report
    (st.error if outcome == "rejected" else st.success)(message)
    if problems:
        st.dataframe(_problems_table(problems), hide_index=True, key="tasks_problems")
