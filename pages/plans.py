"""Kế hoạch: the plans (filter by province and issuer), a new plan from its document (review,
then Lưu), and for an existing plan its rules amended from a date, retirement and undo."""

from __future__ import annotations

import streamlit as st

import ui
from cchc import plans
from cchc.screens import plan_review as review_screen
from cchc.screens import plans as screen

ui.ensure_entrypoint(__file__)

me = ui.user()
FAILURES = (plans.PlanWriteError, plans.ProposalError)


def _flash(message: str) -> None:
    """After a plan was written: say so, and recompute the answers kept warm (the quotas changed)."""
    st.session_state["plans_flash"] = message
    ui.after_write()
    st.rerun()


def _choices(kind: str) -> list[str]:
    return [review_screen.NO_CHOICE, *review_screen.CHOICES[kind].values()]


def _amend(detail: screen.PlanDetail) -> None:
    """Amend one rule in force from a date; retire; undo the newest change."""
    st.markdown("**Sửa đổi định mức từ một ngày**")
    st.caption(
        "Chọn định mức, sửa số lượng, kỳ hoặc kênh (hoặc bỏ định mức), chọn ngày áp dụng rồi bấm «Lưu sửa đổi». "
        "Các kỳ đã bắt đầu trước ngày áp dụng giữ định mức cũ; các kỳ sau dùng định mức mới."
    )
    cols, rules = screen.AMEND_COLUMNS, detail.in_force
    if rules.empty:
        st.info("Kế hoạch không còn định mức nào đang áp dụng.")
    else:
        labels = screen.rule_choices(rules)
        rule = st.selectbox("Định mức cần sửa", list(labels), format_func=labels.get, key="amend_rule")
        row = rules[rules[cols["rule_id"]] == rule].iloc[0].to_dict()
        c1, c2, c3 = st.columns(3)
        row[cols["min_count"]] = c1.number_input(
            "Số tối thiểu mới", min_value=1, step=1, value=int(row[cols["min_count"]])
        )
        periods, channels = _choices("period")[1:], _choices("channel")[1:]
        row[cols["period"]] = c2.selectbox(
            "Mỗi", periods, index=periods.index(row[cols["period"]]), key="amend_period"
        )
        row[cols["channel"]] = c3.selectbox(
            "Kênh", channels, index=channels.index(row[cols["channel"]]), key="amend_channel"
        )
        row[cols["remove"]] = st.checkbox("Bỏ định mức này từ ngày áp dụng", key="amend_remove")
        day = st.date_input("Áp dụng từ ngày", value=ui.today(), format="DD/MM/YYYY", key="amend_day")
        if st.button("Lưu sửa đổi", type="primary", key="amend_save"):
            try:
                _flash(ui.fresh(screen.save_amendment, detail.plan_code, day, [row], me))
            except FAILURES as exc:
                st.error(str(exc))
    c1, c2 = st.columns(2)
    with c1:
        stop = st.date_input("Dừng theo dõi từ ngày", value=ui.today(), format="DD/MM/YYYY", key="retire_day")
        if st.button("Dừng theo dõi kế hoạch", key="retire"):
            try:
                _flash(ui.fresh(screen.retire, detail.plan_code, stop, me))
            except FAILURES as exc:
                st.error(str(exc))
    with c2:
        if detail.undoable is not None:
            st.caption(f"Thay đổi mới nhất: {ui.plain(detail.undo_label)}")
            if st.button(f"Hoàn tác thay đổi số {detail.undoable}", key="undo"):
                try:
                    _flash(ui.fresh(screen.undo, detail.undoable, me))
                except FAILURES as exc:
                    st.error(str(exc))


def _detail(labels: dict[str, str]) -> None:
    code = st.selectbox("Xem chi tiết kế hoạch", list(labels), format_func=labels.get, key="plan_pick")
    detail = ui.cached(screen.plan_detail, code, me.role, ui.today())
    if detail is None:
        return
    st.markdown(f"Trạng thái: **{detail.status}**")
    st.markdown("**Định mức và lịch sử sửa đổi**")
    if detail.history.empty:
        st.info("Kế hoạch này không có định mức số lượng; các nhiệm vụ của nó ở trang Nhiệm vụ.")
    else:
        st.dataframe(detail.history, hide_index=True, width="stretch")
    st.markdown("**Các thay đổi**")
    st.dataframe(detail.changes, hide_index=True, width="stretch")
    if detail.may_manage:
        _amend(detail)
    else:
        st.caption("Tài khoản của bạn chỉ xem kế hoạch này (đơn vị ban hành quản lý kế hoạch của mình).")


