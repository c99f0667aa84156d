"""AppTest: the overview page renders the numbers of a small known dataset."""

from __future__ import annotations

from datetime import date as d
from pathlib import Path

import pytest
from conftest import BACH_MAI, PHUC_LOI, add_items, item
from html_tables import page_tables
from streamlit.testing.v1 import AppTest

from cchc import auth, db, reference
from cchc.vocab import UNIT_KINDS

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def small_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "small.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    # Phúc Lợi meets every monthly quota of March 2026; nobody else sends anything.
    add_items(
        con,
        [
            item(PHUC_LOI, d(2026, 3, 2), "city_page", status="published"),
            item(PHUC_LOI, d(2026, 3, 3), "own_portal"),
            item(PHUC_LOI, d(2026, 3, 4), "own_portal"),
            item(PHUC_LOI, d(2026, 3, 5), "radio"),
            item(PHUC_LOI, d(2026, 3, 6), "radio"),
        ],
    )
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def test_overview_shows_headline_numbers(small_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = auth.User("snv", "Sở Nội vụ", "city")
    at.query_params["year"] = "2026"
    at.query_params["month"] = "3"
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tin/bài mới trong tháng"] == "5"
    # The headline follows the kind picker (communes by default): 126 communes are judged in
    # March 2026. Only Phúc Lợi met all of them; its yearly rule is judged in the as-of month.
    assert metrics["Đơn vị đạt đủ định mức"] == "1/126"
    assert metrics["Đơn vị chưa đạt"] == "125"
    frames = page_tables(at)  # the ranking's two tables, then the laggards'
    lag = next(f for f in frames if "Tin/bài còn thiếu" in f.columns)
    assert "Phường Phúc Lợi" not in set(lag["Đơn vị"])
    top = frames[0]  # "Dẫn đầu": the only commune that met anything leads the ranking
    assert top.loc[0, "Đơn vị"] == "Phường Phúc Lợi"
    assert top.loc[0, "Trang đơn vị"] == "ward?unit=00136&year=2026&month=3"


@pytest.mark.parametrize(
    ("kind", "units"),
    # 18 departments; 5 central agencies and 2 public service units (quarterly: Q1 is March);
    # Phúc Lợi's 5 offices (their Q1 is March too).
    [("department", 18), ("central_agency", 5), ("public_service", 2), ("ward_office", 5)],
)
def test_every_section_follows_the_kind_picker(small_db, kind, units):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = auth.User("snv", "Sở Nội vụ", "city")
    at.query_params.update(year="2026", month="3", kind=kind)
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Đơn vị đạt đủ định mức"] == f"0/{units}"
    assert metrics["Tin/bài mới trong tháng"] == "0"  # Phúc Lợi's items are a commune's
    lag = next(f for f in page_tables(at) if "Tin/bài còn thiếu" in f.columns)
    assert set(lag["Loại"]) == {UNIT_KINDS[kind]}


def test_a_kind_without_quotas_shows_no_other_kinds_figures(tmp_path, monkeypatch):
    """2025 x departments: no department quota, so no headline (phường Bạch Mai's 1/1, 100% was
    shown beside "no department quotas")."""
    path = tmp_path / "bm.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    add_items(con, [item(BACH_MAI, d(2025, 11, 3), "city_page", status="published")])
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = auth.User("snv", "Sở Nội vụ", "city")
    at.query_params.update(year="2025", month="11", kind="department")
    at.run()
    assert not at.exception
    assert not at.metric
    assert any("sở, ban, ngành" in i.value.lower() for i in at.info)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = auth.User("snv", "Sở Nội vụ", "city")
    at.query_params.update(year="2025", month="11", kind="commune")
    at.run()
    assert {m.label: m.value for m in at.metric}["Đơn vị đạt đủ định mức"] == "1/1"


def test_overview_empty_month_says_what_to_do(small_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = auth.User("snv", "Sở Nội vụ", "city")
    at.query_params["year"] = "2025"
    at.query_params["month"] = "1"
    at.run()
    assert not at.exception
    assert any("Nhập dữ liệu" in i.value for i in at.info)
    # no quota due is no good news: nothing green says that no unit is late
    assert not any("Không có đơn vị nào chậm" in s.value for s in at.success)
    assert any("chưa có đơn vị nào để đôn đốc" in i.value for i in at.info)


def test_a_database_without_users_asks_for_the_setup_link(small_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Thiết lập tài khoản quản trị"
    assert not at.metric  # no page ran


def test_signing_in_with_a_created_account(small_db):
    con = db.connect(small_db)
    auth.create_user(
        con,
        username="snv.admin",
        display_name="Quản trị",
        role="city",
        password="mat-khau-rat-dai",
        created_by="t",
    )
    con.close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert at.title[0].value == "Đăng nhập"
    at.text_input[0].input("snv.admin")
    at.text_input[1].input("sai-mat-khau-roi")
    at.button[0].click().run()
    assert at.error[0].value == "Sai tên đăng nhập hoặc mật khẩu."
    at.text_input[1].input("mat-khau-rat-dai")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Tổng quan Thành phố"


def test_one_render_reads_the_fulfillment_rows_once(small_db, monkeypatch):
    """Headline, heat map, ranking, reminder table and map all come from one read."""
    import streamlit as st

    calls: list[str] = []
    run = db.run

    def counting(con, name, params=None, **kwargs):
        calls.append(name)
        return run(con, name, params, **kwargs)

    monkeypatch.setattr(db, "run", counting)
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = auth.User("snv", "Sở Nội vụ", "city")
    at.query_params.update(year="2026", month="11", kind="department")
    at.run()
    assert not at.exception and at.metric
    chain = [name for name in calls if name.startswith(("quotas/fulfillment", "quotas/rollup"))]
    # One read, of the kept rows (issue 14); it was 5 runs of the CTE chain (issue 10).
    assert chain == ["quotas/fulfillment_kept"]


def test_the_boundaries_uploader_runs_only_once_opened(small_db):
    """The GeoJSON uploader sits in an expander closed by default (its scripts are not loaded in
    every new tab); opened, a file of boundaries still colours the communes by region."""
    import json

    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = auth.User("snv", "Sở Nội vụ", "city")
    at.query_params.update(year="2026", month="3")
    at.run()
    assert not at.exception
    assert [e.label for e in at.expander] == ["Tô màu theo vùng: tải lên ranh giới xã, phường (GeoJSON)"]
    assert not at.get("file_uploader")
    at.session_state["overview_geojson_open"] = True
    at.run()
    (uploader,) = at.get("file_uploader")
    assert uploader.proto.label.startswith("Ranh giới xã, phường (GeoJSON, không bắt buộc)")
    square = [[[105.91, 21.04], [105.93, 21.04], [105.93, 21.05], [105.91, 21.05], [105.91, 21.04]]]
    shapes = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"ma": PHUC_LOI},
                "geometry": {"type": "Polygon", "coordinates": square},
            }
        ],
    }
    at.file_uploader(key="overview_geojson").set_value(
        ("ranh-gioi.geojson", json.dumps(shapes).encode(), "application/geo+json")
    ).run()
    assert not at.exception
    assert any(c.value == "Đã khớp 1/126 xã, phường." for c in at.caption)
