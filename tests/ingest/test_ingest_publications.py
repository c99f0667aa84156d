"""End to end over the corpus: exact good rows and exact problems (sheet, row, column, message)."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import date

import pytest

from cchc.ingest import ROWS_SCHEMA, FileRejected, ParsedLog, read_publication_log
from cchc.ingest.load import with_keys
from cchc.ingest.rows import LOG_FIELDS
from cchc.ingest.sheetscan import SheetScanner
from cchc.ingest.workbook import FORMULA_MESSAGE
from tests.ingest import corpus
from tests.ingest.corpus import HEADER, Sheet, with_openpyxl, with_xlsxwriter

LEGACY = "Văn bản mã TCVN3/VNI, hãy chuyển sang Unicode (ví dụ bằng Unikey, công cụ chuyển mã)."
NO_CHANNEL = "Thiếu kênh đăng và không suy ra được từ đường dẫn."
NEED = "Cần các cột: Đơn vị, Ngày đăng, Tiêu đề (có thể thêm: Kênh đăng, Loại tin, Đường dẫn, Trạng thái)."


def read(data: bytes, filename: str = "nhat-ky.xlsx") -> ParsedLog:
    return read_publication_log(data, filename, corpus.matcher())


def rows(log: ParsedLog, *names: str) -> list[tuple]:
    names = names or tuple(LOG_FIELDS.names)
    return [tuple(r[n] for n in names) for r in log.rows.to_pylist()]


def problems(log: ParsedLog) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.severity, p.message) for p in log.problems]


def rejected_rows(log: ParsedLog) -> set[tuple]:
    return {(p.sheet, p.row) for p in log.problems if p.severity == "error" and p.row is not None}


def test_clean_log_every_date_form_and_channel() -> None:
    data = corpus.clean_log()
    log = read(data)
    assert log.rows.schema == ROWS_SCHEMA
    assert (log.file, log.sha256) == ("nhat-ky.xlsx", hashlib.sha256(data).hexdigest())
    assert rows(log) == [
        ("Nhật ký", 2, "00004", date(2026, 3, 12), "city_page", "news", "Tin 1", None, "submitted"),
        ("Nhật ký", 3, "00005", date(2026, 3, 5), "city_page", "news", "Tin 2", None, "published"),
        ("Nhật ký", 4, "HN-SKHCN", date(2026, 3, 5), "own_portal", "in_depth", "Tin 3", None, "published"),
        ("Nhật ký", 5, "00004", date(2026, 3, 5), "radio", "news", "Tin 4", None, "published"),
        ("Nhật ký", 6, "00004", date(2026, 3, 5), "broadcast", "programme", "Tin 5", None, "published"),
        (
            "Nhật ký",
            7,
            "00004",
            date(2026, 3, 20),
            "social",
            "news",
            "Tin 6",
            "https://zalo.me/x",
            "published",
        ),
        ("Nhật ký", 8, "00004", date(2026, 3, 13), "city_page", "in_depth", "Tin 7", None, "rejected"),
    ]
    assert (log.problems, log.rows_total, log.sheets_read, log.sheets_skipped) == ([], 7, ["Nhật ký"], [])


@pytest.mark.parametrize("make", [corpus.clean_log, corpus.messy_log, corpus.multi_sheet_log])
def test_the_readers_dedup_keys_are_the_loaders(make) -> None:
    """The reader keys its rows on its other core; the loader keys rows that come without keys:
    both must give the same keys, or a file would be deduplicated differently by its path in."""
    log = read(make())
    assert log.rows.num_rows > 0
    own = with_keys(log.rows.select(LOG_FIELDS.names))
    assert log.rows["title_key"].to_pylist() == own["title_key"].to_pylist()
    assert log.rows["url_key"].to_pylist() == own["url_key"].to_pylist()
    links = [u for u in log.rows["url"].to_pylist() if u]
    assert len([k for k in log.rows["url_key"].to_pylist() if k]) == len(links)  # every link keyed


def test_messy_layout() -> None:
    """Title rows, merged cells, numbering row, blank/template rows, NFD, spaces, totals and signatures."""
    log = read(corpus.messy_log())
    assert problems(log) == []
    assert log.rows_total == 6
    assert rows(log) == [
        (
            "Tháng 3",
            6,
            "00004",
            date(2026, 3, 2),
            "city_page",
            "news",
            "Phúc Lợi đẩy mạnh cải cách",
            "https://caicachhanhchinh.hanoi.gov.vn/Tin/123?ID=Ab",
            "published",
        ),
        (
            "Tháng 3",
            7,
            "00004",
            date(2026, 3, 5),
            "own_portal",
            "in_depth",
            "Chuyển đổi số ở phường",  # NFC
            "https://phucloi.hanoi.gov.vn/a",
            "published",
        ),
        (
            "Tháng 3",
            10,
            "00004",
            date(2026, 3, 9),
            "radio",
            "news",
            "Loa phát thanh về TTHC",
            None,
            "published",
        ),
        (
            "Tháng 3",
            11,
            "HN-SKHCN",
            date(2026, 3, 20),
            "social",  # no channel: inferred from the facebook.com link
            "news",
            "Chuyển đổi số",
            "https://www.facebook.com/skhcn/posts/1",
            "published",
        ),
        (
            "Tháng 3",
            12,
            "00005",
            date(2026, 3, 5),
            "broadcast",
            "programme",
            "Phóng sự CCHC",
            None,
            "published",
        ),
        ("Tháng 3", 13, "00005", date(2026, 3, 5), "city_page", "news", "Tin gửi", None, "submitted"),
    ]
    assert all(t == t.strip() for t in log.rows.column("title").to_pylist())


def test_one_problem_per_row() -> None:
    log = read(corpus.bad_rows_log())
    s = "Nhật ký"
    assert problems(log) == [
        (
            s,
            2,
            "Đơn vị",
            "error",
            "Không tìm thấy đơn vị «Phường Phúc Lộc» trong danh mục. "
            "Gần giống: Phường Phúc Lợi; Phường Bạch Mai; Sở Khoa học và Công nghệ.",
        ),
        (s, 3, "Đơn vị", "error", "Thiếu tên đơn vị."),
        (s, 4, "Ngày", "error", "Ngày «32/3/2026» không tồn tại."),
        (s, 5, "Ngày", "error", "Ngày «hôm qua» không đọc được; hãy ghi ngày/tháng/năm, ví dụ 05/03/2026."),
        (s, 6, "Ngày", "error", "Ngày «15/06/1999» có năm 1999 nằm ngoài khoảng 2000–2100."),
        (s, 7, "Tiêu đề", "error", "Thiếu tiêu đề tin, bài."),
        (
            s,
            8,
            "Kênh",
            "error",
            "Không nhận ra kênh đăng «Báo giấy» (ví dụ: Trang CCHC Thành phố, Cổng TTĐT, Đài truyền thanh, "
            "Phát thanh, truyền hình, Zalo, Facebook).",
        ),
        (s, 9, "Kênh", "error", NO_CHANNEL),
        (s, 10, "Kênh", "error", NO_CHANNEL),
        (
            s,
            12,
            "Trạng thái",
            "error",
            "Không nhận ra trạng thái «Đang xem xét» (dùng: Đã gửi, Đã đăng, Không đăng).",
        ),
        (s, 13, "Đơn vị", "error", LEGACY),
        (s, 14, "Tiêu đề", "error", LEGACY),
        (s, 15, "Tiêu đề", "error", FORMULA_MESSAGE),
        (s, 16, "Đường dẫn", "error", "Ô bị lỗi công thức (#N/A)."),
        (
            s,
            17,
            "Đường dẫn",
            "warning",
            "Đường dẫn «xem trên trang» không phải địa chỉ web; đã bỏ qua đường dẫn.",
        ),
        (
            s,
            19,
            "Đơn vị",
            "error",
            "Không tìm thấy đơn vị «Xã Phúc Lợi» trong danh mục. "
            "Gần giống: Phường Phúc Lợi; Sở Khoa học và Công nghệ; Phường Bạch Mai.",
        ),
        (s, 20, "Đơn vị", "error", "Thiếu tên đơn vị."),
        (s, 20, "Ngày", "error", "Thiếu ngày đăng."),
    ]
    assert rows(log, "row", "channel", "url", "status") == [
        (11, "city_page", "https://caicachhanhchinh.hanoi.gov.vn/x", "submitted"),
        (17, "own_portal", None, "published"),
        (18, "city_page", None, "rejected"),
    ]
    assert log.rows_total == 19 == log.rows.num_rows + len(rejected_rows(log))


def test_several_sheets() -> None:
    log = read(corpus.multi_sheet_log())
    guide = f"Không tìm thấy dòng tiêu đề cột (đã xem 1 dòng đầu). {NEED}"
    partial = f"Dòng tiêu đề cột (dòng 1) thiếu cột bắt buộc: Ngày đăng, Tiêu đề. Đã thấy: «Đơn vị», «Ghi chú». {NEED}"
    assert log.sheets_read == ["Tin bài", "Đài truyền thanh"]
    assert log.sheets_skipped == [
        ("Hướng dẫn", guide),
        ("Trống", "trang tính trống"),
        ("Cũ", "trang tính bị ẩn"),
        ("Danh mục", partial),
    ]
    assert problems(log) == [
        ("Hướng dẫn", None, None, "warning", f"Bỏ qua trang tính: {guide}"),
        ("Cũ", None, None, "warning", "Bỏ qua trang tính ẩn."),
        ("Danh mục", None, None, "warning", f"Bỏ qua trang tính: {partial}"),
    ]
    assert rows(log, "sheet", "row", "unit_code", "item_date", "channel", "title", "status") == [
        ("Tin bài", 2, "00005", date(2026, 4, 1), "city_page", "Tin A", "submitted"),
        ("Tin bài", 3, "00005", date(2026, 4, 2), "own_portal", "Tin B", "published"),
        # No channel column: the sheet is named after the channel; header on row 3, column B.
        ("Đài truyền thanh", 4, "00005", date(2026, 4, 3), "radio", "Bản tin truyền thanh", "published"),
    ]
    assert log.rows_total == 3


def test_two_row_header() -> None:
    log = read(corpus.two_row_header_log())
    assert problems(log) == []
    assert rows(log, "row", "title", "url") == [(3, "Tin hai tầng", "https://phucloi.hanoi.gov.vn/2")]


def test_vertically_merged_cells_fill_down() -> None:
    log = read(corpus.merged_cells_log())
    assert rows(log, "row", "unit_code", "item_date", "title") == [
        (3, "00004", date(2026, 3, 2), "a"),
        (4, "00004", date(2026, 3, 3), "b"),
        (5, "00004", date(2026, 3, 4), "c"),
        (6, "00005", date(2026, 3, 5), "d"),
        (7, "00005", date(2026, 3, 5), "e"),
    ]
    assert problems(log) == [("S", 8, "Đơn vị", "error", "Thiếu tên đơn vị.")]


def test_csv_with_bom_and_semicolons() -> None:
    log = read(corpus.csv_log(), "nhat-ky.csv")
    assert (problems(log), log.sheets_read, log.rows_total) == ([], ["nhat-ky.csv"], 2)
    assert rows(log) == [
        (
            "nhat-ky.csv",
            3,
            "00004",
            date(2026, 3, 5),
            "own_portal",
            "news",
            "Tin; có dấu chấm phẩy",
            "https://phucloi.hanoi.gov.vn/1",
            "published",
        ),
        (
            "nhat-ky.csv",
            4,
            "00005",
            date(2026, 3, 6),
            "city_page",
            "news",
            "Tin CSV 2",
            "https://caicachhanhchinh.hanoi.gov.vn/2",
            "submitted",
        ),
    ]


def test_unrecognised_header_rejects_the_file() -> None:
    with pytest.raises(FileRejected) as caught:
        read(corpus.no_header_log())
    problem = caught.value.problem
    assert (problem.sheet, problem.severity) == ("Sheet1", "fatal")
    assert problem.message == f"Không tìm thấy dòng tiêu đề cột (đã xem 2 dòng đầu). {NEED}"


def test_every_sheet_unreadable_lists_each() -> None:
    data = with_xlsxwriter(Sheet("A", [["Họ tên"]]), Sheet("B", [["Đơn vị", "Ngày"]]))
    with pytest.raises(FileRejected) as caught:
        read(data)
    assert caught.value.problem.message == (
        f"Không trang tính nào đọc được. Trang «A»: Không tìm thấy dòng tiêu đề cột (đã xem 1 dòng đầu). {NEED} "
        f"Trang «B»: Dòng tiêu đề cột (dòng 1) thiếu cột bắt buộc: Tiêu đề. Đã thấy: «Đơn vị», «Ngày». {NEED}"
    )


def test_only_empty_sheets() -> None:
    with pytest.raises(FileRejected, match="Tệp không có dữ liệu"):
        read(with_xlsxwriter(Sheet("A", []), Sheet("B", [])))


def test_header_without_data_rows() -> None:
    log = read(with_xlsxwriter(Sheet("A", [HEADER])))
    assert (log.rows.num_rows, log.rows_total, log.problems, log.sheets_read) == (0, 0, [], ["A"])


def test_inline_strings_and_offsets_keep_excel_row_numbers() -> None:
    body = [HEADER, [1, "Phường Phúc Lợi", "01/03/2026", "Cổng TTĐT", None, "x", None, None]]
    data = with_xlsxwriter(Sheet("S", body, top=7, left=3), constant_memory=True)
    assert rows(read(data), "row", "title") == [(8, "x")]


def test_skipped_rows_inside_the_table() -> None:
    """A repeated header (page break), subtotal rows, and an item after a totals row."""
    ok = ["Phường Phúc Lợi", "01/03/2026", "Cổng TTĐT", None]
    body = [
        HEADER,
        [1, *ok, "a", None, None],
        HEADER,
        [2, *ok, "b", None, None],
        ["Cộng: 2"],
        [None, "Tổng", None, None, None, "3"],
        [3, *ok, "c", None, None],
        ["Tổng cộng", None, None, None, None, "3 tin"],
        [None, "Người lập biểu", None, None, None, "Thủ trưởng"],
    ]
    log = read(with_openpyxl(Sheet("S", body)))
    assert (rows(log, "row", "title"), log.rows_total, log.problems) == (
        [(2, "a"), (4, "b"), (7, "c")],
        3,
        [],
    )


def test_status_and_kind_rules() -> None:
    body = [
        ["Đơn vị", "Ngày", "Kênh", "Loại", "Tiêu đề", "Trạng thái"],
        ["Phường Phúc Lợi", "01/03/2026", "Cổng TTĐT", "Chương trình", "own", "Không đăng"],
        ["Phường Phúc Lợi", "01/03/2026", "Đài truyền thanh", "Phóng sự", "radio", "Đang xem xét"],
        ["Phường Phúc Lợi", "01/03/2026", "Trang CCHC TP", "Bài chuyên sâu", "city", None],
        ["Phường Phúc Lợi", "01/03/2026", "Truyền hình", "Chương trình chuyên sâu", "tv", None],
        ["Phường Phúc Lợi", "01/03/2026", "Facebook", "Tin", "fb", "Đã gửi"],
    ]
    log = read(with_xlsxwriter(Sheet("S", body)))
    assert log.problems == []
    assert rows(log, "title", "channel", "item_kind", "status") == [
        ("own", "own_portal", "news", "published"),
        ("radio", "radio", "news", "published"),
        ("city", "city_page", "in_depth", "submitted"),
        ("tv", "broadcast", "programme", "published"),
        ("fb", "social", "news", "published"),
    ]


def test_channel_cell_wins_over_link_and_sheet_name() -> None:
    body = [
        ["Đơn vị", "Ngày", "Kênh", "Tiêu đề", "Link"],
        ["Phường Phúc Lợi", "01/03/2026", "Cổng TTĐT", "a", "https://www.facebook.com/p/1"],
        ["Phường Phúc Lợi", "01/03/2026", None, "b", "https://www.facebook.com/p/2"],
        ["Phường Phúc Lợi", "01/03/2026", None, "c", None],
    ]
    log = read(with_xlsxwriter(Sheet("Đài truyền thanh", body)))
    assert rows(log, "title", "channel") == [("a", "own_portal"), ("b", "social"), ("c", "radio")]


def test_duplicate_column_is_reported_once() -> None:
    body = [
        ["Đơn vị", "Ngày gửi", "Ngày đăng", "Kênh", "Tiêu đề"],
        ["Phường Phúc Lợi", "01/03/2026", None, "Web", "a"],
    ]
    log = read(with_xlsxwriter(Sheet("S", body)))
    assert problems(log) == [
        ("S", None, "Ngày đăng", "warning", "Bỏ qua cột này vì đã dùng cột «Ngày gửi» làm Ngày đăng."),
    ]
    assert log.rows.num_rows == 1


def test_formulas_outside_read_columns_are_ignored() -> None:
    body = [
        ["STT", "Đơn vị", "Ngày", "Kênh", "Tiêu đề"],
        ["=ROW()-1", "Phường Phúc Lợi", "01/03/2026", "Web", "a"],
        ["=ROW()-1", "Phường Phúc Lợi", "=TODAY()", "Web", "b"],
    ]
    log = read(with_openpyxl(Sheet("S", body)))
    assert problems(log) == [("S", 3, "Ngày", "error", FORMULA_MESSAGE)]
    assert rows(log, "row") == [(2,)]


def test_formula_scan_handles_prefixes_and_cached_empty_strings() -> None:
    xml = (
        b'<x:worksheet xmlns:x="m"><x:sheetData><x:row r="2">'
        b'<x:c r="A2"><x:f>1+1</x:f></x:c>'  # no cached value
        b'<x:c r="B2" t="str"><x:f>IF(1,"","")</x:f><x:v></x:v></x:c>'  # cached empty string
        b'<x:c r="C2"><x:f>1+1</x:f><x:v>2</x:v></x:c>'  # cached
        b'<x:c r="D2" s="1"><x:f t="shared" si="0"/><x:v/></x:c>'  # shared formula, empty
        b"</x:row></x:sheetData></x:worksheet>"
    )
    for size in (len(xml), 7, 1):  # whole, and cut anywhere between chunks
        scanner = SheetScanner(zipfile.ZipInfo("xl/worksheets/sheet1.xml"), b"x:")
        for at in range(0, len(xml), size):
            scanner.feed(xml[at : at + size])
        scan, _ = scanner.finish()
        assert scan is not None and scan.formulas == (("A", 2), ("D", 2)), size


def test_sheet_with_no_way_to_tell_the_channel_is_skipped() -> None:
    data = with_xlsxwriter(
        Sheet("Sheet1", [["Đơn vị", "Ngày", "Tiêu đề"], ["Phường Phúc Lợi", "01/03/2026", "x"]])
    )
    with pytest.raises(FileRejected) as caught:
        read(data)
    assert caught.value.problem.message == (
        "Dòng tiêu đề cột (dòng 1) không có cột Kênh đăng, cũng không có cột Đường dẫn để suy ra kênh, "
        "và tên trang tính không cho biết kênh. Đã thấy: «Đơn vị», «Ngày», «Tiêu đề»."
    )


def test_mapping_runs_once_per_distinct_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whole columns are vectorised: Python sees each distinct unit or channel spelling once."""
    from cchc.ingest import UnitMatcher
    from cchc.ingest import values as v

    calls: dict[str, int] = {"unit": 0, "channel": 0}

    class Counting(UnitMatcher):
        def match(self, raw: str) -> str | None:
            calls["unit"] += 1
            return super().match(raw)

    channel_of_text = v.channel_of_text

    def counting_channel(text: str) -> str | None:
        calls["channel"] += 1
        return channel_of_text(text)

    monkeypatch.setattr(v, "channel_of_text", counting_channel)
    units = ["Phường Phúc Lợi", "P. Phúc Lợi", "Sở KH&CN"]
    channels = ["Cổng TTĐT", "Zalo", "Đài truyền thanh", "Trang CCHC TP"]
    body = [HEADER] + [
        [i, units[i % 3], "01/03/2026", channels[i % 4], None, f"Tin {i}", None, None] for i in range(2_000)
    ]
    log = read_publication_log(with_xlsxwriter(Sheet("Sheet1", body)), "a.xlsx", Counting(corpus.UNITS))
    assert (log.rows.num_rows, log.problems) == (2_000, [])
    assert calls == {"unit": 3, "channel": 4 + 1}  # + the sheet's name, tried as a channel once
