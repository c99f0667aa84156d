"""The bounding box of a worksheet's value cells, as the Excel reader will allocate it."""

from __future__ import annotations

import re

from cchc.ingest.report import column_letter

_CHUNK = 1024 * 1024
# Excel's own limits: XFD is column 16384. A reference beyond them is no cell Excel wrote, and
# the reader would allocate up to it (ZZZZ6: 2 KB → 435 s and 1.9 GB).
MAX_COLUMN, MAX_ROW = 16_384, 1_048_576

_NEAR_COLS, _NEAR_ROWS = 26, 99_999
_TAG = re.compile(rb"<(?:[\w.\-]+:)?(c|row)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(["'])([A-Za-z]*)(\d*)\1""")
_FOREIGN = re.compile(rb":(?:c|row)[\s/>]")  # a cell or row tag under a prefix the root does not use


class Extent:
    """The bounding box of a worksheet's value cells, as the reader will allocate it, fed in chunks.

    Cheap in the usual case: a chunk whose cells all start `<c r="A1">`…`<c r="Z99999">` (one
    regex search) is taken to fill A1:Z99999 (`coarse`); one whose cells all lead with an
    ordinary reference is measured from those references. Anything else (cells without a
    reference, other attribute orders, prefixes, odd references) is walked tag by tag like the
    reader does: a cell without `r` follows the previous one, in its row's row. When a coarse
    bound is over the limit the caller measures again with `exact=True`.
    """

    def __init__(self, prefix: bytes, *, exact: bool = False) -> None:
        p = re.escape(prefix)
        # Row tags need no check here: a cell with a reference is placed by it alone.
        self.near = re.compile(b"<" + p + rb"""c(?! r="[A-Z]\d{1,5}"[\s/>])[\s/>]""")
        self.plain = re.compile(b"<" + p + rb"""c(?! r="[A-Z]{1,3}\d{1,7}"[\s/>])[\s/>]""")
        self.refs = re.compile(b"<" + p + rb'c r="([A-Z]{1,3})(\d{1,7})"[^>]*?(/?)>')
        self.exact = exact or bool(prefix)  # a prefixed sheet is rare: walk it
        self.coarse = False
        self.rows = self.cols = 0  # farthest value cell (1-based)
        self.row = self.col = 0  # the reader's position, for cells without a reference
        self.beyond: str | None = None  # the first reference past Excel's limits, if any
        self.carry = b""

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def farthest(self) -> str:
        return f"{column_letter(self.cols - 1)}{self.rows}" if self.cols else f"A{self.rows}"

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        text = self.carry + chunk
        cut = len(text) if final or len(text) > 4 * _CHUNK else text.rfind(b">") + 1
        text, self.carry = text[:cut], text[cut:]
        if self.exact or _FOREIGN.search(text):
            self._walk(text)
            return
        if not self.near.search(text):
            if b"<c " in text:
                self.coarse = True
                self._grow(_NEAR_COLS, _NEAR_ROWS)
        elif not self.plain.search(text):
            for letters, digits, empty in self.refs.findall(text):
                col, row = _column(letters), _number(digits)
                self._bound(col, row, letters + digits)
                if not empty:  # a cell without content holds no value
                    self._grow(col, row)
        else:
            self._walk(text)
            return
        last = text.rfind(b"<row ")  # where a following cell without a reference continues from
        self._walk(text[last:] if last >= 0 else text)

    def _bound(self, col: int, row: int, ref: bytes) -> None:
        if (col > MAX_COLUMN or row > MAX_ROW) and self.beyond is None:
            self.beyond = ref[:20].decode("ascii", "replace")

    def _grow(self, col: int, row: int) -> None:
        self.cols, self.rows = max(self.cols, col), max(self.rows, row)

    def _walk(self, text: bytes) -> None:
        for name, attrs in _TAG.findall(text):
            ref = _R_ATTR.search(attrs)
            letters, digits = (ref.group(2), ref.group(3)) if ref else (b"", b"")
            if name == b"row":
                self.row, self.col = (_number(digits) if digits else self.row + 1), 0
                self._bound(0, self.row, b"%d" % min(self.row, 10**9))
                continue
            self.col = _column(letters) if letters else self.col + 1
            if digits:
                self.row = _number(digits)
            self._bound(self.col, self.row, letters + digits if ref else b"%d" % self.row)
            if not attrs.rstrip().endswith(b"/"):  # a cell without content holds no value
                self._grow(self.col, self.row)


def _number(digits: bytes) -> int:
    """A row number; one of more than 7 digits is past Excel's rows whatever it says."""
    return int(digits) if len(digits) <= 7 else MAX_ROW + 1


def _column(letters: bytes) -> int:
    """Column number of reference letters, as the reader reads them (A → 1; lower case too)."""
    if len(letters) > 3:
        return MAX_COLUMN + 1  # past XFD whatever the letters
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number
