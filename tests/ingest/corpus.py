"""Builders for the test corpus: real .xlsx/.csv bytes written by openpyxl and xlsxwriter at test time."""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import openpyxl
import xlsxwriter

from cchc.ingest import UnitMatcher

UNITS = [
    ("00004", "Phường Phúc Lợi", ""),
    ("00005", "Phường Bạch Mai", ""),
    ("HN-SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
]


def matcher() -> UnitMatcher:
    return UnitMatcher(UNITS)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@dataclass
class Sheet:
    """A sheet to write: `rows[0]` lands on Excel row `top`, `rows[i][0]` on column `left` (1-based)."""

    name: str
    rows: list[list[object]]
    top: int = 1
    left: int = 1
    merges: list[str] = field(default_factory=list)
    hidden: bool = False


def with_openpyxl(*sheets: Sheet) -> bytes:
    """Strings starting with '=' become formulas without a cached value, '#N/A' an error cell."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in sheets:
        ws = book.create_sheet(spec.name)
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.cell(spec.top + r, spec.left + c, value)
        for ref in spec.merges:
            ws.merge_cells(ref)
        if spec.hidden:
            ws.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_xlsxwriter(*sheets: Sheet, constant_memory: bool = False) -> bytes:
    """Dates become real date cells (dd/mm/yyyy); numbers numeric cells; text as text."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": constant_memory, "strings_to_formulas": False})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for spec in sheets:
        ws = book.add_worksheet(spec.name)
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                at = (spec.top - 1 + r, spec.left - 1 + c)
                if value is None:
                    continue
                if isinstance(value, date | datetime):
                    ws.write_datetime(*at, value, day)
                elif isinstance(value, int | float):
                    ws.write_number(*at, value)
                else:
                    ws.write_string(*at, str(value))
        for ref in spec.merges:
            ws.merge_range(ref, None)
        if spec.hidden:
            ws.hide()
    book.close()
    return out.getvalue()


def csv_bytes(rows: list[list[object]], delimiter: str = ",", bom: bool = True) -> bytes:
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


# --- publication logs ------------------------------------------------------------

HEADER = ["STT", "Đơn vị", "Ngày đăng", "Kênh đăng", "Loại tin", "Tiêu đề", "Đường dẫn", "Trạng thái"]


def clean_log() -> bytes:
    """Header on row 1; one row per date form and per channel (xlsxwriter)."""
    rows = [
        HEADER,
        [1, "Phường Phúc Lợi", date(2026, 3, 12), "Trang CCHC Thành phố", "Tin", "Tin 1", None, "Đã gửi"],
        [
            2,
            "Phường Bạch Mai",
            "05/3/2026",
            "Trang thông tin CCHC Thành phố",
            "Tin",
            "Tin 2",
            None,
            "Đã đăng tải",
        ],
        [3, "Sở KH&CN", "5-3-2026", "Cổng thông tin điện tử", "Bài chuyên sâu", "Tin 3", None, None],
        [4, "Phường Phúc Lợi", "2026-03-05", "Loa truyền thanh", None, "Tin 4", None, "Đã gửi"],
        [5, "Phường Phúc Lợi", "05.03.2026", "Truyền hình", "Chương trình", "Tin 5", None, None],
        [6, "Phường Phúc Lợi", 46101, "Zalo OA", None, "Tin 6", "https://zalo.me/x", None],
        [
            7,
            "Phường Phúc Lợi",
            datetime(2026, 3, 13, 14, 30),
            "Trang CCHC TP",
            "Bài chính luận",
            "Tin 7",
            None,
            "Từ chối",
        ],
    ]
    return with_xlsxwriter(Sheet("Nhật ký", rows))


