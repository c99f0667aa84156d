"""The publication log of a unit page: raw rows, and the table people read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import pandas as pd

from cchc import db
from cchc.screens.unit_labels import short_office_name
from cchc.vocab import CHANNELS, ITEM_KINDS, ITEM_STATUSES

RESENT = "Gửi lại"


def items(
    con: duckdb.DuckDBPyConnection,
    codes: Sequence[str],
    date_from: date,
    date_to: date,
    *,
    units: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The log rows of `codes` (only those among `units`, the user's scope, when given) between
    two dates, newest first, raw codes (see items_table)."""
    shown = [c for c in codes if units is None or c in units]
    frame = db.run(con, "units/unit_item_log", {"units": shown, "date_from": date_from, "date_to": date_to})
    frame["item_date"] = pd.to_datetime(frame["item_date"]).dt.date
    frame["first_date"] = pd.to_datetime(frame["first_date"]).dt.date
    return frame


def span_dates(span: str, year: int, month: int) -> tuple[date, date]:
    """First and last day of the year (span 'year') or of the month."""
    if span == "year":
        return date(year, 1, 1), date(year, 12, 31)
    start = date(year, month, 1)
    return start, (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()


def resent_note(is_duplicate: bool, first_date: date | None) -> str:
    if not is_duplicate:
        return ""
    if first_date is None or pd.isna(first_date):
        return f"{RESENT} (không tính)"
    return f"{RESENT} (đã tính ngày {first_date:%d/%m/%Y})"


def items_table(
    frame: pd.DataFrame, ward_name: str | None = None, *, with_unit: bool = False
) -> pd.DataFrame:
    """Log rows with Vietnamese headings and labels; re-sent copies marked 'Gửi lại' in 'Ghi chú'
    (a column left out when no row is re-sent). 'Đơn vị' (offices named without their ward's
    suffix) only `with_unit`."""
    columns = ["Ngày", "Đơn vị", "Kênh", "Loại", "Tiêu đề", "Trạng thái", "Ghi chú", "Liên kết"]
    if not with_unit:
        columns.remove("Đơn vị")
    if frame.empty:
        return pd.DataFrame(columns=columns)
    if not frame["is_duplicate"].any():
        columns.remove("Ghi chú")
    names = frame["unit_name"]
    if ward_name:
        names = names.map(lambda n: short_office_name(n, ward_name))
    return pd.DataFrame(
        {
            "Ngày": frame["item_date"],
            "Đơn vị": names,
            "Kênh": frame["channel"].map(CHANNELS).fillna(frame["channel"]),
            "Loại": frame["item_kind"].map(ITEM_KINDS).fillna(frame["item_kind"]),
            "Tiêu đề": frame["title"],
            "Liên kết": frame["url"].astype(object).where(frame["url"].notna(), ""),
            "Trạng thái": frame["status"].map(ITEM_STATUSES).fillna(frame["status"]),
            "Ghi chú": [
                resent_note(bool(d), f)
                for d, f in zip(frame["is_duplicate"], frame["first_date"], strict=True)
            ],
        },
        columns=columns,
    )


def item_log(
    con: duckdb.DuckDBPyConnection,
    codes: Sequence[str],
    date_from: date,
    date_to: date,
    ward_name: str | None = None,
    *,
    units: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, int]:
    """The log table of a unit page (see items_table; 'Đơn vị' when several units) and how many
    of its rows are re-sent copies."""
    raw = items(con, codes, date_from, date_to, units=units)
    table = items_table(raw, ward_name=ward_name, with_unit=len(codes) > 1)
    return table, int(raw["is_duplicate"].sum())


def in_depth_articles(
    con: duckdb.DuckDBPyConnection, code: str, year: int, *, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """The unit's in-depth articles of the year, newest first, as items_table shows them."""
    table = items_table(items(con, [code], date(year, 1, 1), date(year, 12, 31), units=units))
    return table[table["Loại"] == ITEM_KINDS["in_depth"]]
