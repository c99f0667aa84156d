"""Absolute dates and windows named in a deadline phrase ("Quý III", "Tháng 4/2026", "05/3/2026").

Rules: a phrase without a year takes the plan's year; a window's due day is its last day
("Quý III" -> 30/09, "Tháng 4/2026" -> 30/04/2026, "Năm 2026" -> 31/12/2026); "Trước ngày
05/3/2026" is due 05/3/2026 (administrative usage: the named day is the deadline); an impossible
day (31/02) is reported, never moved.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}


# --------------------------------------------------------------------------- date helpers


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, 3 * quarter)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def vn_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


# --------------------------------------------------------------------------- absolute windows

# All patterns run on fold()ed text: lower case, no diacritics, punctuation turned into spaces
# ("Quý II/III" -> "quy ii iii", "05/3/2026" -> "05 3 2026", "Tháng 4/2026" -> "thang 4 2026").
_QT = r"(?:iv|i{1,3}|[1-4])\b"
_QUARTERS = re.compile(
    rf"\b(?:quy|q)\s*({_QT}(?:\s+(?:va\s+|den\s+|toi\s+)?(?:(?:quy|q)\s*)?{_QT})*)(?:\s+(?:nam\s+)?(\d{{4}})\b)?"
)
_MT = r"(?:1[0-2]|0?[1-9])\b"
_MONTHS = re.compile(
    rf"\bthang\s+({_MT}(?:\s+(?:va\s+|den\s+|toi\s+)?(?:thang\s+)?{_MT})*)(?:\s+(?:nam\s+)?(\d{{4}})\b)?"
)
_DATE = re.compile(r"(?<!thang )(?<!quy )\b(\d{1,2})\s+(\d{1,2})\s+(\d{4})\b")
_DATE_WORDS = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?\b")
_DATE_NO_YEAR = re.compile(r"\bngay\s+(\d{1,2})\s+(\d{1,2})\b(?!\s+\d)")
_PREFIX = r"(?:(?:hoan\s+thanh|han\s+chot|han|truoc|cham\s+nhat|trong|ngay|vao|den)\s+)*"
_ONLY_DAY_MONTH = re.compile(rf"^{_PREFIX}(\d{{1,2}})\s+(\d{{1,2}})$")
_ONLY_MONTH_YEAR = re.compile(rf"^{_PREFIX}(\d{{1,2}})\s+(\d{{4}})$")
_HALF = re.compile(r"\b(6|9)\s+thang\s+(dau|cuoi)(?:\s+nam)?(?:\s+(\d{4}))?\b")
_YEAR = re.compile(r"\b(?:(?:trong|ca)\s+)?nam\s+(\d{4})\b")
_YEAR_NO_NUMBER = re.compile(r"\b(?:trong|ca)\s+nam\b(?!\s+\d)")
_RANGE = re.compile(r"\btu\s+(.+?)\s+(?:den|toi)\s+(.+)$")


@dataclass(frozen=True)
class Window:
    start: date
    due: date
    label: str  # e.g. 'Quý III/2026', 'tháng 4/2026', '05/03/2026'
    is_day: bool = False
    span: bool = False  # several periods ('Quý II–III/2026', 'từ ... đến ...')


def _year_or(plan_year: int, text: str | None) -> int:
    return int(text) if text else plan_year


def _quarter_window(f: str, plan_year: int) -> Window | None:
    m = _QUARTERS.search(f)
    if not m:
        return None
    tokens = [t for t in re.split(r"\s+", m.group(1)) if t in _ROMAN]
    quarters = sorted({_ROMAN[t] for t in tokens})
    year = _year_or(plan_year, m.group(2))
    first, last = quarters[0], quarters[-1]
    if first == last:
        label = f"Quý {_ROMAN_OUT[first]}/{year}"
    else:
        label = f"Quý {_ROMAN_OUT[first]}–{_ROMAN_OUT[last]}/{year}"
    return Window(quarter_start(year, first), quarter_end(year, last), label, span=first != last)


def _month_window(f: str, plan_year: int) -> Window | None:
    m = _MONTHS.search(f)
    if not m:
        return None
    months = sorted({int(t) for t in re.split(r"\s+", m.group(1)) if t.isdigit()})
    year = _year_or(plan_year, m.group(2))
    first, last = months[0], months[-1]
    label = f"tháng {first}/{year}" if first == last else f"tháng {first}–{last}/{year}"
    return Window(date(year, first, 1), month_end(year, last), label, span=first != last)


def _day_windows(f: str, plan_year: int) -> list[Window] | None:
    """Every explicit day in the text; None when one is impossible (31/02)."""
    found: list[tuple[int, str, str, str | None]] = []
    for m in _DATE.finditer(f):
        found.append((m.start(), m.group(1), m.group(2), m.group(3)))
    for m in _DATE_WORDS.finditer(f):
        found.append((m.start(), m.group(1), m.group(2), m.group(3)))
    if not found:
        bare = _DATE_NO_YEAR.search(f) or _ONLY_DAY_MONTH.match(f)
        if bare:
            found.append((bare.start(), bare.group(1), bare.group(2), None))
    out: list[Window] = []
    for _, d, mo, y in sorted(found):
        day = _safe_date(_year_or(plan_year, y), int(mo), int(d))
        if day is None:
            return None
        out.append(Window(day, day, vn_date(day), is_day=True))
    return out


def _range_window(f: str, plan_year: int) -> Window | bool | None:
    """'từ X đến Y': both ends read on their own; False if either names an impossible day."""
    m = _RANGE.search(f)
    if not m:
        return None
    a, b = absolute_window(m.group(1), plan_year), absolute_window(m.group(2), plan_year)
    if a is False or b is False:
        return False
    if isinstance(a, Window) and isinstance(b, Window) and a.start <= b.due:
        return Window(a.start, b.due, f"từ {a.label} đến {b.label}", span=True)
    return None


def _days_window(f: str, plan_year: int) -> Window | bool | None:
    """One explicit day, or the span of several; False if one is impossible (31/02)."""
    days = _day_windows(f, plan_year)
    if days is None:
        return False
    if len(days) == 1:
        return days[0]
    if days:
        last = max(w.due for w in days)
        return Window(days[0].start, last, f"từ {days[0].label} đến {vn_date(last)}", span=True)
    return None


def _half_window(f: str, plan_year: int) -> Window | None:
    """'6 tháng đầu/cuối năm', '9 tháng đầu năm'."""
    m = _HALF.search(f)
    if not m:
        return None
    year = _year_or(plan_year, m.group(3))
    if m.group(1) == "9":
        return Window(date(year, 1, 1), date(year, 9, 30), f"9 tháng đầu năm {year}")
    if m.group(2) == "dau":
        return Window(date(year, 1, 1), date(year, 6, 30), f"6 tháng đầu năm {year}")
    return Window(date(year, 7, 1), date(year, 12, 31), f"6 tháng cuối năm {year}")


def _month_year_window(f: str, plan_year: int) -> Window | None:
    """A bare 'MM/YYYY'."""
    m = _ONLY_MONTH_YEAR.match(f)
    if m and 1 <= int(m.group(1)) <= 12:
        year, month = int(m.group(2)), int(m.group(1))
        return Window(date(year, month, 1), month_end(year, month), f"tháng {month}/{year}")
    return None


def _year_window(f: str, plan_year: int) -> Window | None:
    """'năm 2026', or 'trong năm' / 'cả năm' (the plan's year)."""
    m = _YEAR.search(f)
    if m:
        year = int(m.group(1))
        return Window(date(year, 1, 1), date(year, 12, 31), f"năm {year}")
    if _YEAR_NO_NUMBER.search(f) or f in ("nam", "ca nam"):
        return Window(date(plan_year, 1, 1), date(plan_year, 12, 31), f"năm {plan_year}")
    return None


# Tried in this order: the first that reads the phrase decides.
_FINDERS = (
    _range_window,
    _days_window,
    _half_window,
    _quarter_window,
    _month_window,
    _month_year_window,
    _year_window,
)


def absolute_window(f: str, plan_year: int) -> Window | bool | None:
    """The window an absolute phrase names; None if none; False if it names an impossible day."""
    for finder in _FINDERS:
        w = finder(f, plan_year)
        if w is not None:
            return w
    return None


def bounded_window(rest: str, plan_year: int) -> Window | None:
    w = absolute_window(rest, plan_year)
    return w if isinstance(w, Window) else None
