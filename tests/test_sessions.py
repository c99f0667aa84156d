"""AppTest: what a browser tab keeps across sign-out, role, password and disable changes, and
sign-in throttling (issue 11, D7 and D8)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import PHUC_LOI
from streamlit.testing.v1 import AppTest

from cchc import auth, db, reference
from ui import signin

PASSWORD = "mat-khau-dung-dan-1"
SHOWN = "Đã nhập 7 dòng của Bệnh viện Bạch Mai."


@pytest.fixture
def prod_db(tmp_path, monkeypatch) -> Path:
    """A production database with a city administrator and a ward user."""
    path = tmp_path / "prod.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    auth.create_user(
        con, username="quan.tri", display_name="Quản trị", role="city", password=PASSWORD, created_by="t"
    )
    ward = PHUC_LOI
    auth.create_user(
        con,
        username="phuong",
        display_name="Phường",
        role="unit",
        password=PASSWORD,
        unit_code=ward,
        created_by="t",
    )
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception
    return at


def change(path: Path, action) -> None:
    con = db.connect(path)
    try:
        action(con)
    finally:
        con.close()


def tab() -> None:
    """The app's chrome without its pages (AppTest keeps no element app.py draws before
    st.navigation runs a page, so the sidebar's sign-out button is only clickable here)."""
    import streamlit as st

    from ui import signin

    user = signin.ensure_signed_in()
    signin.sidebar_identity(user)
    for result in st.session_state.get("last_results", []):  # as pages/import.py shows them
        st.success(result.message)


def test_the_next_user_in_the_tab_sees_nothing_of_the_previous_one(prod_db):
    at = AppTest.from_function(tab, default_timeout=90)
    at.run()
    sign_in(at, "quan.tri")
    assert at.session_state["user"].username == "quan.tri"
    # What an import leaves in the tab: its result, with links to the units it touched.
    at.session_state["last_results"] = [SimpleNamespace(outcome="imported", message=SHOWN, units=["01"])]
    at.session_state["last_task_result"] = ("imported", SHOWN)
    at.session_state["tasks_import"] = ("imported", SHOWN, [])
    at.run()
    assert [s.value for s in at.success] == [SHOWN]
    at.button(key="sign_out").click().run()
    assert not at.exception
    assert "user" not in at.session_state
    assert at.title[0].value == "Đăng nhập"
    sign_in(at, "phuong")
    assert at.session_state["user"].username == "phuong"
    assert [s.value for s in at.success] == []
    for key in ("last_results", "last_task_result", "tasks_import"):
        assert key not in at.session_state


def _reset(con) -> None:
    auth.reset_password(con, "phuong", "mat-khau-moi-hoan-toan")


def _demote(con) -> None:
    auth.create_user(
        con, username="phuong", display_name="Phường", role="viewer", password=PASSWORD, created_by="t"
    )


def _disable(con) -> None:
    auth.disable_user(con, "phuong")


@pytest.mark.parametrize("action", [_reset, _demote, _disable], ids=["password", "role", "disable"])
def test_an_account_change_ends_its_open_session_at_the_next_rerun(prod_db, action):
    at = AppTest.from_function(tab, default_timeout=90)
    at.run()
    sign_in(at, "phuong")
    at.run()  # a rerun with the account unchanged keeps the session
    assert at.session_state["user"] == auth.User("phuong", "Phường", "unit", PHUC_LOI)
    change(prod_db, action)
    at.run()
    assert not at.exception
    assert "user" not in at.session_state
    assert at.title[0].value == "Đăng nhập"
    assert [w.value for w in at.warning] == [signin.CHANGED]
    con = db.connect(prod_db)
    try:
        actions = db.run(con, "auth/audit_list", {"limit": 10})
    finally:
        con.close()
    assert ("phuong", "session_ended") in set(zip(actions["username"], actions["action"], strict=True))


def test_wrong_passwords_lock_the_account_and_each_is_audited(prod_db):
    change(
        prod_db,
        lambda con: auth.create_user(
            con,
            username="thu.khoa",
            display_name="Thử khóa",
            role="viewer",
            password=PASSWORD,
            created_by="t",
        ),
    )
    at = AppTest.from_function(tab, default_timeout=90)
    at.run()
    for _ in range(4):
        sign_in(at, "thu.khoa", "mat-khau-sai-roi-1")
        assert [e.value for e in at.error] == ["Sai tên đăng nhập hoặc mật khẩu."]
    sign_in(at, "thu.khoa", "mat-khau-sai-roi-1")
    (locked,) = [e.value for e in at.error]
    assert locked.startswith("Đăng nhập sai quá nhiều lần nên tạm bị khóa; hãy thử lại sau ")
    sign_in(at, "thu.khoa")  # the right password, while locked: refused unchecked
    assert [e.value for e in at.error] == [locked]
    assert "user" not in at.session_state
    sign_in(at, "phuong")  # another account signs in as usual
    assert at.session_state["user"].username == "phuong"
    con = db.connect(prod_db)
    try:
        actions = db.run(con, "auth/audit_list", {"limit": 50})
    finally:
        con.close()
    failed = actions[actions["action"] == "signin_failed"]
    assert failed["username"].tolist() == ["thu.khoa"] * 5
    assert failed["detail"].str.contains("tạm khóa đến").sum() == 1
