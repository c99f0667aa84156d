"""cchc-monitor: Streamlit entry point. Navigation and shared chrome only; no SQL, no parsing."""

from __future__ import annotations

import streamlit as st

import ui
import ui_auth

st.set_page_config(
    page_title="Theo dõi tuyên truyền CCHC",
    page_icon="data/icon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.hide_developer_chrome()
ui.connection()  # creates the demo database on the very first start, with progress shown

user = ui_auth.ensure_signed_in()
ui_auth.sidebar_identity(user)

pages = [
    st.Page("pages/overview.py", title="Tổng quan Thành phố", icon=":material/insights:", default=True),
    st.Page("pages/ward.py", title="Phường / Xã", icon=":material/location_city:"),
    st.Page("pages/department.py", title="Sở, ban, ngành", icon=":material/account_balance:"),
    st.Page("pages/reminders.py", title="Đôn đốc", icon=":material/notifications_active:"),
    st.Page("pages/report.py", title="Báo cáo", icon=":material/summarize:"),
    st.Page("pages/tasks.py", title="Nhiệm vụ", icon=":material/task_alt:"),
]
if user.can_import:
    pages.append(st.Page("pages/import.py", title="Nhập dữ liệu", icon=":material/upload_file:"))
if user.can_manage:
    pages.append(st.Page("pages/users.py", title="Người dùng và nhật ký", icon=":material/manage_accounts:"))
st.sidebar.markdown("### Theo dõi tuyên truyền CCHC")
st.navigation(pages).run()
