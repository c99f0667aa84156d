"""Read + validate a 100k-row publication log (written by xlsxwriter) and print rows/s.

.venv/bin/python bench/bench_read.py [rows] [runs]
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.ingest import UnitMatcher, read_publication_log

CACHE = Path(__file__).resolve().parent / ".cache"
UNITS = [
    ("00004", "Phường Phúc Lợi", ""),
    ("00005", "Phường Bạch Mai", ""),
    ("HN-SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
]
SPELLINGS = ["Phường Phúc Lợi", "UBND phường Bạch Mai", "Sở KH&CN", "P. Phúc Lợi", "phuong bach mai"]
CHANNELS = ["Trang CCHC Thành phố", "Cổng TTĐT", "Đài truyền thanh", "Zalo OA", "", "Phát thanh, truyền hình"]
STATUSES = ["Đã gửi", "Đã đăng", "", "Không đăng"]


def build(path: Path, rows: int, inline: bool) -> None:
    """A realistic log: title rows, date cells and typed dates, empty channels with links, 1% bad rows.

    Shared strings by default, as Excel saves; `inline` writes inline strings (slower to read).
    """
    book = xlsxwriter.Workbook(path, {"constant_memory": inline})
    sheet = book.add_worksheet("Nhật ký tin bài")
    day_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, "BÁO CÁO DANH SÁCH TIN BÀI NĂM 2026")
    header = ["STT", "Đơn vị", "Ngày đăng", "Kênh đăng", "Loại tin", "Tiêu đề", "Đường dẫn", "Trạng thái"]
    sheet.write_row(2, 0, header)
    start = date(2026, 1, 1)
    for i in range(rows):
        r = i + 3
        day = start + timedelta(days=i % 360)
        sheet.write_number(r, 0, i + 1)
        sheet.write_string(r, 1, "Phường Phúc Lộc" if i % 100 == 99 else SPELLINGS[i % len(SPELLINGS)])
        if i % 3:
            sheet.write_datetime(r, 2, day, day_format)
        else:
            sheet.write_string(r, 2, f"{day.day:02d}/{day.month}/{day.year}")
        sheet.write_string(r, 3, CHANNELS[i % len(CHANNELS)])
        sheet.write_string(r, 4, "Bài chuyên sâu" if i % 10 == 0 else "Tin")
        sheet.write_string(r, 5, f"Đẩy mạnh cải cách hành chính, chuyển đổi số – tin số {i + 1}")
        sheet.write_string(r, 6, f"https://caicachhanhchinh.hanoi.gov.vn/tin-tuc/{i + 1}")
        sheet.write_string(r, 7, STATUSES[i % len(STATUSES)])
    book.close()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    inline = "--inline" in sys.argv
    rows = int(args[0]) if args else 100_000
    runs = int(args[1]) if len(args) > 1 else 5
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"log_{rows}{'_inline' if inline else ''}.xlsx"
    if not path.exists():
        build(path, rows, inline)
    data = path.read_bytes()
    matcher = UnitMatcher(UNITS)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        log = read_publication_log(data, path.name, matcher)
        times.append(time.perf_counter() - began)
    best, median = min(times), statistics.median(times)
    print(f"file: {path.name}, {len(data) / 2**20:.1f} MB, {log.rows_total} data rows")
    print(f"good rows: {log.rows.num_rows}, problems: {len(log.problems)}")
    print(f"read+validate: best {best:.3f} s, median {median:.3f} s over {runs} runs")
    print(
        f"throughput: {log.rows_total / median:,.0f} rows/s (median), {log.rows_total / best:,.0f} rows/s (best)"
    )


if __name__ == "__main__":
    main()
