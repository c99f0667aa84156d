"""Real documents, written by real libraries: a .docx (python-docx: a header laid out in a table,
paragraphs, a task table with its header repeated and a row continued on the next page), a .pdf
(fpdf2, a Vietnamese font, lines wrapped by the page width), a .txt in NFD; and the files that
cannot be read. The plans are those of tests/plandoc/plans_elsewhere.py."""

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from cchc.plandoc import PlanReadError, read_plan
from tests.plandoc import plans_elsewhere as plans

ROOT = Path(__file__).resolve().parents[2]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_font = pytest.mark.skipif(
    not FONT.exists(), reason="the DejaVu font (Debian fonts-dejavu-core) is not installed"
)


def _rules(proposal: dict) -> list[tuple]:
    keys = ("applies_kind", "applies_unit", "channel", "item_kind", "basis", "min_count", "period")
    return [tuple(r[k] for k in keys) for r in proposal["rules"]]


def _tasks(proposal: dict) -> list[tuple]:
    return [(t["stt"], t["lead"], t["partners"], t["deadline_text"]) for t in proposal["tasks"]]


def _check_head(proposal: dict, expected: dict) -> None:
    assert proposal["number"] == expected["number"]
    assert proposal["issued_on"] == expected["issued_on"]
    assert proposal["issuer"] == expected["issuer"]
    assert (proposal["period_start"], proposal["period_end"]) == expected["period"]
    assert proposal["parent"] == expected["parent"]


def write_da_nang_docx(path: Path) -> Path:
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    for cell, text in zip(header.rows[0].cells, plans.DA_NANG_HEADER[0], strict=True):
        lines = text.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for line in plans.DA_NANG_BODY.split("\n"):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=6)
    for row in plans.DA_NANG_TABLE:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    document.add_paragraph("")
    document.save(str(path))
    return path


def write_can_tho_pdf(path: Path) -> Path:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("dejavu", "", str(FONT))
    pdf.set_font("dejavu", size=12)
    for line in plans.CAN_THO_LINES:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")  # wrapped at the page width, as printed
    pdf.output(str(path))
    return path


def test_a_docx_plan_of_da_nang(tmp_path):
    proposal = read_plan(write_da_nang_docx(tmp_path / "ke-hoach.docx"))
    _check_head(proposal, plans.DA_NANG)
    assert _rules(proposal) == plans.DA_NANG["rules"]
    assert _tasks(proposal) == plans.DA_NANG["tasks"]
    assert proposal["tasks"][1]["task"] == "Tổ chức hội nghị đối thoại với Nhân dân về thủ tục hành chính"
    assert [t["product"] for t in proposal["tasks"]] == ["Tin, bài", "Hội nghị", "Báo cáo"]
    assert proposal["unread"] == []


@needs_font
def test_a_pdf_plan_of_can_tho(tmp_path):
    path = write_can_tho_pdf(tmp_path / "ke-hoach.pdf")
    proposal = read_plan(path)
    _check_head(proposal, plans.CAN_THO)
    assert _rules(proposal) == plans.CAN_THO["rules"]
    assert _tasks(proposal) == plans.CAN_THO["tasks"]
    # the PDF really wrapped the long lines: the reader joined them back
    import pypdfium2

    page = pypdfium2.PdfDocument(str(path))[0]
    assert len(page.get_textpage().get_text_range().splitlines()) > len(plans.CAN_THO_LINES)


def test_a_txt_plan_of_quang_ninh_in_nfd(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(unicodedata.normalize("NFD", plans.QUANG_NINH), encoding="utf-8")
    proposal = read_plan(path)
    expected = plans.QUANG_NINH_EXPECTED
    _check_head(proposal, expected)
    assert _rules(proposal) == expected["rules"]
    assert proposal["unread"] == expected["unread"]
    assert all(unicodedata.is_normalized("NFC", r["source"]) for r in proposal["rules"])


def test_the_cli_reads_the_docx_too(tmp_path):
    path = write_da_nang_docx(tmp_path / "ke-hoach.docx")
    run = subprocess.run(
        [sys.executable, "-m", "cchc", "plan", "read", str(path), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["issuer"] == "UBND phường Hải Châu"


@needs_font
def test_a_pdf_without_a_text_layer_is_refused(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a scan is pictures only
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(PlanReadError, match="không có lớp chữ"):
        read_plan(tmp_path / "scan.pdf")


@needs_font
def test_a_pdf_with_a_password_is_refused(tmp_path):
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.add_font("dejavu", "", str(FONT))
    pdf.set_font("dejavu", size=12)
    pdf.cell(0, 10, "Kế hoạch")
    pdf.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(PlanReadError, match="mật khẩu"):
        read_plan(tmp_path / "locked.pdf")


def test_a_word_file_that_is_not_a_document_is_refused(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(PlanReadError, match="hỏng"):
        read_plan(path)


NUMBERING = (
    '<w:abstractNum {ns} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>'
    "</w:abstractNum>"
)


def test_word_automatic_numbering_gives_the_sections_their_markers(tmp_path):
    """Headings numbered by Word (no 'IV.' typed in the text) still make the sections and subjects."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from cchc.plandoc.extract import read_blocks

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING.format(ns=nsdecls("w"))))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def add(text: str, level: int | None = None) -> None:
        paragraph = document.add_paragraph(text)
        if level is not None:
            num_pr = parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
            )
            paragraph._p.get_or_add_pPr().append(num_pr)

    add("UBND PHƯỜNG TÂY HỒ")
    add("KẾ HOẠCH")
    add("Tuyên truyền cải cách hành chính năm 2027")
    add("NỘI DUNG", 0)
    add("Mỗi tháng đăng 02 tin bài trên Cổng thông tin điện tử phường.", 2)
    add("TỔ CHỨC THỰC HIỆN", 0)
    add("Các phòng, ban, đơn vị thuộc phường", 1)
    add("Mỗi quý có ít nhất 01 tin bài trên Cổng thông tin điện tử phường.", 3)
    add("Phòng Văn hóa - Xã hội", 1)
    add("Hằng tháng có 01 tin bài trên Cổng thông tin điện tử phường.", 3)
    path = tmp_path / "numbered.docx"
    document.save(str(path))

    lines = [line for line in read_blocks(path).lines if line]
    assert lines[3:] == [
        "I. NỘI DUNG",
        "a) Mỗi tháng đăng 02 tin bài trên Cổng thông tin điện tử phường.",
        "II. TỔ CHỨC THỰC HIỆN",
        "1. Các phòng, ban, đơn vị thuộc phường",
        "- Mỗi quý có ít nhất 01 tin bài trên Cổng thông tin điện tử phường.",
        "2. Phòng Văn hóa - Xã hội",
        "- Hằng tháng có 01 tin bài trên Cổng thông tin điện tử phường.",
    ]
    rules = [
        (r["applies_kind"], r["applies_unit"], r["min_count"], r["period"]) for r in read_plan(path)["rules"]
    ]
    assert rules == [
        (None, "UBND phường Tây Hồ", 2, "month"),
        ("ward_office", None, 1, "quarter"),
        (None, "Phòng Văn hóa - Xã hội phường Tây Hồ", 1, "month"),
    ]
