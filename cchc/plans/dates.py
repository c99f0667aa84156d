"""From which day an amendment or a retirement takes a rule over: the first of its periods that
starts on or after the day asked for.

A period that has begun keeps the rule it began with (past periods keep their rules, later ones
take the new), so a month, quarter or year is never cut into a part judged by each rule. Weeks
start on Monday (ISO), as the fulfillment query counts them; a 'window' rule has no periods and
changes on the day itself.
"""

from __future__ import annotations

from datetime import date, timedelta


def _next_month_start(d: date, months: int) -> date:
    """The first day of the first block of `months` months (aligned to January) after d's."""
    index = (d.month - 1) // months * months + months  # 0-based month of the next block
    return date(d.year + index // 12, index % 12 + 1, 1)


def first_period_start(period: str, day: date) -> date:
    """The start of the first `period` that begins on or after `day`."""
    if period == "week":
        return day + timedelta(days=(7 - day.weekday()) % 7)
    months = {"month": 1, "quarter": 3, "year": 12}.get(period)
    if months is None:  # 'window': no periods
        return day
    if day.day == 1 and (day.month - 1) % months == 0:
        return day
    return _next_month_start(day, months)
