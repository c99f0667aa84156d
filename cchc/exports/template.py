"""The downloadable publication-log template: header row, instructions, validation lists."""

from __future__ import annotations

import io

from xlsxwriter.worksheet import Worksheet

from cchc.demo import HEADER
from cchc.exports.xlsx import Sheets, write_column, write_row, write_value

CHANNEL_CHOICES = [
    "Trang thông tin CCHC Thành phố",
    "Cổng/Trang thông tin điện tử",
    "Đài truyền thanh",
    "Phát thanh, truyền hình",
    "Zalo",
    "Facebook",
    "YouTube",
    "TikTok",
]
KIND_CHOICES = ["Tin", "Bài", "Bài viết chuyên sâu", "Bài chính luận", "Chương trình"]
STATUS_CHOICES = ["Đã gửi", "Đã đăng", "Từ chối"]
WIDTHS = [6, 32, 14, 30, 20, 70, 45, 14]
FIRST_ROW, LAST_ROW = 3, 3 + 5000  # the rows the drop-downs cover

INSTRUCTIONS = [
    ("Mẫu nhật ký tin/bài tuyên truyền CCHC", True),
    ("", False),
    (
        "Mỗi dòng là một tin/bài. Có thể giữ các dòng tiêu đề phía trên bảng; dòng 'Tổng cộng' ở cuối được bỏ qua.",
        False,
    ),
    ("Tên đơn vị: ghi như thường dùng, ví dụ 'UBND phường Phúc Lợi', 'P. Phúc Lợi', 'Sở Tư pháp'.", False),
    (
        "Ngày gửi: ngày gửi đăng (Trang CCHC Thành phố) hoặc ngày đăng/phát (các kênh khác), dạng dd/mm/yyyy.",
        False,
    ),
    (
        "Kênh đăng: chọn trong danh sách. Để trống nếu đã có đường dẫn: hệ thống tự nhận kênh theo tên miền.",
        False,
    ),
    (
        "Loại tin: để trống là tin/bài; 'Bài viết chuyên sâu' hoặc 'Bài chính luận' tính cả vào định mức tin/bài.",
        False,
    ),
    (
        "Trạng thái (chỉ với Trang CCHC Thành phố): Đã gửi, Đã đăng hoặc Từ chối. Kênh khác luôn tính là đã đăng.",
        False,
    ),
    (
        "Tin/bài gửi lại (cùng đường dẫn hoặc cùng tiêu đề, cùng kênh) chỉ được tính một lần, ở kỳ gửi đầu tiên.",
        False,
    ),
    ("Nhập cùng một tệp hai lần không thêm gì. Dòng lỗi được báo theo trang tính, dòng và cột.", False),
    (
        "Dùng phông chữ Unicode (Times New Roman, Arial). Văn bản mã TCVN3 (.VnTime) hoặc VNI sẽ bị từ chối.",
        False,
    ),
]


def build_template() -> bytes:
    """The template workbook as bytes (for st.download_button and the CLI)."""
    buffer = io.BytesIO()
    out = Sheets(buffer)
    ws = out.book.add_worksheet("Nhật ký tin bài")
    write_value(ws, 0, 0, "NHẬT KÝ TIN, BÀI TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH", out.title)
    write_row(ws, 2, 0, HEADER, out.header)
    ws.freeze_panes(3, 0)
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    ws.set_column(2, 2, 14, out.day)
    _choice_lists(out)
    _validations(ws)
    guide = out.book.add_worksheet("Hướng dẫn")
    guide.set_column(0, 0, 120)
    for row, (text, bold) in enumerate(INSTRUCTIONS):
        write_value(guide, row, 0, text, out.title if bold else None)
    out.close()
    return buffer.getvalue()


def _choice_lists(out: Sheets) -> None:
    """The sheet 'Danh mục': one column per list the log's drop-downs offer."""
    lists = out.book.add_worksheet("Danh mục")
    for col, (name, values) in enumerate(
        (("Kênh đăng", CHANNEL_CHOICES), ("Loại tin", KIND_CHOICES), ("Trạng thái", STATUS_CHOICES))
    ):
        write_value(lists, 0, col, name, out.header)
        write_column(lists, 1, col, values)
        lists.set_column(col, col, 34)


def _validations(ws: Worksheet) -> None:
    """Drop-downs from 'Danh mục' and a date check; warnings only (the import reads synonyms)."""
    for col, letter, values in ((3, "A", CHANNEL_CHOICES), (4, "B", KIND_CHOICES), (7, "C", STATUS_CHOICES)):
        ws.data_validation(
            FIRST_ROW,
            col,
            LAST_ROW,
            col,
            {
                "validate": "list",
                "source": f"='Danh mục'!${letter}$2:${letter}${len(values) + 1}",
                "error_type": "warning",
                "error_message": "Giá trị không có trong danh mục; hệ thống vẫn cố nhận theo từ đồng nghĩa.",
            },
        )
    ws.data_validation(
        FIRST_ROW,
        2,
        LAST_ROW,
        2,
        {"validate": "date", "criteria": ">=", "value": "2000-01-01", "error_type": "warning"},
    )
