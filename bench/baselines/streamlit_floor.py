"""The floor of bench_overview_browser.py: a Streamlit page that draws one title and one line of
text, served like the app (same Streamlit, same settings), so the overview's times can be read
against what any Streamlit page costs in a new tab of the same browser on the same machine."""

import streamlit as st

st.set_page_config(page_title="Sàn", layout="wide")
st.title("Sàn đo")
st.write("Một dòng chữ.")
