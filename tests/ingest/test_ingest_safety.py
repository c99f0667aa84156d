"""Unsafe or unreadable uploads are rejected before any parser runs, with a message a clerk understands."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cchc.ingest import FileRejected, read_publication_log
from cchc.ingest.safety import check_upload
from tests.ingest import corpus

SAVE = "hãy mở bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx)."
BOMB = f"Tệp có cấu trúc nén bất thường (nghi «bom nén»), không đọc; {SAVE}"
DTD = "Tệp chứa khai báo DOCTYPE/ENTITY trong XML (có thể là tệp độc hại), không đọc."
MACRO = f"Tệp có macro (VBA) không được nhận; {SAVE}"
DAMAGED = f"Tệp bị hỏng hoặc khai báo sai kích thước nén (nghi «bom nén»), không đọc; {SAVE}"


@pytest.mark.parametrize(
    ("build", "filename", "message"),
    [
        (lambda: b"", "a.xlsx", "Tệp rỗng."),
        (lambda: corpus.ole(encrypted=False), "nhat-ky.xls", f"Tệp ở định dạng .xls cũ; {SAVE}"),
        (
            lambda: corpus.ole(encrypted=True),
            "nhat-ky.xlsx",
            "Tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi lưu lại và tải lên.",
        ),
        (lambda: b"%PDF-1.7\n...", "nhat-ky.xlsx", f"Tệp là PDF, không phải bảng tính; {SAVE}"),
        (
            corpus.csv_log,
            "nhat-ky.xlsx",
            f"Tệp không phải bảng tính Excel .xlsx (có thể là tệp CSV/văn bản đổi đuôi); {SAVE}",
        ),
        (
            lambda: b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            "bao-cao.xls",
            f"Tệp là trang HTML/XML đổi đuôi, không phải .xlsx thật; {SAVE}",
        ),
        (corpus.small_xlsx, "nhat-ky.xlsm", f"Tệp có macro (.xlsm) không được nhận; {SAVE}"),
        (corpus.with_vba, "nhat-ky.xlsx", MACRO),
        (corpus.macro_content_type, "nhat-ky.xlsx", MACRO),
        (corpus.zip_bomb, "nhat-ky.xlsx", BOMB),
        (corpus.many_entries, "nhat-ky.xlsx", BOMB),
        (corpus.lying_sizes, "nhat-ky.xlsx", DAMAGED),
        (corpus.entity_bomb, "nhat-ky.xlsx", DTD),
        (corpus.comment_hidden_doctype, "nhat-ky.xlsx", DTD),
        (corpus.docx_like, "nhat-ky.xlsx", "Tệp là tệp Word, không phải bảng tính .xlsx."),
        (lambda: corpus.small_xlsx()[:700], "nhat-ky.xlsx", "Tệp .xlsx bị hỏng, không mở được."),
        (
            lambda: "Đơn vị,Ngày,Tiêu đề\n".encode("utf-16"),
            "nhat-ky.csv",
            "Tệp CSV không ở mã UTF-8; hãy lưu lại bằng «CSV UTF-8 (Comma delimited)».",
        ),
    ],
)
def test_rejected_before_parsing(build: Callable[[], bytes], filename: str, message: str) -> None:
    with pytest.raises(FileRejected) as caught:
        read_publication_log(build(), filename, corpus.matcher())
    problem = caught.value.problem
    assert (problem.file, problem.sheet, problem.row, problem.column) == (filename, None, None, None)
    assert (problem.severity, problem.message) == ("fatal", message)


def test_size_limit() -> None:
    data = corpus.small_xlsx()
    with pytest.raises(FileRejected) as caught:
        read_publication_log(data, "a.xlsx", corpus.matcher(), max_bytes=2048)
    assert caught.value.problem.message == f"Tệp quá lớn ({len(data) / 1024:.0f} KB); giới hạn là 2 KB."
    assert read_publication_log(data, "a.xlsx", corpus.matcher(), max_bytes=len(data)).rows.num_rows == 1


def test_default_limit_holds_a_provinces_year_of_a_million_rows() -> None:
    """The CLI's and the server's limit (the web upload has its own, cchc.settings.upload_mb)."""
    with pytest.raises(FileRejected, match=r"giới hạn là 128\.0 MB"):
        check_upload(b"PK\x03\x04" + b"\x00" * (128 * 2**20), "a.xlsx")


def test_plain_files_pass_and_formula_cells_without_a_value_are_found_by_the_scan() -> None:
    assert check_upload(corpus.small_xlsx(), "a.xlsx").worksheets == {}
    scan = check_upload(corpus.bad_rows_log(), "a.xlsx").worksheets["xl/worksheets/sheet1.xml"]
    assert (scan.formulas, scan.merged) == ((("E", 15),), ())  # openpyxl stores no cached values
    merged = check_upload(corpus.messy_log(), "a.xlsx").worksheets["xl/worksheets/sheet1.xml"]
    assert (merged.formulas, sorted(merged.merged)) == ((), ["A14:E14", "A1:H1", "A2:H2"])
    assert check_upload(corpus.csv_log(), "a.CSV").kind == "csv"


def test_total_uncompressed_size_is_read_from_the_zip_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc.ingest import safety

    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 4_000)  # the small workbook inflates to ~10 KB
    with pytest.raises(FileRejected) as caught:
        check_upload(corpus.small_xlsx(), "a.xlsx")
    assert caught.value.problem.message == BOMB


def test_a_directory_claiming_a_future_zip_version_is_a_damaged_file():
    """zipfile raises NotImplementedError for it; found by the damaged-bytes property test."""
    data = bytearray(corpus.small_xlsx())
    first = data.find(b"PK\x01\x02")  # the first central directory entry
    data[first + 6] = 64  # 'version needed to extract': 6.4
    with pytest.raises(FileRejected) as caught:
        check_upload(bytes(data), "a.xlsx")
    assert "bị hỏng" in caught.value.problem.message
