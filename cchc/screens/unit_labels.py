"""How a unit page names periods, plans, communes and offices."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from cchc import db
from cchc.text import fold

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(period: str, start: date, end: date) -> str:
    """How people name a period: 'Tháng 3/2026', 'Quý I/2026', 'Tuần 14 (30/03–05/04)'."""
    if period == "week":
        return f"Tuần {start.isocalendar().week} ({start:%d/%m}–{end:%d/%m})"
    if period == "month":
        return f"Tháng {start.month}/{start.year}"
    if period == "quarter":
        return f"Quý {ROMAN[(start.month - 1) // 3 + 1]}/{start.year}"
    if period == "year":
        return f"Năm {start.year}"
    whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1
    if whole_months and start.year == end.year:
        return f"Cả kỳ {start:%m}–{end:%m/%Y}"
    if whole_months:
        return f"Cả kỳ {start:%m/%Y}–{end:%m/%Y}"
    return f"Cả kỳ {start:%d/%m/%Y}–{end:%d/%m/%Y}"


def column_label(period: str, start: date, end: date) -> str:
    """The shorter heading of a grid column (the grid is for one year)."""
    if period == "month":
        return f"T{start.month}"
    if period == "quarter":
        return f"Quý {ROMAN[(start.month - 1) // 3 + 1]}"
    return period_label(period, start, end)


def commune_word(name: str) -> str:
    """'xã', 'phường' or 'đặc khu', as the commune's name begins (for 'thuộc phường' and the like)."""
    folded = fold(name)
    for word, key in (("phường", "phuong"), ("đặc khu", "dac khu"), ("xã", "xa")):
        if folded.startswith(key + " "):
            return word
    return "xã, phường"


def short_office_name(name: str, ward_name: str) -> str:
    """'Phòng Văn hóa - Xã hội (Phường Phúc Lợi)' → 'Phòng Văn hóa - Xã hội' on its ward's page."""
    suffix = f" ({ward_name})"
    return name[: -len(suffix)] if name.endswith(suffix) else name


def plan_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Plan code → the label people know it by ('75/KH-UBND')."""
    plans = db.run(con, "quotas/unit_plans")
    return dict(zip(plans["plan_code"], plans["plan_label"], strict=True))
