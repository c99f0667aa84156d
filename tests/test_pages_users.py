"""AppTest: the Người dùng và nhật ký page of a city administrator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, db, reference
from cchc.screens import users as screen

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
    assert log["Hoạt động"].iloc[0] == "Tạo hoặc đặt lại tài khoản"  # the log keeps the code user_create
    assert log["Chi tiết"].iloc[0] == "phucloi.vhxh (unit, 00136)"


def test_backup_goes_beside_the_database(admin_db) -> None:
    at = open_page()
    next(b for b in at.button if b.label == "Sao lưu ngay").click().run()
    assert not at.exception, at.exception
    message = next(s.value for s in at.success if s.value.startswith("Đã sao lưu: bản "))
    name = re.match(r"Đã sao lưu: bản (\S+), trong thư mục sao lưu", message)[1]
    assert str(admin_db.parent) not in message  # no server path for people
    assert (admin_db.parent / "backups" / name / "schema.sql").exists()
    log = at.dataframe[-1].value
    assert log["Hoạt động"].iloc[0] == "Sao lưu"


def test_the_units_file_may_have_vietnamese_headings_and_kinds(admin_db) -> None:
    at = open_page()
    assert any("Mã, Tên, Loại" in c.value for c in at.caption)
    assert not any("code, name" in c.value for c in at.caption)
    con = db.connect(admin_db)
    try:
        template = screen.units_template().decode("utf-8-sig")
        assert (
            template.splitlines()[0] == "Mã,Tên,Loại,Mã đơn vị cấp trên,Tỉnh/thành phố,Tên khác,Vĩ độ,Kinh độ"
        )
        data = (template + 'X77,Phường Thử Nghiệm,"Xã, phường, đặc khu",HN,Hà Nội,,,\n').encode("utf-8-sig")
        assert screen.update_units(con, data, "dv.csv", ADMIN) == 2
        row = con.execute("select name, kind from units where code = 'X77'").fetchone()
        assert row == ("Phường Thử Nghiệm", "commune")
        english = "code,name,kind\nX78,Sở Thử,department\n".encode()
        assert screen.english_units_csv(english) == english
    finally:
        con.close()


@pytest.mark.parametrize(
    ("action", "detail", "label", "sentence"),
    [
        (
            "import",
            "t.xlsx: partial, thêm 4",
            "Nhập dữ liệu",
            "t.xlsx: đã nhập các dòng hợp lệ, thêm 4 dòng, bỏ qua các dòng lỗi.",
        ),
        ("import", "a: b.xlsx: imported, thêm 928", "Nhập dữ liệu", "a: b.xlsx: đã nhập, thêm 928 dòng."),
        (
            "import",
            "t.xlsx: already_imported, thêm 0",
            "Nhập dữ liệu",
            "t.xlsx: tệp đã được nhập trước đây, không thêm gì.",
        ),
        ("undo", "lô 19: xóa 928 tin/bài", "Hoàn tác", "lô 19: xóa 928 tin/bài"),
        ("backup", "/srv/x", "Sao lưu", "/srv/x"),
        ("something_new", "x", "something_new", "x"),
    ],
)
def test_audit_codes_read_as_vietnamese(action, detail, label, sentence) -> None:
    import pandas as pd

    log = pd.DataFrame({"logged_at": [None], "username": ["u"], "action": [action], "detail": [detail]})
    table = screen.audit_table(log)
    assert table["Hoạt động"].tolist() == [label]
    assert table["Chi tiết"].tolist() == [sentence]
