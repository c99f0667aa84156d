"""The one header finder (cchc.ingest.headers.find_header) on headers as offices really type them,
for publication logs (LOG) and plan task tables (TASK)."""

from __future__ import annotations

import pytest

from cchc.ingest.headers import LOG, SCAN_ROWS, TASK, Vocabulary, find_header
from tests.ingest.corpus import nfd

Rows = list[list[str | None]]
N = None

CASES: list[tuple[str, Vocabulary, Rows, tuple[int, int, dict[str, int]]]] = [
    (
        "log: one row",
        LOG,
        [["STT", "Tên đơn vị", "Ngày gửi", "Kênh đăng", "Loại tin", "Tiêu đề", "Đường dẫn", "Trạng thái"]],
        (0, 0, {"unit": 1, "date": 2, "channel": 3, "item_kind": 4, "title": 5, "url": 6, "status": 7}),
    ),
    (
        "log: title block above, notes in the cells",
        LOG,
        [
            ["UBND PHƯỜNG PHÚC LỢI", N, N, N],
            ["TỔNG HỢP TIN, BÀI THÁNG 3/2026", N, N, N],
            [N, N, N, N],
            ["Đơn vị*", "Ngày đăng (dd/mm/yyyy)", "Tiêu đề tin, bài đăng tải", "Link bài viết:"],
        ],
        (3, 3, {"unit": 0, "date": 1, "title": 2, "url": 3}),
    ),
    (
        "log: upper case and decomposed accents",
        LOG,
        [["CƠ QUAN, ĐƠN VỊ", nfd("Thời gian"), nfd("Nội dung"), "URL"]],
        (0, 0, {"unit": 0, "date": 1, "title": 2, "url": 3}),
    ),
    (
        "log: group cell over its sub-columns",
        LOG,
        [
            ["Đơn vị", "Ngày", "Tin bài", N],
            [N, N, "Tiêu đề", "Đường dẫn"],
            ["P. Phúc Lợi", "05/03/2026", "x", N],
        ],
        (0, 1, {"unit": 0, "date": 1, "title": 2, "url": 3}),
    ),
    (
        "log: complete row with a row of sub-headers under it",
        LOG,
        [["Đơn vị", "Ngày", "Tiêu đề", "Kênh"], [N, N, N, "Kênh đăng tải"]],
        (0, 1, {"unit": 0, "date": 1, "title": 2, "channel": 3}),
    ),
    (
        "log: the required fields only in the lower row",
        LOG,
        [
            ["Thông tin chung", N, "Nội dung tin bài", N],
            ["Đơn vị gửi", "Ngày gửi đăng", "Tên tin bài", "Link"],
        ],
        (1, 1, {"unit": 0, "date": 1, "title": 2, "url": 3}),
    ),
    (
        "task: the city plan's appendix",
        TASK,
        [
            ["PHỤ LỤC", N, N, N, N, N],
            [
                "TT",
                "Nội dung nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian hoàn thành",
                "Sản phẩm",
            ],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ],
        (1, 1, {"stt": 0, "task": 1, "lead": 2, "coordinating": 3, "deadline": 4, "product": 5}),
    ),
    (
        "task: 'Cơ quan, đơn vị' over 'Chủ trì | Phối hợp'",
        TASK,
        [["STT", "Nhiệm vụ", "Cơ quan, đơn vị", N, "Thời gian thực hiện"], [N, N, "Chủ trì", "Phối hợp", N]],
        (0, 1, {"stt": 0, "task": 1, "lead": 2, "coordinating": 3, "deadline": 4}),
    ),
    (
        "task: wrapped header cells",
        TASK,
        [["Số TT", "Nhiệm vụ\ncụ thể", "Cơ quan, đơn vị\nchủ trì", "Thời gian\nhoàn thành"]],
        (0, 0, {"stt": 0, "task": 1, "lead": 2, "deadline": 3}),
    ),
    (
        "task: our own download read back (its extra columns ignored)",
        TASK,
        [
            ["Tiến độ", N, N, N, N, N, N, N, N, N],
            [N] * 10,
            [
                "Kế hoạch",
                "STT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Thời gian thực hiện",
                "Đơn vị theo danh mục",
                "Hạn",
                "Trạng thái",
                "Ngày hoàn thành",
                "Minh chứng",
            ],
        ],
        (2, 2, {"stt": 1, "task": 2, "lead": 3, "deadline": 4, "completed_on": 8, "evidence": 9}),
    ),
    (
        "task: a longer spelling that starts with a known one",
        TASK,
        [
            [
                "TT",
                "Nội dung công việc cụ thể",
                "Đơn vị chủ trì thực hiện nhiệm vụ",
                "Tiến độ thực hiện (dự kiến)",
            ]
        ],
        (0, 0, {"stt": 0, "task": 1, "lead": 2, "deadline": 3}),
    ),
]


@pytest.mark.parametrize(("vocab", "rows", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_real_headers(vocab: Vocabulary, rows: Rows, expected: tuple[int, int, dict[str, int]]) -> None:
    header, best = find_header(rows, vocab)
    assert best is None and header is not None
    assert (header.first, header.last, header.columns) == expected


@pytest.mark.parametrize(
    ("vocab", "rows", "missing"),
    [
        (LOG, [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"]], ["title"]),  # a task table
        (TASK, [["Đơn vị", "Ngày đăng", "Tiêu đề", "Đường dẫn"]], ["task", "lead", "deadline"]),  # a log
        (TASK, [["TT", "Nhiệm vụ", "Thời hạn"]], ["lead"]),
    ],
)
def test_one_kind_is_not_the_other(vocab: Vocabulary, rows: Rows, missing: list[str]) -> None:
    header, best = find_header(rows, vocab)
    assert header is None and best is not None
    assert best.missing == missing


def test_an_exact_spelling_beats_a_guess_and_the_second_is_listed() -> None:
    header, _ = find_header([["Nhiệm vụ trọng tâm", "Cơ quan chủ trì", "Thời hạn", "Nhiệm vụ"]], TASK)
    assert header is not None
    assert header.columns["task"] == 3
    assert header.duplicates == [(0, "task")]


def test_only_the_first_rows_are_scanned() -> None:
    rows: Rows = [[f"Dòng {i}", N, N] for i in range(SCAN_ROWS)] + [["Đơn vị", "Ngày", "Tiêu đề"]]
    assert find_header(rows, LOG)[0] is None
    assert find_header(rows, LOG, scan_rows=SCAN_ROWS + 1)[0] is not None
