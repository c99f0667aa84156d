"""A large worksheet cut into row slices, each a small workbook of its own, for the Excel reader.

The reader (calamine, through fastexcel) holds a whole sheet and every shared string of the
workbook at once: a million-row log took 950 MB in the worker. Here a checked upload's
worksheet is inflated again in bounded chunks and cut at row boundaries; each slice becomes a
workbook holding the slice's rows, renumbered from row 1, and only the shared strings those rows
use, renumbered in order. Numbers are rewritten in place at the same width (row 500004 →
000001, string 1999999 → 0199988), so the cells' markup is otherwise the reader's input
byte for byte and gives the same values.

Only the ordinary form is sliced (every row and cell tag leads with its reference, shared
strings as `<v>` right after the cell tag, no prefixes, comments or CDATA in the rows);
anything else raises CannotSlice and the caller reads the file whole, as before.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from cchc.ingest.zipstream import inflate

# Files whose parts inflate to more than this (about 300,000 rows of a log) are read in slices.
# Measured (README): slices cost the same CPU as the whole read at 250,000 rows, more below
# (100,000 rows: 1.4 s against 0.8 s), and hold the worker under 600 MB at a million rows
# (the whole read: 960 MB). 100,000 rows inflate to 46 MB, 250,000 to 118 MB.
SLICE_BYTES = int(os.environ.get("CCHC_SLICE_BYTES", str(128 * 2**20)))
SLICE_ROWS = int(os.environ.get("CCHC_SLICE_ROWS", "50000"))  # row tags per slice (see SLICE_BYTES)
MIN_ROWS = 64  # the first slice then holds every row the header finder looks at
_CHUNK = 1024 * 1024
_SST = "xl/sharedStrings.xml"  # where the reader looks for the shared strings, and styles
_STYLES = "xl/styles.xml"
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PKG = b"http://schemas.openxmlformats.org/package/2006/"
_DOC = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml."
_PARTS = {
    "[Content_Types].xml": _DECLARATION
    + b'<Types xmlns="'
    + _PKG
    + b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="' + _TYPE + b'sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + _TYPE + b'worksheet+xml"/>'
    b'<Override PartName="/xl/styles.xml" ContentType="' + _TYPE + b'styles+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + _TYPE + b'sharedStrings+xml"/></Types>',
    "_rels/.rels": _DECLARATION
    + b'<Relationships xmlns="'
    + _PKG
    + b'relationships"><Relationship Id="rId1" Type="'
    + _DOC
    + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/_rels/workbook.xml.rels": _DECLARATION
    + b'<Relationships xmlns="'
    + _PKG
    + b'relationships"><Relationship Id="rId1" Type="'
    + _DOC
    + b'/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
    + _DOC
    + b'/styles" Target="styles.xml"/><Relationship Id="rId3" Type="'
    + _DOC
    + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}
_EMPTY_STYLES = _DECLARATION + b'<styleSheet xmlns="' + _MAIN + b'"/>'
# Prefixed tags (a type attribute spelt unusually: _renumber_strings). The patterns start with
# a literal byte, which the search finds at memchr speed.
_PREFIXED = re.compile(rb":(?:c|row|v|f|is|t|r|sheetData)[\s/>]")
_PREFIXED_SST = re.compile(rb":(?:si|t|r)[\s/>]")
_DATE1904 = re.compile(rb"""<workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']""")
_LT, _GT, _QUOTE, _SLASH = (ord(c) for c in '<>"/')
_BLANK = np.zeros(256, bool)  # XML's white space
_BLANK[list(b" \t\r\n")] = True


class CannotSlice(Exception):
    """The workbook is not of the ordinary form slicing relies on: read it whole."""


def wanted(data: bytes) -> bool:
    """Whether the file's parts inflate to more than SLICE_BYTES (by its zip directory; the
    safety checks verify the sizes it declares before anything is sliced)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception:  # the safety checks say what is wrong with it
        return False
    return sum(i.file_size for i in infos) > SLICE_BYTES


@dataclass(frozen=True)
class Slice:
    """One slice: a workbook of one sheet whose row 1 is the sheet's row `offset` + 1, and
    whose rows run to the sheet's row `end` (None: to its last value)."""

    book: bytes
    offset: int
    end: int | None


