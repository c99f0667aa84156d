"""CSV writing that spreadsheets cannot run: text cells that start a formula are neutralised.

OWASP's advice for CSV injection: prefix a single quote to any text cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, so Excel/LibreOffice show it as text.
Numbers and dates are not user text and are written as they are (a negative number stays -3).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value for a CSV cell: text that a spreadsheet would read as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def iso_date(value: object) -> object:
    """A date as YYYY-MM-DD (DuckDB dates may arrive as pandas Timestamps); other values as they are."""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return value


def write_rows(out: IO[str], header: Iterable[str], rows: Iterable[Iterable[object]]) -> None:
    """Write a header and rows as CSV (\\n line ends), every text cell through safe_cell."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
