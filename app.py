"""cchc-monitor: Streamlit entry point. Navigation and shared chrome only; no SQL, no parsing."""

from __future__ import annotations

import streamlit as st

import ui
from ui import process, signin

st.set_page_config(
    page_title="Theo dõi tuyên truyền CCHC",
    page_icon="data/icon.png",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on a phone, where it would cover the page,
)
ui.hide_developer_chrome()
ui.localise_chrome()  # Streamlit's own English in Vietnamese; metric labels and chips wrap
ui.connection()  # creates the demo database on the very first start, with progress shown

user = signin.ensure_signed_in()
signin.sidebar_identity(user)

# (file, title, icon) in menu order; the role decides which pages a user may open at all.
PAGES = [
    ("pages/overview.py", "Tổng quan Thành phố", ":material/insights:"),
    ("pages/ward.py", "Phường / Xã", ":material/location_city:"),
    ("pages/department.py", "Sở, ban, ngành", ":material/account_balance:"),
    ("pages/tasks.py", "Nhiệm vụ", ":material/task_alt:"),
    ("pages/plans.py", "Kế hoạch", ":material/description:"),
    ("pages/reminders.py", "Đôn đốc", ":material/notifications_active:"),
    ("pages/report.py", "Báo cáo", ":material/summarize:"),
]
if user.can_import:
    PAGES.append(("pages/import.py", "Nhập dữ liệu", ":material/upload_file:"))
if user.can_manage_units:
    PAGES.append(("pages/units.py", "Đơn vị", ":material/domain_add:"))
if user.can_manage:
    PAGES.append(("pages/users.py", "Người dùng và nhật ký", ":material/manage_accounts:"))

st.sidebar.markdown("### Theo dõi tuyên truyền CCHC")
navigation = st.navigation(
    [st.Page(path, title=title, icon=icon, default=i == 0) for i, (path, title, icon) in enumerate(PAGES)]
)
ui.follow_deep_link([path for path, _, _ in PAGES])
ui.tab_title(navigation.title)  # each browser tab names its page
try:
    navigation.run()
finally:  # also when the page stops or reruns (Streamlit raises to do so)
    process.freeze_startup_objects()
