"""AppTest: page Đơn vị (city and national administrators) adds a department of any province
and an office of any ward, audited; a province's administrator only within its province."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, db, reference
from cchc.screens import units as screen

APP = "../app.py"
PAGE = "pages/units.py"
NATIONAL = auth.User("bo.noivu", "Bộ Nội vụ", "national")
HP_ADMIN = auth.User("admin.hp", "Sở Nội vụ Hải Phòng", "city", "HP")


@pytest.fixture
def units_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "units.duckdb"
    con = db.connect(path)
    reference.load_reference_units(con)
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def open_page(user: auth.User, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = user
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _rows(path: Path, sql: str) -> list[tuple]:
    con = db.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_national_adds_a_department_of_another_province(units_db):
    at = open_page(NATIONAL, province="CAOBANG")
    assert at.title[0].value == "Đơn vị"
    assert at.selectbox(key="province").value == "CAOBANG"
    at.selectbox(key="units_kind").set_value("department").run()
    assert at.selectbox(key="units_parent").options == ["Tỉnh Cao Bằng"]
    at.text_input[0].input("Sở Nội vụ")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert "CAOBANG-SNV" in at.success[0].value
    assert _rows(
        units_db, "select name, kind, parent_code, province from units where code = 'CAOBANG-SNV'"
    ) == [("Sở Nội vụ", "department", "CAOBANG", "Cao Bằng")]
    assert _rows(units_db, "select username, action from audit_log") == [("bo.noivu", "unit_add")]
    assert "Sở Nội vụ" in at.dataframe[0].value["Tên"].tolist()


def test_a_province_admin_adds_an_office_of_its_ward_only(units_db):
    at = open_page(HP_ADMIN)
    assert not any(s.key == "province" for s in at.selectbox)  # its province by scope: no picker
    at.selectbox(key="units_kind").set_value("ward_office").run()
    parents = at.selectbox(key="units_parent")
    assert "Xã Thanh Hà" in parents.options and "Phường Phúc Lợi" not in parents.options  # HP's only
    parents.set_value("10813").run()
    at.text_input[0].input("Phòng Tư pháp (Xã Thanh Hà)")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [] and _rows(
        units_db, "select parent_code, province from units where code = '10813-PTPXTH'"
    ) == [("10813", "Hải Phòng")]


def test_a_units_file_outside_the_province_is_refused_whole(units_db):
    con = db.connect(units_db)
    scope = auth.allowed_units(con, HP_ADMIN)
    body = b"code,name,kind,parent_code\nHP-STP,S\xe1\xbb\x9f T\xc6\xb0 ph\xc3\xa1p,department,HP\n"
    with pytest.raises(reference.ReferenceError, match="Dòng 3 \\(HN-X\\): đơn vị ngoài phạm vi"):
        screen.import_file(con, body + b"HN-X,So X,department,HN\n", "dv.csv", HP_ADMIN, units=scope)
    with pytest.raises(reference.ReferenceError, match="Dòng 2 \\(00136\\)"):  # nor rename another's
        screen.import_file(
            con, b"code,name,kind,parent_code\n00136,X,commune,HN\n", "dv.csv", HP_ADMIN, units=scope
        )
    assert con.execute("select count(*) from units where code in ('HP-STP', 'HN-X')").fetchone() == (0,)
    report = screen.import_file(con, body, "dv.csv", HP_ADMIN, units=scope)
    assert report.to_dict("records") == [{"Dòng": 2, "Mã": "HP-STP", "Tên": "Sở Tư pháp", "Kết quả": "thêm"}]
    assert con.execute("select province from units where code = 'HP-STP'").fetchone() == ("Hải Phòng",)
    con.close()
