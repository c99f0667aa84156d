"""Write each seed task table (data/tasks/*.csv) as a realistic Excel workbook next to it.

The workbooks look like the plans' appendices (Phụ lục): a heading of two or three rows, then
the table header in the plan's own words, wrapped text, column widths, thin borders. Plans that
print no table (xã Thanh Hà, phường Phú Định) get the common header
``STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện | Sản phẩm``.
Plans whose table has no "Sản phẩm" column (Hà Nội 75/KH-UBND, Bạch Mai) get none.

Usage: python scripts/build_task_workbooks.py [--standard-header]
(from anywhere; output is deterministic). --standard-header writes every workbook with the common
6-column header instead of each plan's own wording.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
TASKS = ROOT / "data" / "tasks"

STANDARD_HEADER = (
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
    "Sản phẩm",
)
TABLE_HEADER_54 = (
    "TT",
    "Nhiệm vụ",
    "Cơ quan, đơn vị chủ trì",
    "Cơ quan, đơn vị phối hợp",
    "Thời gian hoàn thành",
)
WIDTHS = {
    "STT": 6,
    "TT": 6,
    "Nhiệm vụ": 62,
    "Cơ quan chủ trì": 30,
    "Cơ quan, đơn vị chủ trì": 30,
    "Cơ quan phối hợp": 30,
    "Cơ quan, đơn vị phối hợp": 30,
    "Thời gian thực hiện": 22,
    "Thời gian hoàn thành": 22,
    "Sản phẩm": 16,
}
CSV_COLUMNS = ("stt", "task", "lead", "coordinating", "deadline_text", "product")
FIXED_TIME = dt.datetime(2026, 3, 1, 8, 0, 0)  # keeps the files byte-stable between runs


@dataclass(frozen=True)
class Sheet:
    base: str
    sheet_title: str
    heading: tuple[str, ...]
    header: tuple[str, ...]
    stt_dot: bool  # the plan prints '1.' rather than '1'


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "hn-75-2026",
        "Phụ lục",
        (
            "Phụ lục",
            "MỘT SỐ NHIỆM VỤ CỤ THỂ VỀ CÔNG TÁC TUYÊN TRUYỀN NĂM 2026",
            "(Kèm theo Kế hoạch số 75/KH-UBND ngày 27 tháng 2 năm 2026 của UBND Thành phố)",
        ),
        TABLE_HEADER_54,
        True,
    ),
    Sheet(
        "phuc-loi-2026",
        "Phụ lục",
        (
            "PHỤ LỤC",
            "NHIỆM VỤ CÔNG TÁC TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH PHƯỜNG PHÚC LỢI NĂM 2026",
            "(Kèm theo Kế hoạch số     /KH-UBND ngày    /    /2026 của UBND phường Phúc Lợi)",
        ),
        STANDARD_HEADER,
        False,
    ),
    Sheet(
        "bach-mai-2025",
        "Phụ lục 1",
        (
            "Phụ lục 1",
            "MỘT SỐ NHIỆM VỤ CỤ THỂ VỀ CÔNG TÁC TUYÊN TRUYỀN NĂM 2025",
            "(Kèm theo Kế hoạch số......./KH-UBND ngày …/…/2025 của UBND phường Bạch Mai)",
        ),
        TABLE_HEADER_54,
        True,
    ),
    Sheet(
        "thanh-ha-2026",
        "Nhiệm vụ",
        (
            "NHIỆM VỤ TUYÊN TRUYỀN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA XÃ THANH HÀ",
            "(Tổng hợp từ Kế hoạch số 14/KH-UBND ngày 14/01/2026 của UBND xã Thanh Hà)",
        ),
        STANDARD_HEADER,
        False,
    ),
    Sheet(
        "phu-dinh-2025h2",
        "Nhiệm vụ",
        (
            "NHIỆM VỤ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH 6 THÁNG CUỐI NĂM 2025 TRÊN ĐỊA BÀN PHƯỜNG PHÚ ĐỊNH",
            "(Tổng hợp từ Kế hoạch số 88/KH-UBND ngày 08/10/2025 của UBND phường Phú Định)",
        ),
        STANDARD_HEADER,
        False,
    ),
)

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
            raise ValueError(f"{path.name}: columns must be {','.join(CSV_COLUMNS)}")
        return list(reader)


def build(sheet: Sheet, rows: list[dict[str, str]], *, standard_header: bool = False) -> Workbook:
    if standard_header:
        sheet = replace(sheet, header=STANDARD_HEADER, stt_dot=False)
    wb = Workbook()
    wb.properties.creator = "cchc-monitor"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = sheet.sheet_title
    ncols = len(sheet.header)
    last = get_column_letter(ncols)

    for i, line in enumerate(sheet.heading, start=1):
        ws.merge_cells(f"A{i}:{last}{i}")
        cell = ws.cell(row=i, column=1, value=line)
        italic = line.startswith("(")
        cell.font = Font(name=FONT, size=12 if italic else 13, bold=not italic, italic=italic)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[i].height = 20 if len(line) < 100 else 34
    header_row = len(sheet.heading) + 2  # one blank row under the heading, like the printed page

    for col, name in enumerate(sheet.header, start=1):
        cell = ws.cell(row=header_row, column=col, value=name)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[name]
    ws.row_dimensions[header_row].height = 32

    for offset, row in enumerate(rows, start=1):
        r = header_row + offset
        stt = int(row["stt"])
        values: list[object] = [
            f"{stt}." if sheet.stt_dot else stt,
            row["task"],
            row["lead"],
            row["coordinating"],
            row["deadline_text"],
        ]
        if ncols == 6:
            values.append(row["product"])
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value if value != "" else None)
            cell.font = Font(name=FONT, size=12)
            cell.border = BORDER
            centre = col == 1 or sheet.header[col - 1] in (
                "Thời gian thực hiện",
                "Thời gian hoàn thành",
                "Sản phẩm",
            )
            cell.alignment = Alignment(
                horizontal="center" if centre else "left", vertical="top", wrap_text=True
            )
        longest = max(len(str(v)) / max(WIDTHS[h] - 2, 1) for v, h in zip(values, sheet.header, strict=False))
        ws.row_dimensions[r].height = max(18, 16 * (int(longest) + 1))

    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb


def save_stable(wb: Workbook, out: Path) -> None:
    """Save with fixed timestamps (openpyxl stamps 'modified' and zip entries with the clock)."""
    buf = io.BytesIO()
    wb.save(buf)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = re.sub(
                    r"(<dcterms:modified[^>]*>)[^<]*", lambda m: m.group(1) + stamp, data.decode("utf-8")
                )
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


def main(argv: list[str] | None = None) -> int:
    args = argv or []
    unknown = [a for a in args if a != "--standard-header"]
    if unknown:
        print(__doc__, file=sys.stderr)
        return 2
    for sheet in SHEETS:
        src = TASKS / f"{sheet.base}.csv"
        rows = read_rows(src)
        out = TASKS / f"{sheet.base}.xlsx"
        save_stable(build(sheet, rows, standard_header="--standard-header" in args), out)
        print(f"{out.relative_to(ROOT)}: {len(rows)} nhiệm vụ")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
