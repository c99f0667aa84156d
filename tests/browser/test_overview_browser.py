"""The overview in a real browser: headline numbers, the heat map, the laggards, the map."""

from __future__ import annotations

import re

import pytest

from browser.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def _metric(pg, label: str) -> str:
    box = pg.locator("[data-testid='stMetric']", has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_overview_headline_numbers_match_the_core(server, page, demo_expected):
    page.goto(f"{server}/?year=2026&month=3")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    march = demo_expected["march"]
    assert _metric(page, "Tin/bài mới trong tháng") == f"{march.items:,}".replace(",", ".")
    assert _metric(page, "Đơn vị đạt đủ định mức") == f"{march.units_all_met}/{march.units}"
    assert _metric(page, "Đơn vị chưa đạt") == str(march.units_behind)
    page.wait_for_selector(".cchc-chart svg rect", timeout=60_000)
    # the laggards: an HTML table, the unit's name first, then a link to its page
    laggards = page.locator("[data-testid='stHtml'] table", has_text="Tin/bài còn thiếu").first
    first_row = laggards.locator("tbody tr").first
    first_row.wait_for(state="attached", timeout=60_000)
    assert first_row.locator("td").first.text_content() == demo_expected["first_laggard"]
    link = first_row.locator("td a").first
    assert link.text_content() == "Mở"
    assert re.fullmatch(r"ward\?unit=\w+&year=2026&month=3", link.get_attribute("href"))
    # the commune map: one bubble per commune, each a link to its page with a tooltip
    bubble = page.locator(".cchc-map svg a[href*='ward?unit=']").first
    bubble.wait_for(state="attached", timeout=60_000)
    assert bubble.locator("title").text_content().startswith(("Xã", "Phường", "Đặc khu"))
    screenshot(page, "overview", height=3600)


def test_overview_keeps_filters_in_the_url(server, page):
    page.goto(f"{server}/?year=2026&month=5&kind=department")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    assert re.search(r"month=5", page.url) and "kind=department" in page.url
    # the heat map's title, and the same text as its drawing's accessible name
    title = page.get_by_role("img", name="Sở, ban, ngành: tỷ lệ định mức đạt theo tháng năm 2026").first
    title.wait_for(state="visible", timeout=60_000)


def test_a_heat_map_row_opens_that_units_page(server, page):
    page.goto(f"{server}/?year=2026&month=10&kind=commune")
    wait_for_app(page)
    row = page.locator(".cchc-chart svg a[href*='ward?unit=']").nth(1)  # the second unit from the top
    row.wait_for(state="attached", timeout=60_000)
    # the row's tooltip: the unit, then each month's share
    told = row.locator("g title").first.text_content()
    unit_name = told.split("\n")[0]
    assert unit_name.startswith(("Xã", "Phường"))
    assert re.fullmatch(rf"{re.escape(unit_name)}(\nT\d{{1,2}}/2026: \d+% định mức đạt[^\n]*)+", told), told
    assert re.search(r"month=10", row.get_attribute("href"))
    row.locator("rect").nth(3).click()
    heading = page.locator("h1", has_text=unit_name).first
    heading.wait_for(state="visible", timeout=60_000)
    page.wait_for_function("() => window.location.pathname.endsWith('/ward')", timeout=10_000)
    screenshot(page, "ward-from-heatmap", height=2400)
