"""The occurrences of a deadline: the (start, due) windows it asks for inside a plan period.

"Thường xuyên" (continuous) tasks have no single deadline: they are judged month by month over
the plan period (the rhythm of the city's monthly quotas and of the monthly review by ward
leaders). Where a plan's recurring occurrences begin is PlanContext.timeline_start (plans.py).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from cchc.tasks.deadlines import Deadline
from cchc.tasks.windows import month_end, quarter_end, quarter_start


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
            out.append((date(y, m, 1), month_end(y, m)))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    elif rec == "quarter":
        y, q = lo.year, (lo.month - 1) // 3 + 1
        while quarter_start(y, q) <= hi:
            out.append((quarter_start(y, q), quarter_end(y, q)))
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
