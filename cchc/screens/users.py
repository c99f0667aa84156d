"""The Người dùng và nhật ký page (city administrators) as data: accounts, the audit trail, the
units an account may be tied to, and the writes (accounts, the units file, backups), audited.

Accounts and the audit trail are not covered by the data version: the page reads them fresh."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from cchc import auth, backup, db, reference, unit_catalog
from cchc.quotas import summary
from cchc.text import fold
from cchc.vocab import UNIT_KINDS

ACCOUNT_KINDS = ["city", "commune", "department", "central_agency", "public_service", "ward_office"]


def accounts(con: duckdb.DuckDBPyConnection, *, units: Sequence[str] | None = None) -> pd.DataFrame:
    """Every account (of the units of `units` when given), with Vietnamese headings; the raw
    timestamp is in 'Tạo lúc' for the page to show in local time."""
    users = db.run(con, "auth/auth_users_list")
    if units is not None:
        users = users[users["unit_code"].isin(list(units))]
    return pd.DataFrame(
        {
            "Tên đăng nhập": users["username"],
            "Họ tên": users["display_name"],
            "Vai trò": users["role"].map({k: v.split(":")[0] for k, v in auth.ROLES.items()}),
            "Đơn vị": users["unit_name"].fillna("Toàn Thành phố"),
            "Tạo lúc": users["created_at"],
            "Người tạo": users["created_by"],
        }
    )


def audit_trail(
    con: duckdb.DuckDBPyConnection, limit: int = 500, *, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """The newest audit entries (those of the accounts of `units` when given): logged_at,
    username, action, detail."""
    log = db.run(con, "auth/audit_list", {"limit": limit})
    if units is not None:
        log = log[log["username"].isin(set(accounts(con, units=units)["Tên đăng nhập"]))]
    return log.reset_index(drop=True)


# What each audit code means, for people; the log keeps the codes.
ACTIONS = {
    "backup": "Sao lưu",
    "import": "Nhập dữ liệu",
    "import_tasks": "Nhập bảng nhiệm vụ",
    "tasks_import": "Nhập bảng nhiệm vụ",
    "tasks_complete": "Ghi nhận hoàn thành nhiệm vụ",
    "undo": "Hoàn tác",
    "units": "Cập nhật danh mục đơn vị",
    "unit_add": "Thêm đơn vị",
    "plan_add": "Thêm kế hoạch",
    "plan_amend": "Sửa đổi định mức kế hoạch",
    "plan_retire": "Dừng theo dõi kế hoạch",
    "plan_unit_add": "Thêm đơn vị nêu trong kế hoạch",
    "user_create": "Tạo hoặc đặt lại tài khoản",
    "user_reset": "Đặt lại mật khẩu",
    "user_disable": "Khóa tài khoản",
    "setup": "Thiết lập lần đầu",
    "sign_in": "Đăng nhập",
    "signin_failed": "Đăng nhập không thành công",
    "session_ended": "Kết thúc phiên",
}
IMPORT_OUTCOMES = {
    "imported": "đã nhập, thêm {n} dòng",
    "partial": "đã nhập các dòng hợp lệ, thêm {n} dòng, bỏ qua các dòng lỗi",
    "nothing_new": "không có dòng mới, không thêm gì",
    "already_imported": "tệp đã được nhập trước đây, không thêm gì",
    "rejected": "không nhập vì có dòng lỗi, không ghi gì",
}
_IMPORT_DETAIL = re.compile(r"(?s)(.*): ([a-z_]+), thêm (\d+)")


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


def detail_sentence(action: str, detail: str) -> str:
    """An audit entry's detail as people read it ('t.xlsx: partial, thêm 4' → a sentence)."""
    found = _IMPORT_DETAIL.fullmatch(detail or "") if action == "import" else None
    if found is None or found[2] not in IMPORT_OUTCOMES:
        return detail or ""
    return f"{found[1]}: {IMPORT_OUTCOMES[found[2]].format(n=found[3])}."


def audit_table(log: pd.DataFrame) -> pd.DataFrame:
    """The audit entries with Vietnamese headings and labels; 'Thời điểm' raw, for the page to format."""
    return pd.DataFrame(
        {
            "Thời điểm": log["logged_at"],
            "Người dùng": log["username"],
            "Hoạt động": log["action"].map(action_label),
            "Chi tiết": [detail_sentence(a, d) for a, d in zip(log["action"], log["detail"], strict=True)],
        }
    )


