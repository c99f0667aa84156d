"""cchc.exports.xlsx, the one .xlsx writer, and the workbooks written through it."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from cchc import demo
from cchc.exports.template import build_template
from cchc.exports.xlsx import Col, Sheets, write_value
from cchc.ingest.importer import unit_matcher
from cchc.ingest.publications import read_publication_log

TRICKY = ['=HYPERLINK("http://x")', "=1+1", "+1", "-2", "@SUM(A1)", "http://example.vn/a", "0123", "1e5"]


def _book(write: object) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    out = Sheets(buffer)
    write(out)  # type: ignore[operator]
    out.close()
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_every_workbook_is_written_through_the_one_writer() -> None:
    """No module but cchc/exports/xlsx.py opens an xlsxwriter workbook or writes with openpyxl."""
    root = Path(__file__).resolve().parent.parent / "cchc"
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "xlsx.py":
            continue
        assert "xlsxwriter.Workbook(" not in text, path
        assert "to_excel(" not in text, path
        assert ".save(" not in text or "openpyxl" not in text, path


@pytest.mark.parametrize("text", TRICKY)
def test_formula_looking_strings_stay_text(text: str) -> None:
    def write(out: Sheets) -> None:
        write_value(out.book.add_worksheet("s"), 0, 0, text)

    cell = _book(write)["s"]["A1"]
    assert (cell.value, cell.data_type) == (text, "s")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 3, 5), datetime(2026, 3, 5)),
        (datetime(2026, 3, 5, 8, 30), datetime(2026, 3, 5, 8, 30)),
        (pd.Timestamp("2026-03-05 08:30", tz="Asia/Ho_Chi_Minh"), datetime(2026, 3, 5, 8, 30)),
        (7, 7),
        (0.25, 0.25),
        (True, True),
        (None, None),
        (float("nan"), None),
        (pd.NaT, None),
    ],
)
def test_values_are_written_by_type(value: object, expected: object) -> None:
    def write(out: Sheets) -> None:
        kind = "date" if isinstance(expected, datetime) else "text"
        write_value(out.book.add_worksheet("s"), 0, 0, value, out.formats[kind])

    cell = _book(write)["s"]["A1"]
    assert cell.value == expected
    if isinstance(expected, datetime):
        assert cell.number_format == "dd/mm/yyyy"


def test_table_header_and_formats() -> None:
    frame = pd.DataFrame(
        {"name": ["=A1", "Sở Tư pháp"], "day": [date(2026, 4, 30), None], "n": [3, 1200], "share": [0.5, 1.0]}
    )
    cols = [Col("name", "Đơn vị", 30), Col("day", "Hạn", 12, "date"), Col("n", "Số", 8, "int")]
    cols.append(Col("share", "Tỷ lệ", 8, "pct"))

    def write(out: Sheets) -> None:
        ws = out.sheet("Bảng", "Tiêu đề", "phụ đề")
        assert out.table(ws, frame, cols) == 7

    ws = _book(write)["Bảng"]
    assert ws["A1"].value == "Tiêu đề" and ws["A1"].font.b and ws["A2"].value == "phụ đề"
    header = [ws.cell(5, c) for c in range(1, 5)]
    assert [c.value for c in header] == ["Đơn vị", "Hạn", "Số", "Tỷ lệ"]
    assert all(c.font.b and c.alignment.wrap_text and c.border.top.style for c in header)
    assert ws.freeze_panes == "A6" and ws.auto_filter.ref == "A5:D7"
    assert (ws["A6"].value, ws["A6"].data_type) == ("=A1", "s")
    assert (ws["B6"].value, ws["B6"].number_format) == (datetime(2026, 4, 30), "dd/mm/yyyy")
    assert ws["B7"].value is None
    assert (ws["C7"].value, ws["C7"].number_format) == (1200, "#,##0")
    assert (ws["D6"].value, ws["D6"].number_format) == (0.5, "0%")
    assert ws.column_dimensions["A"].width == pytest.approx(30, abs=1)


def test_template_has_its_sheets_header_and_lists() -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_template()))
    assert book.sheetnames == ["Nhật ký tin bài", "Danh mục", "Hướng dẫn"]
    log = book["Nhật ký tin bài"]
    assert [c.value for c in log[3]] == demo.HEADER
    assert log.freeze_panes == "A4"
    assert {str(v.sqref) for v in log.data_validations.dataValidation} >= {"D4:D5004", "C4:C5004"}
    assert book["Danh mục"]["A1"].value == "Kênh đăng" and book["Danh mục"]["A2"].value
    assert book["Hướng dẫn"]["A1"].value == "Mẫu nhật ký tin/bài tuyên truyền CCHC"


def test_demo_log_reads_as_the_committed_one(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rows = con.execute(
        "select code, name, kind, parent_code from units where province = 'Hà Nội' and kind <> 'city' order by code"
    ).fetchall()
    items = [
        i for i in demo.build_items([demo.DemoUnit(*r) for r in rows]) if i.day.strftime("%Y-%m") == "2026-03"
    ]
    (written,) = demo.write_workbooks(items, tmp_path)
    committed = demo.DEMO_DIR / written.name
    matcher = unit_matcher(con)
    new = read_publication_log(written.read_bytes(), written.name, matcher)
    old = read_publication_log(committed.read_bytes(), committed.name, matcher)
    assert new.rows.num_rows > 900
    assert new.rows.equals(old.rows)
    assert [p.message for p in new.problems] == [p.message for p in old.problems]


def test_task_export_layout() -> None:
    from cchc.exports.tasks import to_xlsx

    frame = pd.DataFrame(
        {"plan": ["PL-2026"], "stt": [12], "task": ["=cmd|' /C calc'!A0"], "due_date": [date(2026, 4, 30)]}
    )
    occ = frame.rename(columns={"due_date": "occ_due"})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, occ, title="Tiến độ")))
    assert book.sheetnames == ["Nhiệm vụ", "Các kỳ"]
    ws = book["Nhiệm vụ"]
    assert ws["A1"].value == "Tiến độ" and ws["A1"].font.b
    assert [c.value for c in ws[3]] == ["Kế hoạch", "STT", "Nhiệm vụ", "Hạn"]
    assert (ws["B4"].value, ws["C4"].data_type) == (12, "s")
    assert (ws["D4"].value, ws["D4"].number_format) == (datetime(2026, 4, 30), "dd/mm/yyyy")
    assert [c.value for c in book["Các kỳ"][1]] == ["Kế hoạch", "Số nhiệm vụ", "Tên nhiệm vụ", "Đến hạn"]
