"""Today's date in Vietnam, whatever time zone the server keeps.

Plans, quotas and deadlines run on Vietnamese days. A server on UTC (most cloud machines) is a
day behind from 00:00 to 07:00 in Hà Nội: November's quotas would still be running on the
morning of 1 December, and a task due that day not yet late. Vietnam keeps UTC+7 all year (no
daylight saving since 1975), so a fixed offset needs no time-zone database.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


def now() -> datetime:
    """The time in Vietnam now (backups are named with it: the time users read everywhere else)."""
    return datetime.now(VIETNAM)


def today() -> date:
    """The date in Vietnam now."""
    return now().date()


# The demo database's logs and task completions stop on this day (cchc.demo), and its pages
# keep to it: opened later (next month, next year) they would open on a month with nothing in it.
DEMO_DAY = date(2026, 11, 20)


def page_day(demo: bool) -> date:
    """The day the pages compute as of: today in Vietnam; on the demo database, no later than
    the last day of its made-up data."""
    day = today()
    return min(day, DEMO_DAY) if demo else day
