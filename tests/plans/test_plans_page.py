"""AppTest: the Kế hoạch page, reached through app.py's st.navigation (uploads are driven in
the browser test, tests/browser/test_plans_page.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, db, plans, reference
from tests.plans.helpers import add_ward_plan

APP = "../../app.py"  # AppTest resolves it against this file
PAGE = "pages/plans.py"
SNV = auth.User("snv", "Sở Nội vụ", "city")
WARD = auth.User("phucloi", "Phường Phúc Lợi", "unit", "00136")
VIEWER = auth.User("xem", "Chỉ xem", "viewer")


@pytest.fixture
def database(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "plans.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    add_ward_plan(con)
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def open_page(user: auth.User = SNV) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = user
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_the_city_sees_every_plan_and_filters_by_province_and_issuer(database):
    at = open_page()
    assert at.title[0].value == "Kế hoạch"
    listed = table(at, "Đơn vị ban hành")
    assert len(listed) == 7 and "12/KH-UBND" in set(listed["Số"])
    assert at.selectbox(key="plans_province").options == ["Tất cả", "Hà Nội", "Hải Phòng", "Hồ Chí Minh"]
    at.selectbox(key="plans_province").set_value("Hà Nội").run()
    at.selectbox(key="plans_issuer").set_value("00136").run()
    listed = table(at, "Đơn vị ban hành")
    assert set(listed["Đơn vị ban hành"]) == {"Phường Phúc Lợi"} and len(listed) == 2
    row = listed[listed["Số"] == "12/KH-UBND"].iloc[0]
    assert (row["Kỳ kế hoạch"], row["Kế hoạch cấp trên"], row["Định mức"], row["Nhiệm vụ"]) == (
        "01/01/2027–31/12/2027",
        "75/KH-UBND",
        3,
        2,
    )


def test_retire_and_undo_on_the_page_are_recorded_with_who(database):
    at = open_page(WARD)
    at.selectbox(key="plan_pick").set_value("00136-12-2027").run()
    at.date_input(key="retire_day").set_value(date(2027, 9, 1)).run()
    at.button(key="retire").click().run()
    assert not at.exception
    assert any("Đã dừng theo dõi kế hoạch 00136-12-2027 từ 01/09/2027" in s.value for s in at.success)
    changes = table(at, "Người thực hiện")
    assert (
        list(changes["Thay đổi"])[:1] == ["Dừng theo dõi"] and changes.iloc[0]["Người thực hiện"] == "phucloi"
    )
    at.button(key="undo").click().run()
    assert any(
        "Đã hoàn tác thay đổi số 2" in s.value and "Dừng theo dõi từ 01/09/2027" in s.value
        for s in at.success
    )
    con = db.connect(database)
    try:
        assert plans.plans_list(con, date(2027, 10, 1)).set_index("plan_code").loc[
            "00136-12-2027", "status"
        ] == ("Đang theo dõi")
        log = db.run(con, "auth/audit_list", {"limit": 3})
        assert list(log["action"])[:2] == ["plan_undo", "plan_retire"] and set(log["username"][:2]) == {
            "phucloi"
        }
    finally:
        con.close()


def test_a_ward_cannot_change_the_citys_plan_and_a_viewer_changes_nothing(database):
    at = open_page(WARD)
    at.selectbox(key="plan_pick").set_value("HN-75-2026").run()
    assert not [b for b in at.button if b.key == "retire"]
    assert any("chỉ xem" in c.value for c in at.caption)
    viewer = open_page(VIEWER)
    assert not [b for b in viewer.button if b.key in ("retire", "undo", "plan_save")]
    assert not viewer.tabs  # no "Thêm kế hoạch" for a viewer


def test_no_plans_says_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    at = open_page()
    assert any("Chưa có kế hoạch nào" in i.value and "Thêm kế hoạch" in i.value for i in at.info)


def test_a_plan_without_a_number_is_labelled_so_not_nan(con) -> None:
    from datetime import date

    from cchc.screens import plans as plans_screen

    listed = plans_screen.plan_list(con, date(2026, 11, 29), "", "")
    assert listed.labels["PL-2026"] == "Kế hoạch chưa ghi số · Phường Phúc Lợi (PL-2026)"
    assert not any("nan" in label for label in listed.labels.values())
