"""Read every sheet of a checked upload into string columns (fastexcel for .xlsx, csv for .csv)."""

from __future__ import annotations

import csv
import io
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, TypedDict

import fastexcel
import pyarrow as pa
import pyarrow.compute as pc
from defusedxml import DefusedXmlException, ElementTree

from cchc.ingest.report import column_letter, reject
from cchc.ingest.safety import SAVE_AS_XLSX, SafeFile
from cchc.ingest.sheetscan import WorksheetScan
from cchc.ingest.slices import CannotSlice, Slicer
from cchc.parallel import read_ahead

FORMULA_MESSAGE = (
    "Ô có công thức nhưng chưa có giá trị đã tính; hãy mở tệp bằng Excel, lưu lại rồi tải lên lại."
)
_ERRORS = {
    "NA": "#N/A",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "Div0": "#DIV/0!",
    "Name": "#NAME?",
    "Num": "#NUM!",
}
_ERROR_DETAIL = re.compile(r"Error\((\w+)\)")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class RawSheet:
    """One sheet as text: `columns[j][i]` is the cell at Excel row i + first_row (null when empty)."""

    name: str
    visible: bool
    columns: list[pa.Array]
    letters: list[str]  # Excel letter of each column
    bad_cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (Excel row, column position) → why
    merged: list[tuple[int, int, int]] = field(default_factory=list)  # (column position, first row, last row)
    first_row: int = 1  # Excel row of columns[j][0]: a slice of a large sheet starts further down

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0


# What reading the workbook's own parts (sheet list, formulas, merges) may raise on a damaged file.
_BOOK_UNREADABLE = (
    ElementTree.ParseError,
    DefusedXmlException,
    KeyError,
    LookupError,
    ValueError,
    zipfile.BadZipFile,
)


def read_sheets(data: bytes, safe: SafeFile, filename: str) -> list[RawSheet]:
    """All sheets of the upload, in workbook order."""
    if safe.kind == "csv":
        return [_read_csv(safe.text or "", filename)]
    try:
        book = _workbook_sheets(data)
    except _BOOK_UNREADABLE:
        book = {}  # the parser may cope with it; only the formula and merge checks are lost
    try:
        reader = safe.reader.result() if safe.reader is not None else open_reader(data)
        names = reader.sheet_names
        # The quick load drops error cells silently; it is used only when no sheet can hold one
        # and the workbook says which sheets are hidden.
        quick = not safe.error_cells and all(name in book for name in names)
        sheets = [
            _read_sheet_quickly(reader, i, name, book[name].visible) if quick else _read_sheet(reader, i)
            for i, name in enumerate(names)
        ]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a Rust panic on malformed XML is a BaseException
        raise reject(filename, f"Không đọc được tệp Excel; {SAVE_AS_XLSX} ({type(exc).__name__}).") from None
    for sheet in sheets:
        entry = book.get(sheet.name)
        scan = safe.worksheets.get(entry.part) if entry else None
        if scan is not None:
            _mark_uncached_formulas(sheet, scan.formulas)
            sheet.merged = _merged_ranges(sheet, scan.merged)
    return sheets


def open_reader(data: bytes) -> fastexcel.ExcelReader:
    """Open the workbook: reads the workbook, styles and shared strings, no worksheet."""
    return fastexcel.read_excel(data)


class _Load(TypedDict):
    header_row: None
    dtypes: Literal["string"]
    skip_rows: int
    whitespace_as_null: bool


# Every cell as text, no header row: the header finder decides where the table starts.
_LOAD: _Load = {"header_row": None, "dtypes": "string", "skip_rows": 0, "whitespace_as_null": True}


def _read_sheet(reader: fastexcel.ExcelReader, index: int) -> RawSheet:
    """A sheet with its error cells (#N/A, #DIV/0!…) reported."""
    sheet = reader.load_sheet(index, **_LOAD)
    batch, errors = sheet.to_arrow_with_errors()
    letters = [column_letter(c.absolute_index) for c in sheet.available_columns()]
    bad: dict[tuple[int, int], str] = {}
    for error in errors.errors if errors else ():
        row, col = error.position
        kind = _ERROR_DETAIL.search(error.detail)
        code = _ERRORS.get(kind.group(1), kind.group(1)) if kind else error.detail
        bad[(row + 1, col)] = f"Ô bị lỗi công thức ({code})."
    return RawSheet(sheet.name, sheet.visible == "visible", list(batch.columns), letters, bad)


def _read_sheet_quickly(reader: fastexcel.ExcelReader, index: int, name: str, visible: bool) -> RawSheet:
    """A sheet without error cells, loaded straight to Arrow (a fifth faster than the lazy load).

    The eager load gives no column positions; fastexcel hands each column to `use_columns`,
    which notes them.
    """
    absolute: list[int] = []

    def note(column: fastexcel.ColumnInfoNoDtype) -> bool:
        absolute.append(column.absolute_index)
        return True

    batch = reader.load_sheet(index, eager=True, use_columns=note, **_LOAD)
    if len(absolute) != batch.num_columns:  # not as documented: take the slow road
        return _read_sheet(reader, index)
    return RawSheet(name, visible, list(batch.columns), [column_letter(i) for i in absolute])


@dataclass(frozen=True)
class _BookSheet:
    part: str  # the worksheet's path in the zip
    visible: bool