def messy_log() -> bytes:
    """Title rows and merged cells above the header, numbering row, blank and template rows,
    NFD text, stray spaces, a totals row and a signature block (openpyxl)."""
    rows: list[list[object]] = [
        ["UBND PHƯỜNG PHÚC LỢI"],
        ["BÁO CÁO DANH SÁCH TIN BÀI THÁNG 3/2026"],
        [],
        [
            "STT",
            "  Tên đơn vị ",
            "Ngày đăng (dd/mm/yyyy)",
            "Kênh đăng",
            "Loại tin",
            nfd("Tiêu đề"),
            "Link",
            "Tình trạng",
        ],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        [
            1,
            " UBND phường  Phúc Lợi ",
            date(2026, 3, 2),
            "Trang CCHC Thành phố",
            "Tin",
            " Phúc Lợi  đẩy mạnh\u00a0cải cách ",
            " HTTPS://CaiCachHanhChinh.HaNoi.gov.vn/Tin/123?ID=Ab ",
            "Đã đăng",
        ],
        [
            2,
            nfd("Phường Phúc Lợi"),
            "05/3/2026",
            "Cổng TTĐT",
            "Bài chuyên sâu",
            nfd("Chuyển đổi số ở phường"),
            "https://phucloi.hanoi.gov.vn/a",
            None,
        ],
        [],
        [3],
        [3, "P. Phúc Lợi", "2026-03-09", "Đài truyền thanh", None, "Loa phát thanh về TTHC", None, None],
        [4, "Sở KH&CN", 46101, None, None, "Chuyển đổi số", "https://www.facebook.com/skhcn/posts/1", None],
        [
            5,
            "phuong bach mai",
            "5-3-2026",
            "Phát thanh, truyền hình",
            "Phóng sự",
            "Phóng sự CCHC",
            None,
            None,
        ],
        [6, "Phường Bạch Mai", "05.03.2026", "Trang thông tin CCHC TP", None, "Tin gửi", None, "  "],
        ["Tổng cộng", None, None, None, None, "6 tin"],
        [],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, "THỦ TRƯỞNG ĐƠN VỊ"],
        [None, None, None, None, None, "Hà Nội, ngày 31 tháng 3 năm 2026"],
    ]
    return with_openpyxl(Sheet("Tháng 3", rows, merges=["A1:H1", "A2:H2", "A14:E14"]))


def bad_rows_log() -> bytes:
    """One problem per row (openpyxl), rows 2–20."""
    rows: list[list[object]] = [
        ["Đơn vị", "Ngày", "Kênh", "Loại", "Tiêu đề", "Đường dẫn", "Trạng thái"],
        ["Phường Phúc Lộc", "01/03/2026", "Cổng TTĐT", None, "a", None, None],  # 2 unknown unit
        [None, "01/03/2026", "Cổng TTĐT", None, "b", None, None],  # 3 no unit
        ["Phường Phúc Lợi", "32/3/2026", "Cổng TTĐT", None, "c", None, None],  # 4 no such day
        ["Phường Phúc Lợi", "hôm qua", "Cổng TTĐT", None, "d", None, None],  # 5 unreadable date
        ["Phường Phúc Lợi", "15/06/1999", "Cổng TTĐT", None, "e", None, None],  # 6 year out of range
        [
            "Phường Phúc Lợi",
            "01/03/2026",
            "Cổng TTĐT",
            None,
            None,
            "https://phucloi.hanoi.gov.vn/f",
            None,
        ],  # 7 no title
        ["Phường Phúc Lợi", "01/03/2026", "Báo giấy", None, "g", None, None],  # 8 unknown channel
        ["Phường Phúc Lợi", "01/03/2026", None, None, "h", None, None],  # 9 no channel, no link
        [
            "Phường Phúc Lợi",
            "01/03/2026",
            None,
            None,
            "i",
            "https://hanoimoi.vn/x",
            None,
        ],  # 10 link says nothing
        [
            "Phường Phúc Lợi",
            "01/03/2026",
            None,
            None,
            "j",
            "https://caicachhanhchinh.hanoi.gov.vn/x",
            None,
        ],  # 11 ok
        [
            "Phường Phúc Lợi",
            "01/03/2026",
            "Trang CCHC TP",
            None,
            "k",
            None,
            "Đang xem xét",
        ],  # 12 unknown status
        ["Ph\u00adêng Phóc Lîi", "01/03/2026", "Cổng TTĐT", None, "l", None, None],  # 13 TCVN3 unit
        [
            "Phường Phúc Lợi",
            "01/03/2026",
            "Cổng TTĐT",
            None,
            "Tuyeân truyeàn caûi caùch",
            None,
            None,
        ],  # 14 VNI
        [
            "Phường Phúc Lợi",
            "01/03/2026",
            "Cổng TTĐT",
            None,
            '=CONCATENATE("m","n")',
            None,
            None,
        ],  # 15 formula
        ["Phường Phúc Lợi", "01/03/2026", "Cổng TTĐT", None, "o", "#N/A", None],  # 16 error cell
        [
            "Phường Phúc Lợi",
            "01/03/2026",
            "Cổng TTĐT",
            None,
            "p",
            "xem trên trang",
            None,
        ],  # 17 kept, link dropped
        ["Phường Phúc Lợi", "01/03/2026", "Trang CCHC Thành phố", None, "q", None, "Không đăng"],  # 18 ok
        ["Xã Phúc Lợi", "01/03/2026", "Cổng TTĐT", None, "r", None, None],  # 19 wrong kind word
        [None, None, "Cổng TTĐT", None, "s", None, None],  # 20 two problems
    ]
    return with_openpyxl(Sheet("Nhật ký", rows))


