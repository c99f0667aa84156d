"""The data each page shows, as frames and dataclasses; no Streamlit."""
