"""Period specifications used by the CLI and pages: 2026-03, 2026-Q2, 2026-W14, 2026, A..B."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta


class PeriodError(ValueError):
    """A period specification that is not one of the accepted forms."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    spec: str


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")


def _bounds(spec: str) -> tuple[date, date]:
    if m := _MONTH.match(spec):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"tháng không hợp lệ trong '{spec}'")
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if m := _QUARTER.match(spec):
        year, q = int(m[1]), int(m[2])
        first = 3 * q - 2
        return date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])
    if m := _WEEK.match(spec):
        year, week = int(m[1]), int(m[2])
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError as exc:
            raise PeriodError(f"năm {year} không có tuần {week}") from exc
        return monday, monday + timedelta(days=6)
    if m := _YEAR.match(spec):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    raise PeriodError(
        f"kỳ '{spec}' không hợp lệ; dùng 2026-03, 2026-Q2, 2026-W14, 2026 hoặc 2025-08..2025-12"
    )


def parse_period(spec: str) -> Period:
    """Parse a period spec into inclusive start/end dates (weeks are ISO weeks)."""
    text = spec.strip()
    if ".." in text:
        left, _, right = text.partition("..")
        start, _ = _bounds(left.strip())
        _, end = _bounds(right.strip())
        if end < start:
            raise PeriodError(f"kỳ '{spec}' kết thúc trước khi bắt đầu")
        return Period(start, end, text)
    start, end = _bounds(text)
    return Period(start, end, text)


def month_spec(day: date) -> str:
    return f"{day.year}-{day.month:02d}"