def multi_sheet_log() -> bytes:
    """Several sheets: two logs with other header spellings, a guide, an empty, a hidden one, a partial header."""
    log = [
        [
            "TT",
            "Đơn vị thực hiện",
            "Thời gian",
            "Hình thức tuyên truyền",
            "Thể loại",
            "Tên tin, bài",
            "URL",
            "Tình trạng",
        ],
        [1, "Phường Bạch Mai", date(2026, 4, 1), "Trang thông tin CCHC TP", "Tin", "Tin A", None, "Gửi đăng"],
        [2, "Phường Bạch Mai", date(2026, 4, 2), "Website", "Tin", "Tin B", None, None],
    ]
    radio = [["Đơn vị", "Ngày", "Nội dung"], ["Phường Bạch Mai", "03/04/2026", "Bản tin truyền thanh"]]
    hidden = [["Đơn vị", "Ngày", "Tiêu đề"], ["Phường Bạch Mai", "03/04/2026", "ẩn"]]
    return with_xlsxwriter(
        Sheet("Tin bài", log),
        Sheet("Hướng dẫn", [["Điền mỗi tin bài một dòng."]]),
        Sheet("Trống", []),
        Sheet("Cũ", hidden, hidden=True),
        Sheet("Đài truyền thanh", radio, top=3, left=2),
        Sheet("Danh mục", [["Đơn vị", "Ghi chú"], ["Phường Bạch Mai", None]]),
    )


def two_row_header_log() -> bytes:
    """'Tin bài' merged over 'Tiêu đề' and 'Đường dẫn'; 'Đơn vị' and 'Ngày' merged down (openpyxl)."""
    rows: list[list[object]] = [
        ["Đơn vị", "Ngày", "Kênh", "Tin bài", None],
        [None, None, None, "Tiêu đề", "Đường dẫn"],
        ["Phường Phúc Lợi", "10/03/2026", "Cổng TTĐT", "Tin hai tầng", "https://phucloi.hanoi.gov.vn/2"],
    ]
    return with_openpyxl(Sheet("Sheet1", rows, merges=["A1:A2", "B1:B2", "C1:C2", "D1:E1"]))


def csv_log() -> bytes:
    """UTF-8 with BOM, semicolons, a title line above the header."""
    rows: list[list[object]] = [
        ["Danh sách tin bài"],
        ["Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề", "Link"],
        [
            "Phường Phúc Lợi",
            "05/03/2026",
            "Cổng TTĐT",
            "Tin; có dấu chấm phẩy",
            "https://phucloi.hanoi.gov.vn/1",
        ],
        ["Phường Bạch Mai", "2026-03-06", "", "Tin CSV 2", "https://caicachhanhchinh.hanoi.gov.vn/2"],
        [],
        ["Tổng cộng", "", "", "2"],
    ]
    quoted = [[f'"{c}"' if isinstance(c, str) and ";" in c else c for c in row] for row in rows]
    return csv_bytes(quoted, delimiter=";")