class Slicer:
    """The shared strings and styles of a checked upload, and its worksheets cut into slices."""

    def __init__(self, data: bytes, rows: int = SLICE_ROWS) -> None:
        self.data, self.rows = data, max(rows, MIN_ROWS)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            self.infos = {i.filename: i for i in archive.infolist()}
            lower = {name.lower() for name in self.infos}
            if (_SST.lower() in lower and _SST not in self.infos) or (
                _STYLES.lower() in lower and _STYLES not in self.infos
            ):
                raise CannotSlice  # the reader's lookup of these names would be another's
            self.styles = archive.read(_STYLES) if _STYLES in self.infos else _EMPTY_STYLES
            book = archive.read("xl/workbook.xml")
        except (KeyError, zipfile.BadZipFile, ValueError, OSError):
            raise CannotSlice from None
        self.date1904 = bool(_DATE1904.search(book))
        self.strings, self.bounds = self._strings()

    def _strings(self) -> tuple[bytearray, np.ndarray]:
        """The shared strings part and where each `<si>` starts (and the last one ends)."""
        if _SST not in self.infos:
            return bytearray(), np.zeros(1, np.int64)
        info = self.infos[_SST]
        sst = bytearray(info.file_size)  # its real size: the safety checks inflated it
        at = 0
        for chunk in inflate(self.data, info, _CHUNK):
            sst[at : at + len(chunk)] = chunk
            at += len(chunk)
        root = sst.find(b"<sst")
        body = sst.find(b">", root) + 1
        end = sst.rfind(b"</sst>")
        if root < 0 or body <= 0 or end < body or _odd(sst, body, end, _PREFIXED_SST):
            raise CannotSlice
        return sst, np.append(_si_starts(sst, body, end), end)

    def slices(self, part: str) -> Iterator[Slice]:
        """The worksheet `part` in slices of about `rows` rows, in order."""
        info = self.infos.get(part)
        if info is None:
            raise CannotSlice
        chunks = inflate(self.data, info, _CHUNK)
        head, buffer = _head(chunks)
        if buffer is None:
            return  # no rows
        offset = 0
        for pending, cut, final in _row_runs(chunks, buffer, self.rows):
            rows, last, strings = _renumber(pending, cut, offset, len(self.bounds) - 1)
            piece = [Slice(self._book(head, rows[:cut], strings), offset, None if final else last)]
            del rows, strings
            yield piece.pop()  # (this frame keeps no reference to it)
            offset = last

    def _book(self, head: bytes, rows: np.ndarray, strings: np.ndarray) -> bytes:
        """A workbook of one sheet (`head`, then `rows` as its sheetData), the styles, and the
        shared strings `strings` (indexes), written straight into the zip (no joined copies)."""
        runs: list[tuple[int, int]] = []  # runs of consecutive indexes are copied at once
        if len(strings):
            cut = np.flatnonzero(np.diff(strings) != 1) + 1
            runs = list(
                zip(strings[np.r_[0, cut]].tolist(), strings[np.r_[cut - 1, -1]].tolist(), strict=True)
            )
        pr = b'<workbookPr date1904="1"/>' if self.date1904 else b""
        workbook = (
            _DECLARATION + b'<workbook xmlns="' + _MAIN + b'" xmlns:r="' + _DOC + b'">' + pr
            + b'<sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>'
        )  # fmt: skip
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
            for name, text in _PARTS.items():
                book.writestr(name, text)
            book.writestr("xl/workbook.xml", workbook)
            book.writestr(_STYLES, self.styles)
            with book.open(_SST, "w") as sst:
                sst.write(_DECLARATION + b'<sst xmlns="' + _MAIN + b'">')
                for first, last in runs:
                    sst.write(memoryview(self.strings)[self.bounds[first] : self.bounds[last + 1]])
                sst.write(b"</sst>")
            with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
                sheet.write(head + b"<sheetData>")
                sheet.write(rows.data)
                sheet.write(b"</sheetData></worksheet>")
        return out.getvalue()


def _head(chunks: Iterator[bytes]) -> tuple[bytes, bytes | None]:
    """(the part's prolog and root start tag, what follows `<sheetData>`, None for an empty
    `<sheetData/>`); CannotSlice when the root is prefixed or there is no sheetData."""
    text = b""
    for chunk in chunks:
        text += chunk
        if text.find(b"<sheetData/>") >= 0 and text.find(b"<sheetData>") < 0:
            return b"", None
        at = text.find(b"<sheetData>")
        if at >= 0:
            root = text.find(b"<worksheet")
            close = text.find(b">", root)
            if root < 0 or close < 0 or close > at or _odd(text, close, at):
                raise CannotSlice
            return text[: close + 1], text[at + len(b"<sheetData>") :]
        if len(text) > 4 * _CHUNK:
            break
    raise CannotSlice


