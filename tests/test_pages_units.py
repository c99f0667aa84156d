"""AppTest: the Phường / Xã and Sở, ban, ngành pages on the small known dataset of test_unit_view."""

from __future__ import annotations

import json
from datetime import date as d
from pathlib import Path

import pandas as pd
import pytest
from conftest import PHUC_LOI, SKHCN, add_items
from streamlit.testing.v1 import AppTest
from test_unit_view import AS_OF, known_items

import ui
from cchc import auth, db, reference, tasks
from ui.filters import shown  # options as people see them (without the unaccented tail)

APP = "../app.py"
PORTAL_RULE = "≥ 2 tin/bài mỗi tháng trên Cổng thông tin điện tử phường"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "units.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    tasks.load_seed_tasks(con)
    add_items(con, known_items())
    con.close()
    return path


def open_page(
    monkeypatch, db_path: Path, page: str, user: auth.User = auth.DEMO_USER, **params: str
) -> AppTest:
    monkeypatch.setenv("CCHC_DB", str(db_path))
    monkeypatch.setattr(ui, "today", lambda: AS_OF)
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["user"] = user
    at.run()
    at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")]


def table(at: AppTest, first_column: str, containing: str | None = None) -> pd.DataFrame:
    """The first dataframe whose first column is `first_column` (and that has `containing`)."""
    for frame in (df.value for df in at.dataframe):
        if frame.columns[0] == first_column and (containing is None or containing in frame.columns):
            return frame
    raise AssertionError(f"no table starting with {first_column!r}")


def test_ward_page_by_link(monkeypatch, db_path):
    at = open_page(monkeypatch, db_path, "pages/ward.py", unit=PHUC_LOI, year="2026", month="5")
    assert at.title[0].value == "Phường Phúc Lợi"
    assert at.selectbox(key="ward_unit").value == PHUC_LOI
    assert at.query_params["unit"] == PHUC_LOI
    assert metrics(at) == {
        "Định mức đạt, tháng 5/2026": "4/7",
        "Tin/bài mới trong tháng": "5",
        "Bản gửi lại trong tháng": "1",
        "Tỷ lệ định mức đạt, năm 2026": "42%",
        "Phòng, ban đạt định mức": "1/5",
    }
    monthly = table(at, "Kế hoạch", "T3")
    portal = monthly[monthly["Định mức"] == PORTAL_RULE].iloc[0]
    assert (portal["T3"], portal["T4"], portal["T5"], portal["T6"]) == ("2/2", "1/2", "1/2", "0/2")
    pace = table(at, "Kỳ")
    row = pace[pace["Định mức"] == PORTAL_RULE].iloc[0]
    assert (row["Đã có"], row["Cần đạt"], row["Dự báo"]) == ("1", "2", "Sẽ không đạt")
    assert row["Ghi chú"] == "Cần thêm 1 tin/bài trong 11 ngày còn lại"
    assert pace.iloc[-1]["Kỳ"] == "Năm 2026"
    items = table(at, "Ngày")
    assert len(items) == 6
    assert items["Ghi chú"].str.startswith("Gửi lại").sum() == 1
    offices = table(at, "Đơn vị", "Quý II")
    vhxh = offices[offices["Đơn vị"] == "Phòng Văn hóa - Xã hội"]
    assert vhxh["Quý I"].tolist() == ["1/1", "2/2"]
    subheaders = [s.value for s in at.subheader]
    assert "Các phòng, ban, đơn vị thuộc phường" in subheaders
    assert "Nhiệm vụ theo kế hoạch" in subheaders
    tasks_shown = table(at, "Kế hoạch", "Nhiệm vụ")
    assert tasks_shown["Trạng thái"].iloc[0] == "Quá hạn"  # overdue first
    assert chart_titles(at) == [
        "Tin/bài lũy kế so với nhịp cần thiết — Tháng 5/2026",
        "Tin/bài mới theo tháng và kênh, năm 2026",
    ]


def test_ward_page_follows_the_picker_into_the_url(monkeypatch, db_path):
    at = open_page(monkeypatch, db_path, "pages/ward.py", unit=PHUC_LOI, year="2026", month="5")
    at.selectbox(key="ward_unit").select("00292").run()
    assert not at.exception
    assert at.title[0].value == "Phường Bạch Mai"
    assert at.query_params["unit"] == "00292"
    # no item and no quota of Bạch Mai in 2026: empty states say what to do
    infos = " ".join(i.value for i in at.info)
    assert "Nhập dữ liệu" in infos