def _list() -> None:
    c1, c2 = st.columns(2)
    everything = ui.cached(screen.plan_list, ui.today(), "", "")
    province = c1.selectbox(
        "Tỉnh, thành phố",
        ["", *everything.provinces],
        format_func=lambda p: p or "Tất cả",
        key="plans_province",
    )
    issuers = ui.cached(screen.plan_list, ui.today(), province, "").issuers
    issuer = c2.selectbox(
        "Đơn vị ban hành", ["", *issuers], format_func=lambda c: issuers.get(c, "Tất cả"), key="plans_issuer"
    )
    shown = ui.cached(screen.plan_list, ui.today(), province, issuer if issuer in issuers else "")
    if shown.table.empty:
        st.info(
            "Chưa có kế hoạch nào. Mở thẻ **Thêm kế hoạch** và kéo thả văn bản kế hoạch (.docx, .pdf, .txt), "
            "hoặc chạy `python -m cchc plan add TỆP --db ĐƯỜNG_DẪN --yes`."
        )
        return
    st.dataframe(shown.table, hide_index=True, width="stretch")
    _detail(shown.labels)


def _fix_names(review: review_screen.Review) -> None:
    """An unknown unit name: pick the right one among the closest names."""
    for i, (name, close) in enumerate(review.suggestions.items()):
        choice = st.selectbox(
            f"«{ui.plain(name)}» không có trong danh mục đơn vị. Chọn đơn vị đúng:",
            ["", *close],
            format_func=lambda c: c or "— chọn —",
            key=f"plan_fix_{st.session_state.get('plan_rev', 0)}_{i}",
        )
        if choice:
            _store(review_screen.replace_name(review.proposal, name, choice))
            st.rerun()


def _new_units(review: review_screen.Review) -> dict[str, tuple[bool, str]]:
    """The new units the plan names: a checkbox each (checked when the plan needs it), the name
    editable; nothing shown when there are none."""
    if not review.new_units:
        return {}
    rev = st.session_state.get("plan_rev", 0)
    st.markdown(f"**Đơn vị mới được nêu trong kế hoạch ({len(review.new_units)})**")
    st.caption(
        "Các đơn vị này chưa có trong danh mục. Đánh dấu để thêm chúng cùng kế hoạch khi bấm «Lưu» (sửa tên nếu "
        "cần); đơn vị không đánh dấu không được thêm, định mức và nhiệm vụ nêu nó vẫn báo chưa xác định."
    )
    decisions: dict[str, tuple[bool, str]] = {}
    for i, unit in enumerate(review.new_units):
        need = " — định mức hoặc nhiệm vụ của kế hoạch cần đơn vị này" if unit.needed else ""
        c1, c2 = st.columns([2, 3])
        add = c1.checkbox(f"Thêm {ui.plain(unit.label)}", value=unit.add, key=f"plan_unit_add_{rev}_{i}")
        label = c2.text_input(
            f"Tên đơn vị (mã {unit.code}, {unit.kind.lower()}, thuộc {ui.plain(unit.parent)}){need}",
            value=unit.label,
            key=f"plan_unit_name_{rev}_{i}",
        )
        c2.caption(f"Trong văn bản: «{ui.plain(unit.source)}»")
        decisions[unit.name] = (add, label)
    return decisions


def _store(proposal: dict) -> None:
    st.session_state["plan_proposal"] = proposal
    st.session_state["plan_rev"] = st.session_state.get("plan_rev", 0) + 1


