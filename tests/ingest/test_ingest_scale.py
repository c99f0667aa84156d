"""A province's yearly log (a million rows) is checked at the same cost per row as a small one:
measured at once, in bounded memory, with the far-cell checks intact at any row."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest

from cchc.ingest import read_publication_log
from cchc.ingest.extent import Extent
from cchc.ingest.report import FileRejected
from cchc.ingest.safety import MAX_CELLS, check_upload
from cchc.ingest.sheetscan import SheetScanner
from tests.ingest import corpus
from tests.ingest import hostile_corpus as hostile


def rows_xml(first: int, last: int) -> bytes:
    """Rows as Excel writes them: a number, a shared string, an empty styled cell."""
    return "".join(
        f'<row r="{n}" spans="1:3"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="s"><v>{n % 7}</v></c>'
        f'<c r="C{n}" s="1"/></row>'
        for n in range(first, last + 1)
    ).encode()


def million_row_sheet() -> Iterator[bytes]:
    """A 1,000,000-row worksheet part in chunks of about 1 MB, as the zip stream gives them."""
    yield f"{hostile.DECL}<worksheet {hostile.NS}><sheetData>".encode()
    for first in range(1, 1_000_001, 20_000):
        whole = rows_xml(first, first + 19_999)
        for at in range(0, len(whole), 1 << 20):
            yield whole[at : at + (1 << 20)]  # cut anywhere, even inside a tag


def test_a_million_rows_are_measured_at_once_holding_a_few_chunks_and_a_far_cell_after_them_is_seen() -> None:
    scanner = SheetScanner(zipfile.ZipInfo("xl/worksheets/sheet1.xml"), b"")
    total = 0
    for chunk in million_row_sheet():
        total += len(chunk)
        scanner.feed(chunk)
    extent = scanner.extent
    assert (extent.rows, extent.cols, extent.beyond) == (1_000_000, 2, None)  # C holds no value
    assert total > 60 * 2**20 and scanner.held < 4 * 2**20  # nothing of the part is kept
    assert extent.walked == 0  # no chunk fell back to the walk, tag by tag
    scanner.feed(b'<row r="1000001"><c r="ZZ1000001"><v>1</v></c></row></sheetData></worksheet>')
    scanner.finish()
    assert extent.farthest == "ZZ1000001" and extent.cells > MAX_CELLS


@pytest.mark.parametrize(
    ("cell", "farthest"),
    [
        ('<row r="1000001"><c r="ZZ1000001"><v>1</v></c></row>', "ZZ1000001"),
        ('<row r="1000001"><c r="XFD1000001" t="s"><v>1</v></c></row>', "XFD1000001"),
    ],
)
def test_a_far_cell_at_row_1000001_is_refused(cell: str, farthest: str) -> None:
    with pytest.raises(FileRejected, match=f"tới ô {farthest}"):
        check_upload(hostile.workbook([hostile.sheet_xml(hostile.GOOD_ROWS + cell)]), "a.xlsx")


SHEETS = [
    rows_xml(99_990, 100_010),  # row numbers past 99,999
    rows_xml(999_990, 1_000_010),  # and past 999,999
    b'<row r="5"><c r="AAA5"><v>1</v></c><c r="XFD6"/></row>',  # three letters; an empty far cell
    b'<row r="5"><c r="XFE5"/></row><row r="6"><c r="B1048577"><v>1</v></c></row>',  # beyond
    b'<row r="7"><c r="ZZ200000"><v>1</v></c><c r="A3" t="s"><v>0</v></c></row>',  # out of order
    b'<row r="2"><c r="B2"><v>1</v></c>\n<c r="C2" s="1"/>\n<c r="D2" s="2"></c></row>',
    b'<row r="3"><c r="A3"><v>1</v></c><c><v>2</v></c><c s="1" r="H3"><v>3</v></c></row>',  # walked
]


@pytest.mark.parametrize("cells", SHEETS)
@pytest.mark.parametrize("size", [1 << 20, 97, 13])
def test_measuring_at_once_agrees_with_the_walk_tag_by_tag(cells: bytes, size: int) -> None:
    """The walk is the reader's own logic, one tag at a time (the path every chunk took before)."""
    fast, walk = Extent(b""), Extent(b"")
    walk.walk_all = True
    for at in range(0, len(cells), size):
        fast.feed(cells[at : at + size])
        walk.feed(cells[at : at + size])
    fast.feed(b"", final=True)
    walk.feed(b"", final=True)
    assert (fast.rows, fast.cols, fast.beyond) == (walk.rows, walk.cols, walk.beyond)


def test_a_log_of_200_000_rows_is_read_whole() -> None:
    """Past row 99,999 the old scan went cell by cell in Python; the rows are the same as ever."""
    head = hostile.row(1, ("A1", "Đơn vị"), ("B1", "Ngày đăng"), ("C1", "Kênh đăng"), ("D1", "Tiêu đề"))
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}" t="s"><v>1</v></c>'
        f'<c r="C{n}" t="s"><v>2</v></c><c r="D{n}"><v>{n}</v></c></row>'
        for n in range(2, 200_002)
    )
    strings = (
        f'<sst {hostile.NS} count="3" uniqueCount="3"><si><t>Phường Phúc Lợi</t></si>'
        "<si><t>01/03/2026</t></si><si><t>Cổng TTĐT</t></si></sst>"
    ).encode()
    small = hostile.workbook([hostile.sheet_xml(head)], strings=strings)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(small)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = hostile.sheet_xml(head + body)
            dst.writestr(info.filename, data, compresslevel=1)
    log = read_publication_log(out.getvalue(), "nam.xlsx", corpus.matcher())
    assert (log.rows_total, log.rows.num_rows, log.problems) == (200_000, 200_000, [])
    assert log.rows["row"][-1].as_py() == 200_001 and log.rows["title"][-1].as_py() == "200001"
