"""Given → expected cases for queries/auth/*.sql."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sql.sqlcase import SqlCase
from tests.sql.staged import NOW, UNITS, batch, run, table_rows


def user(name: str, role: str = "unit", unit: str | None = "00136", **extra: object) -> dict:
    row = {
        "username": name,
        "display_name": name.title(),
        "role": role,
        "unit_code": unit,
        "password_hash": f"$argon2id$hash-of-{name}",
        "created_at": NOW,
        "created_by": "admin",
        "disabled": False,
    }
    return row | extra


USERS = [user("an"), user("binh", "city", None), user("cuong", "viewer", "HN-STP", disabled=True)]
LOG = [
    {"logged_at": NOW.replace(hour=h), "username": "an", "action": a, "detail": d}
    for h, a, d in [(8, "sign_in", ""), (9, "import", "lo-1.xlsx"), (10, "undo", "lô 1")]
]


def _audited(con) -> None:
    rows = table_rows(con, "audit_log", "username, action, detail, logged_at is not null")
    assert rows == [("an", "backup", "/tmp/x", True)]


def _upserted(con) -> None:
    rows = table_rows(
        con, "users", "username, display_name, role, unit_code, password_hash, created_by, disabled"
    )
    assert rows == [
        ("an", "An Mới", "viewer", "HN-STP", "$argon2id$new", "binh", False),
        ("binh", "Binh", "city", None, "$argon2id$hash-of-binh", "admin", False),
        ("cuong", "Cuong", "viewer", "HN-STP", "$argon2id$hash-of-cuong", "admin", True),
    ]


def _password_set(con) -> None:
    rows = table_rows(con, "users", "username, password_hash, disabled")
    assert rows == [
        ("an", "$argon2id$moi", False),
        ("binh", "$argon2id$hash-of-binh", False),
        ("cuong", "$argon2id$hash-of-cuong", True),
    ]


def _disabled(con) -> None:
    rows = table_rows(con, "users", "username, disabled, disabled_at is not null")
    assert rows == [("an", True, True), ("binh", False, False), ("cuong", True, False)]


CASES: dict[str, SqlCase] = {
    "auth/auth_account_count": SqlCase(given={"users": USERS}, expected=[(3,)]),  # the disabled one too
    "auth/auth_user_set_password": SqlCase(
        given={"users": USERS},
        params={"username": "an", "password_hash": "$argon2id$moi"},
        expected=[(1,)],  # rows updated
        check=_password_set,
    ),
    "auth/auth_user_disable": SqlCase(
        given={"users": USERS}, params={"username": "an"}, expected=[(1,)], check=_disabled
    ),
    "auth/real_import_count": SqlCase(
        given={
            "import_batches": [
                batch(1, imported_by="demo"),
                batch(2, "tasks", imported_by="init"),
                batch(3, imported_by="snv.admin"),
                batch(4, imported_by="cli:root", undone_at=NOW),
            ]
        },
        expected=[(2,)],
    ),
    "auth/audit_insert": SqlCase(
        params={"username": "an", "action": "backup", "detail": "/tmp/x"}, check=_audited
    ),
    "auth/audit_list": SqlCase(
        given={"audit_log": LOG},
        params={"limit": 2},
        expected=[
            (NOW.replace(hour=10), "an", "undo", "lô 1"),
            (NOW.replace(hour=9), "an", "import", "lo-1.xlsx"),
        ],
    ),
    "auth/auth_scope_units": SqlCase(
        given={"units": UNITS},
        params={"unit": "00136"},
        expected=[("00136",), ("00136-KP1",), ("00136-VH",)],
    ),
    "auth/auth_user_count": SqlCase(given={"users": USERS}, expected=[(2,)]),  # the disabled one not
    "auth/auth_user_get": SqlCase(
        given={"users": USERS},
        params={"username": "cuong"},
        expected=[("cuong", "Cuong", "viewer", "HN-STP", "$argon2id$hash-of-cuong", True)],
    ),
    "auth/auth_user_upsert": SqlCase(
        given={"users": USERS},
        params={
            "username": "an",
            "display_name": "An Mới",
            "role": "viewer",
            "unit_code": "HN-STP",
            "password_hash": "$argon2id$new",
            "created_by": "binh",
            "disabled": False,
        },
        check=_upserted,
    ),
    "auth/auth_users_list": SqlCase(
        given={"units": UNITS, "users": USERS},
        expected=[
            ("binh", "Binh", "city", None, None, NOW, "admin", False),
            ("an", "An", "unit", "00136", "Phường Phúc Lợi", NOW, "admin", False),
            ("cuong", "Cuong", "viewer", "HN-STP", "Sở Tư pháp", NOW, "admin", True),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, CASES[name], tmp_path)
