"""cchc.screens for the tasks, import and users pages: scope, links, history, writes."""

from __future__ import annotations

from datetime import date as d

import pytest
from conftest import BACH_MAI, PHUC_LOI, SKHCN, add_items, item

from cchc import auth
from cchc.screens import imports, users
from cchc.screens import tasks as task_screen
from cchc.screens import unit as unit_screen

CITY = auth.User("snv", "Sở Nội vụ", "city")
PL_USER = auth.User("test", "Phúc Lợi", "unit", PHUC_LOI)  # add_items imports as "test"
BM_USER = auth.User("bachmai", "Bạch Mai", "unit", BACH_MAI)


@pytest.mark.parametrize(
    ("unit", "scope", "expected"),
    [
        ("", None, None),  # the city, every unit
        ("", ["A", "B"], ["A", "B"]),  # every unit of the scope
        ("A", None, ["A"]),
        ("A", ["A", "B"], ["A"]),
        ("Z", ["A", "B"], []),  # a forged unit outside the scope: nothing
    ],
)
def test_tasks_are_read_for_the_chosen_units_within_the_scope(unit, scope, expected):
    assert task_screen.chosen_units(unit, scope) == expected


def test_imported_units_link_to_the_screen_showing_them(con):
    links = imports.unit_links(con, [PHUC_LOI, f"{PHUC_LOI}-VHXH", SKHCN, "99999"])
    assert [(code, screen) for code, _, screen in links] == [
        (PHUC_LOI, unit_screen.WARD),
        (f"{PHUC_LOI}-VHXH", unit_screen.WARD),  # an office: its ward's page resolves it
        (SKHCN, unit_screen.DEPARTMENT),
        ("99999", None),
    ]
    assert links[0][1] == "Phường Phúc Lợi" and links[3][1] == "99999"
    # a unit outside the scope is not even named
    assert imports.unit_links(con, [PHUC_LOI, BACH_MAI], units=[PHUC_LOI]) == [
        (PHUC_LOI, "Phường Phúc Lợi", unit_screen.WARD),
        (BACH_MAI, BACH_MAI, None),
    ]


def scope(con, user: auth.User) -> list[str] | None:
    return auth.allowed_units(con, user)


def test_history_and_undo_are_the_users_own(con):
    add_items(con, [item(PHUC_LOI, d(2026, 3, 5))])
    own = imports.history(con, PL_USER, units=scope(con, PL_USER))
    assert len(own.table) == 1 and list(own.undoable.values()) == ["test.xlsx"]
    assert imports.history(con, BM_USER, units=scope(con, BM_USER)).table.empty
    (batch,) = own.undoable
    with pytest.raises(PermissionError):
        imports.undo(con, batch, BM_USER, units=scope(con, BM_USER))
    assert imports.undo(con, batch, PL_USER, units=scope(con, PL_USER)) == 1
    assert imports.history(con, PL_USER, units=scope(con, PL_USER)).table["Trạng thái"].tolist() == [
        "Đã hoàn tác"
    ]


def test_undo_follows_the_batchs_units_and_the_role_not_the_importers_name(con):
    """Issue 11, D5: a unit user named `root` undid a CLI batch (recorded as `root`) of another ward."""
    batch = add_items(
        con, [item(BACH_MAI, d(2026, 3, 5)), item(BACH_MAI, d(2026, 3, 6))], who="cli:root"
    ).batch_id
    root = auth.User("root", "Phúc Lợi", "unit", PHUC_LOI)
    assert imports.history(con, root, units=scope(con, root)).table.empty
    with pytest.raises(PermissionError):
        imports.undo(con, batch, root, units=scope(con, root))
    viewer = auth.User("bm.xem", "Bạch Mai", "viewer", BACH_MAI)
    seen = imports.history(con, viewer, units=scope(con, viewer))
    assert seen.table["Người nhập"].tolist() == ["cli:root"] and seen.undoable == {}
    with pytest.raises(PermissionError):
        imports.undo(con, batch, viewer, units=scope(con, viewer))
    assert imports.history(con, BM_USER, units=scope(con, BM_USER)).undoable == {batch: "test.xlsx"}
    assert imports.history(con, CITY).undoable == {batch: "test.xlsx"}
    assert imports.undo(con, batch, BM_USER, units=scope(con, BM_USER)) == 2


def test_a_batch_spanning_two_wards_is_undone_only_city_wide(con):
    batch = add_items(con, [item(PHUC_LOI, d(2026, 3, 5)), item(BACH_MAI, d(2026, 3, 5))]).batch_id
    assert imports.history(con, PL_USER, units=scope(con, PL_USER)).undoable == {}  # its own, but not all its
    with pytest.raises(PermissionError):
        imports.undo(con, batch, PL_USER, units=scope(con, PL_USER))
    assert imports.undo(con, batch, CITY) == 2


def test_a_too_large_file_is_refused_unread(con, monkeypatch):
    monkeypatch.setenv("CCHC_UPLOAD_MB", "1")
    big = b"x" * (2**20 + 1)
    preview = imports.preview_file(con, big, "big.xlsx", "test")
    assert preview.outcome.fatal is not None and preview.outcome.fatal.message == imports.too_large()
    assert imports.too_large() == "Tệp lớn hơn 1 MB; hãy tách thành nhiều tệp nhỏ hơn."
    assert imports.preview_task_table(con, big, "big.xlsx", "PL-2026", "test", d(2026, 5, 1)).outcome == (
        "rejected"
    )


def test_accounts_and_audit_trail_within_a_scope(con):
    users.save_account(con, CITY, "phucloi.a", "A", "unit", "mat-khau-du-dai", PHUC_LOI)
    users.save_account(con, CITY, "bachmai.b", "B", "unit", "mat-khau-du-dai", BACH_MAI)
    auth.audit(con, "phucloi.a", "sign_in")
    assert set(users.accounts(con)["Tên đăng nhập"]) == {"phucloi.a", "bachmai.b"}
    assert users.accounts(con, units=[PHUC_LOI])["Tên đăng nhập"].tolist() == ["phucloi.a"]
    assert users.audit_trail(con, units=[PHUC_LOI])["username"].tolist() == ["phucloi.a"]
    assert users.audit_trail(con)["action"].tolist()[-2:] == ["user_create", "user_create"]
    assert users.unit_choices(con)[PHUC_LOI] == "Phường Phúc Lợi (Xã, phường, đặc khu)"