def _row_runs(chunks: Iterator[bytes], buffer: bytes, rows: int) -> Iterator[tuple[bytearray, int, bool]]:
    """The rows of sheetData, `rows` row tags at a time (cut where a row tag starts): a buffer
    whose first `cut` bytes they are (to be used before the next is asked for), the cut, and
    whether they are the last."""
    pending = bytearray(buffer)
    counted = count = searched = 0  # `<row` tags in pending[:counted]; no end before `searched`
    done = False
    while not done:
        end = pending.find(b"</sheetData>", searched)
        if end >= 0:
            del pending[end:]  # what follows (merged cells, row breaks…) the scan has read
            done = True
        else:
            searched = max(len(pending) - 12, 0)
            chunk = next(chunks, None)
            if chunk is None:
                raise CannotSlice
            pending += chunk
        limit = len(pending) if done else max(len(pending) - 4, 0)
        before, since = count, counted  # row tags in pending[:since]
        count += pending.count(b"<row", counted, limit)
        counted = limit
        while count > rows:
            cut = _nth_row(pending, rows + 1 - before, since)
            yield _plain(pending, cut), cut, False  # (what remains holds a row tag at least)
            del pending[:cut]
            count -= rows
            counted, searched = counted - cut, max(searched - cut, 0)
            before = since = 0
    if pending.strip():
        yield _plain(pending, len(pending)), len(pending), True


def _plain(pending: bytearray, cut: int) -> bytearray:
    """`pending`, refused when its first `cut` bytes hold prefixed tags (comments and CDATA: _renumber)."""
    if _PREFIXED.search(pending, 0, cut):
        raise CannotSlice
    return pending


def _odd(text: bytes | bytearray, start: int, end: int, prefixed: re.Pattern[bytes] = _PREFIXED) -> bool:
    """Comments, CDATA or processing instructions (`<!`, `<?`), or prefixed tags in text[start:end]."""
    return (
        text.find(b"<!", start, end) >= 0
        or text.find(b"<?", start, end) >= 0
        or prefixed.search(text, start, end) is not None
    )


def _si_starts(sst: bytearray, begin: int, end: int) -> np.ndarray:
    """Where each `<si>` of the shared strings starts, found with numpy a window at a time."""
    buf = np.frombuffer(sst, np.uint8)
    found = []
    window = 16 * 2**20
    for at in range(begin, end, window):
        stop = min(at + window, end)
        lt = np.flatnonzero(buf[at:stop] == _LT) + at
        lt = lt[lt + 3 < len(buf)]
        lt = lt[(buf[lt + 1] == ord("s")) & (buf[lt + 2] == ord("i"))]
        after = buf[lt + 3]
        found.append(lt[_BLANK[after] | (after == _GT) | (after == _SLASH)])
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def _nth_row(pending: bytearray, n: int, since: int) -> int:
    """Where the n-th `<row` tag of `pending` from `since` on starts."""
    at = since - 1
    for _ in range(n):
        at = pending.find(b"<row", at + 1)
    return at


def _numbers(buf: np.ndarray, start: np.ndarray, most: int) -> tuple[np.ndarray, np.ndarray]:
    """(values, widths) of the decimal numbers starting at `start` (at most `most` digits)."""
    values = np.zeros(len(start), np.int64)
    widths = np.zeros(len(start), np.int64)
    more = np.ones(len(start), bool)
    for _ in range(most):
        code = buf[start + widths].astype(np.int64) - 48
        more &= (code >= 0) & (code <= 9)
        if not more.any():
            break
        values = np.where(more, values * 10 + code, values)
        widths += more
    return values, widths


