"""The overview in a real browser: headline numbers, the heat map, the laggards."""

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
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=60_000)
    # st.dataframe draws on a canvas; its accessible grid holds the cell text.
    laggards = page.locator("[data-testid='stDataFrame']", has_text="Tin/bài còn thiếu").first
    first_cell = laggards.locator("[data-testid='glide-cell-0-0']").first
    first_cell.wait_for(state="attached", timeout=60_000)
    assert first_cell.text_content() == demo_expected["first_laggard"]
    screenshot(page, "overview", height=3600)


def test_overview_keeps_filters_in_the_url(server, page):
    page.goto(f"{server}/?year=2026&month=5&kind=department")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    assert re.search(r"month=5", page.url) and "kind=department" in page.url
    title = page.get_by_text("Sở, ban, ngành: tỷ lệ định mức đạt theo tháng năm 2026").first
    title.wait_for(state="visible", timeout=60_000)


def test_a_heat_map_cell_opens_that_units_page(server, page):
    page.goto(f"{server}/?year=2026&month=10&kind=commune")
    wait_for_app(page)
    chart = page.locator(".js-plotly-plot").first
    chart.locator(".heatmaplayer").wait_for(timeout=60_000)
    box = chart.locator(".nsewdrag").first.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + 30  # second row from the top, a middle month
    page.mouse.move(x - 5, y)
    page.mouse.move(x, y)
    hover = chart.locator(".hoverlayer").first
    page.wait_for_function("(el) => el.textContent.length > 0", arg=hover.element_handle(), timeout=10_000)
    unit_name = re.split(r"T\d{1,2}/\d{4}", hover.text_content())[0].strip()
    assert unit_name.startswith(("Xã", "Phường"))
    page.mouse.click(x, y)
    heading = page.locator("h1", has_text=unit_name).first
    heading.wait_for(state="visible", timeout=60_000)
    assert "/ward" in page.evaluate("window.location.pathname")
    screenshot(page, "ward-from-heatmap", height=2400)
