"""AppTest: the Đôn đốc and Báo cáo pages render the numbers of a small known dataset."""

from __future__ import annotations

from datetime import date as d
from pathlib import Path

import pytest
from conftest import PHUC_LOI, add_items, item
from streamlit.testing.v1 import AppTest

import ui
from cchc.setup import init_database

APP = str(Path(__file__).resolve().parent.parent / "app.py")
VP, VHXH, KTHTDT = (f"{PHUC_LOI}-{s}" for s in ("VP", "VHXH", "KTHTDT"))


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> Path:
    """Phúc Lợi and its offices, spring 2026 (the same data as test_reminders / test_reports)."""
    path = tmp_path / "pages.duckdb"
    con = init_database(path)
    add_items(
        con,
        [
            item(VHXH, d(2026, 4, 10), "own_portal"),
            item(VHXH, d(2026, 4, 12), "own_portal"),
            item(VHXH, d(2026, 5, 5), "city_page", status="submitted"),
            item(VP, d(2026, 5, 3), "own_portal"),
            item(PHUC_LOI, d(2026, 4, 2), "city_page", title="Tin tháng 4", status="published"),
            item(PHUC_LOI, d(2026, 5, 2), "city_page", title="Tin tháng 5", status="published"),
            item(PHUC_LOI, d(2026, 6, 2), "city_page", title="Tin tháng 6", status="published"),
            item(PHUC_LOI, d(2026, 5, 10), "city_page", title="TIN THÁNG 4!", status="submitted"),
            item(PHUC_LOI, d(2026, 4, 3), "own_portal"),
            item(PHUC_LOI, d(2026, 4, 4), "own_portal"),
            item(PHUC_LOI, d(2026, 5, 3), "own_portal"),
        ],
    )
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def open_page(monkeypatch, page: str, today: d, user=None, **params: str) -> AppTest:
    """Run the app as a signed-in city user (or `user`) on `today`, then switch to `page`."""
    import cchc.auth as auth

    monkeypatch.setattr(ui, "today", lambda: today)
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = user or auth.User("kiemthu", "Kiểm thử", "city")
    at.run()
    assert not at.exception
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_reminders_lists_the_offices_behind(app_db, monkeypatch):
    at = open_page(
        monkeypatch, "pages/reminders.py", d(2026, 5, 20), year="2026", month="5", kind="ward_office"
    )
    assert metrics(at) == {
        "Đơn vị cần đôn đốc": "4/5",
        "Định mức chưa đạt (đã hết kỳ)": "0",
        "Định mức đang thực hiện, chưa đủ": "9",
        "Tin/bài còn thiếu": "12",
    }
    units = at.dataframe[0].value
    assert units["Đơn vị"].iloc[0] == "Phòng Kinh tế, Hạ tầng và Đô thị (Phường Phúc Lợi)"
    assert units["Tin/bài còn thiếu"].tolist() == [4, 3, 3, 2]
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        "Tải danh sách (.xlsx)",
        "Tải thư nhắc của đơn vị này (.docx)",
        "Tải thư cho cả 4 đơn vị (.zip)",
    ]
    assert at.query_params["kind"] == "ward_office" and at.query_params["status"] == "missed,running"


def test_reminders_for_a_unit_that_met_everything(app_db, monkeypatch):
    at = open_page(
        monkeypatch,
        "pages/reminders.py",
        d(2026, 5, 20),
        year="2026",
        month="5",
        kind="ward_office",
        unit=VHXH,
    )
    assert metrics(at)["Đơn vị cần đôn đốc"] == "0/1"
    assert any("Không có đơn vị nào chậm" in s.value for s in at.success)


def test_reminders_empty_month_says_what_to_do(app_db, monkeypatch):
    at = open_page(monkeypatch, "pages/reminders.py", d(2026, 5, 20), year="2025", month="1", kind="all")
    assert any("Nhập dữ liệu" in i.value for i in at.info)


def test_a_ward_user_sees_only_its_own_units(app_db, monkeypatch):
    import cchc.auth as auth

    ward = auth.User("pl", "Phúc Lợi", "unit", PHUC_LOI)
    at = open_page(
        monkeypatch, "pages/reminders.py", d(2026, 5, 20), user=ward, year="2026", month="5", kind="all"
    )
    assert metrics(at)["Đơn vị cần đôn đốc"] == "5/6"
    assert all("Phúc Lợi" in name for name in at.dataframe[0].value["Đơn vị"])


def test_report_shows_the_quarter(app_db, monkeypatch):
    at = open_page(
        monkeypatch, "pages/report.py", d(2026, 7, 10), year="2026", quarter="2", kind="all", unit=PHUC_LOI
    )
    got = metrics(at)
    assert at.title[0].value == "Báo cáo quý II/2026"
    assert got["Đơn vị đạt tất cả định mức"] == "0/1"
    assert got["Tỷ lệ định mức đạt"] == "42%"  # 8 of 19 rule-periods
    assert got["Tin/bài mới"] == "6"
    assert got["Bản trùng lặp phát hiện"] == "1"
    assert "Nhiệm vụ quá hạn" in got
    kinds = at.dataframe[0].value.set_index("Kênh")
    assert kinds.loc["Trang thông tin CCHC Thành phố", "Yêu cầu"] == "12"
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Tải báo cáo (.xlsx)", "Tải ảnh biểu đồ (.zip)"]
    assert at.query_params["quarter"] == "2" and at.query_params["unit"] == PHUC_LOI


def test_report_empty_quarter_says_what_to_do(app_db, monkeypatch):
    at = open_page(monkeypatch, "pages/report.py", d(2026, 7, 10), year="2025", quarter="1", kind="all")
    assert any("Nhập dữ liệu" in i.value for i in at.info)
