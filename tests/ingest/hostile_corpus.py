"""Hostile workbooks of issue 11 (D1, D2, D9), built by hand at test time with struct and zlib.

Each would abort the process, or cost minutes and gigabytes, in the Rust reader if it got
there. `write_corpus(folder)` writes them all; `HOSTILE` says what each is refused for.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Entry:
    """A zip entry: its real bytes, and optionally how many of them the zip declares (size and CRC)."""

    name: str
    data: bytes
    declared: int | None = None  # None: the truth


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def build_zip(entries: Iterable[Entry]) -> bytes:
    """A zip written by hand: deflated entries whose local and central sizes and CRCs say `declared`."""
    body, central, count = bytearray(), bytearray(), 0
    for entry in entries:
        name = entry.name.encode()
        packed = _deflate(entry.data)
        shown = entry.data if entry.declared is None else entry.data[: entry.declared]
        crc, size = zlib.crc32(shown), len(shown)
        offset = len(body)
        body += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(packed), size, len(name), 0
        )
        body += name + packed
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(packed),
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
        count += 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


def sheet_xml(cells: str) -> bytes:
    return f"{DECL}<worksheet {NS}><sheetData>{cells}</sheetData></worksheet>".encode()


def row(number: int, *cells: tuple[str, str]) -> str:
    inner = "".join(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>' for ref, text in cells)
    return f'<row r="{number}">{inner}</row>'


GOOD_ROWS = row(1, ("A1", "Đơn vị"), ("B1", "Ngày đăng"), ("C1", "Kênh đăng"), ("D1", "Tiêu đề")) + row(
    2, ("A2", "Phường Phúc Lợi"), ("B2", "01/03/2026"), ("C2", "Cổng TTĐT"), ("D2", "Tin viết tay")
)


def workbook(
    sheets: list[bytes],
    *,
    ext: str = "xml",
    strings: bytes | None = None,
    book_decl: str = DECL,
    declared: dict[str, int] | None = None,
) -> bytes:
    """A minimal .xlsx holding `sheets` (parts xl/worksheets/sheetN.<ext>), optionally shared strings."""
    names = [f"xl/worksheets/sheet{i}.{ext}" for i in range(1, len(sheets) + 1)]
    types = (
        f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Default Extension="{ext}" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/></Types>'
    )
    root_rels = (
        f'{DECL}<Relationships {PKG_NS}><Relationship Id="rId1" Type="{OFFICE}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    book = (
        f"{book_decl}<workbook {NS} {REL_NS}><sheets>"
        + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
        + "</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{OFFICE}/worksheet" Target="worksheets/sheet{i}.{ext}"/>'
        for i in range(1, len(sheets) + 1)
    )
    if strings is not None:
        rels += f'<Relationship Id="rIdS" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
    parts = {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": root_rels.encode(),
        "xl/workbook.xml": book.encode(),
        "xl/_rels/workbook.xml.rels": f"{DECL}<Relationships {PKG_NS}>{rels}</Relationships>".encode(),
        **dict(zip(names, sheets, strict=True)),
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    lies = declared or {}
    return build_zip(Entry(name, data, lies.get(name)) for name, data in parts.items())


def good() -> bytes:
    """The control: the same hand-made workbook with nothing hostile (it must be readable)."""
    return workbook([sheet_xml(GOOD_ROWS)])


def unique_count() -> bytes:
    """D1: 2 KB whose shared strings claim 4294967295 entries (the reader reserves them all)."""
    sst = f'{DECL}<sst {NS} count="4294967295" uniqueCount="4294967295"><si><t>x</t></si></sst>'
    cells = GOOD_ROWS + '<row r="3"><c r="A3" t="s"><v>0</v></c></row>'
    return workbook([sheet_xml(cells)], strings=sst.encode())


def hidden_far_cell() -> bytes:
    """D1: XFD1048576 past the sheet entry's declared size, whose CRC matches the declared prefix."""
    honest = sheet_xml(GOOD_ROWS)
    cut = honest.index(b"</sheetData>")
    sheet = honest[:cut] + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + honest[cut:]
    return workbook([sheet], declared={"xl/worksheets/sheet1.xml": cut})


def lying_size_bomb(megabytes: int = 64) -> bytes:
    """D2: a sheet entry declaring its first 2 KB; its real bytes go on for `megabytes` MB of rows."""
    filler = b"<row><c><v>1</v></c></row>"
    sheet = sheet_xml(GOOD_ROWS + (filler * (megabytes * 2**20 // len(filler))).decode())
    return workbook([sheet], declared={"xl/worksheets/sheet1.xml": 2048})


def dat_sheet() -> bytes:
    """D2: a sheet part named .dat (never scanned before) with a value in ZZ200000."""
    return workbook([sheet_xml(GOOD_ROWS + '<row r="200000"><c r="ZZ200000"><v>1</v></c></row>')], ext="dat")


def sparse_sheets(count: int = 990) -> bytes:
    """D2: `count` sheets, each under the per-sheet bound (one value in T400000: 8 million cells)."""
    one = sheet_xml(GOOD_ROWS + '<row r="400000"><c r="T400000"><v>1</v></c></row>')
    return workbook([one] * count)


def far_column(ref: str = "ZZZZ6") -> Callable[[], bytes]:
    """D2: one cell at a column past XFD (ZZZZ6: 2 KB → 435 s and 1.9 GB; JAAA6: 19 s)."""

    def build() -> bytes:
        return workbook([sheet_xml(GOOD_ROWS + f'<row r="6"><c r="{ref}"><v>1</v></c></row>')])

    return build


def bogus_encoding() -> bytes:
    """D9: xl/workbook.xml declares encoding="bogus-8" (LookupError in the XML parser)."""
    return workbook([sheet_xml(GOOD_ROWS)], book_decl='<?xml version="1.0" encoding="bogus-8"?>\n')


SAVE = "hãy mở bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx)."
# name → (builder, a fragment of the per-file message it must get)
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "d1-unique-count.xlsx": (unique_count, "Tệp khai báo 4.294.967.295 chuỗi văn bản"),
    "d1-hidden-far-cell.xlsx": (hidden_far_cell, "khai báo sai kích thước nén"),
    "d2-lying-size-bomb.xlsx": (lying_size_bomb, "khai báo sai kích thước nén"),
    "d2-dat-sheet.xlsx": (dat_sheet, "tới ô ZZ200000"),
    "d2-sparse-sheets.xlsx": (sparse_sheets, "Các trang tính của tệp cộng lại phải đọc tới"),
    "d2-zzzz6.xlsx": (far_column("ZZZZ6"), "«ZZZZ6»: quá cột XFD"),
    "d2-jaaa6.xlsx": (far_column("JAAA6"), "«JAAA6»: quá cột XFD"),
    "d9-bogus-encoding.xlsx": (bogus_encoding, "khai báo bảng mã lạ «bogus-8»"),
}


def write_corpus(folder: Path) -> dict[str, Path]:
    """Write every hostile file into `folder`: name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (build, _) in HOSTILE.items():
        paths[name] = folder / name
        paths[name].write_bytes(build())
    return paths
