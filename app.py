"""cchc-monitor: Streamlit entry point. Navigation and shared chrome only; no SQL, no parsing."""

from __future__ import annotations

import streamlit as st

import ui

st.set_page_config(
    page_title="Theo dõi tuyên truyền CCHC",
    page_icon="data/icon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.hide_developer_chrome()
ui.connection()  # creates the demo database on the very first start, with progress shown

pages = [
    st.Page("pages/overview.py", title="Tổng quan Thành phố", icon=":material/insights:", default=True),
    st.Page("pages/import.py", title="Nhập dữ liệu", icon=":material/upload_file:"),
]
st.sidebar.markdown("### Theo dõi tuyên truyền CCHC")
st.navigation(pages).run()
