"""AppTest: the Người dùng và nhật ký page of a city administrator."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, db, reference

APP = "../app.py"
PAGE = "pages/users.py"
ADMIN = auth.User("snv.admin", "Quản trị Sở Nội vụ", "city")


@pytest.fixture
def admin_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "users.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    auth.create_user(
        con, username="snv.admin", display_name="Quản trị", role="city", password="x" * 12, created_by="init"
    )
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = ADMIN
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_accounts_and_a_new_one_in_the_audit_trail(admin_db) -> None:
    at = open_page()
    assert at.title[0].value == "Người dùng và nhật ký"
    accounts = at.dataframe[0].value
    assert accounts["Tên đăng nhập"].tolist() == ["snv.admin"]
    assert accounts["Đơn vị"].tolist() == ["Toàn Thành phố"]
    at.text_input[0].input("phucloi.vhxh")
    at.text_input[1].input("Phúc Lợi VHXH")
    at.selectbox[1].set_value("00136")
    at.text_input[2].input("mat-khau-du-dai")
    at.selectbox[0].set_value("unit")
    at.button[0].click().run()
    assert not at.exception, at.exception
    accounts = at.dataframe[0].value
    assert "phucloi.vhxh" in accounts["Tên đăng nhập"].tolist()
    assert "Phường Phúc Lợi" in accounts["Đơn vị"].tolist()
    log = at.dataframe[-1].value
    assert log["Hoạt động"].iloc[0] == "user_create"
    assert log["Chi tiết"].iloc[0] == "phucloi.vhxh (unit, 00136)"


def test_backup_goes_beside_the_database(admin_db) -> None:
    at = open_page()
    next(b for b in at.button if b.label == "Sao lưu ngay").click().run()
    assert not at.exception, at.exception
    message = next(s.value for s in at.success if s.value.startswith("Đã sao lưu toàn bộ dữ liệu"))
    assert str(admin_db.parent) not in message  # the user reads which backup, not a server path
    name = message.split("«")[1].split("»")[0].replace("\\", "")
    assert (admin_db.parent / "backups" / name / "schema.sql").exists()
