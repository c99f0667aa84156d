"""Đôn đốc's numbers: the units to remind in a period and what each is missing (shared by the
overview's reminder table, the Đôn đốc page, its .xlsx list and the letters)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from cchc.periods import Period
from cchc.quotas import numbers, summary
from cchc.vocab import CHANNELS, CHUA_DAT, DANG_THUC_HIEN, UNIT_KINDS

SHORT_STATUSES: tuple[str, ...] = numbers.SHORT


def vn_int(value: Any) -> str:
    """12.345 (Vietnamese thousands separator)."""
    return f"{int(value):,}".replace(",", ".")


def vn_date(value: Any) -> str:
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def scope_units(
    con: duckdb.DuckDBPyConnection,
    kind: str | None = None,
    unit: str | None = None,
    allowed: Sequence[str] | None = None,
) -> list[str] | None:
    """Unit codes for a kind and/or one unit, within the user's `allowed` units (None: every
    unit). None means no restriction at all."""
    if unit:
        codes: list[str] | None = [unit]
    elif kind:
        codes = summary.units_list(con, kinds=[kind])["code"].tolist()
    else:
        codes = None
    if allowed is None:
        return codes
    if codes is None:
        return list(allowed)
    permitted = set(allowed)
    return [c for c in codes if c in permitted]


def detail_of(rows: pd.DataFrame, statuses: Sequence[str] = SHORT_STATUSES) -> pd.DataFrame:
    """The short rule-periods among judged `rows` (with the chosen statuses), with what is missing."""
    short = rows[numbers.is_short(rows) & rows["status"].isin(list(statuses))].copy()
    short["missing"] = numbers.missing(short)
    short["kind_label"] = short["unit_kind"].map(UNIT_KINDS)
    short["channel_label"] = short["channel"].map(CHANNELS)
    short["period_text"] = [
        f"{vn_date(a)} – {vn_date(b)}"
        for a, b in zip(short["period_start"], short["period_end"], strict=True)
    ]
    order = {CHUA_DAT: 0, DANG_THUC_HIEN: 1}
    short = short.sort_values(
        ["unit_name", "status", "period_start", "rule"],
        key=lambda s: s.map(order) if s.name == "status" else s,
    )
    return short.reset_index(drop=True)


def behind(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    as_of: date,
    units: Sequence[str] | None = None,
    statuses: Sequence[str] = SHORT_STATUSES,
) -> pd.DataFrame:
    """Every rule-period judged in `period` not met (with the chosen statuses), with what is missing."""
    return detail_of(summary.shortfalls(con, period, as_of, units), statuses)


def per_unit(detail: pd.DataFrame) -> pd.DataFrame:
    """One row per unit behind (numbers.per_unit and numbers.behind, as the overview): counts by
    status, items missing, and the quotas in words."""
    columns = [
        "unit_code",
        "unit_name",
        "unit_kind",
        "kind_label",
        "missed",
        "running",
        "missing",
        "missing_text",
    ]
    if detail.empty:
        return pd.DataFrame(columns=columns)
    texts = {
        code: "; ".join(
            f"{r.rule_label} ({r.period_text}: {vn_int(r.actual)}/{vn_int(r.required)})"
            for r in rows.itertuples()
        )
        for code, rows in detail.groupby("unit_code")
    }
    out = numbers.behind(numbers.per_unit(detail))
    out["kind_label"] = out["unit_kind"].map(UNIT_KINDS)
    out["missing_text"] = out["unit_code"].map(texts)
    return out[columns].reset_index(drop=True)
