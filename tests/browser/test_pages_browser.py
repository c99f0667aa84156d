"""Every page of the app in a real browser: it runs without an exception, shows its title, and its
headline numbers are the ones the core computes on the same database."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

TIMEOUT = 60_000


def _fmt_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _open(pg, url: str, title: str) -> None:
    """Open a page, wait for its script to finish, check it raised nothing and shows `title`."""
    pg.goto(url)
    wait_for_app(pg)
    expect(pg.locator("[data-testid='stMain'] h1").first).to_have_text(title, timeout=TIMEOUT)
    assert pg.locator("[data-testid='stException']").count() == 0


def _expect_metric(pg, label: str, value: str) -> None:
    """Wait for the metric called exactly `label` and check its value (retried until the page settles)."""
    name = pg.locator("[data-testid='stMetricLabel']", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    box = pg.locator("[data-testid='stMetric']", has=name).first
    box.wait_for(state="visible", timeout=TIMEOUT)
    expect(box.locator("[data-testid='stMetricValue']")).to_have_text(value, timeout=TIMEOUT)


def test_ward_page(server, page, demo_expected):
    ward = demo_expected["ward"]
    _open(page, f"{server}/ward?unit=00136&year=2026&month=10", ward.name)
    _expect_metric(page, "Tin/bài mới trong tháng", _fmt_int(ward.items_month))
    tally = ward.month_tally
    _expect_metric(page, "Định mức đạt, tháng 10/2026", f"{_fmt_int(tally.met)}/{_fmt_int(tally.due)}")
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "page-ward", height=2600)


def test_department_page(server, page, demo_expected):
    dept = demo_expected["department"]
    _open(page, f"{server}/department?unit=HN-SKHCN&year=2026&month=10", dept.name)
    _expect_metric(page, "Tin/bài mới trong tháng", _fmt_int(dept.items_month))
    _expect_metric(page, "Bài chuyên sâu trong tháng", _fmt_int(dept.in_depth_month))
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "page-department", height=3200)


def test_tasks_page(server, page, demo_expected):
    _open(page, f"{server}/tasks", "Nhiệm vụ")
    _expect_metric(page, "Quá hạn", _fmt_int(demo_expected["tasks_overdue"]))
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "page-tasks", height=2600)


def test_reminders_page(server, page, demo_expected):
    _open(page, f"{server}/reminders?year=2026&month=10", "Đôn đốc đơn vị chưa đạt định mức")
    behind, units = demo_expected["reminders_behind"], demo_expected["reminders_units"]
    _expect_metric(page, "Đơn vị cần đôn đốc", f"{_fmt_int(behind)}/{_fmt_int(units)}")
    _expect_metric(page, "Tin/bài còn thiếu", _fmt_int(demo_expected["reminders_missing"]))
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "page-reminders", height=1800)


def test_report_page(server, page, demo_expected):
    data = demo_expected["report"]
    s = data.summary
    _open(page, f"{server}/report?year=2026&quarter=3", f"Báo cáo {data.label[0].lower()}{data.label[1:]}")
    _expect_metric(page, "Tin/bài mới", _fmt_int(s["new_items"]))
    _expect_metric(
        page, "Đơn vị đạt tất cả định mức", f"{_fmt_int(s['units_all_met'])}/{_fmt_int(s['units'])}"
    )
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "page-report", height=2400)


def test_import_page(server, page):
    _open(page, f"{server}/import", "Nhập dữ liệu")
    page.locator("[data-testid='stFileUploader']").first.wait_for(state="visible", timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Tải mẫu nhật ký (.xlsx)")).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "page-import", height=1000)


def test_users_page(server, page):
    _open(page, f"{server}/users", "Người dùng và nhật ký")
    for heading in ("Tài khoản", "Sao lưu", "Nhật ký hoạt động"):
        expect(page.locator("h3", has_text=heading).first).to_be_visible(timeout=TIMEOUT)
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "page-users", height=1600)
