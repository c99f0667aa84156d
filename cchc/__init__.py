"""cchc-monitor core: everything that is not UI, importable without Streamlit."""

__version__ = "0.1.0"
