"""Người dùng và nhật ký (city administrators): accounts, the audit trail, backups."""

from __future__ import annotations

import streamlit as st

import ui
from cchc import auth, reference
from cchc.screens import users as screen

ui.ensure_entrypoint(__file__)

me = ui.user()
if not me.can_manage:
    st.error("Chỉ tài khoản cấp Thành phố được quản lý người dùng.")
    st.stop()

st.title("Người dùng và nhật ký")

st.subheader("Tài khoản")
users = ui.fresh(screen.accounts)  # accounts are not in the data version: read fresh
if users.empty:
    st.info("Chưa có tài khoản nào ngoài chế độ minh họa. Tạo tài khoản đầu tiên bằng biểu mẫu dưới đây.")
else:
    st.dataframe(
        users.assign(**{"Tạo lúc": users["Tạo lúc"].map(ui.fmt_datetime)}), hide_index=True, width="stretch"
    )

units = ui.fresh(screen.unit_choices)  # a renamed unit shows at once
with st.form("new_user", clear_on_submit=True):
    st.markdown("**Tạo hoặc đặt lại tài khoản**")
    c1, c2 = st.columns(2)
    username = c1.text_input("Tên đăng nhập", placeholder="vd. phucloi.vhxh")
    display = c2.text_input("Họ tên")
    role = c1.selectbox("Vai trò", list(auth.ROLES), format_func=ui.searchable_format(auth.ROLES.get))
    unit = c2.selectbox(
        "Đơn vị (bắt buộc với vai trò Đơn vị; để trống cho cấp Thành phố)",
        [None, *units],
        format_func=ui.searchable_format(lambda c: "—" if c is None else units[c]),
    )
    password = c1.text_input(f"Mật khẩu (ít nhất {auth.MIN_PASSWORD} ký tự)", type="password")
    if st.form_submit_button("Lưu tài khoản", type="primary"):
        try:
            created = ui.fresh(screen.save_account, me, username, display, role, password, unit)
        except auth.AuthError as exc:
            st.error(str(exc))
        else:
            st.success(f"Đã lưu tài khoản {ui.plain(created.username)}.")
            st.rerun()

st.subheader("Danh mục đơn vị")
headings = list(screen.UNIT_HEADINGS.values())
st.caption(
    f"Tải lên tệp CSV (UTF-8) có các cột {', '.join(headings[:3])} và tùy chọn {', '.join(headings[3:])} "
    "để thêm đơn vị mới hoặc đổi tên đơn vị theo mã. Cột Loại ghi như trong danh mục, "
    "vd. “Xã, phường, đặc khu”, “Sở, ban, ngành”."
)
st.download_button(
    "Tải mẫu danh mục đơn vị (.csv)",
    screen.units_template(),
    file_name="mau-danh-muc-don-vi.csv",
    mime="text/csv",
    icon=":material/download:",
)
units_file = st.file_uploader("Tệp danh mục đơn vị (.csv)", type=["csv"], key="units_csv")
if units_file is not None and st.button("Cập nhật danh mục", icon=":material/domain_add:"):
    try:
        count = ui.fresh(screen.update_units, units_file.getvalue(), units_file.name, me)
    except (reference.ReferenceError, UnicodeDecodeError) as exc:
        st.error(f"Không nhận tệp: {ui.plain(exc)} Danh mục không thay đổi.")
    else:
        st.success(f"Đã cập nhật {count} đơn vị từ {ui.plain(units_file.name)}.")

st.subheader("Sao lưu")
st.caption(
    "Lưu một bản sao toàn bộ dữ liệu trên máy chủ (hệ thống cũng tự sao lưu sau mỗi lần nhập). Khi cần khôi "
    "phục dữ liệu về một bản sao lưu, hãy báo người quản trị máy chủ và cho biết thời điểm của bản sao lưu đó."
)
if st.button("Sao lưu ngay", icon=":material/backup:"):
    folder = ui.fresh(screen.backup_now, ui.backups_dir(), me)
    st.success(f"Đã sao lưu: bản {ui.plain(folder.name)}, trong thư mục sao lưu bên cạnh cơ sở dữ liệu.")

st.subheader("Nhật ký hoạt động")
log = ui.fresh(screen.audit_trail, 500)
if log.empty:
    st.info("Chưa có hoạt động nào được ghi.")
else:
    table = screen.audit_table(log)
    st.dataframe(
        table.assign(**{"Thời điểm": table["Thời điểm"].map(lambda t: ui.fmt_datetime(t, seconds=True))}),
        hide_index=True,
        width="stretch",
    )
