"""cchc.ingest.workbook: the quick (eager) and the error-reporting loads give the same sheets."""

from __future__ import annotations

import io

import fastexcel
import xlsxwriter

from cchc.ingest import workbook
from cchc.ingest.safety import check_upload


def offset_book(*, error: bool, hidden: bool = True) -> bytes:
    """Data from C3 on, a merge over two unit cells, a hidden second sheet; optionally a #N/A."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out)
    ws = wb.add_worksheet("Tin bài")
    ws.write_row(2, 2, ["Đơn vị", "Ngày", "Tiêu đề"])
    ws.merge_range(3, 2, 4, 2, "Phường Phúc Lợi")
    ws.write_row(3, 3, ["02/03/2026", "Tin một"])
    ws.write_row(4, 3, ["03/03/2026", "Tin hai"])
    if error:
        ws.write_formula(5, 4, "=NA()", None, "#N/A")
    other = wb.add_worksheet("Cũ")
    other.write_row(0, 1, ["x", "y"])
    if hidden:
        other.hide()
    wb.close()
    return out.getvalue()


def read(data: bytes) -> list[workbook.RawSheet]:
    return workbook.read_sheets(data, check_upload(data, "a.xlsx"), "a.xlsx")


def test_a_sheet_without_error_cells_takes_the_quick_load(monkeypatch):
    calls: list[str] = []
    quick, slow = workbook._read_sheet_quickly, workbook._read_sheet
    monkeypatch.setattr(workbook, "_read_sheet_quickly", lambda *a: calls.append("quick") or quick(*a))
    monkeypatch.setattr(workbook, "_read_sheet", lambda *a: calls.append("slow") or slow(*a))
    data = offset_book(error=False)
    assert not check_upload(data, "a.xlsx").error_cells
    sheets = read(data)
    assert calls == ["quick", "quick"]
    first, second = sheets
    assert (first.name, first.visible, first.letters) == ("Tin bài", True, ["C", "D", "E"])
    assert (second.name, second.visible, second.letters) == ("Cũ", False, ["B", "C"])
    assert first.columns[0].to_pylist()[2:5] == ["Đơn vị", "Phường Phúc Lợi", None]
    assert first.merged == [(0, 4, 5)]  # column C, Excel rows 4–5


def test_error_cells_take_the_load_that_reports_them():
    data = offset_book(error=True)
    assert check_upload(data, "a.xlsx").error_cells
    first, _ = read(data)
    assert first.letters == ["C", "D", "E"]
    assert first.bad_cells == {(6, 2): "Ô bị lỗi công thức (#N/A)."}


def test_both_loads_read_the_same_values_and_positions():
    reader = fastexcel.read_excel(offset_book(error=False, hidden=False))
    for index, name in enumerate(reader.sheet_names):
        quick = workbook._read_sheet_quickly(reader, index, name, True)
        slow = workbook._read_sheet(reader, index)
        assert quick.letters == slow.letters
        assert [c.to_pylist() for c in quick.columns] == [c.to_pylist() for c in slow.columns]
        assert (quick.name, quick.visible) == (slow.name, slow.visible)
