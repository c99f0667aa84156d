"""A ward's 2027 plan as a real .docx (python-docx), worded like seed 000 one year on."""

from __future__ import annotations

from pathlib import Path

from docx import Document

PARAGRAPHS = [
    "ỦY BAN NHÂN DÂN PHƯỜNG PHÚC LỢI",
    "Số: 12/KH-UBND",
    "Phúc Lợi, ngày 15 tháng 01 năm 2027",
    "KẾ HOẠCH",
    "Thông tin, tuyên truyền cải cách hành chính nhà nước trên địa bàn phường Phúc Lợi năm 2027",
    "Thực hiện Kế hoạch 75/KH-UBND ngày 27/02/2026 của UBND thành phố Hà Nội về thông tin, tuyên truyền "
    "cải cách hành chính nhà nước của thành phố Hà Nội năm 2026.",
    "UBND phường Phúc Lợi ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính nhà nước trên địa "
    "bàn phường, cụ thể như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "- Tăng cường công tác thông tin tuyên truyền nhằm nâng cao nhận thức về cải cách hành chính.",
    "II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN",
    "- Đăng tải ít nhất 02 tin, bài/tháng về cải cách hành chính trên Cổng thông tin điện tử phường.",
    "- Khuyến khích đăng tải tin, bài trên trang Zalo OA của phường.",
    "- Tổ chức 02 lớp tập huấn về cải cách hành chính cho cán bộ, công chức.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Các phòng, ban, đơn vị phường",
    "- Thực hiện thông tin tuyên truyền về kết quả thực hiện các nhiệm vụ CCHC của đơn vị đảm bảo mỗi đơn vị "
    "có 02 tin bài tuyên truyền về công tác CCHC của đơn vị trên Cổng thông tin điện tử phường một quý.",
    "2. Phòng Văn hóa - Xã hội",
    "- Tham mưu UBND triển khai, theo dõi, đôn đốc việc thực hiện kế hoạch này.",
]
TASKS = [
    ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"),
    (
        "1",
        "Ban hành kế hoạch công tác tuyên truyền năm 2027",
        "Phòng Văn hóa-Xã hội",
        "",
        "Tháng 1/2027",
        "Kế hoạch",
    ),
    (
        "2",
        "Tuyên truyền kết quả CCHC trên Cổng thông tin điện tử phường 02 tin bài/tháng",
        "Phòng Văn hóa-Xã hội",
        "Các phòng, ban, đơn vị phường",
        "Năm 2027",
        "Tin bài",
    ),
    (
        "3",
        "Báo cáo công tác thông tin tuyên truyền hàng quý",
        "Phòng Văn hoá - Xã hội",
        "",
        "15 tháng cuối quý",
        "Báo cáo",
    ),
]


def write_ward_plan(path: Path) -> Path:
    doc = Document()
    for text in PARAGRAPHS:
        doc.add_paragraph(text)
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("NHIỆM VỤ CÔNG TÁC TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH PHƯỜNG PHÚC LỢI NĂM 2027")
    table = doc.add_table(rows=len(TASKS), cols=len(TASKS[0]))
    for r, row in enumerate(TASKS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(str(path))
    return path
