"""Header rows: synonyms, position, two-row headers, and what is said when none is found."""

from __future__ import annotations

import pytest

from cchc.ingest.headers import LOG, describe_miss, find_header
from tests.ingest.corpus import nfd


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("Đơn vị", "unit"),
        ("Tên đơn vị", "unit"),
        ("Cơ quan", "unit"),
        ("ĐƠN VỊ THỰC HIỆN", "unit"),
        ("Ngày", "date"),
        ("Ngày đăng", "date"),
        ("ngay gui", "date"),
        ("Ngày đăng tải", "date"),
        ("Thời gian", "date"),
        ("Ngày đăng (dd/mm/yyyy)", "date"),
        ("Kênh", "channel"),
        ("Kênh đăng", "channel"),
        ("Nơi đăng", "channel"),
        ("Hình thức tuyên truyền", "channel"),
        ("Loại", "item_kind"),
        ("Loại tin", "item_kind"),
        ("Thể loại", "item_kind"),
        ("Tiêu đề", "title"),
        (nfd("Tiêu đề"), "title"),
        ("Tên tin bài", "title"),
        ("Tên tin, bài", "title"),
        ("Tên tin", "title"),
        ("Nội dung", "title"),
        ("  Tiêu   đề  ", "title"),
        ("Tiêu đề tin, bài đăng tải", "title"),  # a longer spelling that starts with a known one
        ("Đường dẫn", "url"),
        ("Link", "url"),
        ("URL", "url"),
        ("Đường dẫn (link)", "url"),
        ("Trạng thái", "status"),
        ("Tình trạng", "status"),
        ("STT", "ignore"),
        ("Ghi chú", "ignore"),
        ("Họ tên", None),
        ("", None),
        (None, None),
    ],
)
def test_field_of(cell: str | None, field: str | None) -> None:
    assert LOG.field_of(cell)[0] == field


def test_header_below_title_rows() -> None:
    rows = [
        ["BÁO CÁO", None, None],
        [None, None, None],
        ["Đơn vị", "Ngày", "Tiêu đề"],
        ["P. Phúc Lợi", "1", "x"],
    ]
    header, best = find_header(rows, LOG)
    assert best is None and header is not None
    assert (header.first, header.last, header.columns) == (2, 2, {"unit": 0, "date": 1, "title": 2})


def test_two_row_header_under_a_group_cell() -> None:
    rows = [["Đơn vị", "Ngày", "Tin bài", None], [None, None, "Tiêu đề", "Link"], ["x", "y", "z", "w"]]
    header, _ = find_header(rows, LOG)
    assert header is not None
    assert (header.first, header.last) == (0, 1)
    assert header.columns == {"unit": 0, "date": 1, "title": 2, "url": 3}
    assert header.texts == {0: "Đơn vị", 1: "Ngày", 2: "Tiêu đề", 3: "Link"}


def test_duplicate_field_keeps_first_exact_column() -> None:
    header, _ = find_header([["Đơn vị", "Ngày gửi", "Ngày đăng", "Tiêu đề"]], LOG)
    assert header is not None
    assert header.columns["date"] == 1
    assert header.duplicates == [(2, "date")]


def test_miss_lists_what_was_found_and_what_is_needed() -> None:
    header, best = find_header([["Danh sách"], ["Đơn vị", "Ghi chú", "Số tin"]], LOG)
    assert header is None
    assert describe_miss(best, 2) == (
        "Dòng tiêu đề cột (dòng 2) thiếu cột bắt buộc: Ngày đăng, Tiêu đề. Đã thấy: «Đơn vị», «Ghi chú», «Số tin». "
        "Cần các cột: Đơn vị, Ngày đăng, Tiêu đề (có thể thêm: Kênh đăng, Loại tin, Đường dẫn, Trạng thái)."
    )
    assert find_header([["Họ tên", "Tuổi"]], LOG) == (None, find_header([["Họ tên", "Tuổi"]], LOG)[1])
    assert describe_miss(None, 1).startswith("Không tìm thấy dòng tiêu đề cột (đã xem 1 dòng đầu).")
