"""Parse the deadline phrases written in plan task tables ("Thời gian thực hiện/hoàn thành").

Pure functions: no I/O, no Streamlit. :func:`parse_deadline` turns a phrase ("Quý III",
"05/3/2026", "Định kỳ hằng tháng", "Trong 10 ngày kể từ ngày UBND Thành phố ban hành Kế hoạch",
...) into a :class:`Deadline`; the dates and windows a phrase names are read in
cchc.tasks.windows, the occurrences a deadline asks for are listed in cchc.tasks.occurrences.

The rule above all: a date is never invented. When a phrase does not fix a day -- "Theo chỉ đạo
của Thành phố", "Theo chế độ báo cáo CCHC định kỳ", a relative phrase whose reference date is
unknown -- ``due`` is ``None`` and ``note`` says what is missing. Unrecognised text gives
``kind='unknown'`` (reported, not guessed). An empty cell gives ``kind='open'``. The rules of
each kind of phrase sit with the function that reads it (_recurring, _continuous, _relative).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.tasks.windows import Window, absolute_window, bounded_window, vn_date
from cchc.text import fold, nfc

KINDS: tuple[str, ...] = ("date", "window", "recurring", "continuous", "relative", "open", "unknown")
RECURRENCES: tuple[str, ...] = ("week", "month", "quarter", "year")

_RECURRENCE_ORDER = {"week": 0, "month": 1, "quarter": 2, "year": 3}
_RECURRENCE_VI = {"week": "tuần", "month": "tháng", "quarter": "quý", "year": "năm"}
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


_PLAN_PERIOD = re.compile(r"\b(?:ky\s+ke\s+hoach|thoi\s+gian\s+(?:thuc\s+hien\s+)?ke\s+hoach)\b")
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
    f, f_all = fold(core), fold(raw)
    suffix = f" ({'; '.join(extras)})" if extras else ""
    if not f_all:
        return Deadline("open", raw, note="Kế hoạch không ghi thời hạn: chưa xác định hạn")
    m = _RELATIVE.search(f)
    if m:  # relative to the issue of a plan / decision: checked first
        return _relative(raw, m, plan_date, parent_plan_date, is_city_plan, suffix)
    found = _recurring(raw, f, f_all, plan_year, suffix) or _continuous(raw, f, f_all, plan_year, suffix)
    if found is not None:
        return found
    w = absolute_window(f, plan_year)
    if w is False:
        return Deadline("unknown", raw, note=f"Ngày không hợp lệ: «{raw}»; cần nhập hạn cụ thể")
    if isinstance(w, Window):
        if w.is_day:
            return Deadline("date", raw, start=w.start, due=w.due, note=f"Hạn chót {vn_date(w.due)}{suffix}")
        how = "thực hiện" if w.span else "hết"
        note = f"Hạn chót {vn_date(w.due)} ({how} {w.label}){suffix}"
        return Deadline("window", raw, start=w.start, due=w.due, note=note)
    if _PLAN_PERIOD.search(f):
        note = f"Hạn chót {vn_date(plan_end)} (hết kỳ kế hoạch {vn_date(plan_start)}–{vn_date(plan_end)}){suffix}"
        return Deadline("window", raw, start=plan_start, due=plan_end, note=note)
    for frag, why in _OPEN_PHRASES:  # open-ended: "theo chỉ đạo", "theo lịch", ...
        if frag in f_all:
            return Deadline("open", raw, note=f"{raw}: {why} nên chưa xác định hạn")
    return Deadline("unknown", raw, note=f"Không nhận dạng được thời hạn «{raw}»; cần nhập hạn cụ thể")


def _recurring(raw: str, f: str, f_all: str, plan_year: int, suffix: str) -> Deadline | None:
    """'Định kỳ hằng tuần/tháng/quý', '15 tháng cuối quý': kind 'recurring', or None.

    start/due are None unless the phrase bounds them ('Định kỳ hằng tháng trong năm 2026' ->
    2026-01-01..2026-12-31). Each occurrence is due on the last day of its week (ISO,
    Monday-Sunday), month or quarter, or on day_of_period. A cell naming two rhythms ('hằng
    tháng đối với tin/bài và hằng quý đối với bài chuyên sâu') takes the shorter; the note
    names both.
    """
    found = [_RECUR_WORD[w] for w in _RECUR.findall(f) + _RECUR_TIMES.findall(f)]
    day_q = _DAY_LAST_MONTH_OF_QUARTER.search(f)
    day_m = _DAY_OF_MONTH.search(f)
    weekday = _WEEKDAY.search(f)
    if day_q:
        found.append("quarter")
    if day_m:
        found.append("month")
    if not found:
        return None
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
    bound = bounded_window(rest, plan_year)
    rhythms = sorted(set(found), key=_RECURRENCE_ORDER.__getitem__)
    return Deadline(
        "recurring",
        raw,
        start=bound.start if bound else None,
        due=bound.due if bound else None,
        recurrence=rec,
        day_of_period=dop,
        note=_recurring_note(rec, dop, rhythms, bound) + suffix,
    )


def _continuous(raw: str, f: str, f_all: str, plan_year: int, suffix: str) -> Deadline | None:
    """'Thường xuyên': no single deadline, judged month by month (cchc.tasks.occurrences), or None.

    start/due only carry an explicit bound such as 'trong năm 2026'.
    """
    if not _CONTINUOUS.search(f):
        return None
    bound = bounded_window(_remove(f_all, _CONTINUOUS), plan_year)
    where = f" trong {bound.label}" if bound else " trong kỳ kế hoạch"
    note = f"Thường xuyên{where}: đánh giá theo từng tháng"
    if bound:
        note += f", kết thúc {vn_date(bound.due)}"
    return Deadline(
        "continuous",
        raw,
        start=bound.start if bound else None,
        due=bound.due if bound else None,
        note=note + suffix,
    )


def _relative(
    raw: str,
    m: re.Match[str],
    plan_date: date | None,
    parent_plan_date: date | None,
    is_city_plan: bool,
    suffix: str,
) -> Deadline:
    """'Trong 10 ngày kể từ ngày UBND Thành phố ban hành Kế hoạch', 'Chậm nhất 20 ngày kể từ ...'.

    Calendar days from the reference date: due = reference + N days (27/02/2026 + 10 =
    09/03/2026). A reference to the plan of "UBND Thành phố" means the plan itself when
    is_city_plan (the city plan's own table), otherwise the parent plan the unit plan implements
    (parent_plan_date). "ngày làm việc" (working days) is never resolved: public holidays are
    not known here.
    """
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
    note = f"Hạn chót {vn_date(due)} ({days} {unit} kể từ {what}, {vn_date(base)})"
    return Deadline(
        "relative", raw, start=base, due=due, relative_days=days, relative_to=relative_to, note=note + suffix
    )


def _recurring_note(rec: str, dop: tuple[int, int] | None, all_found: list[str], bound: Window | None) -> str:
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
