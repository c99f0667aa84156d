"""Đôn đốc: who is behind and by how much, the list as xlsx, the reminder letters as docx."""

from __future__ import annotations

import io
import zipfile
from datetime import date as d

import openpyxl
import pytest
from conftest import PHUC_LOI, item
from docx import Document

from cchc.exports import letters
from cchc.periods import parse_period
from cchc.quotas import behind
from cchc.vocab import CHUA_DAT, DANG_THUC_HIEN

VP, VHXH, KTHTDT, PVHCC, TTVH = (f"{PHUC_LOI}-{s}" for s in ("VP", "VHXH", "KTHTDT", "PVHCC", "TTVHTTTT"))
MAY = parse_period("2026-05")
AS_OF = d(2026, 5, 20)
PLANTED = ['=HYPERLINK("http://example.invalid","bấm vào")', "+1", "-2", "@x"]


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def offices(con, add):
    """Phúc Lợi's five offices in Q2 2026: VHXH has met its quarter, VP is half-way, the rest
    sent nothing."""
    add(
        [
            item(VHXH, d(2026, 4, 10), "own_portal"),
            item(VHXH, d(2026, 4, 12), "own_portal"),
            item(VHXH, d(2026, 5, 5), "city_page", status="submitted"),
            item(VP, d(2026, 5, 3), "own_portal"),
        ]
    )
    return con


def test_units_behind_and_what_each_misses(offices):
    units = behind.scope_units(offices, kind="ward_office")
    detail = behind.behind(offices, MAY, AS_OF, units)
    got = {(r.unit_code, r.rule, r.required, r.actual, r.missing, r.status) for r in detail.itertuples()}
    assert got == {
        (VP, "pl26-office-portal-quarter", 2, 1, 1, DANG_THUC_HIEN),
        (VP, "pl26-office-city-quarter", 1, 0, 1, DANG_THUC_HIEN),
        (KTHTDT, "pl26-office-portal-quarter", 2, 0, 2, DANG_THUC_HIEN),
        (KTHTDT, "pl26-office-city-quarter", 1, 0, 1, DANG_THUC_HIEN),
        (KTHTDT, "pl26-kthtdt-quarter", 1, 0, 1, DANG_THUC_HIEN),
        (PVHCC, "pl26-office-portal-quarter", 2, 0, 2, DANG_THUC_HIEN),
        (PVHCC, "pl26-office-city-quarter", 1, 0, 1, DANG_THUC_HIEN),
        (TTVH, "pl26-office-portal-quarter", 2, 0, 2, DANG_THUC_HIEN),
        (TTVH, "pl26-office-city-quarter", 1, 0, 1, DANG_THUC_HIEN),
    }
    summary = behind.per_unit(detail)
    assert summary["unit_code"].tolist() == [KTHTDT, PVHCC, TTVH, VP]
    assert summary["missing"].tolist() == [4, 3, 3, 2]
    assert "01/04/2026 – 30/06/2026: 1/2" in summary.set_index("unit_code").loc[VP, "missing_text"]


def test_status_filter_after_the_quarter(offices):
    june = parse_period("2026-06")
    units = behind.scope_units(offices, unit=KTHTDT)
    missed = behind.behind(offices, june, d(2026, 7, 10), units, statuses=(CHUA_DAT,))
    assert set(missed["status"]) == {CHUA_DAT} and len(missed) == 3
    assert behind.behind(offices, june, d(2026, 7, 10), units, statuses=(DANG_THUC_HIEN,)).empty


def test_scope_units_stays_within_what_the_user_may_see(offices):
    assert behind.scope_units(offices) is None
    assert behind.scope_units(offices, unit=VP, allowed=[PHUC_LOI, VHXH]) == []
    assert behind.scope_units(offices, kind="ward_office", allowed=[PHUC_LOI, VHXH]) == [VHXH]
    assert behind.scope_units(offices, allowed=[VHXH]) == [VHXH]


@pytest.mark.parametrize(
    ("today", "deadline"),
    [
        (d(2026, 5, 20), d(2026, 5, 31)),  # end of the month
        (d(2026, 5, 28), d(2026, 6, 4)),  # but at least a week
        (d(2026, 12, 30), d(2027, 1, 6)),
    ],
)
def test_default_deadline(today, deadline):
    assert letters.default_deadline(today) == deadline


@pytest.mark.parametrize(
    ("name", "kind", "to", "short"),
    [
        ("Phường Phúc Lợi", "commune", "Ủy ban nhân dân phường Phúc Lợi", "UBND phường Phúc Lợi"),
        ("Xã Sóc Sơn", "commune", "Ủy ban nhân dân xã Sóc Sơn", "UBND xã Sóc Sơn"),
        ("Sở Tư pháp", "department", "Sở Tư pháp", "Sở Tư pháp"),
        (
            "Phòng Văn hóa - Xã hội (Phường Phúc Lợi)",
            "ward_office",
            "Phòng Văn hóa - Xã hội",
            "Phòng Văn hóa - Xã hội",
        ),
    ],
)
def test_how_a_unit_is_addressed(name, kind, to, short):
    assert letters.addressee(name, kind) == to
    assert letters.short_name(name, kind) == short


