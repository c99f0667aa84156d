"""Task tables as they arrive: Word rows, tab-separated lines, the lines of a PDF table."""

import pytest

from cchc.plandoc.tables import line_tasks, rows_to_tasks, split_units


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "Các phòng, ban, đơn vị phường Các tổ dân phố Các trường học",
            "Các phòng, ban, đơn vị phường; Các tổ dân phố; Các trường học",
        ),
        (
            "Trung tâm Văn hoá, Thông tin và Thể thao Phòng VHXH",
            "Trung tâm Văn hoá, Thông tin và Thể thao; Phòng VHXH",
        ),
        (
            "- Sở Nội vụ (phụ trách nội dung);\n- Văn phòng UBND Thành phố (phụ trách kỹ thuật).",
            "Sở Nội vụ (phụ trách nội dung); Văn phòng UBND Thành phố (phụ trách kỹ thuật)",
        ),
        ("Phòng Văn hóa\nxã hội", "Phòng Văn hóa xã hội"),  # one unit on two lines
        ("Văn phòng HĐND và UBND phường", "Văn phòng HĐND và UBND phường"),
        (
            "Các cơ quan báo chí và các Sở, ngành, UBND xã, phường",
            "Các cơ quan báo chí và các Sở, ngành, UBND xã, phường",
        ),
    ],
)
def test_units_in_a_cell(cell, expected):
    assert split_units(cell) == expected


def test_a_header_repeated_on_each_page_and_a_row_continued():
    header = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
    rows = [
        header,
        ["1.", "Ban hành kế hoạch", "Phòng Văn hóa - Xã hội", "", "Tháng 3/2027"],
        ["2.", "Đăng tin, bài trên Cổng thông tin", "Văn phòng HĐND và UBND", "Các phòng", "Hằng"],
        header,
        ["", "điện tử phường", "phường", "chuyên môn", "tháng"],
    ]
    tasks = rows_to_tasks(rows)
    assert [(t["stt"], t["task"], t["lead"], t["partners"], t["deadline_text"]) for t in tasks] == [
        ("1", "Ban hành kế hoạch", "Phòng Văn hóa - Xã hội", None, "Tháng 3/2027"),
        (
            "2",
            "Đăng tin, bài trên Cổng thông tin điện tử phường",
            "Văn phòng HĐND và UBND phường",
            "Các phòng chuyên môn",
            "Hằng tháng",
        ),
    ]
    assert tasks[0]["product"] is None  # the table has no product column


def test_a_pdf_table_whose_cells_came_out_as_lines():
    lines = [
        "TT Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "1.",
        "Có ít nhất 02 tin/bài về CCHC để phát",
        "trên hệ thống truyền thanh",
        "UBND các xã, phường",
        "Sở Nội vụ Định kỳ hằng tháng",  # cells of one visual line, joined
        "TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành",  # the header on the next page
        "sau) 2.",  # a fragment of the line above, then the next number
        "Báo cáo kết quả",
        "Phòng Văn hóa",
        "xã hội",
        "Các phòng, ban",
        "chuyên môn",
        "Theo chế độ báo cáo",
    ]
    tasks = line_tasks(lines)
    assert [(t["stt"], t["task"], t["lead"], t["partners"], t["deadline_text"]) for t in tasks] == [
        (
            "1",
            "Có ít nhất 02 tin/bài về CCHC để phát trên hệ thống truyền thanh",
            "UBND các xã, phường",
            "Sở Nội vụ",
            "Định kỳ hằng tháng",
        ),
        ("2", "Báo cáo kết quả", "Phòng Văn hóa xã hội", "Các phòng, ban chuyên môn", "Theo chế độ báo cáo"),
    ]