# The units file's columns as people name them; the English names of data/units.csv work too.
UNIT_HEADINGS = {
    "code": "Mã",
    "name": "Tên",
    "kind": "Loại",
    "parent_code": "Mã đơn vị cấp trên",
    "province": "Tỉnh/thành phố",
    "aliases": "Tên khác",
    "lat": "Vĩ độ",
    "lon": "Kinh độ",
}


def units_template() -> bytes:
    """A units CSV to fill in: Vietnamese headings and one example row (UTF-8 with BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(UNIT_HEADINGS.values())
    writer.writerow(
        ["00136", "Phường Phúc Lợi", UNIT_KINDS["commune"], "HN", "Hà Nội", "P. Phúc Lợi", "", ""]
    )
    return out.getvalue().encode("utf-8-sig")


def english_units_csv(data: bytes) -> bytes:
    """A units CSV with Vietnamese headings (and kinds written as their labels) turned into the
    columns and codes the reader knows; a file already in those passes unchanged."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return data
    headings = {fold(v): k for k, v in UNIT_HEADINGS.items()}
    kinds = {fold(v): k for k, v in UNIT_KINDS.items()}
    header = [headings.get(fold(h), h.strip()) for h in rows[0]]
    if header == [h.strip() for h in rows[0]]:
        return data
    at = header.index("kind") if "kind" in header else None
    body = [[kinds.get(fold(v), v) if i == at else v for i, v in enumerate(row)] for row in rows[1:]]
    out = io.StringIO()
    csv.writer(out).writerows([header, *body])
    return out.getvalue().encode("utf-8")


def unit_choices(con: duckdb.DuckDBPyConnection, *, units: Sequence[str] | None = None) -> dict[str, str]:
    """Unit code → 'name (kind)' of the units an account may be tied to."""
    found = summary.units_list(con, kinds=ACCOUNT_KINDS, units=units)
    return {
        code: f"{name} ({UNIT_KINDS[kind]})"
        for code, name, kind in zip(found["code"], found["name"], found["kind"], strict=True)
    }


def save_account(
    con: duckdb.DuckDBPyConnection,
    by: auth.User,
    username: str,
    display_name: str,
    role: str,
    password: str,
    unit_code: str | None,
    *,
    units: Sequence[str] | None = None,
) -> auth.User:
    """Create or reset an account; audited. Raises auth.AuthError (a message to show).

    An administrator of one province (`units` given) makes and resets only accounts tied to
    units of that province: never a national one, one tied to no unit, or another's."""
    if units is not None:
        _check_within(con, username, role, unit_code, set(units))
    created = auth.create_user(
        con,
        username=username,
        display_name=display_name,
        role=role,
        password=password,
        unit_code=unit_code,
        created_by=by.username,
    )
    auth.audit(
        con, by, "user_create", f"{created.username} ({created.role}, {created.unit_code or 'toàn TP'})"
    )
    return created


def _check_within(
    con: duckdb.DuckDBPyConnection, username: str, role: str, unit_code: str | None, allowed: set[str]
) -> None:
    held = auth.account_unit(con, username)
    if role == "national" or unit_code not in allowed or (held is not False and held not in allowed):
        raise auth.AuthError(
            "Tài khoản cấp tỉnh chỉ tạo hoặc đặt lại tài khoản của các đơn vị trong tỉnh mình; "
            "chọn một đơn vị trong danh sách."
        )


def update_units(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    name: str,
    by: auth.User,
    *,
    units: Sequence[str] | None = None,
) -> int:
    """Add or rename units from a units CSV; audited. Raises reference.ReferenceError or
    UnicodeDecodeError for a file that cannot be read (nothing changes)."""
    rows = reference.read_units(english_units_csv(data))
    refused = [] if units is None else unit_catalog.outside_scope(con, rows, units)
    if refused:  # an administrator of one province changes only its own units
        raise reference.ReferenceError("\n".join(refused))
    reference.upsert_units(con, rows)
    auth.audit(con, by, "units", f"{name}: {len(rows)} đơn vị")
    return len(rows)


def backup_now(
    con: duckdb.DuckDBPyConnection, folder: Path, by: auth.User, *, units: Sequence[str] | None = None
) -> Path:
    """Export the whole database into a new folder under `folder`; audited."""
    made = backup.backup(con, folder)
    auth.audit(con, by, "backup", str(made))
    return made
