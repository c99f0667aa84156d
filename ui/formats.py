"""Numbers, shares and dates as people in Hà Nội write them."""

from __future__ import annotations

import pandas as pd


def fmt_int(value: float | int | None) -> str:
    """Vietnamese thousands separator: 12.345."""
    if value is None or pd.isna(value):
        return "—"
    return f"{int(value):,}".replace(",", ".")


def fmt_pct(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value * 100:.0f}%"


def fmt_date(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def fmt_datetime(value: object, seconds: bool = False) -> str:
    """A stored timestamp (UTC: the queries write `current_timestamp at time zone 'UTC'`, whatever
    the server's time zone) as Hà Nội time, dd/mm/yyyy hh:mm."""
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    stamp = (stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp).tz_convert("Asia/Ho_Chi_Minh")
    return stamp.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


# The characters that start Markdown markup inside a line: links and images ([ ] !), HTML and
# autolinks (< >), emphasis and code (* _ ` ~), LaTeX ($), Streamlit's colours and icons (:), and
# tables (|). Newlines become spaces, so no block (heading, list) can start inside the text.
# Ordinary names (dots, commas, parentheses, hyphens) stay exactly as they are.
_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#!|~$:"})


def plain(text: object) -> str:
    """User text (unit names, titles, file names, notes) for a Markdown-rendered place, shown as text."""
    return str(text).translate(_MARKDOWN_SPECIALS).replace("\r", " ").replace("\n", " ")
