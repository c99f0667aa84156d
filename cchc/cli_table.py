"""`--format table`: Vietnamese headings, columns that fit a terminal of 100 characters.

Long texts (unit names, quota labels, task names) wrap inside their column instead of widening
the line; the narrow columns (dates, counts, status) keep their width.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 100
GAP = "  "


@dataclass(frozen=True)
class Column:
    heading: str
    key: str
    wraps: bool = False  # may wrap onto several lines when the table is too wide
    right: bool = False  # numbers line up on the right


def _text(value: object) -> str:
    if value is None or value != value:  # None or NaN: an empty cell
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")  # as in the CSV output: one way to write a date
    return str(value)


def _widths(columns: Sequence[Column], cells: list[list[str]], width: int) -> list[int]:
    """Each column's natural width, the wrapping ones shrunk (widest first) until the line fits."""
    widths = [max([len(c.heading), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    budget = width - len(GAP) * (len(columns) - 1)
    floors = [max(len(c.heading), 8) if c.wraps else widths[i] for i, c in enumerate(columns)]
    while sum(widths) > budget:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def render(columns: Sequence[Column], rows: Sequence[dict[str, object]], width: int = WIDTH) -> str:
    """The rows as a text table at most `width` characters wide (when the fixed columns allow)."""
    cells = [[_text(row[c.key]) for c in columns] for row in rows]
    widths = _widths(columns, cells, width)

    def line(parts: Sequence[str]) -> str:
        padded = [
            p.rjust(w) if c.right else p.ljust(w) for p, w, c in zip(parts, widths, columns, strict=True)
        ]
        return GAP.join(padded).rstrip()

    out = [line([c.heading for c in columns]), line(["-" * w for w in widths])]
    for row in cells:
        wrapped = [
            textwrap.wrap(text, w, break_long_words=True) or [""] for text, w in zip(row, widths, strict=True)
        ]
        for k in range(max(len(parts) for parts in wrapped)):
            out.append(line([parts[k] if k < len(parts) else "" for parts in wrapped]))
    return "\n".join(out)


FULFILLMENT = [
    Column("Đơn vị", "unit_name", wraps=True),
    Column("Định mức", "rule_label", wraps=True),
    Column("Từ ngày", "period_start"),
    Column("Đến ngày", "period_end"),
    Column("Cần", "required", right=True),
    Column("Đã có", "actual", right=True),
    Column("Trạng thái", "status"),
]

# `fulfillment --by kind-month`: rule-periods due and met per unit kind x judged month.
KIND_MONTH = [
    Column("Loại đơn vị", "kind_label"),
    Column("Tháng", "month_label"),
    Column("Đến hạn", "due", right=True),
    Column("Đạt", "met", right=True),
]

TASKS = [
    Column("Kế hoạch", "plan"),
    Column("STT", "stt", right=True),
    Column("Nhiệm vụ", "task", wraps=True),
    Column("Chủ trì", "lead_units", wraps=True),
    Column("Hạn", "due_date"),
    Column("Trạng thái", "status"),
]