def _write(buf: np.ndarray, start: np.ndarray, widths: np.ndarray, values: np.ndarray) -> None:
    """Write `values` over the numbers at `start`, zero-padded to their old widths."""
    for k in range(int(widths.max(initial=0))):
        fits = widths > k
        buf[(start + widths - 1 - k)[fits]] = 48 + (values[fits] // 10**k) % 10


def _tags(buf: np.ndarray, lt: np.ndarray, name: bytes) -> np.ndarray:
    """The `<` positions of the tags called `name` (followed by a blank, `/` or `>`)."""
    at = lt
    for i, byte in enumerate(name, 1):
        at = at[buf[at + i] == byte]
    after = buf[at + len(name) + 1]
    return at[
        (after == 32) | (after == _GT) | (after == _SLASH) | (after == 9) | (after == 10) | (after == 13)
    ]


def _renumber(pending: bytearray, size: int, offset: int, count: int) -> tuple[np.ndarray, int, np.ndarray]:
    """The rows (pending[:size]) renumbered from `offset` + 1 → 1 and their shared strings
    (t="s") to 0, 1, 2… in order of the strings they use: (the rows, in a buffer `size` + 16
    bytes long, the slice's last row number, the old indexes of the strings used, sorted).
    Every number keeps its width (zero-padded)."""
    buf = np.zeros(size + 16, np.uint8)  # padded: reads past the end stay inside
    view = np.frombuffer(pending, np.uint8, size)
    buf[:size] = view
    del view  # (the buffer is resized once this slice is done)
    lt = np.flatnonzero(buf[:size] == _LT)
    after = buf[lt + 1]
    if ((after == ord("!")) | (after == ord("?"))).any():
        raise CannotSlice  # a comment, CDATA or processing instruction among the rows
    del after
    cells = _tags(buf, lt, b"c")
    last = _renumber_rows(buf, _tags(buf, lt, b"row"), cells, offset)
    del lt
    used = _renumber_strings(buf, size, cells, count, pending.count(b't="s"', 0, size))
    return buf, last, used


def _renumber_rows(buf: np.ndarray, rows: np.ndarray, cells: np.ndarray, offset: int) -> int:
    """Rewrite the references of row and cell tags; the last row number."""
    last = 0
    for tags, length, letters in ((rows, 4, 0), (cells, 2, 3)):
        start = tags + length
        for i, byte in enumerate(b' r="'):
            if not (buf[start + i] == byte).all():
                raise CannotSlice  # a tag without a leading reference: the reader counts instead
        start = start + 4
        for _ in range(letters):
            start = start + ((buf[start] >= 65) & (buf[start] <= 90))
        values, widths = _numbers(buf, start, 7)
        if (widths == 0).any() or (buf[start + widths] != _QUOTE).any() or (values <= offset).any():
            raise CannotSlice
        if letters == 0 and len(values):
            last = int(values.max())
        if offset:
            _write(buf, start, widths, values - offset)
    return last


def _renumber_strings(buf: np.ndarray, size: int, cells: np.ndarray, count: int, tokens: int) -> np.ndarray:
    """Renumber the shared-string cells in place; the old indexes of the strings used, sorted.
    `tokens`: how many times `t="s"` occurs in the rows."""
    gt = np.flatnonzero(buf[:size] == _GT)
    ends = gt[np.searchsorted(gt, cells)]  # each cell tag's `>`
    del gt
    # As every writer puts it, t="s" is the tag's last attribute; when each occurrence is one
    # of those, no other needs looking for.
    last = _BLANK[buf[ends - 6]]
    for i, byte in enumerate(b't="s"'):
        last &= buf[ends - 5 + i] == byte
    if int(last.sum()) == tokens:
        return _renumber_values(buf, ends[last], count)
    t = np.flatnonzero(buf[:size] == ord("t"))
    t = t[_BLANK[buf[t - 1]]]  # an attribute t
    if (_BLANK[buf[t + 1]] | ((buf[t + 1] == ord("=")) & (buf[t + 2] != _QUOTE))).any():
        raise CannotSlice  # t = "s", t='s': spelt as no writer does; do not guess
    for i, byte in enumerate(b'="s"', 1):
        t = t[buf[t + i] == byte]
    owner = np.searchsorted(cells, t) - 1
    if len(t) and ((owner < 0).any() or (t > ends[owner]).any()):
        raise CannotSlice  # t="s" outside a cell tag (in a text): do not guess
    return _renumber_values(buf, ends[owner], count)


def _renumber_values(buf: np.ndarray, ends: np.ndarray, count: int) -> np.ndarray:
    """Renumber the values of the shared-string cells whose tags end at `ends`."""
    ends = ends[buf[ends - 1] != _SLASH]  # `<c r="A1" t="s"/>`: no value, nothing to renumber
    for i, byte in enumerate(b"<v>", 1):
        if not (buf[ends + i] == byte).all():
            raise CannotSlice
    start = ends + 4
    values, widths = _numbers(buf, start, 10)
    if (widths == 0).any() or (buf[start + widths] != _LT).any() or (values >= count).any():
        raise CannotSlice
    mark = np.zeros(count, bool)
    mark[values] = True
    _write(buf, start, widths, (np.cumsum(mark) - 1)[values])
    return np.flatnonzero(mark)
