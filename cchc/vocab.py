"""Fixed vocabularies: unit kinds, channels, item kinds, item statuses, status words.

Codes are stored in the database; labels are what people read (Vietnamese).
"""

from __future__ import annotations

UNIT_KINDS: dict[str, str] = {
    "city": "Thành phố",
    "department": "Sở, ban, ngành",
    "central_agency": "Cơ quan ngành dọc Trung ương",
    "public_service": "Đơn vị sự nghiệp công lập",
    "commune": "Xã, phường, đặc khu",
    "ward_office": "Phòng, ban, đơn vị thuộc xã/phường",
    "neighbourhood": "Khu phố, tổ dân phố",
}

CHANNELS: dict[str, str] = {
    "city_page": "Trang thông tin CCHC Thành phố",
    "own_portal": "Cổng/Trang thông tin điện tử của đơn vị",
    "radio": "Hệ thống truyền thanh cơ sở",
    "broadcast": "Phát thanh, truyền hình",
    "social": "Mạng xã hội (Zalo, Facebook, YouTube, TikTok)",
}

ITEM_KINDS: dict[str, str] = {
    "news": "Tin/bài",
    "in_depth": "Bài chuyên sâu, chính luận",
    "programme": "Chương trình phát thanh, truyền hình",
}

ITEM_STATUSES: dict[str, str] = {
    "submitted": "Đã gửi đăng",
    "published": "Đã đăng tải",
    "rejected": "Không được đăng",
}

# Quota rule bases: what a rule counts.
RULE_BASES: dict[str, str] = {
    "submitted": "Gửi đăng (tính theo ngày gửi)",
    "published": "Được đăng tải",
}

PERIOD_KINDS: dict[str, str] = {
    "week": "Tuần",
    "month": "Tháng",
    "quarter": "Quý",
    "year": "Năm",
    "window": "Cả kỳ kế hoạch",
}

# Quota statuses (contract: exact words).
DAT = "Đạt"
CHUA_DAT = "Chưa đạt"
DANG_THUC_HIEN = "Đang thực hiện"
CHUA_DEN_KY = "Chưa đến kỳ"
QUOTA_STATUSES: tuple[str, ...] = (DAT, DANG_THUC_HIEN, CHUA_DAT, CHUA_DEN_KY)

# Task statuses (contract: exact words).
TASK_STATUSES: tuple[str, ...] = (
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Quá hạn",
    "Sắp đến hạn",
    "Đang thực hiện",
    "Thường xuyên",
    "Chưa xác định hạn",
)

STATUS_COLORS: dict[str, str] = {
    DAT: "#2e7d32",
    DANG_THUC_HIEN: "#f9a825",
    CHUA_DAT: "#c62828",
    CHUA_DEN_KY: "#9e9e9e",
}
