"""What the sidebar's pickers offer: the months and years with a plan running or data recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb

from cchc import db


def active_months(
    con: duckdb.DuckDBPyConnection, *, units: Sequence[str] | None = None
) -> list[tuple[int, int]]:
    """(year, month) of every month a plan covers or with publications of `units` (None: any unit),
    oldest first."""
    months = db.run(con, "meta/active_months", {"units": None if units is None else list(units)})["month"]
    return [(d.year, d.month) for d in (date.fromisoformat(str(m)[:10]) for m in months)]


def pick_month(
    months: Sequence[tuple[int, int]], year: int, month: int, today: date
) -> tuple[list[int], int, list[int], int]:
    """(years offered, year, that year's months offered, month): the asked month when offered,
    else the nearest offered one (in the asked year when it has any, else today's or the latest
    year). Nothing offered (an empty database): today's year and month alone."""
    if not months:
        return [today.year], today.year, [today.month], today.month
    years = sorted({y for y, _ in months})
    if year not in years:
        year = today.year if today.year in years else years[-1]
        month = today.month if year == today.year else 12
    offered = [m for y, m in months if y == year]
    if month not in offered:
        month = min(offered, key=lambda m: (abs(m - month), -m))
    return years, year, offered, month
