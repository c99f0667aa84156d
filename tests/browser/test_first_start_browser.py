"""The very first start, as a new user meets it: no database file yet.

The first visitor sees the demo database being built; closing the tab meanwhile must not leave
a half-built database behind (the next visitor gets the whole demo, signed in as the demo user).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.conftest import start_server, wait_for_app

pytestmark = pytest.mark.browser


def test_a_tab_closed_during_the_first_start_leaves_a_whole_demo_database(tmp_path, browser, monkeypatch):
    from cchc import auth, db, demo
    from cchc.setup import load_demo  # noqa: F401 - the demo files the build imports

    path = tmp_path / "data" / "cchc.duckdb"
    monkeypatch.setenv("CCHC_CREATE_DEMO", "1")  # not the default path: the build is opted into
    proc, url = start_server(path)
    try:
        first = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = first.new_page()
        tab.goto(url)
        expect(tab.get_by_text("Lần chạy đầu tiên", exact=False)).to_be_visible(timeout=30_000)
        first.close()  # gone before the build ends

        second = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = second.new_page()
        tab.goto(url)
        wait_for_app(tab, timeout=120_000)
        expect(tab.locator("[data-testid='stMain'] h1").first).to_have_text(
            "Tổng quan Thành phố", timeout=120_000
        )
        expect(tab.get_by_text("Chế độ minh họa", exact=False)).to_be_visible()
        second.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert not list(path.parent.glob(".*building*"))
    con = db.connect(path)
    try:
        assert auth.is_demo(con)
        files = sorted(demo.DEMO_DIR.glob("nhat-ky-tin-bai-*.xlsx"))
        batches = con.execute("select count(*) from import_batches where kind = 'publications'").fetchone()[0]
        assert batches == len(files) > 0
    finally:
        con.close()