def test_office_letter_names_the_unit_the_quota_and_comes_from_the_ward(offices):
    detail = behind.behind(offices, MAY, AS_OF, [KTHTDT])
    options = letters.LetterOptions(letter_date=d(2026, 5, 21), deadline=d(2026, 5, 31), as_of=AS_OF)
    letter = letters.reminder_letter(offices, KTHTDT, detail, options)
    assert letter is not None and letter.file_name.endswith(".docx")
    text = docx_text(letter.data)
    assert "{{" not in text and "}}" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG PHÚC LỢI" in text
    assert "Phúc Lợi, ngày 21 tháng 5 năm 2026" in text
    assert "Kính gửi: Phòng Kinh tế, Hạ tầng và Đô thị." in text
    assert "Phòng Kinh tế, Hạ tầng và Đô thị: tin/bài về kết quả giải quyết TTHC hằng quý" in text
    assert "01/04/2026 –\n30/06/2026" in text
    assert "trước ngày 31/05/2026" in text
    assert "Nơi nhận:" in text and "TM. ỦY BAN NHÂN DÂN" in text
    table = Document(io.BytesIO(letter.data)).tables[1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0][:6] == ["STT", "Định mức", "Kỳ", "Yêu cầu", "Đã thực hiện", "Còn thiếu"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    portal = next(r for r in rows[1:] if r[1].startswith("Mỗi phòng, ban, đơn vị ≥ 2"))
    assert portal[3:7] == ["2", "0", "2", DANG_THUC_HIEN]


def test_commune_letter_comes_from_the_department_of_home_affairs(con, add):
    add([item(PHUC_LOI, d(2026, 5, 3), "radio")])
    detail = behind.behind(con, MAY, AS_OF, [PHUC_LOI])
    options = letters.LetterOptions(
        letter_date=d(2026, 5, 5), deadline=d(2026, 5, 31), as_of=AS_OF, signer_name="Nguyễn Văn A"
    )
    text = docx_text(letters.reminder_letter(con, PHUC_LOI, detail, options).data)
    assert "UBND THÀNH PHỐ HÀ NỘI" in text and "SỞ NỘI VỤ" in text
    assert "Hà Nội, ngày 05 tháng 5 năm 2026" in text
    assert "Kính gửi: Ủy ban nhân dân phường Phúc Lợi." in text
    assert "Kế hoạch số 75/KH-UBND ngày 27/02/2026 của UBND thành phố Hà Nội" in text
    assert "≥ 2 tin/bài CCHC mỗi tháng phát trên hệ thống truyền thanh cơ sở" in text
    assert "Nguyễn Văn A" in text and "KT. GIÁM ĐỐC" in text


def test_zip_holds_one_letter_per_unit(offices):
    detail = behind.behind(offices, MAY, AS_OF, behind.scope_units(offices, kind="ward_office"))
    options = letters.LetterOptions(letter_date=AS_OF, deadline=d(2026, 5, 31), as_of=AS_OF)
    with zipfile.ZipFile(io.BytesIO(letters.letters_zip(offices, detail, options))) as zf:
        names = zf.namelist()
        assert len(names) == 4 and all(n.endswith(".docx") for n in names)
        assert any(n.startswith(f"nhac-nho-{KTHTDT}-phong-kinh-te") for n in names)
        assert "Kính gửi: Văn phòng HĐND và UBND." in docx_text(zf.read(next(n for n in names if VP in n)))


def test_placeholders_split_over_runs_are_filled():
    doc = Document()
    p = doc.add_paragraph()
    for text in ("Đề nghị {{DON", "_VI}} nộp trước {{", "HAN}}."):
        p.add_run(text)
    letters._replace(p, {"DON_VI": "UBND phường Phúc Lợi", "HAN": "31/05/2026"})
    assert p.text == "Đề nghị UBND phường Phúc Lợi nộp trước 31/05/2026."


def test_reminder_list_xlsx_keeps_planted_formulas_as_text(con, add):
    for i, name in enumerate(PLANTED):
        con.execute(
            "insert into units (code, name, kind, parent_code, province) values ($c, $n, 'department', 'HN', 'Hà Nội')",
            {"c": f"X{i}", "n": name},
        )
    detail = behind.behind(con, MAY, AS_OF, [f"X{i}" for i in range(len(PLANTED))])
    data = letters.reminders_xlsx(detail, "Danh sách", AS_OF)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Đơn vị cần đôn đốc", "Chi tiết định mức"]
    for ws in book.worksheets:
        cells = [c for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        planted = {c.value: c.data_type for c in cells if c.value in PLANTED}
        assert planted == dict.fromkeys(PLANTED, "s")
    summary = book["Đơn vị cần đôn đốc"]
    assert summary["A5"].value == "Mã đơn vị" and summary.freeze_panes == "C6"
    letter = letters.reminder_letter(
        con, "X0", detail, letters.LetterOptions(letter_date=AS_OF, deadline=d(2026, 5, 31), as_of=AS_OF)
    )
    assert f"Kính gửi: {PLANTED[0]}." in docx_text(letter.data)
