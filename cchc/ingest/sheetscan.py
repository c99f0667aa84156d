"""One pass over a worksheet part's inflated chunks, in bounded memory: its extent (far cells),
its formula cells without a cached value, whether it may hold error cells, its merged ranges.

Nothing of the part is kept: each chunk is measured and dropped, so a million-row sheet costs
the same per row as a small one and holds a few chunks at a time (`held`).
"""

from __future__ import annotations

import re
import zipfile
from collections import deque
from dataclasses import dataclass

from cchc.ingest.extent import Extent

_MERGE = rb'mergeCell\s+ref="([A-Z]{1,3}\d{1,7}:[A-Z]{1,3}\d{1,7})"'
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_STRING_TYPE = re.compile(rb'\bt="str"')
# A cell longer than this (Excel's cells hold 32,767 characters) is no log's: the search for
# formulas without a value moves on past it rather than hold it.
_MAX_PENDING = 4 * 1024 * 1024


@dataclass(frozen=True)
class WorksheetScan:
    """What the safety pass noticed in a worksheet part, so nobody inflates it twice."""

    # (column letters, row) of formula cells whose cached value is absent or empty
    formulas: tuple[tuple[str, int], ...] = ()
    merged: tuple[str, ...] = ()  # merged ranges such as "B5:B9"


def _formula_cells(prefix: bytes) -> re.Pattern[bytes]:
    """Cells holding a formula whose cached value is absent or empty."""
    p = re.escape(prefix)
    return re.compile(
        b"<" + p + rb"c\s([^>]*?)>\s*<" + p + rb"f\b[^>]*?(?:/>|>[^<]*</" + p + rb"f>)\s*"
        rb"(?:<" + p + rb"v\s*/>|<" + p + rb"v\s*>\s*</" + p + rb"v>)?\s*</" + p + rb"c>"
    )


class SheetScanner:
    """What a worksheet part holds, fed its inflated chunks in order: formula cells without a
    value, possible error cells, merged ranges, and the bounding box the reader will allocate."""

    def __init__(self, info: zipfile.ZipInfo, prefix: bytes) -> None:
        self.info, self.prefix = info, prefix
        self.formula = re.compile(b"<" + re.escape(prefix) + rb"f[\s>/]")
        self.uncached = _formula_cells(prefix)
        self.cell_end = b"</" + prefix + b"c>"
        self.extent = Extent(prefix)
        self.pending = b""  # after the last whole cell: searched for formulas with the next chunk
        self.formulas: list[tuple[str, int]] = []
        self.recent: deque[bytes] = deque(maxlen=2)  # merged ranges sit after the cells, near the end
        self.errors = self.closed = False

    @property
    def held(self) -> int:
        """The most bytes of the part held at once."""
        return self.extent.held + len(self.pending) + sum(len(c) for c in self.recent)

    def feed(self, chunk: bytes) -> None:
        self.errors = self.errors or _may_hold_errors(chunk)
        self.recent.append(chunk)
        self.extent.feed(chunk)
        self._formulas(self.pending + chunk)

    def close(self) -> None:
        """The part has ended."""
        if not self.closed:
            self.extent.feed(b"", final=True)
            self._formulas(self.pending, final=True)
            self.closed = True

    def _formulas(self, text: bytes, *, final: bool = False) -> None:
        """Note the formula cells without a value among the whole cells of `text` (a match holds one
        cell: it ends at the cell's one closing tag, so cutting after such a tag splits none)."""
        at = text.rfind(self.cell_end)
        cut = len(text) if final else (at + len(self.cell_end) if at >= 0 else 0)
        if len(text) - cut > _MAX_PENDING:
            cut = len(text)
        body, self.pending = text[:cut], text[cut:]
        if not self.formula.search(body):
            return
        for match in self.uncached.finditer(body):
            attrs = match.group(1)
            ref = _CELL_REF.search(attrs)
            # an empty value on a string formula (t="str") is a real cached ""
            if ref is None or (_STRING_TYPE.search(attrs) and b"<" + self.prefix + b"v" in match.group(0)):
                continue
            self.formulas.append((ref.group(1).decode(), int(ref.group(2))))

    def finish(self) -> tuple[WorksheetScan | None, bool]:
        """(what the part holds, if anything; whether it may hold error cells)."""
        self.close()
        tail = b"".join(self.recent)
        end = tail.rfind(b"</" + self.prefix + b"sheetData>")
        merged = (
            tuple(m.decode() for m in re.findall(b"<" + re.escape(self.prefix) + _MERGE, tail[end:]))
            if end >= 0
            else ()
        )
        found = bool(self.formulas) or bool(merged)
        return (WorksheetScan(tuple(self.formulas), merged) if found else None), self.errors


def _may_hold_errors(xml: bytes) -> bool:
    """Every error value Excel stores (#N/A, #DIV/0!, #REF!…) starts with '#', a byte that a
    worksheet's markup otherwise rarely holds: one memchr-fast search."""
    return b"#" in xml