def _workbook_sheets(data: bytes) -> dict[str, _BookSheet]:
    """Sheet name → its part and visibility, from the workbook and its relationships (defusedxml)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    book = "xl/workbook.xml"
    if "_rels/.rels" in names:
        for rel in ElementTree.fromstring(archive.read("_rels/.rels")).iter(f"{_NS_PKG}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                book = rel.get("Target", book).lstrip("/")
    rels_path = posixpath.join(posixpath.dirname(book), "_rels", posixpath.basename(book) + ".rels")
    if book not in names:
        return {}
    targets = (
        {
            rel.get("Id"): rel.get("Target", "")
            for rel in ElementTree.fromstring(archive.read(rels_path)).iter(f"{_NS_PKG}Relationship")
        }
        if rels_path in names
        else {}
    )
    sheets: dict[str, _BookSheet] = {}
    for sheet in ElementTree.fromstring(archive.read(book)).iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(book), target)
        )
        visible = sheet.get("state", "visible") == "visible"
        sheets[sheet.get("name", "")] = _BookSheet(posixpath.normpath(path), visible)
    return sheets


def _mark_uncached_formulas(sheet: RawSheet, cells: tuple[tuple[str, int], ...]) -> None:
    """Record formula cells without a cached value (fastexcel returns those as empty), as the
    safety scan found them (cchc.ingest.sheetscan)."""
    position = {letter: pos for pos, letter in enumerate(sheet.letters)}
    for letters, row in cells:
        pos = position.get(letters)
        if pos is not None:
            sheet.bad_cells.setdefault((row, pos), FORMULA_MESSAGE)


_REF = re.compile(r"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})")


def _merged_ranges(sheet: RawSheet, refs: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """Vertical merges as (column position of the top-left cell, first Excel row, last Excel row)."""
    position = {letter: pos for pos, letter in enumerate(sheet.letters)}
    spans = []
    for ref in refs:
        match = _REF.fullmatch(ref)
        if match and int(match.group(4)) > int(match.group(2)) and match.group(1) in position:
            spans.append((position[match.group(1)], int(match.group(2)), int(match.group(4))))
    return spans


def _read_csv(text: str, filename: str) -> RawSheet:
    """A CSV file as one sheet named after the file; row numbers are CSV record numbers."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        records = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise reject(filename, f"Không đọc được tệp CSV ({exc}).") from None
    columns = []
    for values in itertools.zip_longest(*records):
        col = pa.array(values, type=pa.string())
        blank = pc.equal(pc.utf8_trim_whitespace(col), "")
        columns.append(pc.if_else(blank, pa.scalar(None, pa.string()), col))
    name = posixpath.basename(filename.replace("\\", "/"))
    return RawSheet(name, True, columns, [column_letter(i) for i in range(len(columns))])


def sliced_sheets(data: bytes, safe: SafeFile, rows: int) -> Iterator[tuple[str, bool, Iterator[RawSheet]]]:
    """Every sheet of a checked upload in workbook order: its name, whether it is visible, and
    its rows as RawSheets of about `rows` rows each, read one slice workbook at a time
    (cchc.ingest.slices). CannotSlice, from here or from the parts, when the file is not of the
    ordinary form: the caller then reads it whole."""
    try:
        book = _workbook_sheets(data)
    except _BOOK_UNREADABLE:
        raise CannotSlice from None
    if not book:
        raise CannotSlice
    slicer = Slicer(data, rows)
    for name, entry in book.items():
        yield name, entry.visible, _parts(slicer, name, entry, safe)


def _parts(slicer: Slicer, name: str, entry: _BookSheet, safe: SafeFile) -> Iterator[RawSheet]:
    scan = safe.worksheets.get(entry.part)
    width = 0  # columns: as many as any slice before (the header's are in the first)
    for piece in read_ahead(slicer.slices(entry.part)):  # the next slice cut while this one is read
        book, offset, end = piece.book, piece.offset, piece.end
        del piece  # the slice's workbook is let go as soon as the reader has read it
        try:
            reader = open_reader(book)
            del book
            sheet = _read_sheet(reader, 0) if safe.error_cells else _read_sheet_quickly(reader, 0, name, True)
            del reader
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # the reader refuses a slice: let it say so of the whole file
            raise CannotSlice from None
        part = _aligned(sheet, name, entry.visible, offset, end, scan, width)
        del sheet
        width = len(part.columns)
        yield part


def _aligned(
    sheet: RawSheet,
    name: str,
    visible: bool,
    offset: int,
    end: int | None,
    scan: WorksheetScan | None,
    width: int,
) -> RawSheet:
    """A slice as the whole sheet's rows `offset` + 1… (`end`), its columns from column A, at
    least `width` of them."""
    first = _column_index(sheet.letters[0]) if sheet.letters else 0
    height = max(sheet.height, (end - offset) if end is not None else 0)
    kind = sheet.columns[0].type if sheet.columns else pa.string()
    columns = [pa.nulls(height, kind) for _ in range(first)]
    columns += [
        c if len(c) == height else pa.concat_arrays([c, pa.nulls(height - len(c), c.type)])
        for c in sheet.columns
    ]
    columns += [pa.nulls(height, kind) for _ in range(width - len(columns))]
    bad = {(row + offset, col + first): why for (row, col), why in sheet.bad_cells.items()}
    part = RawSheet(
        name, visible, columns, [column_letter(i) for i in range(len(columns))], bad, first_row=offset + 1
    )
    if scan is not None:
        _mark_uncached_formulas(part, scan.formulas)
        part.merged = _merged_ranges(part, scan.merged)
    return part


def _column_index(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number - 1
