"""Today's date in Vietnam, whatever time zone the server keeps.

Plans, quotas and deadlines run on Vietnamese days. A server on UTC (most cloud machines) is a
day behind from 00:00 to 07:00 in Hà Nội: November's quotas would still be running on the
morning of 1 December, and a task due that day not yet late. Vietnam keeps UTC+7 all year (no
daylight saving since 1975), so a fixed offset needs no time-zone database.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


def today() -> date:
    """The date in Vietnam now."""
    return datetime.now(VIETNAM).date()
