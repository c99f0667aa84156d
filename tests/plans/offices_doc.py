"""A ward's 2027 plan (phường Hoàng Mai, Hà Nội) that names offices the units table lacks: its
quota for 'Phòng Kinh tế' and the task it leads resolve only once the office is added."""

from __future__ import annotations

from pathlib import Path

HOANG_MAI = "00331"
PLAN_CODE = "00331-21-2027"
NEW_OFFICES = {  # name as the plan writes it in full → kind
    "Văn phòng HĐND và UBND phường Hoàng Mai": "ward_office",
    "Phòng Kinh tế phường Hoàng Mai": "ward_office",
    "Phòng Văn hóa - Xã hội phường Hoàng Mai": "ward_office",
    "Công an phường Hoàng Mai": "ward_office",
}
TEXT = """UBND PHƯỜNG HOÀNG MAI
Số: 21/KH-UBND
Hoàng Mai, ngày 12 tháng 01 năm 2027

KẾ HOẠCH
Thông tin, tuyên truyền cải cách hành chính năm 2027 trên địa bàn phường Hoàng Mai

Thực hiện Kế hoạch 75/KH-UBND ngày 27/02/2026 của UBND thành phố Hà Nội về thông tin, tuyên truyền cải cách hành chính nhà nước của thành phố Hà Nội năm 2026.

I. NỘI DUNG

- Đăng tải ít nhất 02 tin, bài/tháng về cải cách hành chính trên Cổng thông tin điện tử phường.

II. TỔ CHỨC THỰC HIỆN

1. Văn phòng HĐND và UBND phường

- Là đơn vị thường trực, giúp UBND phường theo dõi, đôn đốc việc thực hiện Kế hoạch này.

2. Giao Trưởng Phòng Kinh tế

- Hằng quý, Phòng Kinh tế có ít nhất 01 tin, bài về kết quả giải quyết thủ tục hành chính trên Cổng thông tin điện tử phường.

3. Các phòng, ban, đơn vị thuộc phường

- Phối hợp với Phòng Văn hóa - Xã hội triển khai tuyên truyền về cải cách hành chính.

4. Giao Trưởng Công an phường

- Lồng ghép tuyên truyền cải cách hành chính trong lĩnh vực cư trú.

Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2027 của phường Hoàng Mai./.

PHỤ LỤC

STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\tSản phẩm
1\tTuyên truyền về kết quả giải quyết thủ tục hành chính\tPhòng Kinh tế\tCác phòng, ban, đơn vị phường\tHằng quý\tTin bài
"""


def write_offices_plan(path: Path) -> Path:
    path.write_text(TEXT, encoding="utf-8")
    return path
