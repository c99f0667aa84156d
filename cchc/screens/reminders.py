"""Đôn đốc as data: the units behind in a month, what each misses, the list and the letters.

The month's rule-periods are those the overview judges in that month (cchc.quotas), so the
overview's reminder table and this page give the same units and the same missing items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from cchc import provinces
from cchc.exports import letters
from cchc.quotas import behind, numbers, summary
from cchc.vocab import CHUA_DAT, DANG_THUC_HIEN, UNIT_KINDS

ALL_KINDS = "all"
# Status codes of the URL (?status=missed,running) and their words.
STATUS_CODES = {"missed": CHUA_DAT, "running": DANG_THUC_HIEN}


def _kind(kind: str) -> str | None:
    return None if kind == ALL_KINDS else kind


def picker_units(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The units of `kind` (or of every kind) the user may pick, of `province` when given."""
    kinds = _kind(kind)
    within = provinces.within(con, province, units)
    return summary.units_list(con, kinds=None if kinds is None else [kinds], units=within)


def scope_label(kind: str) -> str:
    return "tất cả đơn vị" if kind == ALL_KINDS else UNIT_KINDS[kind].lower()


@dataclass(frozen=True)
class Reminders:
    """The page's figures: every unit with something due (`head`), and the short rule-periods
    with the chosen statuses (`detail`), one row per unit behind (`units`)."""

    head: numbers.Headline
    detail: pd.DataFrame
    units: pd.DataFrame

    @property
    def missed(self) -> int:
        return int((self.detail["status"] == CHUA_DAT).sum())

    @property
    def running(self) -> int:
        return int((self.detail["status"] == DANG_THUC_HIEN).sum())

    @property
    def missing(self) -> int:
        return int(self.detail["missing"].sum())


def reminders(
    con: duckdb.DuckDBPyConnection,
    year: int,
    month: int,
    as_of: date,
    kind: str,
    unit: str,
    statuses: Sequence[str],
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> Reminders:
    """The units behind in a month, among `kind` and/or `unit`, within the user's `units` (and
    `province`, when given)."""
    codes = behind.scope_units(con, _kind(kind), unit or None, provinces.within(con, province, units))
    rows = summary.in_month(
        summary.judged_rows(con, summary.month_period(year, month), as_of, codes), year, month
    )
    detail = behind.detail_of(rows, statuses)
    return Reminders(numbers.headline(rows), detail, behind.per_unit(detail))


def letter(
    con: duckdb.DuckDBPyConnection, detail: pd.DataFrame, code: str, options: letters.LetterOptions
) -> bytes:
    """One unit's reminder letter (.docx) from the page's `detail`, or b"" when it is not behind."""
    made = letters.reminder_letter(con, code, detail, options)
    return b"" if made is None else made.data
