"""The Kế hoạch page in a real browser: a ward's 2027 plan (.docx written here) goes from the
document dropped on the page, through the review and Lưu, to its quotas on the ward page; an
amendment from 01/07/2027 made on the page changes only the months from July.

The test writes into its own copy of the demo database (its own server).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser.conftest import own_demo_server, screenshot, wait_for_app
from tests.plans.offices_doc import write_offices_plan
from tests.plans.ward_doc import write_ward_plan

pytestmark = pytest.mark.browser
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def plans_server(tmp_path_factory) -> Iterator[str]:
    with own_demo_server(tmp_path_factory.mktemp("browser-plans")) as (url, _):
        yield url


def pick(page, label_text: str, option: str) -> None:
    """Choose an option of the Streamlit select box whose label holds `label_text`."""
    box = page.locator("[data-testid='stSelectbox']", has_text=label_text).first
    box.locator("input").click()
    page.get_by_role("option").filter(has_text=option).first.click()
    wait_for_app(page)


def fix_unknown_names(page) -> None:
    """Where the reader's name for a unit is not in the catalogue, pick it among the close names."""
    for _ in range(4):
        unknown = page.locator("[data-testid='stSelectbox']", has_text="không có trong danh mục đơn vị")
        if unknown.count() == 0:
            return
        label = unknown.first.locator("input").get_attribute("aria-label")
        pick(page, "không có trong danh mục đơn vị", "Phường Phúc Lợi")
        page.locator(f"input[aria-label='{label}']").wait_for(state="detached", timeout=TIMEOUT)
        wait_for_app(page)


def set_date(page, label: str, day: str, month: str, year: str) -> None:
    """Type a date into a Streamlit date input (a field of day, month and year spin buttons)."""
    page.get_by_role("spinbutton", name=f"day, {label}").click()
    for part in (day, month, year):
        page.keyboard.type(part)
    page.keyboard.press("Enter")
    page.mouse.click(700, 20)  # leave the field: the value is sent
    page.wait_for_timeout(500)
    wait_for_app(page)
    box = page.locator("[data-testid='stDateInput']", has_text=label).first
    assert box.inner_text().replace("\n", "").endswith(f"{day}/{month}/{year}")


def rule_of_month(page, url: str, month: int) -> str:
    """The label of the ward's monthly rule judged in a month of 2027, as the ward page shows it."""
    page.goto(f"{url}/ward?unit=00136&year=2027&month={month}")
    wait_for_app(page)
    page.get_by_text("Định mức theo kỳ — năm 2027").wait_for(timeout=TIMEOUT)
    box = page.locator("[data-testid='stSelectbox']", has_text="Xem nhịp của định mức").first
    box.wait_for(timeout=TIMEOUT)
    return box.locator("input").input_value()


def test_a_ward_plan_from_document_to_ward_page_with_an_amendment(plans_server, page, tmp_path):
    document = write_ward_plan(tmp_path / "ke-hoach-phuc-loi-2027.docx")
    page.goto(f"{plans_server}/plans")
    wait_for_app(page)
    page.get_by_role("heading", name="Kế hoạch", exact=True).wait_for(timeout=TIMEOUT)
    page.get_by_role("tab", name="Thêm kế hoạch").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(document))
    page.get_by_text("Định mức đề xuất").wait_for(timeout=TIMEOUT)
    wait_for_app(page)
    fix_unknown_names(page)
    assert page.get_by_text("12/KH-UBND").first.is_visible()
    assert page.get_by_text("Bảng nhiệm vụ (3)").is_visible()
    screenshot(page, "page-plans-review", height=2200)

    page.get_by_role("button", name="Lưu", exact=True).click()
    saved = page.locator("[data-testid='stAlertContentSuccess']", has_text="Đã lưu kế hoạch")
    saved.wait_for(timeout=TIMEOUT)
    assert "00136-12-2027" in saved.inner_text()
    wait_for_app(page)

    before = rule_of_month(page, plans_server, 8)
    assert "≥ 2 tin/bài mỗi tháng" in before

    # the amendment: from 01/07/2027 the monthly quota becomes 3
    page.goto(f"{plans_server}/plans")
    wait_for_app(page)
    pick(page, "Xem chi tiết kế hoạch", "00136-12-2027")
    pick(page, "Định mức cần sửa", "2 / tháng")
    count = page.get_by_label("Số tối thiểu mới")
    count.fill("3")
    count.press("Tab")
    wait_for_app(page)
    set_date(page, "Áp dụng từ ngày", "01", "07", "2027")
    page.get_by_role("button", name="Lưu sửa đổi").click()
    amended = page.locator("[data-testid='stAlertContentSuccess']", has_text="Đã lưu sửa đổi")
    amended.wait_for(timeout=TIMEOUT)
    assert "→ 3 từ 01/07/2027" in amended.inner_text()
    screenshot(page, "page-plans-amended", height=2200)

    june, august = rule_of_month(page, plans_server, 6), rule_of_month(page, plans_server, 8)
    assert "≥ 2 tin/bài mỗi tháng" in june and "từ 01/07/2027" not in june
    assert "≥ 3 tin/bài mỗi tháng" in august and "từ 01/07/2027" in august
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "page-ward-2027-amended", height=2000)


def test_a_ward_plan_naming_new_offices_creates_the_confirmed_ones_on_save(plans_server, page, tmp_path):
    document = write_offices_plan(tmp_path / "ke-hoach-hoang-mai-2027.txt")
    page.goto(f"{plans_server}/plans")
    wait_for_app(page)
    page.get_by_role("tab", name="Thêm kế hoạch").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(document))
    page.get_by_text("Đơn vị mới được nêu trong kế hoạch (4)").wait_for(timeout=TIMEOUT)
    wait_for_app(page)
    needed = page.get_by_role("checkbox", name="Thêm Phòng Kinh tế phường Hoàng Mai")
    police = page.get_by_role("checkbox", name="Thêm Công an phường Hoàng Mai")
    assert needed.is_checked() and not police.is_checked()  # checked by default only when the plan needs it
    assert page.locator("[data-testid='stAlertContentError']").count() == 0  # the plan resolves with it
    page.get_by_text("Thêm Công an phường Hoàng Mai").click()
    wait_for_app(page)
    assert police.is_checked()
    screenshot(page, "page-plans-new-units", height=2400)

    page.get_by_role("button", name="Lưu", exact=True).click()
    saved = page.locator("[data-testid='stAlertContentSuccess']", has_text="Đã lưu kế hoạch")
    saved.wait_for(timeout=TIMEOUT)
    text = saved.inner_text()
    assert "00331-21-2027" in text
    assert "Đã thêm 2 đơn vị mới: Phòng Kinh tế phường Hoàng Mai; Công an phường Hoàng Mai" in text

    # the ward page now has offices, with the quota the plan gives Phòng Kinh tế
    page.goto(f"{plans_server}/ward?unit=00331&year=2027&month=3")
    wait_for_app(page)
    page.get_by_text("Các phòng, ban, đơn vị thuộc phường").first.wait_for(timeout=TIMEOUT)
    # the ward's own quota is monthly; the offices' section is drawn after its heading
    page.get_by_text("Định mức hằng quý").first.wait_for(timeout=TIMEOUT)
    assert page.get_by_text("không giao định mức tin/bài riêng").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "page-ward-new-offices", height=2000)