def merged_cells_log() -> bytes:
    """The unit merged down over its rows and a date merged over two rows (openpyxl)."""
    rows: list[list[object]] = [
        ["BÁO CÁO"],
        ["Đơn vị", "Ngày", "Kênh", "Tiêu đề"],
        ["Phường Phúc Lợi", "02/03/2026", "Cổng TTĐT", "a"],
        [None, "03/03/2026", "Cổng TTĐT", "b"],
        [None, "04/03/2026", "Đài truyền thanh", "c"],
        ["Phường Bạch Mai", "05/03/2026", "Cổng TTĐT", "d"],
        [None, None, "Cổng TTĐT", "e"],
        [None, "06/03/2026", "Cổng TTĐT", "f"],
    ]
    return with_openpyxl(Sheet("S", rows, merges=["A1:D1", "A3:A5", "A6:A7", "B6:B7"]))


def no_header_log() -> bytes:
    return with_xlsxwriter(Sheet("Sheet1", [["Họ tên", "Số điện thoại"], ["An", "0901"]]))


# --- unsafe or unreadable files -----------------------------------------------------


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy an xlsx, replacing or adding parts."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def small_xlsx() -> bytes:
    rows = [["Đơn vị", "Ngày", "Kênh", "Tiêu đề"], ["Phường Phúc Lợi", "01/03/2026", "Cổng TTĐT", "x"]]
    return with_xlsxwriter(Sheet("S", rows))


def part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def entity_bomb() -> bytes:
    base = small_xlsx()
    dtd = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    book = part(base, "xl/workbook.xml").replace(b"?>", b"?>" + dtd, 1)
    return rezip(base, replace={"xl/workbook.xml": book})


def comment_hidden_doctype() -> bytes:
    """A DOCTYPE behind a comment that mentions an element, in the sheet part."""
    base = small_xlsx()
    sheet = part(base, "xl/worksheets/sheet1.xml").replace(
        b"?>", b"?><!-- <a> --><!DOCTYPE x [<!ENTITY e 'x'>]>", 1
    )
    return rezip(base, replace={"xl/worksheets/sheet1.xml": sheet})


def with_vba() -> bytes:
    return rezip(small_xlsx(), add={"xl/vbaProject.bin": b"\x00" * 100})


def macro_content_type() -> bytes:
    base = small_xlsx()
    types = part(base, "[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
    )
    return rezip(base, replace={"[Content_Types].xml": types})


def zip_bomb() -> bytes:
    """A 12 MB run of spaces inside the sheet: honest sizes, ratio about 1000:1."""
    base = small_xlsx()
    sheet = part(base, "xl/worksheets/sheet1.xml").replace(b"<sheetData>", b"<sheetData>" + b" " * 12_000_000)
    return rezip(base, replace={"xl/worksheets/sheet1.xml": sheet})


def many_entries(count: int = 1_500) -> bytes:
    return rezip(small_xlsx(), add={f"xl/media/image{i}.png": b"x" for i in range(count)})


def lying_sizes() -> bytes:
    """The sheet inflates to 3 MB but the zip directory says 5,000 bytes (ratio looks harmless)."""
    base = small_xlsx()
    sheet = part(base, "xl/worksheets/sheet1.xml").replace(b"<sheetData>", b"<sheetData>" + b" " * 3_000_000)
    data = bytearray(rezip(base, replace={"xl/worksheets/sheet1.xml": sheet}))
    target = b"xl/worksheets/sheet1.xml"
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(target.decode())
    struct.pack_into("<I", data, info.header_offset + 22, 5_000)
    pos = 0
    while (pos := bytes(data).find(b"PK\x01\x02", pos)) >= 0:
        length = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + length]) == target:
            struct.pack_into("<I", data, pos + 24, 5_000)
        pos += 4
    return bytes(data)


def ole(encrypted: bool) -> bytes:
    """The first bytes of a compound file: a legacy .xls, or an encrypted .xlsx."""
    stream = "EncryptedPackage" if encrypted else "Workbook"
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 1024


def docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return out.getvalue()