def test_ward_page_items_of_the_whole_year_with_offices(monkeypatch, db_path):
    at = open_page(monkeypatch, db_path, "pages/ward.py", unit=PHUC_LOI, year="2026", month="5")
    at.radio(key="items").set_value("year").run()
    at.toggle(key="offices").set_value(True).run()
    assert not at.exception
    items = table(at, "Ngày")
    assert len(items) == 17  # 10 of the ward + 7 of its offices
    assert set(items["Đơn vị"]) == {
        "Phường Phúc Lợi",
        "Phòng Văn hóa - Xã hội",
        "Trung tâm Phục vụ hành chính công",
    }


@pytest.mark.parametrize(
    ("unit", "shown", "note"),
    [
        (f"{PHUC_LOI}-VHXH", "Phường Phúc Lợi", None),  # an office's link opens its ward
        ("99999", None, "warning"),
        (SKHCN, None, "page_link"),
    ],
)
def test_ward_page_other_links(monkeypatch, db_path, unit, shown, note):
    at = open_page(monkeypatch, db_path, "pages/ward.py", unit=unit, year="2026", month="5")
    if shown:
        assert at.title[0].value == shown
    if note == "warning":
        assert "99999" in at.warning[0].value
    if note == "page_link":
        assert len(at.get("page_link")) == 1


def test_department_page(monkeypatch, db_path):
    at = open_page(monkeypatch, db_path, "pages/department.py", year="2026", month="5")
    assert at.title[0].value == "Sở Khoa học và Công nghệ"  # the default department
    assert metrics(at) == {
        "Định mức đạt, tháng 5/2026": "2/8",
        "Tin/bài mới trong tháng": "2",
        "Tuần đạt định mức, năm 2026": "4/12",
        "Bài chuyên sâu trong tháng": "0",
        "Tỷ lệ định mức đạt, năm 2026": "32%",  # 7 of 22: weeks 4/12, months 3/9, year 0/1
    }
    weeks = table(at, "Tuần")
    by_week = dict(zip(weeks["Tuần"], weeks.iloc[:, 1], strict=True))
    assert by_week["Tuần 13 (23/03–29/03)"] == "1/1"
    assert by_week["Tuần 14 (30/03–05/04)"] == "0/1"
    assert by_week["Tuần 21 (18/05–24/05)"] == "0/1"
    in_depth = next(df.value for df in at.dataframe if list(df.value.columns[:2]) == ["Định mức", "T3"])
    assert in_depth.iloc[0][["T3", "T4", "T5"]].tolist() == ["1/1", "0/1", "0/1"]
    # the in-depth quota is shown once: in its own section, not again among the other quotas
    named = [df.value for df in at.dataframe if {"Định mức", "T3"} <= set(df.value.columns)]
    shown = [rule for df in named for rule in df["Định mức"]]
    assert shown.count(in_depth.iloc[0]["Định mức"]) == 1
    articles = next(
        df.value
        for df in at.dataframe
        if "Loại" in df.value and (df.value["Loại"] == "Bài chuyên sâu, chính luận").all()
    )
    assert articles["Ngày"].tolist() == [d(2026, 3, 24)]
    assert "Định mức hằng tuần — năm 2026" in [s.value for s in at.subheader]
    assert chart_titles(at)[0] == "Tin/bài mới theo từng tuần, năm 2026"


def test_department_page_by_link_to_pvhcc(monkeypatch, db_path):
    at = open_page(monkeypatch, db_path, "pages/department.py", unit="HN-PVHCC", year="2026", month="4")
    assert at.title[0].value == "Trung tâm Phục vụ hành chính công Thành phố"
    weeks = table(at, "Tuần")
    assert weeks.iloc[0, 1] == "0/2"  # 2 a week, nothing sent


def test_scoped_user_sees_only_its_ward(monkeypatch, db_path):
    ward_user = auth.User("phucloi", "Phúc Lợi", "unit", PHUC_LOI)
    at = open_page(
        monkeypatch, db_path, "pages/ward.py", user=ward_user, unit="00292", year="2026", month="5"
    )
    assert [shown(o) for o in at.selectbox(key="ward_unit").options] == ["Phường Phúc Lợi"]
    assert at.title[0].value == "Phường Phúc Lợi"
    at = open_page(monkeypatch, db_path, "pages/department.py", user=ward_user)
    assert "không được giao theo dõi" in at.info[0].value
