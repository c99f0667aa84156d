"""The roles an account may have (cchc.auth enforces them; the CLI offers them without loading it)."""

from __future__ import annotations

ROLES: dict[str, str] = {
    "city": "Thành phố (Sở Nội vụ): xem tất cả, quản lý người dùng",
    "national": "Bộ Nội vụ: xem mọi tỉnh, thành phố; thêm đơn vị",
    "unit": "Đơn vị: xem và nhập số liệu của đơn vị mình",
    "viewer": "Chỉ xem",
}
