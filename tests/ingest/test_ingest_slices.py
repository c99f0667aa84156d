"""A large log is read in row slices, each a small workbook of its own (issue 14: the reader's
worker within 600 MB at a million rows); the rows and the problem report are exactly those of
the whole read. Small slices (`slice_rows`) make small real files cut into many slices."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from cchc.ingest import FileRejected, publications, slices
from cchc.ingest.rows import LOG_FIELDS, ROWS_SCHEMA, ParsedLog
from cchc.ingest.workbook import RawSheet
from tests.ingest import corpus
from tests.ingest.corpus import HEADER, Sheet, with_openpyxl, with_xlsxwriter

SHEET = "xl/worksheets/sheet1.xml"
TOTALS_AT = 250  # Excel row of the totals row (the data ends 50 rows below it)


def log_rows(n: int = 300) -> list[list[object]]:
    """A title, a header with a duplicate column, a numbering row, then `n` rows with a problem
    every few rows, a repeated header, rows without STT (the slice's first column is then B),
    a totals row, and below it signature lines and dated rows."""
    rows: list[list[object]] = [["BÁO CÁO TIN BÀI NĂM 2026"], [], [*HEADER, "Tiêu đề"]]
    rows.append([f"({i})" for i in range(1, 10)])
    for i in range(1, n + 1):
        excel = len(rows) + 1
        if excel == TOTALS_AT:
            rows.append(["Tổng cộng", None, None, None, None, f"{i - 1} tin"])
            continue
        unit = "Phường Phúc Lợi" if i % 3 else "Phường Bạch Mai"
        date = f"{i % 28 + 1:02d}/03/2026"
        title: object = f"Tin số {i}"
        if i % 47 == 5 or i == n - 1:
            unit = "Phường Không Có"  # unknown unit, in every slice and on the last row
        if i % 41 == 3:
            date = "31/02/2026"  # no such day
        if i % 59 == 11:
            title = "C¶i c¸ch hµnh chÝnh"  # legacy-encoded
        if i == 233:
            title = "#N/A"  # an error cell, in a later slice
        if i == 271:
            title = '=CONCATENATE("a","b")'  # a formula without a value, after the totals row
        if excel > TOTALS_AT and i % 4 == 0:
            rows.append([None, "NGƯỜI LẬP BIỂU", None, None, None, "ký tên"])  # no date: not an item
            continue
        stt: object = None if 130 <= excel <= 200 else i
        rows.append([stt, unit, date, "Cổng TTĐT", "Tin", title, f"https://phucloi.hanoi.gov.vn/{i}", None])
        if excel == 150:
            rows.append(list(HEADER))  # a repeated header
    return rows


# Units merged down (and a date) across where slices of 64 and 100 rows are cut.
MERGES = ["B60:B75", "B95:B110", "C126:C131", "B190:B205"]


def _blank_merged(rows: list[list[object]]) -> list[list[object]]:
    """Cells under a merge hold nothing (as Excel saves them)."""
    out = [list(r) for r in rows]
    for ref in MERGES:
        col = ord(ref[0]) - 65
        first, last = (int(p[1:]) for p in ref.split(":"))
        for excel in range(first + 1, last + 1):
            out[excel - 1][col] = None
    return out


def openpyxl_log() -> bytes:
    return with_openpyxl(Sheet("Nhật ký", _blank_merged(log_rows()), merges=MERGES))


def xlsxwriter_log() -> bytes:
    return with_xlsxwriter(Sheet("Nhật ký", _blank_merged(log_rows()), merges=MERGES))


def read(data: bytes, slice_rows: int | None, monkeypatch: pytest.MonkeyPatch) -> tuple[ParsedLog, list[int]]:
    """The log read whole (None) or in slices; the first rows of the slices read."""
    firsts: list[int] = []
    real = publications.sliced_sheets

    def counted(*args: object) -> Iterator[tuple[str, bool, Iterator[RawSheet]]]:
        for name, visible, parts in real(*args):  # type: ignore[arg-type]
            yield name, visible, _noted(parts, firsts)

    monkeypatch.setattr(publications, "sliced_sheets", counted)
    return publications.read_publication_log(data, "a.xlsx", corpus.matcher(), slice_rows=slice_rows), firsts


def _noted(parts: Iterator[RawSheet], firsts: list[int]) -> Iterator[RawSheet]:
    for part in parts:
        firsts.append(part.first_row)
        yield part


def assert_same(whole: ParsedLog, sliced: ParsedLog) -> None:
    # the same rows; spilled, without the dedup keys a whole read makes (the loader makes them)
    assert whole.rows.schema == ROWS_SCHEMA and sliced.rows.schema in (LOG_FIELDS, ROWS_SCHEMA)
    assert sliced.rows.select(LOG_FIELDS.names).equals(whole.rows.select(LOG_FIELDS.names))
    assert sliced.problems == whole.problems
    assert (sliced.sheets_read, sliced.sheets_skipped, sliced.rows_total, sliced.sha256) == (
        whole.sheets_read,
        whole.sheets_skipped,
        whole.rows_total,
        whole.sha256,
    )


@pytest.mark.parametrize("build", [openpyxl_log, xlsxwriter_log])
@pytest.mark.parametrize("slice_rows", [64, 100])
def test_a_log_read_in_slices_gives_the_rows_and_problems_of_the_whole_read(
    build: Callable[[], bytes], slice_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build()
    whole, _ = read(data, None, monkeypatch)
    sliced, firsts = read(data, slice_rows, monkeypatch)
    assert len(firsts) >= 3 and firsts[0] == 1  # really cut, from the top
    assert_same(whole, sliced)
    # What the slices carry across is in the file: merges over a cut, bad rows in the last slice.
    assert any(
        int(a[1:]) < cut <= int(b[1:]) for cut in firsts[1:] for a, b in (m.split(":") for m in MERGES)
    )
    bad_rows = {p.row for p in whole.problems if p.severity == "error" and p.row}
    assert max(bad_rows) >= firsts[-1] and len(bad_rows) > 10
    messages = " ".join(p.message for p in whole.problems)
    cells = ("#N/A", "công thức") if build is openpyxl_log else ()  # (xlsxwriter writes them as text)
    for said in ("Không tìm thấy đơn vị", "không tồn tại", "TCVN3", "Bỏ qua cột", *cells):
        assert said in messages
    # Below the totals row only dated rows are items (the signature lines are no rows at all).
    assert not {p.row for p in whole.problems if p.row and p.row > TOTALS_AT} & {
        r + 1 for r, row in enumerate(log_rows()) if row[:2] == [None, "NGƯỜI LẬP BIỂU"]
    }
    assert whole.rows.num_rows > 200


@pytest.mark.parametrize(
    "build",
    [
        corpus.clean_log,
        corpus.messy_log,
        corpus.bad_rows_log,
        corpus.multi_sheet_log,
        corpus.two_row_header_log,
        corpus.merged_cells_log,
    ],
)
def test_every_log_of_the_corpus_reads_the_same_through_the_slices(
    build: Callable[[], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = build()
    whole, _ = read(data, None, monkeypatch)
    sliced, firsts = read(data, 64, monkeypatch)
    assert firsts and firsts[0] == 1
    assert_same(whole, sliced)


def test_a_file_of_no_ordinary_form_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A comment among the rows: slicing would have to understand it; the whole read does."""
    base = openpyxl_log()
    sheet = corpus.part(base, SHEET).replace(b'<row r="120"', b'<!-- <row r="1"> --><row r="120"', 1)
    data = corpus.rezip(base, replace={SHEET: sheet})
    with pytest.raises(slices.CannotSlice):
        list(slices.Slicer(data, 64).slices(SHEET))
    whole, _ = read(data, None, monkeypatch)
    sliced, _ = read(data, 64, monkeypatch)
    assert_same(whole, sliced)
    assert whole.rows.num_rows > 200


def test_each_slice_holds_its_rows_and_only_the_strings_they_use() -> None:
    data = xlsxwriter_log()  # (openpyxl writes its strings inline, in the rows)
    pieces = list(slices.Slicer(data, 64).slices(SHEET))
    assert [p.offset for p in pieces][:2] == [0, pieces[0].end] and pieces[-1].end is None
    strings = corpus.part(data, "xl/sharedStrings.xml").count(b"<si>")
    for piece in pieces:
        sst = corpus.part(piece.book, "xl/sharedStrings.xml").count(b"<si>")
        assert 0 < sst < strings
        rows = corpus.part(piece.book, SHEET).count(b"<row ")
        assert rows <= 64


@pytest.mark.parametrize(
    "build", [corpus.zip_bomb, corpus.entity_bomb, corpus.comment_hidden_doctype, corpus.lying_sizes]
)
def test_the_safety_checks_come_first_whatever_the_read(build: Callable[[], bytes]) -> None:
    data = build()
    with pytest.raises(FileRejected) as whole:
        publications.read_publication_log(data, "a.xlsx", corpus.matcher())
    with pytest.raises(FileRejected) as sliced:
        publications.read_publication_log(data, "a.xlsx", corpus.matcher(), slice_rows=64)
    assert sliced.value.problem == whole.value.problem


def test_only_files_inflating_past_the_threshold_are_sliced(monkeypatch: pytest.MonkeyPatch) -> None:
    data = openpyxl_log()
    assert not slices.wanted(data) and not slices.wanted(b"not a zip")
    monkeypatch.setattr(slices, "SLICE_BYTES", 1000)
    assert slices.wanted(data)
