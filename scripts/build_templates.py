"""Write the reminder letter template data/templates/nhac-nho.docx (python-docx).

The letter follows the usual layout of an administrative letter (công văn, Nghị định
30/2020/NĐ-CP): issuer and quốc hiệu side by side, số/ký hiệu left blank for the clerk, place and
date, "V/v" line, "Kính gửi", body, a table of what is missing, "Nơi nhận" and the signature block.

Placeholders are `{{NAME}}`, each in a run of its own; cchc.exports.letters fills them (and copes with
placeholders split over runs if someone re-saves the template in Word). The table row holding
`{{stt}}` is repeated once per missing quota. The file is deterministic: re-running this script
gives the same bytes.

Usage: python scripts/build_templates.py
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "templates" / "nhac-nho.docx"
FONT = "Times New Roman"
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _font(run, size: float = 14, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _para(
    container,
    parts: list[tuple[str, dict]],
    align=WD_ALIGN_PARAGRAPH.CENTER,
    space_after: float = 0,
    first_line: float | None = None,
) -> Paragraph:
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if first_line is not None:
        p.paragraph_format.first_line_indent = Cm(first_line)
    for text, style in parts:
        _font(p.add_run(text), **style)
    return p


def _rule(container, indent_cm: float) -> None:
    """A short centred horizontal line: an empty paragraph with a bottom border."""
    p = container.add_paragraph()
    p.paragraph_format.left_indent = Cm(indent_cm)
    p.paragraph_format.right_indent = Cm(indent_cm)
    p.paragraph_format.space_after = Pt(4)
    _font(p.add_run(""), 2)
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)


def _clear(cell: _Cell) -> _Cell:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


def _cell_width(cell: _Cell, cm: float) -> None:
    cell.width = Cm(cm)


def _grid(table, widths: list[float]) -> None:
    """Column widths in the table grid too: LibreOffice and Word lay out from tblGrid."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)


def _header(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid(table, [6.0, 10.0])
    left, right = (_clear(c) for c in table.rows[0].cells)
    _cell_width(left, 6.0)
    _cell_width(right, 10.0)
    _para(left, [("{{CO_QUAN_CHU_QUAN}}", dict(size=12))])
    _para(left, [("{{CO_QUAN_BAN_HANH}}", dict(size=13, bold=True))])
    _rule(left, 2.0)
    _para(left, [("Số:          /", dict(size=13)), ("{{KY_HIEU}}", dict(size=13))], space_after=2)
    _para(left, [("V/v đôn đốc thực hiện định mức tin, bài tuyên truyền cải cách hành chính", dict(size=12))])
    _para(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", dict(size=12.5, bold=True))])
    _para(right, [("Độc lập - Tự do - Hạnh phúc", dict(size=14, bold=True))])
    _rule(right, 1.8)
    _para(
        right,
        [
            ("{{DIA_DANH}}", dict(size=14, italic=True)),
            (", ngày ", dict(size=14, italic=True)),
            ("{{NGAY}}", dict(size=14, italic=True)),
            (" tháng ", dict(size=14, italic=True)),
            ("{{THANG}}", dict(size=14, italic=True)),
            (" năm ", dict(size=14, italic=True)),
            ("{{NAM}}", dict(size=14, italic=True)),
        ],
    )


def _missing_table(doc) -> None:
    headers = ["STT", "Định mức", "Kỳ", "Yêu cầu", "Đã thực hiện", "Còn thiếu", "Tình trạng"]
    widths = [1.2, 5.0, 2.8, 1.5, 1.6, 1.5, 2.4]
    keys = ["stt", "dinh_muc", "ky", "yeu_cau", "thuc_hien", "con_thieu", "tinh_trang"]
    table = doc.add_table(rows=2, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid(table, widths)
    for i, (title, width, key) in enumerate(zip(headers, widths, keys, strict=True)):
        head = _clear(table.rows[0].cells[i])
        body = _clear(table.rows[1].cells[i])
        _cell_width(head, width)
        _cell_width(body, width)
        _para(head, [(title, dict(size=12, bold=True))])
        align = WD_ALIGN_PARAGRAPH.LEFT if key == "dinh_muc" else WD_ALIGN_PARAGRAPH.CENTER
        _para(body, [("{{" + key + "}}", dict(size=12))], align=align)
    # Repeat the header row on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)


def _signature(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid(table, [8.0, 8.0])
    left, right = (_clear(c) for c in table.rows[0].cells)
    _cell_width(left, 8.0)
    _cell_width(right, 8.0)
    _para(left, [("Nơi nhận:", dict(size=12, bold=True, italic=True))], align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(left, [("{{NOI_NHAN}}", dict(size=11))], align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(right, [("{{CHUC_DANH_KY}}", dict(size=14, bold=True))])
    for _ in range(4):
        _para(right, [("", dict(size=14))])
    _para(right, [("{{NGUOI_KY}}", dict(size=14, bold=True))])


def build() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)

    _header(doc)
    _para(doc, [("", dict(size=8))])
    _para(
        doc,
        [("Kính gửi: ", dict(size=14)), ("{{KINH_GUI}}", dict(size=14)), (".", dict(size=14))],
        space_after=8,
    )
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _para(doc, [("{{CAN_CU}}", dict(size=14))], align=justify, first_line=1.0, space_after=6)
    _para(
        doc,
        [
            (
                "Qua theo dõi kết quả thực hiện định mức tin, bài tuyên truyền cải cách hành chính, tính đến ngày ",
                {},
            ),
            ("{{NGAY_SO_LIEU}}", {}),
            (", ", {}),
            ("{{DON_VI}}", {}),
            (" còn các định mức chưa hoàn thành như sau:", {}),
        ],
        align=justify,
        first_line=1.0,
        space_after=6,
    )
    _missing_table(doc)
    p = _para(
        doc,
        [
            ("Đề nghị ", {}),
            ("{{DON_VI}}", {}),
            (" khẩn trương bổ sung đủ số tin, bài còn thiếu nêu trên ", {}),
            ("trước ngày ", {}),
            ("{{HAN}}", dict(bold=True)),
            ("; cập nhật nhật ký tin, bài và gửi về ", {}),
            ("{{NOI_BAO_CAO}}", {}),
            (" để tổng hợp, báo cáo theo quy định./.", {}),
        ],
        align=justify,
        first_line=1.0,
        space_after=12,
    )
    p.paragraph_format.space_before = Pt(8)
    _signature(doc)

    props = doc.core_properties
    props.author = "cchc-monitor"
    props.last_modified_by = "cchc-monitor"
    props.title = "Thư nhắc thực hiện định mức tin, bài tuyên truyền CCHC"
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    """Re-pack with fixed timestamps so the template's bytes do not change between runs."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
