"""The one .xlsx writer: every workbook the app hands out is written here, with xlsxwriter.

Every string goes into the workbook through `write_string` with formula, URL and number guessing
off, so a unit name or title typed as `=HYPERLINK(...)`, `+1`, `-2` or `@x` stays text in Excel.
"""

from __future__ import annotations

import io
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from cchc.vocab import STATUS_COLORS

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Written into every workbook (xlsxwriter's own guessing would turn "=…" into a formula).
WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


# --- safe workbook writing --------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """One column of a sheet: the frame field, its Vietnamese header, width and kind."""

    field: str
    label: str
    width: float = 14
    kind: str = "text"  # text | int | pct | date | status


class Sheets:
    """A workbook with the house formats: title rows, bordered headers, coloured statuses."""

    def __init__(self, buffer: io.BytesIO) -> None:
        self.book: Workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
        add = self.book.add_format
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "top"}
        cell = {**base, "border": 1, "border_color": "#bfbfbf"}
        self.title = add({**base, "bold": True, "font_size": 14})
        self.subtitle = add({**base, "italic": True})
        self.note = add({**base, "italic": True, "font_color": "#595959"})
        self.header = add(
            {
                **cell,
                "bold": True,
                "text_wrap": True,
                "bg_color": "#dce6f1",
                "align": "center",
                "valign": "vcenter",
            }
        )
        self.formats = {
            "text": add({**cell, "text_wrap": True}),
            "int": add({**cell, "num_format": "#,##0"}),
            "pct": add({**cell, "num_format": "0%"}),
            "date": add({**cell, "num_format": "dd/mm/yyyy", "align": "center"}),
            "status": add({**cell, "align": "center"}),
        }
        self.status_formats = {
            status: add({"bg_color": color, "font_color": "#ffffff", "bold": True})
            for status, color in STATUS_COLORS.items()
        }
        self.label = add({**cell, "bold": True})
        self.day = add({"num_format": "dd/mm/yyyy"})  # a whole column of dates (template, demo logs)

    def sheet(self, name: str, title: str, subtitle: str = "", note: str = "") -> Worksheet:
        ws = self.book.add_worksheet(name)
        ws.hide_gridlines(2)
        write_value(ws, 0, 0, title, self.title)
        if subtitle:
            write_value(ws, 1, 0, subtitle, self.subtitle)
        if note:
            write_value(ws, 2, 0, note, self.note)
        return ws

    def table(
        self,
        ws: Worksheet,
        frame: pd.DataFrame,
        columns: Sequence[Col],
        first_row: int = 4,
        freeze_cols: int = 0,
    ) -> int:
        """Write a header and rows at `first_row`; freeze the panes below the header; return the
        row after the table."""
        for c, col in enumerate(columns):
            write_value(ws, first_row, c, col.label, self.header)
            ws.set_column(c, c, col.width)
        ws.set_row(first_row, 32)
        for r, record in enumerate(frame.to_dict("records"), start=first_row + 1):
            for c, col in enumerate(columns):
                write_value(ws, r, c, record.get(col.field), self.formats[col.kind])
        last = first_row + len(frame)
        ws.freeze_panes(first_row + 1, freeze_cols)
        if len(frame):
            ws.autofilter(first_row, 0, last, len(columns) - 1)
            for c, col in enumerate(columns):
                if col.kind == "status":
                    for status, fmt in self.status_formats.items():
                        ws.conditional_format(
                            first_row + 1,
                            c,
                            last,
                            c,
                            {"type": "cell", "criteria": "==", "value": f'"{status}"', "format": fmt},
                        )
        return last + 1

    def close(self) -> None:
        self.book.close()


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Write one cell by the Python type of `value`; text is always stored as text."""
    if _is_missing(value):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, pd.Timestamp):
        ws.write_datetime(row, col, value.to_pydatetime().replace(tzinfo=None), fmt)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, value.replace(tzinfo=None), fmt)
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    elif isinstance(value, numbers.Real):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def write_row(ws: Worksheet, row: int, col: int, values: Sequence[Any], fmt: Any = None) -> None:
    """Write values left to right from (row, col), each through write_value."""
    for offset, value in enumerate(values):
        write_value(ws, row, col + offset, value, fmt)


def write_column(ws: Worksheet, row: int, col: int, values: Sequence[Any], fmt: Any = None) -> None:
    """Write values top to bottom from (row, col), each through write_value."""
    for offset, value in enumerate(values):
        write_value(ws, row + offset, col, value, fmt)
