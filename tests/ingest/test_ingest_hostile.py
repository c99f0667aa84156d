"""The pre-checks alone (no reader runs) refuse every hostile file of issue 11, and a few neighbours."""

from __future__ import annotations

import io
import zipfile

import pytest

from cchc.ingest.report import FileRejected
from cchc.ingest.safety import check_upload
from tests.ingest import hostile_corpus as hostile

BEYOND = "quá cột XFD hoặc quá dòng 1.048.576"


def far(cells: str) -> bytes:
    return hostile.workbook([hostile.sheet_xml(hostile.GOOD_ROWS + cells)])


NEIGHBOURS = [
    ("row past Excel's last", lambda: far('<row r="1048577"><c r="A1048577"><v>1</v></c></row>'), BEYOND),
    ("lower-case column past XFD", lambda: far('<row r="6"><c r="xfe6"><v>1</v></c></row>'), BEYOND),
    ("empty cell past XFD", lambda: far('<row r="6"><c r="XFE6"/></row>'), BEYOND),
    ("5000-digit row", lambda: far(f'<row r="{"9" * 5000}"><c><v>1</v></c></row>'), BEYOND),
    ("row tag past the last row", lambda: far('<row r="2000000"><c><v>1</v></c></row>'), BEYOND),
    (
        "shared strings claiming more than they hold",
        lambda: hostile.workbook(
            [hostile.sheet_xml(hostile.GOOD_ROWS)],
            strings=f'<sst {hostile.NS} uniqueCount="1000"><si><t>x</t></si></sst>'.encode(),
        ),
        "Tệp khai báo 1.000 chuỗi văn bản",
    ),
    (
        "a media part lying about its size",
        lambda: hostile.build_zip(
            [*_entries(hostile.good()), hostile.Entry("xl/media/image1.png", b"\x89PNG" + b"\0" * 5000, 100)]
        ),
        "khai báo sai kích thước nén",
    ),
]


def _entries(data: bytes) -> list[hostile.Entry]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [hostile.Entry(i.filename, archive.read(i)) for i in archive.infolist()]


@pytest.mark.parametrize(
    ("build", "message"),
    [(b, m) for b, m in hostile.HOSTILE.values()] + [n[1:] for n in NEIGHBOURS],
    ids=list(hostile.HOSTILE) + [n[0] for n in NEIGHBOURS],
)
def test_refused_before_any_reader_runs(build, message):
    with pytest.raises(FileRejected) as refused:
        check_upload(build(), "x.xlsx")
    assert message in refused.value.problem.message


@pytest.mark.parametrize(
    "build",
    [
        hostile.good,
        lambda: far('<row r="1048576"><c r="XFD1048576"/></row>'),  # Excel's last cell, empty: no value
        lambda: hostile.workbook(
            [hostile.sheet_xml(hostile.GOOD_ROWS)],
            strings=f'<sst {hostile.NS} count="3" uniqueCount="1"><si><t>x</t></si></sst>'.encode(),
        ),
        lambda: hostile.workbook(
            [hostile.sheet_xml(hostile.GOOD_ROWS)], book_decl='<?xml version="1.0" encoding="utf-8"?>'
        ),
    ],
    ids=["control", "empty last cell", "honest shared strings", "lower-case utf-8"],
)
def test_honest_neighbours_pass(build):
    assert check_upload(build(), "x.xlsx").kind == "xlsx"
