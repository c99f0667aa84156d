"""Parse the deadline phrases written in plan task tables ("Thời gian thực hiện/hoàn thành").

Pure functions: no I/O, no Streamlit. Two entry points:

* :func:`parse_deadline` turns a phrase ("Quý III", "05/3/2026", "Định kỳ hằng tháng",
  "Trong 10 ngày kể từ ngày UBND Thành phố ban hành Kế hoạch", ...) into a :class:`Deadline`.
* :func:`occurrences` lists the (start, due) windows a deadline asks for inside a plan period.

Rules (the contract the tests pin down):

* A date is never invented. When a phrase does not fix a day -- "Theo chỉ đạo của Thành phố",
  "Theo chế độ báo cáo CCHC định kỳ", a relative phrase whose reference date is unknown --
  ``due`` is ``None`` and ``note`` says what is missing. Unrecognised text gives
  ``kind='unknown'`` (reported, not guessed). An empty cell gives ``kind='open'``.
* A phrase without a year ("Quý III", "Tháng 9", "Trong năm", "05/3") takes ``plan_year``.
* ``due`` is the last day allowed: "Quý III" -> 30/09, "Tháng 4/2026" -> 30/04/2026,
  "Năm 2026" -> 31/12/2026; "Trước ngày 05/3/2026" is read as due 05/3/2026 (administrative
  usage: the named day is the deadline).
* Recurring phrases ("Định kỳ hằng tuần/tháng/quý", "15 tháng cuối quý") have
  ``kind='recurring'``; their ``start``/``due`` are ``None`` unless the phrase bounds them
  ("Định kỳ hằng tháng trong năm 2026" -> 2026-01-01..2026-12-31). Each occurrence is due on the
  last day of its week (ISO, Monday-Sunday), month or quarter, or on ``day_of_period``.
  A cell naming two rhythms ("hằng tháng đối với tin/bài và hằng quý đối với bài chuyên sâu")
  takes the shorter one; the note names both.
* "Thường xuyên" (continuous) tasks have no single deadline. :func:`occurrences` judges them
  month by month over the plan period (the rhythm of the city's monthly quotas and of the
  monthly review by ward leaders); ``start``/``due`` only carry an explicit bound such as
  "trong năm 2026".
* Relative phrases ("Trong 10 ngày kể từ ngày UBND Thành phố ban hành Kế hoạch", "Chậm nhất 20
  ngày kể từ ...") count calendar days from the reference date: due = reference + N days
  (27/02/2026 + 10 = 09/03/2026). A reference to the plan of "UBND Thành phố" means the plan
  itself when ``is_city_plan`` is true (the city plan's own table), otherwise the parent plan
  the unit plan implements (``parent_plan_date``). "ngày làm việc" (working days) is never
  resolved: public holidays are not known here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.text import fold, nfc

KINDS: tuple[str, ...] = ("date", "window", "recurring", "continuous", "relative", "open", "unknown")
RECURRENCES: tuple[str, ...] = ("week", "month", "quarter", "year")

_RECURRENCE_ORDER = {"week": 0, "month": 1, "quarter": 2, "year": 3}
_RECURRENCE_VI = {"week": "tuần", "month": "tháng", "quarter": "quý", "year": "năm"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
_WEEKDAYS = {"thu hai": 1, "thu ba": 2, "thu tu": 3, "thu nam": 4, "thu sau": 5, "thu bay": 6, "chu nhat": 7}
_WEEKDAYS_VI = {
    1: "thứ Hai",
    2: "thứ Ba",
    3: "thứ Tư",
    4: "thứ Năm",
    5: "thứ Sáu",
    6: "thứ Bảy",
    7: "Chủ nhật",
}


@dataclass(frozen=True)
class Deadline:
    """A parsed deadline phrase.

    kind: 'date' | 'window' | 'recurring' | 'continuous' | 'relative' | 'open' | 'unknown'.
    text: the original phrase, NFC with collapsed spaces.
    start: first day of the window ('date': the due day itself; 'relative': the reference date;
        'recurring'/'continuous': the explicit bound, if any).
    due: last day allowed (None when it cannot be determined, and for unbounded recurring tasks).
    recurrence: 'week' | 'month' | 'quarter' | 'year' for recurring tasks, else None.
    day_of_period: for recurring tasks due before the end of their period, (n, day): the n-th
        month of the period (1-based) and the day of that month; for weekly tasks (1, ISO
        weekday). '15 tháng cuối quý' -> (3, 15). None means the period's last day.
    relative_days: N in 'Trong N ngày kể từ ...'.
    relative_to: 'plan' | 'parent_plan' for relative phrases (None if the reference is neither).
    note: a short Vietnamese explanation a clerk would accept.
    """

    kind: str
    text: str
    start: date | None = None
    due: date | None = None
    recurrence: str | None = None
    day_of_period: tuple[int, int] | None = None
    relative_days: int | None = None
    relative_to: str | None = None
    note: str = ""

    @property
    def has_due(self) -> bool:
        """True when a single last day is known (date, window, resolved relative)."""
        return self.kind in ("date", "window", "relative") and self.due is not None


# --------------------------------------------------------------------------- date helpers


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, 3 * quarter)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _vn(d: date) -> str:
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
_PLAN_PERIOD = re.compile(r"\b(?:ky\s+ke\s+hoach|thoi\s+gian\s+(?:thuc\s+hien\s+)?ke\s+hoach)\b")
_RANGE = re.compile(r"\btu\s+(.+?)\s+(?:den|toi)\s+(.+)$")


@dataclass(frozen=True)
class _Window:
    start: date
    due: date
    label: str  # e.g. 'Quý III/2026', 'tháng 4/2026', '05/03/2026'
    is_day: bool = False
    span: bool = False  # several periods ('Quý II–III/2026', 'từ ... đến ...')


def _year_or(plan_year: int, text: str | None) -> int:
    return int(text) if text else plan_year


def _quarter_window(f: str, plan_year: int) -> _Window | None:
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
    return _Window(_quarter_start(year, first), _quarter_end(year, last), label, span=first != last)


def _month_window(f: str, plan_year: int) -> _Window | None:
    m = _MONTHS.search(f)
    if not m:
        return None
    months = sorted({int(t) for t in re.split(r"\s+", m.group(1)) if t.isdigit()})
    year = _year_or(plan_year, m.group(2))
    first, last = months[0], months[-1]
    label = f"tháng {first}/{year}" if first == last else f"tháng {first}–{last}/{year}"
    return _Window(date(year, first, 1), _month_end(year, last), label, span=first != last)


def _day_windows(f: str, plan_year: int) -> list[_Window] | None:
    """Every explicit day in the text; None when one is impossible (31/02)."""
    found: list[tuple[int, str, str, str | None]] = []
    for m in _DATE.finditer(f):
        found.append((m.start(), m.group(1), m.group(2), m.group(3)))
    for m in _DATE_WORDS.finditer(f):
        found.append((m.start(), m.group(1), m.group(2), m.group(3)))
    if not found:
        m = _DATE_NO_YEAR.search(f) or _ONLY_DAY_MONTH.match(f)
        if m:
            found.append((m.start(), m.group(1), m.group(2), None))
    out: list[_Window] = []
    for _, d, mo, y in sorted(found):
        day = _safe_date(_year_or(plan_year, y), int(mo), int(d))
        if day is None:
            return None
        out.append(_Window(day, day, _vn(day), is_day=True))
    return out


def _absolute(f: str, plan_year: int) -> _Window | bool | None:
    """The window an absolute phrase names; None if none; False if it names an impossible day."""
    m = _RANGE.search(f)
    if m:
        a, b = _absolute(m.group(1), plan_year), _absolute(m.group(2), plan_year)
        if a is False or b is False:
            return False
        if isinstance(a, _Window) and isinstance(b, _Window) and a.start <= b.due:
            return _Window(a.start, b.due, f"từ {a.label} đến {b.label}", span=True)
    days = _day_windows(f, plan_year)
    if days is None:
        return False
    if len(days) == 1:
        return days[0]
    if len(days) > 1:
        last = max(w.due for w in days)
        return _Window(days[0].start, last, f"từ {days[0].label} đến {_vn(last)}", span=True)
    m = _HALF.search(f)
    if m:
        year = _year_or(plan_year, m.group(3))
        if m.group(1) == "9":
            return _Window(date(year, 1, 1), date(year, 9, 30), f"9 tháng đầu năm {year}")
        if m.group(2) == "dau":
            return _Window(date(year, 1, 1), date(year, 6, 30), f"6 tháng đầu năm {year}")
        return _Window(date(year, 7, 1), date(year, 12, 31), f"6 tháng cuối năm {year}")
    for finder in (_quarter_window, _month_window):
        w = finder(f, plan_year)
        if w is not None:
            return w
    m = _ONLY_MONTH_YEAR.match(f)
    if m and 1 <= int(m.group(1)) <= 12:
        year, month = int(m.group(2)), int(m.group(1))
        return _Window(date(year, month, 1), _month_end(year, month), f"tháng {month}/{year}")
    m = _YEAR.search(f)
    if m:
        year = int(m.group(1))
        return _Window(date(year, 1, 1), date(year, 12, 31), f"năm {year}")
    if _YEAR_NO_NUMBER.search(f) or f in ("nam", "ca nam"):
        return _Window(date(plan_year, 1, 1), date(plan_year, 12, 31), f"năm {plan_year}")
    return None


# --------------------------------------------------------------------------- recurring / open

_RECUR = re.compile(r"\b(?:hang|moi)\s+(tuan|thang|quy|nam)\b")
_RECUR_TIMES = re.compile(r"\b\d+\s+lan\s+(?:1\s+|01\s+|mot\s+)?(tuan|thang|quy|nam)\b")
_RECUR_WORD = {"tuan": "week", "thang": "month", "quy": "quarter", "nam": "year"}
_DAY_LAST_MONTH_OF_QUARTER = re.compile(
    r"\b(?:ngay\s+)?(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy\b"
)
_DAY_OF_MONTH = re.compile(r"\bngay\s+(\d{1,2})\s+(?:hang|moi|cua\s+moi|cua\s+hang)\s+thang\b")
_WEEKDAY = re.compile(r"\b(thu\s+(?:hai|ba|tu|nam|sau|bay)|chu\s+nhat)\s+(?:hang|moi)\s+tuan\b")
_CONTINUOUS = re.compile(r"\b(?:thuong\s+xuyen|lien\s+tuc)\b")
_RELATIVE = re.compile(
    r"\b(\d{1,3})\s+ngay(\s+lam\s+viec)?\s+(?:ke\s+tu|tinh\s+tu|sau|ke\s+tu\s+sau)(?:\s+khi)?(?:\s+ngay)?\b(.*)$"
)

# (folded fragment, why no day can be given) -- checked in order; all give kind 'open'.
_OPEN_PHRASES: tuple[tuple[str, str], ...] = (
    (
        "theo che do bao cao",
        "hạn nộp do văn bản về chế độ báo cáo CCHC ấn định, kế hoạch không ghi ngày",
    ),
    ("bao cao cchc dinh ky", "nộp cùng báo cáo CCHC định kỳ, kế hoạch không ghi ngày"),
    ("theo lich", "chưa có lịch cụ thể"),
    ("theo chi dao", "chưa có chỉ đạo cụ thể"),
    ("theo quy dinh", "kế hoạch không ghi chu kỳ, ngày cụ thể"),
    ("khi co yeu cau", "chỉ phát sinh khi có yêu cầu"),
    ("theo yeu cau", "chỉ phát sinh khi có yêu cầu"),
    ("theo huong dan", "chưa có hướng dẫn cụ thể"),
    ("theo ke hoach", "theo kế hoạch riêng, chưa có ngày cụ thể"),
    ("dinh ky", "kế hoạch không ghi chu kỳ, ngày cụ thể"),
)


def _strip_parentheses(text: str) -> tuple[str, list[str]]:
    inner = re.findall(r"\(([^()]*)\)", text)
    return re.sub(r"\([^()]*\)", " ", text), [nfc(s) for s in inner if nfc(s)]


def _remove(f: str, pattern: re.Pattern[str]) -> str:
    return re.sub(r"\s+", " ", pattern.sub(" ", f)).strip()


def _bounds(rest: str, plan_year: int) -> _Window | None:
    w = _absolute(rest, plan_year)
    return w if isinstance(w, _Window) else None


# --------------------------------------------------------------------------- parse


def parse_deadline(
    text: str,
    *,
    plan_year: int,
    plan_start: date,
    plan_end: date,
    plan_date: date | None = None,
    parent_plan_date: date | None = None,
    is_city_plan: bool = False,
) -> Deadline:
    """Parse one 'Thời gian thực hiện' cell.

    plan_year: the year of year-less phrases ('Quý III', 'Trong năm').
    plan_start, plan_end: the plan period ('Trong kỳ kế hoạch' means exactly this window).
    plan_date: the date the plan itself was issued (None when blank in the plan).
    parent_plan_date: the issue date of the plan this one implements (e.g. the city plan).
    is_city_plan: the table belongs to the city's own plan, so 'UBND Thành phố ban hành Kế
        hoạch' refers to this very plan (plan_date), not to a parent plan.
    """
    raw = nfc(text or "")
    core, extras = _strip_parentheses(raw)
    f = fold(core)
    f_all = fold(raw)
    suffix = f" ({'; '.join(extras)})" if extras else ""

    if not f_all:
        return Deadline("open", raw, note="Kế hoạch không ghi thời hạn: chưa xác định hạn")

    # 1. relative to the issue of a plan / decision
    m = _RELATIVE.search(f)
    if m:
        return _relative(raw, m, plan_date, parent_plan_date, is_city_plan, suffix)

    # 2. recurring
    found = [_RECUR_WORD[w] for w in _RECUR.findall(f) + _RECUR_TIMES.findall(f)]
    day_q = _DAY_LAST_MONTH_OF_QUARTER.search(f)
    day_m = _DAY_OF_MONTH.search(f)
    weekday = _WEEKDAY.search(f)
    if day_q:
        found.append("quarter")
    if day_m:
        found.append("month")
    if found:
        rec = min(found, key=_RECURRENCE_ORDER.__getitem__)
        dop: tuple[int, int] | None = None
        if rec == "quarter" and day_q and 1 <= int(day_q.group(1)) <= 31:
            dop = (3, int(day_q.group(1)))
        elif rec == "month" and day_m and 1 <= int(day_m.group(1)) <= 31:
            dop = (1, int(day_m.group(1)))
        elif rec == "week" and weekday:
            dop = (1, _WEEKDAYS[re.sub(r"\s+", " ", weekday.group(1))])
        rest = f_all  # a bound may sit in brackets: 'Hằng tháng (từ tháng 8/2025 đến tháng 12/2025)'
        for pat in (_RECUR, _RECUR_TIMES, _DAY_LAST_MONTH_OF_QUARTER, _DAY_OF_MONTH):
            rest = _remove(rest, pat)
        bound = _bounds(rest, plan_year)
        return Deadline(
            "recurring",
            raw,
            start=bound.start if bound else None,
            due=bound.due if bound else None,
            recurrence=rec,
            day_of_period=dop,
            note=_recurring_note(rec, dop, sorted(set(found), key=_RECURRENCE_ORDER.__getitem__), bound)
            + suffix,
        )

    # 3. continuous ("thường xuyên")
    if _CONTINUOUS.search(f):
        bound = _bounds(_remove(f_all, _CONTINUOUS), plan_year)
        where = f" trong {bound.label}" if bound else " trong kỳ kế hoạch"
        note = f"Thường xuyên{where}: đánh giá theo từng tháng"
        if bound:
            note += f", kết thúc {_vn(bound.due)}"
        return Deadline(
            "continuous",
            raw,
            start=bound.start if bound else None,
            due=bound.due if bound else None,
            note=note + suffix,
        )

    # 4. an absolute date or window
    w = _absolute(f, plan_year)
    if w is False:
        return Deadline("unknown", raw, note=f"Ngày không hợp lệ: «{raw}»; cần nhập hạn cụ thể")
    if isinstance(w, _Window):
        if w.is_day:
            return Deadline("date", raw, start=w.start, due=w.due, note=f"Hạn chót {_vn(w.due)}{suffix}")
        how = "thực hiện" if w.span else "hết"
        note = f"Hạn chót {_vn(w.due)} ({how} {w.label}){suffix}"
        return Deadline("window", raw, start=w.start, due=w.due, note=note)

    if _PLAN_PERIOD.search(f):
        note = f"Hạn chót {_vn(plan_end)} (hết kỳ kế hoạch {_vn(plan_start)}–{_vn(plan_end)}){suffix}"
        return Deadline("window", raw, start=plan_start, due=plan_end, note=note)

    # 5. open-ended ("theo chỉ đạo", "theo lịch", ...)
    for frag, why in _OPEN_PHRASES:
        if frag in f_all:
            return Deadline("open", raw, note=f"{raw}: {why} nên chưa xác định hạn")

    return Deadline("unknown", raw, note=f"Không nhận dạng được thời hạn «{raw}»; cần nhập hạn cụ thể")


def _relative(
    raw: str,
    m: re.Match[str],
    plan_date: date | None,
    parent_plan_date: date | None,
    is_city_plan: bool,
    suffix: str,
) -> Deadline:
    days = int(m.group(1))
    working = bool(m.group(2))
    ref = m.group(3)
    city = bool(re.search(r"\b(?:thanh\s+pho|tp|tinh|ubnd\s+thanh\s+pho|cap\s+tren)\b", ref))
    if city:
        relative_to = "plan" if is_city_plan else "parent_plan"
    elif not ref.strip() or re.search(r"\b(?:ke\s+hoach|quyet\s+dinh|ban\s+hanh|ky)\b", ref):
        relative_to = "plan"
    else:
        relative_to = None
    base = {"plan": plan_date, "parent_plan": parent_plan_date}.get(relative_to) if relative_to else None
    what = {
        "plan": "ngày ban hành Kế hoạch này",
        "parent_plan": "ngày UBND Thành phố ban hành Kế hoạch (kế hoạch cấp trên)",
    }.get(relative_to or "", "mốc được nêu")
    unit = "ngày làm việc" if working else "ngày"
    if working:
        note = f"{days} {unit} kể từ {what}: không tính được hạn vì chưa có lịch ngày nghỉ, lễ"
        return Deadline(
            "relative", raw, start=base, relative_days=days, relative_to=relative_to, note=note + suffix
        )
    if base is None:
        missing = {
            "plan": "chưa có ngày ban hành Kế hoạch này",
            "parent_plan": "chưa có ngày UBND Thành phố ban hành Kế hoạch",
        }.get(relative_to or "", "chưa xác định được ngày làm mốc")
        note = f"{days} {unit} kể từ {what}: {missing} nên chưa xác định được hạn"
        return Deadline("relative", raw, relative_days=days, relative_to=relative_to, note=note + suffix)
    due = base + timedelta(days=days)
    note = f"Hạn chót {_vn(due)} ({days} {unit} kể từ {what}, {_vn(base)})"
    return Deadline(
        "relative", raw, start=base, due=due, relative_days=days, relative_to=relative_to, note=note + suffix
    )


def _recurring_note(
    rec: str, dop: tuple[int, int] | None, all_found: list[str], bound: _Window | None
) -> str:
    if rec == "week":
        head = "Định kỳ hằng tuần (thứ Hai–Chủ nhật)"
        tail = f"hạn chót {_WEEKDAYS_VI[dop[1]]} mỗi tuần" if dop else "hạn chót Chủ nhật mỗi tuần"
    elif rec == "month":
        head = "Định kỳ hằng tháng"
        tail = f"hạn chót ngày {dop[1]} mỗi tháng" if dop else "hạn chót ngày cuối mỗi tháng"
    elif rec == "quarter":
        head = "Định kỳ hằng quý"
        if dop:
            tail = f"hạn chót ngày {dop[1]} tháng cuối quý ({dop[1]}/3, {dop[1]}/6, {dop[1]}/9, {dop[1]}/12)"
        else:
            tail = "hạn chót ngày cuối mỗi quý"
    else:
        head, tail = "Định kỳ hằng năm", "hạn chót 31/12 mỗi năm"
    note = f"{head}: {tail}"
    others = [r for r in all_found if r != rec]
    if others:
        note += (
            "; phần việc "
            + ", ".join("hằng " + _RECURRENCE_VI[r] for r in others)
            + " theo dõi trong cùng kỳ"
        )
    if bound:
        note += f"; trong {bound.label}"
    return note


# --------------------------------------------------------------------------- occurrences


def _periods(rec: str, lo: date, hi: date) -> list[tuple[date, date]]:
    """Calendar periods (week: ISO Monday-Sunday) overlapping [lo, hi], unclipped."""
    out: list[tuple[date, date]] = []
    if rec == "week":
        cur = lo - timedelta(days=lo.weekday())
        while cur <= hi:
            out.append((cur, cur + timedelta(days=6)))
            cur += timedelta(days=7)
    elif rec == "month":
        y, m = lo.year, lo.month
        while date(y, m, 1) <= hi:
            out.append((date(y, m, 1), _month_end(y, m)))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    elif rec == "quarter":
        y, q = lo.year, (lo.month - 1) // 3 + 1
        while _quarter_start(y, q) <= hi:
            out.append((_quarter_start(y, q), _quarter_end(y, q)))
            y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    elif rec == "year":
        for y in range(lo.year, hi.year + 1):
            out.append((date(y, 1, 1), date(y, 12, 31)))
    return out


def _due_in(rec: str, p_start: date, p_end: date, dop: tuple[int, int] | None) -> date:
    if dop is None:
        return p_end
    n, day = dop
    if rec == "week":
        return p_start + timedelta(days=day - 1)
    month_index = p_start.month + n - 1
    year = p_start.year + (month_index - 1) // 12
    month = (month_index - 1) % 12 + 1
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def occurrences(d: Deadline, plan_start: date, plan_end: date) -> list[tuple[date, date]]:
    """(start, due) of each occurrence of the deadline.

    * 'date', 'window', resolved 'relative': exactly one, as parsed (not clipped: a deadline
      outside the plan period is still the deadline).
    * 'recurring': one per ISO week / month / quarter / year overlapping the plan period (and the
      phrase's own bound, if any), start and due clipped to it; an occurrence whose due day falls
      before the period starts is dropped. ISO week 53 of 2026 (28/12/2026-03/01/2027) in a plan
      ending 31/12/2026 gives (2026-12-28, 2026-12-31).
    * 'continuous': one per calendar month of the plan period (clipped the same way): a
      "thường xuyên" task is judged by its current month.
    * 'open', 'unknown', unresolved 'relative': none.
    """
    if d.kind in ("date", "window", "relative"):
        return [(d.start or d.due, d.due)] if d.due is not None else []
    if d.kind not in ("recurring", "continuous"):
        return []
    lo = max(plan_start, d.start) if d.start else plan_start
    hi = min(plan_end, d.due) if d.due else plan_end
    if hi < lo:
        return []
    rec = d.recurrence if d.kind == "recurring" else "month"
    if rec is None:
        return []
    dop = d.day_of_period if d.kind == "recurring" else None
    out: list[tuple[date, date]] = []
    for p_start, p_end in _periods(rec, lo, hi):
        start = max(p_start, lo)
        due = min(_due_in(rec, p_start, p_end, dop), hi)
        if due < start:
            continue
        out.append((start, due))
    return out