def _review(review: review_screen.Review, file_name: str) -> None:
    rev = st.session_state.get("plan_rev", 0)
    st.markdown("\n".join(f"- **{label}:** {ui.plain(value)}" for label, value in review.heading))
    if review.existing:
        st.info(f"Kế hoạch này đã có trong hệ thống (mã {review.existing}); không cần thêm lại.")
    if not review.allowed and not review.problems:
        st.warning("Tài khoản của bạn không được thêm kế hoạch của đơn vị ban hành này.")
    for problem in review.problems:
        st.error(ui.plain(problem))
    _fix_names(review)
    for note in review.notes:
        st.info(ui.plain(note))
    st.markdown(
        f"**Định mức đề xuất ({len(review.rules)})** — sửa trực tiếp trong bảng; cột cuối là câu trong văn bản."
    )
    cols = review_screen.RULE_COLUMNS
    rules = st.data_editor(
        review.rules,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        disabled=[cols["source"]],
        column_config={
            cols[k]: st.column_config.SelectboxColumn(options=_choices(k)) for k in review_screen.CHOICES
        }
        | {
            cols["min_count"]: st.column_config.NumberColumn(min_value=1, step=1),
            cols["effective_from"]: st.column_config.DateColumn(format="DD/MM/YYYY"),
            cols["effective_to"]: st.column_config.DateColumn(format="DD/MM/YYYY"),
            cols["source"]: st.column_config.TextColumn(width="large"),
        },
        key=f"plan_rules_{rev}",
    )
    if review.unread:
        with st.expander(f"Câu chưa đọc được thành định mức ({len(review.unread)})", expanded=True):
            for sentence in review.unread:
                st.markdown(f"- {ui.plain(sentence)}")
    st.markdown(f"**Bảng nhiệm vụ ({len(review.tasks)})**")
    task_rows = st.data_editor(
        review.tasks, num_rows="dynamic", hide_index=True, width="stretch", key=f"plan_tasks_{rev}"
    )
    decisions = _new_units(review)
    edited = review_screen.apply_units(
        review_screen.apply_edits(review.proposal, rules.to_dict("records"), task_rows.to_dict("records")),
        decisions,
    )
    _save(review, edited, file_name)


def _save(review: review_screen.Review, edited: dict, file_name: str) -> None:
    """«Kiểm tra lại» keeps the edits and checks them; «Lưu» writes the plan (one transaction)."""
    c1, c2 = st.columns([1, 4])
    if c2.button("Kiểm tra lại sau khi sửa", key="plan_recheck"):
        _store(edited)
        st.rerun()
    if c1.button(
        "Lưu", type="primary", key="plan_save", disabled=bool(review.existing) or not review.allowed
    ):
        try:
            message = ui.fresh(review_screen.save_plan, edited, me, file_name)
        except FAILURES as exc:
            _store(edited)
            st.error(str(exc))
            return
        for key in ("plan_proposal", "plan_file"):
            st.session_state.pop(key, None)
        _flash(message)


def _add() -> None:
    st.caption(
        "Kéo thả văn bản kế hoạch (.docx, .pdf có lớp chữ, .txt) hoặc tệp đề xuất .json đã duyệt. Hệ thống đọc số, "
        "ngày, đơn vị ban hành, kỳ kế hoạch, các định mức và bảng nhiệm vụ; bạn xem lại, sửa, rồi bấm **Lưu**."
    )
    upload = st.file_uploader(
        "Chọn hoặc kéo thả văn bản kế hoạch", type=["docx", "pdf", "txt", "json"], key="plan_upload"
    )
    if upload is None:
        st.info("Chưa có tệp nào. Kéo thả văn bản kế hoạch vào ô trên để xem đề xuất.")
        return
    if st.session_state.get("plan_file") != (upload.name, upload.size):
        with st.spinner("Đang đọc văn bản kế hoạch…"):
            first = ui.cached(review_screen.read_upload, upload.getvalue(), upload.name, me.role)
        if first.error:
            st.error(f"Không đọc được tệp: {ui.plain(first.error)} Không có gì được ghi.")
            return
        st.session_state["plan_file"] = (upload.name, upload.size)
        _store(first.proposal)
    review = ui.cached(review_screen.review_proposal, st.session_state["plan_proposal"], me.role)
    if review.error:
        st.error(f"{ui.plain(review.error)} Sửa trong bảng rồi bấm «Kiểm tra lại».")
    _review(review, upload.name)


st.title("Kế hoạch")
st.caption(
    "Các kế hoạch thông tin, tuyên truyền CCHC đang theo dõi: định mức và nhiệm vụ của từng kế hoạch, "
    "sửa đổi định mức từ một ngày, dừng theo dõi, hoàn tác."
)
if ui.sees_no_unit():
    st.info("Tài khoản của bạn chưa được giao theo dõi đơn vị nào. Hãy liên hệ Sở Nội vụ.")
    st.stop()
if flash := st.session_state.pop("plans_flash", None):
    st.success(ui.plain(flash))
if me.can_import:
    listing, adding = st.tabs(["Danh sách kế hoạch", "Thêm kế hoạch"])
    with listing:
        _list()
    with adding:
        _add()
else:
    _list()
