"""With every unit of the country in the demo database (3,458 units), the sidebar's unit picker
still works in a real browser: type part of a name, pick, and the page follows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

TIMEOUT = 60_000


def test_the_ward_page_picks_a_province_then_a_commune_by_typing(server, page):
    page.goto(f"{server}/ward?unit=00136&year=2026&month=10")
    wait_for_app(page)
    title = page.locator("[data-testid='stMain'] h1").first
    expect(title).to_have_text(re.compile("Phúc Lợi"), timeout=TIMEOUT)
    province = page.get_by_role("combobox", name="Tỉnh, thành phố")
    expect(province).to_have_value(re.compile("^Thành phố Hà Nội"), timeout=TIMEOUT)
    province.click()
    page.keyboard.type("Ho Chi Minh")  # without diacritics
    page.get_by_role("option", name=re.compile("Hồ Chí Minh")).first.click()
    # The Hà Nội commune is forgotten: the page shows a commune of the new province, no note.
    expect(title).not_to_have_text(re.compile("Phúc Lợi"), timeout=TIMEOUT)
    assert "province=HCM" in page.url
    expect(page.locator("[data-testid='stMain']")).not_to_contain_text("trang khác")
    picker = page.locator(
        "[data-testid='stSidebar'] [data-testid='stSelectbox']", has_text="Phường, xã"
    ).first
    picker.click()
    page.keyboard.type("Phú Định")
    page.get_by_role("option", name=re.compile("Phường Phú Định")).first.click()
    expect(title).to_have_text(re.compile("Phú Định"), timeout=TIMEOUT)
    assert re.search(r"unit=27427", page.url)
    # A link to a commune of another province opens on that province.
    page.goto(f"{server}/ward?unit=10813&province=HN&year=2026&month=10")
    wait_for_app(page)
    expect(title).to_have_text(re.compile("Thanh Hà"), timeout=TIMEOUT)
    expect(province).to_have_value(re.compile("Hải Phòng"), timeout=TIMEOUT)
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_overview_picks_a_province(server, page):
    page.goto(f"{server}/?year=2026&month=10")
    wait_for_app(page)
    # the overview's pickers are in a popover of the sidebar, drawn once it is opened
    assert page.get_by_role("combobox", name="Tỉnh, thành phố").count() == 0
    page.get_by_role("button", name="Bộ lọc: tỉnh, tháng, loại đơn vị").click()
    picker = page.get_by_role("combobox", name="Tỉnh, thành phố")
    expect(picker).to_have_value(re.compile("^Thành phố Hà Nội"), timeout=TIMEOUT)
    picker.click()
    page.keyboard.type("Cao Bằng")
    page.get_by_role("option", name="Tỉnh Cao Bằng").first.click()
    # Cao Bằng has units but no quotas: the overview says so instead of showing Hà Nội's.
    expect(page.locator("[data-testid='stMain']")).to_contain_text("chưa có định mức nào", timeout=TIMEOUT)
    assert "province=CAOBANG" in page.url
    assert page.locator("[data-testid='stException']").count() == 0
