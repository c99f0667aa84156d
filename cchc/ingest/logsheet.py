"""One sheet's rows below its header, or one slice of them: which are data rows (not blank,
totals, a repeated header, a numbering row), cells under vertical merges filled, columns cleaned.
What a slice passes on to the next (a totals row seen, merges running on) is in Carry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc.ingest import values as v
from cchc.ingest.headers import Header
from cchc.ingest.report import RowProblems
from cchc.ingest.workbook import RawSheet

CONTENT_FIELDS = ("date", "title", "url")  # a row with none of these is a blank template row
# First non-empty cell of a totals row: "Tổng cộng", "Tổng số tin", "Cộng: 12", "Tổng 15" (after NFC + lower).
_TOTALS = r"^(?:(?:tổng cộng|tổng số|tong cong|tong so)\b.*|(?:tổng|cộng|tong|cong)\s*(?:[:(\-–].*|\d.*)?)$"
_NUMBERING = r"^\(?(?:\d{1,2}|[a-zA-Z])\)?$"  # "(1) (2) (3)…" row under a header


@dataclass
class Carry:
    """What validating a sheet's slice passes on to the next slice."""

    parts: int = 0  # slices validated so far
    totals: bool = False  # a totals row above: below it only rows with a date are items
    # Vertical merges running on into the next slice: (column position, first row) → top cell.
    tops: dict[tuple[int, int], str | None] = field(default_factory=dict)


def _fill_merged(sheet: RawSheet, pos: int, data_row: int, carry: Carry) -> pa.Array:
    """A column where cells under a vertical merge take its top cell's value, as Excel shows them.

    Clerks often merge the unit (or date) cell over all of a unit's rows. Merges start at
    `data_row` or below (those inside the header are the header's business); one whose top
    cell is in an earlier slice takes it from `carry`, one running on past this slice leaves it there.
    """
    col = sheet.columns[pos]
    first_row, n = sheet.first_row, len(col)
    index = None
    tops: list[str | None] = []  # top cells of earlier slices, appended to the column
    for at, first, last in sheet.merged:
        if at != pos or first < data_row or last < first_row or first >= first_row + n:
            continue
        if last >= first_row + n:
            carry.tops[(pos, first)] = (
                col[first - first_row].as_py() if first >= first_row else carry.tops.get((pos, first))
            )
        index = np.arange(n) if index is None else index
        if first >= first_row:
            top = first - first_row
        else:
            top = n + len(tops)
            tops.append(carry.tops.get((pos, first)))
        index[max(first + 1 - first_row, 0) : min(last + 1 - first_row, n)] = top
    if index is None:
        return col
    source = pa.concat_arrays([col, pa.array(tops, col.type)]) if tops else col
    return source.take(pa.array(index))


def _totals(sheet: RawSheet, start: int) -> np.ndarray:
    """Rows from `start` on whose first non-empty cell is a totals label."""
    cols = [c.slice(start) for c in sheet.columns]
    first = pc.coalesce(*cols) if len(cols) > 1 else cols[0]
    maybe = v.to_numpy_bool(pc.match_substring_regex(first, r"^\s*[tTcC]"))  # cheap pre-filter
    totals = np.zeros(len(first), dtype=bool)
    if maybe.any():
        label = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(pc.filter(first, maybe), form="NFC")))
        totals[np.flatnonzero(maybe)] = v.to_numpy_bool(pc.match_substring_regex(label, _TOTALS))
    return totals


def _classify(
    sheet: RawSheet,
    header: Header,
    cols: dict[str, pa.Array],
    bad: dict[str, np.ndarray],
    start: int,
    carry: Carry,
) -> np.ndarray:
    """Mask of real data rows among the rows from index `start` on (below the header).

    Skipped: blank rows (no date, title or link), totals rows, a repeated header, a
    column-numbering row right under the header, and the signature block after a totals row
    (in this slice or an earlier one: `carry`).
    """
    n = sheet.height - start
    present = {f: v.to_numpy_bool(c.is_valid()) | bad[f] for f, c in cols.items()}
    content = np.zeros(n, dtype=bool)
    for f in CONTENT_FIELDS:
        content |= present.get(f, False)
    totals = _totals(sheet, start)
    repeat = np.ones(n, dtype=bool)
    for f in ("unit", "title"):
        repeat &= v.to_numpy_bool(pc.equal(cols[f], header.texts.get(header.columns[f], "")))
    data = content & ~totals & ~repeat
    if n and data[0] and sheet.first_row + start == header.last + 2:  # the row right under the header
        cells = [c[start].as_py() for c in sheet.columns]
        filled = [str(c).strip() for c in cells if c is not None and str(c).strip()]
        if len(filled) >= 3 and all(pc.match_substring_regex(pa.array(filled), _NUMBERING).to_pylist()):
            data[0] = False
    hits = np.flatnonzero(totals)
    below = 0 if carry.totals else hits[0] if len(hits) else n
    data[below:] &= present["date"][below:]  # below the first totals row only rows with a date are items
    carry.totals = carry.totals or bool(len(hits))
    return data


class SheetRows:
    """Validation of one sheet's rows below its header, a column at a time."""

    def __init__(self, sheet: RawSheet, header: Header, filename: str, carry: Carry) -> None:
        self.sheet, self.header = sheet, header
        data_row = header.last + 2  # Excel row of the first row below the header
        start = max(data_row - sheet.first_row, 0)  # its index in this sheet or slice
        raw = {f: _fill_merged(sheet, pos, data_row, carry).slice(start) for f, pos in header.columns.items()}
        # Low-cardinality columns are cleaned and mapped once per distinct value.
        self.distinct = {f: v.Distinct.of(c) for f, c in raw.items() if f not in ("title", "url")}
        cols = {f: d.column() for f, d in self.distinct.items()}
        cols.update({f: v.clean(raw[f]) for f in ("title", "url") if f in raw})
        bad = {f: np.zeros(len(c), dtype=bool) for f, c in cols.items()}
        field_at = {pos: f for f, pos in header.columns.items()}
        for row, pos in sheet.bad_cells:
            if pos in field_at and start <= row - sheet.first_row < sheet.height:
                bad[field_at[pos]][row - sheet.first_row - start] = True
        keep = np.flatnonzero(_classify(sheet, header, cols, bad, start, carry))
        if len(keep) < sheet.height - start:  # (every row a data row, as usual: no copy of them)
            take = pa.array(keep, type=pa.int64())
            cols = {f: c.take(take) for f, c in cols.items()}
            self.distinct = {f: d.take(take) for f, d in self.distinct.items()}
            bad = {f: m[keep] for f, m in bad.items()}
        self.cols, self.bad = cols, bad
        self.rows = (keep + start + sheet.first_row).astype(np.int32)
        self.n = len(keep)
        self.out = RowProblems(filename, sheet.name, self.rows)
        self._lists: dict[str, list[str | None]] = {}

    def column(self, f: str) -> str:
        """Header text of a field's column, as in the file (or its letter)."""
        pos = self.header.columns[f]
        return self.header.texts.get(pos) or self.sheet.letters[pos]

    def text(self, f: str, i: int) -> str:
        """Cell text of data row `i`, for messages (columns become lists on first use)."""
        if f not in self._lists:
            self._lists[f] = self.cols[f].to_pylist()
        return str(self._lists[f][i])

    def add(
        self, f: str, mask: np.ndarray, message: str | Callable[[int], str], severity: str = "error"
    ) -> None:
        self.out.add(mask, self.column(f), message, order=self.header.columns[f], severity=severity)

    def present(self, f: str) -> np.ndarray:
        return v.to_numpy_bool(self.cols[f].is_valid())
