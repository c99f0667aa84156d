"""The bounding box of a worksheet's value cells, as the Excel reader will allocate it."""

from __future__ import annotations

import re

import numpy as np

from cchc.ingest.report import column_letter

_CHUNK = 1024 * 1024
# Excel's own limits: XFD is column 16384. A reference beyond them is no cell Excel wrote, and
# the reader would allocate up to it (ZZZZ6: 2 KB → 435 s and 1.9 GB).
MAX_COLUMN, MAX_ROW = 16_384, 1_048_576

_TAG = re.compile(rb"<(?:[\w.\-]+:)?(c|row)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(["'])([A-Za-z]*)(\d*)\1""")
_FOREIGN = re.compile(rb":(?:c|row)[\s/>]")  # a cell or row tag under a prefix the root does not use
_LT, _GT, _SLASH, _QUOTE = (ord(c) for c in '<>/"')
_SEPARATOR = np.zeros(256, bool)  # by byte: what may follow a tag's name or an attribute
_SEPARATOR[list(b" \t\r\n/>")] = True


class Extent:
    """The bounding box of a worksheet's value cells, as the reader will allocate it, fed in chunks.

    The same cost per cell at any row: a chunk whose cells all lead with an ordinary reference
    (`<c r="A1"`…`<c r="XFD1048576"`, as Excel and every library write them) is measured from
    those references with numpy, over the chunk's bytes. Anything else (cells without a
    reference, other attribute orders, prefixes, lower-case or odd references) is walked tag by
    tag like the reader does: a cell without `r` follows the previous one, in its row's row.
    """

    def __init__(self, prefix: bytes) -> None:
        self.token = b"<" + prefix + b'c r="'
        self.walk_all = bool(prefix)  # a prefixed sheet is rare: walk it
        self.rows = self.cols = 0  # farthest value cell (1-based)
        self.row = self.col = 0  # the reader's position, for cells without a reference
        self.beyond: str | None = None  # the first reference past Excel's limits, if any
        self.carry = b""
        self.held = 0  # the most bytes held at once (a chunk and its carry): bounded, whatever the sheet
        self.walked = 0  # bytes walked tag by tag (slow) rather than measured at once

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def farthest(self) -> str:
        return f"{column_letter(self.cols - 1)}{self.rows}" if self.cols else f"A{self.rows}"

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        text = self.carry + chunk
        self.held = max(self.held, len(text))
        cut = len(text) if final or len(text) > 4 * _CHUNK else text.rfind(b">") + 1
        text, self.carry = text[:cut], text[cut:]
        if self.walk_all or _FOREIGN.search(text) or not self._refs(text):
            self.walked += len(text)
            self._walk(text)
            return
        last = text.rfind(b"<row ")  # where a following cell without a reference continues from
        self._walk(text[last:] if last >= 0 else text)

    def _refs(self, text: bytes) -> bool:
        """Bound and grow by every cell reference of `text` at once (numpy over the bytes); False,
        having done nothing, unless every cell tag leads with an ordinary reference
        (`<c r="` + 1–3 capitals + 1–7 digits + `"`), which is then read where its tag starts."""
        size = len(text)
        buf = np.frombuffer(text + bytes(16), np.uint8)  # padded: reads past the end stay inside
        tags = np.flatnonzero(buf[:size] == _LT)
        cells = self._cell_tags(buf, tags)
        if cells is None:
            return False
        if not len(cells):
            return True
        start = tags[cells] + len(self.token)
        refs = _references(buf, start)
        if refs is None:
            return False
        cols, rows, end = refs
        far = (cols > MAX_COLUMN) | (rows > MAX_ROW)
        if far.any() and self.beyond is None:
            i = int(np.argmax(far))
            self.beyond = text[start[i] : end[i]].decode("ascii")
        # A cell without content ends "/>" just before the next tag (whitespace there: counted).
        following = tags[np.minimum(cells + 1, len(tags) - 1)]
        if cells[-1] == len(tags) - 1:  # the chunk's last tag ends where the chunk does
            following[-1] = size
        value = (buf[following - 1] != _GT) | (buf[following - 2] != _SLASH)
        if value.any():
            self._grow(int(cols[value].max()), int(rows[value].max()))
        return True

    def _cell_tags(self, buf: np.ndarray, tags: np.ndarray) -> np.ndarray | None:
        """Positions in `tags` of the cell tags; None unless each is followed by ' r="'."""
        token = self.token[1:]  # after "<": prefix, 'c r="'
        name = len(token) - 5  # the "c" of the tag's name
        cells = np.arange(len(tags))  # narrowed byte by byte
        for i, byte in enumerate(token[: name + 1], 1):
            cells = cells[buf[tags[cells] + i] == byte]
        cells = cells[_SEPARATOR[buf[tags[cells] + name + 2]]]
        for i, byte in enumerate(token[name + 1 :], name + 2):
            if not (buf[tags[cells] + i] == byte).all():
                return None
        return cells

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


def _references(buf: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(columns, rows, where each reference ends) of the references at `start`, each 1–3
    capitals, 1–7 digits and a quote followed by a blank, "/" or ">"; None if one is not."""
    cols = np.zeros(len(start), np.int64)
    at = start.copy()
    more = np.ones(len(start), bool)
    for _ in range(3):
        code = buf[at].astype(np.int64) - 64
        more &= (code >= 1) & (code <= 26)
        cols = np.where(more, cols * 26 + code, cols)
        at += more
    rows = np.zeros(len(start), np.int64)
    end = at.copy()
    more[:] = True
    for _ in range(7):
        code = buf[end].astype(np.int64) - 48
        more &= (code >= 0) & (code <= 9)
        rows = np.where(more, rows * 10 + code, rows)
        end += more
    plain = (at > start) & (end > at) & (buf[end] == _QUOTE) & _SEPARATOR[buf[end + 1]]
    return (cols, rows, end) if plain.all() else None
