"""How a quota rule is said to people, from its fields (for rules read from a plan document)."""

from __future__ import annotations

from cchc.vocab import CHANNELS

_ITEMS = {"news": "tin/bài", "in_depth": "bài chuyên sâu, chính luận", "programme": "chương trình"}
_PER = {
    "week": "mỗi tuần",
    "month": "mỗi tháng",
    "quarter": "mỗi quý",
    "year": "trong năm",
    "window": "trong cả thời gian áp dụng",
}
_ON = {
    "city_page": "trên Trang thông tin CCHC Thành phố",
    "own_portal": "trên Cổng/Trang thông tin điện tử của đơn vị",
    "radio": "trên hệ thống truyền thanh cơ sở",
    "broadcast": "trên phát thanh, truyền hình",
    "social": "trên mạng xã hội",
}


def rule_label(channel: str, item_kind: str, basis: str, min_count: int, period: str) -> str:
    """'Gửi đăng ≥ 1 tin/bài mỗi tháng trên Trang thông tin CCHC Thành phố'."""
    verb = "Gửi đăng" if basis == "submitted" and channel == "city_page" else "Đăng"
    if basis == "published" and channel == "city_page":
        verb = "Được đăng tải"
    where = _ON.get(channel, CHANNELS.get(channel, channel))
    return f"{verb} ≥ {min_count} {_ITEMS.get(item_kind, item_kind)} {_PER.get(period, period)} {where}"
