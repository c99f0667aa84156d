"""cchc.ingest.tasks: task tables as plans print them (title rows, page breaks, odd headers)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from cchc.ingest.headers import TASK
from cchc.ingest.report import FileRejected
from cchc.ingest.tasks import clean_cell, parse_stt, read_task_table
from tests.ingest.corpus import Sheet, with_openpyxl, with_xlsxwriter

TASKS = Path(__file__).resolve().parent.parent / "data" / "tasks"
TODAY = date(2026, 11, 23)
HEADER = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"]


def read(rows: list[list[object]], *, name: str = "t.xlsx", top: int = 1, writer=with_openpyxl):
    return read_task_table(writer(Sheet("Phụ lục", rows, top=top)), name, today=TODAY)


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("STT", "stt"),
        ("TT", "stt"),
        ("Số TT", "stt"),
        ("Nhiệm vụ", "task"),
        ("Nội dung", "task"),
        ("NỘI DUNG NHIỆM VỤ", "task"),
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan, đơn vị chủ trì", "lead"),
        ("Cơ quan, đơn vị\nchủ trì", "lead"),  # a wrapped header cell
        ("Cơ quan phối hợp", "coordinating"),
        ("Đơn vị phối hợp", "coordinating"),
        ("Cơ quan, đơn vị phối hợp", "coordinating"),
        ("Thời gian thực hiện", "deadline"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời gian\nhoàn thành", "deadline"),
        ("Thời hạn", "deadline"),
        ("Thời hạn hoàn thành", "deadline"),
        ("Sản phẩm", "product"),
        ("Ngày hoàn thành", "completed_on"),
        ("Thời gian hoàn thành thực tế", "completed_on"),  # not the deadline column
        ("Minh chứng", "evidence"),
        ("Đường dẫn", "evidence"),
        ("Link minh chứng", "evidence"),
        ("Ghi chú", "note"),
        ("Trạng thái", "ignore"),
        ("Số tiền", None),
        (None, None),
    ],
)
def test_header_synonyms(cell: str | None, field: str | None) -> None:
    assert TASK.field_of(cell)[0] == field


@pytest.mark.parametrize(
    ("text", "stt"),
    [
        ("1", 1),
        ("1.", 1),
        (" 12 ", 12),
        ("3)", 3),
        ("7.0", 7),
        ("I", None),
        ("II.", None),
        ("a", None),
        (None, None),
    ],
)
def test_parse_stt(text: str | None, stt: int | None) -> None:
    assert parse_stt(text) == stt


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Phòng Văn hóa \nxã hội", "Phòng Văn hóa xã hội"),  # a wrapped name stays one name
        ("- Sở Nội vụ\n- Văn phòng UBND Thành phố", "Sở Nội vụ; Văn phòng UBND Thành phố"),
        ("Sở Nội vụ\n+ Sở Tư pháp", "Sở Nội vụ; Sở Tư pháp"),
        ("  Quý   III ", "Quý III"),
        ("Phu\u0300ng", "Phùng"),  # NFD in, NFC out
        ("   ", None),
        (None, None),
    ],
)
def test_clean_cell(raw: str | None, clean: str | None) -> None:
    assert clean_cell(raw) == clean


SEEDS = ["hn-75-2026", "phuc-loi-2026", "bach-mai-2025", "thanh-ha-2026", "phu-dinh-2025h2"]


@pytest.mark.parametrize("base", SEEDS)
def test_seed_workbooks_read_as_their_csv(base: str) -> None:
    table = read_task_table((TASKS / f"{base}.xlsx").read_bytes(), f"{base}.xlsx", today=TODAY)
    with (TASKS / f"{base}.csv").open(encoding="utf-8", newline="") as fh:
        want = list(csv.DictReader(fh))
    assert table.problems == []
    assert [
        (r.stt, r.task, r.lead, r.coordinating or "", r.deadline_text or "", r.product or "")
        for r in table.rows
    ] == [
        (int(w["stt"]), w["task"], w["lead"], w["coordinating"], w["deadline_text"], w["product"])
        for w in want
    ]
    assert not table.completion_columns


def test_title_rows_and_printed_header() -> None:
    table = read(
        [
            ["Phụ lục"],
            ["MỘT SỐ NHIỆM VỤ CỤ THỂ"],
            ["(Kèm theo Kế hoạch số 75/KH-UBND)"],
            [],
            ["TT", "Nhiệm vụ", "Cơ quan, đơn vị chủ trì", "Cơ quan, đơn vị phối hợp", "Thời gian hoàn thành"],
            ["1.", "Ban hành Kế hoạch", "Sở Nội vụ", None, "Quý III"],
        ],
        top=2,
    )
    assert [(r.stt, r.row, r.lead, r.deadline_text) for r in table.rows] == [(1, 7, "Sở Nội vụ", "Quý III")]


def test_two_row_header() -> None:
    table = read(
        [
            ["STT", "Nội dung", "Cơ quan, đơn vị", None, "Thời hạn"],
            [None, None, "Chủ trì", "Phối hợp", None],
            [1, "Tọa đàm", "Phòng Văn hóa - Xã hội", "Các trường học", "Tháng 9/2026"],
        ]
    )
    assert [(r.task, r.lead, r.coordinating, r.deadline_text) for r in table.rows] == [
        ("Tọa đàm", "Phòng Văn hóa - Xã hội", "Các trường học", "Tháng 9/2026")
    ]


def test_page_break_repeated_header_numbering_and_continuation() -> None:
    table = read(
        [
            HEADER,
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            [1, "Ban hành kế hoạch", "Phòng Văn hóa-Xã hội", None, "05/3/2026", "Kế hoạch"],
            [2, "Tuyên truyền trên cổng thông tin", "Phòng Văn hóa-Xã hội", "Các phòng, ban,", "Năm", None],
            [None, "điện tử phường", None, "đơn vị phường", "2026", None],  # the same row, next page
            HEADER,  # the header printed again on the new page
            [3, "Báo cáo hằng quý", "Phòng Văn hóa-Xã hội", None, "15 tháng cuối quý", "Báo cáo"],
        ]
    )
    assert [(r.stt, r.task, r.coordinating, r.deadline_text) for r in table.rows] == [
        (1, "Ban hành kế hoạch", None, "05/3/2026"),
        (2, "Tuyên truyền trên cổng thông tin điện tử phường", "Các phòng, ban, đơn vị phường", "Năm 2026"),
        (3, "Báo cáo hằng quý", None, "15 tháng cuối quý"),
    ]
    assert [(p.row, p.severity) for p in table.problems] == [(4, "warning")]
    assert "ngắt trang" in table.problems[0].message


def test_section_rows_and_text_under_the_table_are_skipped() -> None:
    table = read(
        [
            HEADER,
            ["I", "NHIỆM VỤ CHUNG"],
            [1, "Ban hành kế hoạch", "Phòng Văn hóa-Xã hội", None, "05/3/2026"],
            ["II", "NHIỆM VỤ CỤ THỂ"],
            [2, "Tọa đàm", "Phòng Văn hóa-Xã hội", None, "Tháng 9/2026"],
            [],
            ["Nơi nhận:"],
        ]
    )
    assert [r.stt for r in table.rows] == [1, 2]
    assert table.problems == []


def test_multi_line_cells() -> None:
    table = read(
        [
            HEADER,
            [
                1,
                "Tuyên truyền\nkết quả CCHC",
                "- Sở Nội vụ\n- Văn phòng UBND Thành phố",
                None,
                "Định kỳ\nhằng tháng",
            ],
        ]
    )
    row = table.rows[0]
    assert (row.task, row.lead, row.deadline_text) == (
        "Tuyên truyền kết quả CCHC",
        "Sở Nội vụ; Văn phòng UBND Thành phố",
        "Định kỳ hằng tháng",
    )


def test_completion_columns_text_and_date_cells() -> None:
    header = [*HEADER, "Ngày hoàn thành", "Minh chứng", "Ghi chú"]
    table = read(
        [
            header,
            [
                1,
                "Ban hành kế hoạch",
                "Phòng Văn hóa-Xã hội",
                None,
                "05/3/2026",
                None,
                date(2026, 3, 4),
                "https://x.vn/kh",
                "Đã ban hành",
            ],
            [2, "Tuyên truyền", "Phòng Văn hóa-Xã hội", None, "Năm 2026", None, "10/4/2026", None, None],
            [3, "Tọa đàm", "Phòng Văn hóa-Xã hội", None, "Tháng 9/2026", None, None, "https://x.vn/td", None],
        ],
        writer=with_xlsxwriter,  # a real date cell in row 1, typed text in row 2
    )
    assert table.completion_columns
    assert [(r.stt, r.completed_on, r.evidence, r.note) for r in table.rows] == [
        (1, date(2026, 3, 4), "https://x.vn/kh", "Đã ban hành"),
        (2, date(2026, 4, 10), None, None),
        (3, None, "https://x.vn/td", None),
    ]
    assert [(p.row, p.column, p.severity) for p in table.problems] == [(4, "Minh chứng", "warning")]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ([1, "Nhiệm vụ", None, None, "Quý III"], "Cơ quan chủ trì", "Thiếu cơ quan chủ trì"),
        ([1, None, "Sở Nội vụ", None, "Quý III"], "Nhiệm vụ", "Thiếu nội dung"),
        (["1a", "Nhiệm vụ", "Sở Nội vụ", None, "Quý III"], "STT", "không phải số thứ tự"),
        (
            [1, "Nhiệm vụ", "Sở Nội vụ", None, "Quý III", None, "31/02/2026"],
            "Ngày hoàn thành",
            "không đọc được",
        ),
        ([1, "Nhiệm vụ", "Sở Nội vụ", None, "Quý III", None, "24/11/2026"], "Ngày hoàn thành", "sau hôm nay"),
        ([1, "Ph\xadêng Phóc Lîi", "Sở Nội vụ", None, "Quý III"], None, "TCVN3"),
    ],
)
def test_row_errors_reject_the_row(row: list[object], column: str | None, words: str) -> None:
    table = read([[*HEADER, "Ngày hoàn thành"], row, [2, "Khác", "Sở Nội vụ", None, "Quý IV"]])
    assert [r.stt for r in table.rows] == [2]
    errors = [p for p in table.problems if p.severity == "error"]
    assert [(p.row, p.column) for p in errors] == [(2, column)]
    assert words in errors[0].message
    assert table.rejected_rows == 1 and table.rows_total == 2


def test_duplicate_stt_is_an_error_on_the_second_row() -> None:
    table = read([HEADER, [1, "A", "Sở Nội vụ", None, "Quý III"], [1, "B", "Sở Nội vụ", None, "Quý IV"]])
    assert [r.task for r in table.rows] == ["A"]
    assert [(p.row, p.message) for p in table.problems] == [(3, "STT 1 trùng với dòng 2.")]


def test_csv_upload() -> None:
    data = "STT,Nhiệm vụ,Cơ quan chủ trì,Thời gian thực hiện\n1,Tọa đàm,Sở Nội vụ,Quý III\n".encode()
    table = read_task_table(data, "bang.csv", today=TODAY)
    assert [(r.stt, r.lead, r.deadline_text) for r in table.rows] == [(1, "Sở Nội vụ", "Quý III")]


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"not a workbook", "bang.xlsx", "không phải bảng tính"),
        (
            with_openpyxl(Sheet("Tin bài", [["Đơn vị", "Ngày", "Tiêu đề"], ["A", "1/1/2026", "B"]])),
            "log.xlsx",
            "thiếu cột",
        ),
        (with_openpyxl(Sheet("Trống", [[]])), "empty.xlsx", "không có dữ liệu"),
    ],
)
def test_files_without_a_task_table_are_rejected(data: bytes, name: str, words: str) -> None:
    with pytest.raises(FileRejected) as info:
        read_task_table(data, name, today=TODAY)
    assert words in info.value.problem.message.lower()
    assert info.value.problem.severity == "fatal"
