"""Người dùng và nhật ký (city administrators): accounts, the audit trail, backups."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from cchc import auth, backup, db
from cchc.quotas import summary as dashboard
from cchc.vocab import UNIT_KINDS

ui.ensure_entrypoint(__file__)

me = ui.user()
if not me.can_manage:
    st.error("Chỉ tài khoản cấp Thành phố được quản lý người dùng.")
    st.stop()
con = ui.connection()

st.title("Người dùng và nhật ký")

st.subheader("Tài khoản")
users = db.run(con, "auth/auth_users_list")
if users.empty:
    st.info("Chưa có tài khoản nào ngoài chế độ minh họa. Tạo tài khoản đầu tiên bằng biểu mẫu dưới đây.")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Tên đăng nhập": users["username"],
                "Họ tên": users["display_name"],
                "Vai trò": users["role"].map({k: v.split(":")[0] for k, v in auth.ROLES.items()}),
                "Đơn vị": users["unit_name"].fillna("Toàn Thành phố"),
                "Tạo lúc": users["created_at"].map(ui.fmt_datetime),
                "Người tạo": users["created_by"],
            }
        ),
        hide_index=True,
        width="stretch",
    )

units = dashboard.units_list(
    con, kinds=["commune", "department", "central_agency", "public_service", "ward_office"]
)
with st.form("new_user", clear_on_submit=True):
    st.markdown("**Tạo hoặc đặt lại tài khoản**")
    c1, c2 = st.columns(2)
    username = c1.text_input("Tên đăng nhập", placeholder="vd. phucloi.vhxh")
    display = c2.text_input("Họ tên")
    role = c1.selectbox("Vai trò", list(auth.ROLES), format_func=lambda r: auth.ROLES[r])
    unit = c2.selectbox(
        "Đơn vị (bắt buộc với vai trò Đơn vị; để trống cho cấp Thành phố)",
        [None, *units["code"].tolist()],
        format_func=lambda c: (
            "—"
            if c is None
            else f"{units.set_index('code').loc[c, 'name']} ({UNIT_KINDS[units.set_index('code').loc[c, 'kind']]})"
        ),
    )
    password = c1.text_input(f"Mật khẩu (ít nhất {auth.MIN_PASSWORD} ký tự)", type="password")
    if st.form_submit_button("Lưu tài khoản", type="primary"):
        try:
            created = auth.create_user(
                con, username=username, display_name=display, role=role, password=password,
                unit_code=unit, created_by=me.username,
            )  # fmt: skip
        except auth.AuthError as exc:
            st.error(str(exc))
        else:
            auth.audit(
                con,
                me,
                "user_create",
                f"{created.username} ({created.role}, {created.unit_code or 'toàn TP'})",
            )
            st.success(f"Đã lưu tài khoản {created.username}.")
            st.rerun()

st.subheader("Danh mục đơn vị")
st.caption(
    "Tải lên tệp CSV (UTF-8) có các cột code, name, kind và tùy chọn parent_code, province, aliases, lat, lon "
    "để thêm đơn vị mới hoặc đổi tên đơn vị theo mã."
)
units_file = st.file_uploader("Tệp danh mục đơn vị (.csv)", type=["csv"], key="units_csv")
if units_file is not None and st.button("Cập nhật danh mục", icon=":material/domain_add:"):
    from cchc import reference

    try:
        rows = reference.read_units(units_file.getvalue())
    except (reference.ReferenceError, UnicodeDecodeError) as exc:
        st.error(f"Không nhận tệp: {exc} Danh mục không thay đổi.")
    else:
        reference.upsert_units(con, rows)
        auth.audit(con, me, "units", f"{units_file.name}: {len(rows)} đơn vị")
        st.success(f"Đã cập nhật {len(rows)} đơn vị từ {units_file.name}.")

st.subheader("Sao lưu")
st.caption(
    "Xuất toàn bộ cơ sở dữ liệu ra một thư mục trong data/backups (khôi phục bằng python -m cchc restore)."
)
if st.button("Sao lưu ngay", icon=":material/backup:"):
    folder = backup.backup(con, backup.backups_dir(db.default_db_path()))
    auth.audit(con, me, "backup", str(folder))
    st.success(f"Đã sao lưu vào {folder}")

st.subheader("Nhật ký hoạt động")
log = db.run(con, "auth/audit_list", {"limit": 500})
if log.empty:
    st.info("Chưa có hoạt động nào được ghi.")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Thời điểm": log["logged_at"].map(lambda t: ui.fmt_datetime(t, seconds=True)),
                "Người dùng": log["username"],
                "Hoạt động": log["action"],
                "Chi tiết": log["detail"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
