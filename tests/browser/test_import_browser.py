"""The import page in a real browser: drop a workbook, read the preview, import, see the counts.

The test imports into its own copy of the demo database (its own server), so the figures the
other browser tests compute from the shared demo server are not disturbed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import xlsxwriter

from browser.conftest import own_demo_server, screenshot, wait_for_app

pytestmark = pytest.mark.browser

TAG = f"KT-{uuid.uuid4().hex[:6]}"  # titles no demo row (and no earlier run) can duplicate
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def import_server(tmp_path_factory) -> Iterator[str]:
    with own_demo_server(tmp_path_factory.mktemp("browser-import")) as (url, _):
        yield url


def write_log(path: Path) -> Path:
    """Three items as a ward clerk would type them, under a title row."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Tháng 10")
    ws.write_row(0, 0, ["DANH SÁCH TIN BÀI THÁNG 10/2026"])
    ws.write_row(2, 0, ["STT", "Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề", "Đường dẫn"])
    rows = [
        [
            "UBND phường Phúc Lợi",
            "05/10/2026",
            "Trang CCHC Thành phố",
            f"{TAG} Phúc Lợi rút ngắn thời gian giải quyết TTHC",
        ],
        [
            "UBND phường Phúc Lợi",
            "12/10/2026",
            "Đài truyền thanh",
            f"{TAG} Bản tin truyền thanh về dịch vụ công",
        ],
        ["Sở Tư pháp", "20/10/2026", "Cổng TTĐT", f"{TAG} Sở Tư pháp số hóa hồ sơ lý lịch tư pháp"],
    ]
    for i, (unit, day, channel, title) in enumerate(rows, start=1):
        ws.write_row(2 + i, 0, [i, unit, day, channel, title, f"https://example.vn/{TAG.lower()}/{i}"])
    book.close()
    return path


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']", has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_drop_a_workbook_preview_import_and_see_the_counts(import_server, page, tmp_path):
    name = f"nhat-ky-{TAG}.xlsx"
    path = write_log(tmp_path / name)
    page.goto(f"{import_server}/import")
    wait_for_app(page)
    page.get_by_role("heading", name="Nhập dữ liệu").wait_for(timeout=TIMEOUT)

    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.locator("[data-testid='stMetric']", has_text="Dòng dữ liệu").wait_for(timeout=TIMEOUT)
    wait_for_app(page)
    preview = {
        label: metric(page, label) for label in ("Dòng dữ liệu", "Sẽ thêm mới", "Đã có sẵn", "Dòng lỗi")
    }
    assert preview == {"Dòng dữ liệu": "3", "Sẽ thêm mới": "3", "Đã có sẵn": "0", "Dòng lỗi": "0"}
    assert page.get_by_text("Đọc các trang tính: Tháng 10").is_visible()
    assert page.get_by_text("Các vấn đề cần sửa").count() == 0

    page.get_by_role("button", name="Nhập", exact=True).click()
    done = page.get_by_text(f"{name}: đã thêm 3 dòng.", exact=True)
    done.wait_for(timeout=TIMEOUT)
    wait_for_app(page)
    # Links to the pages of the units the file touched.
    for unit in ("Phường Phúc Lợi", "Sở Tư pháp"):
        assert page.get_by_role("link", name=unit).count() >= 1, unit

    history = page.get_by_role("heading", name="Lịch sử nhập")
    history.scroll_into_view_if_needed()
    newest = page.locator("[data-testid='stDataFrame']").last.locator("[data-testid='glide-cell-1-0']")
    newest.wait_for(state="attached", timeout=TIMEOUT)
    assert newest.text_content() == name
    added = page.locator("[data-testid='stDataFrame']").last.locator("[data-testid='glide-cell-4-0']")
    assert added.text_content() == "3"
    page.get_by_role("heading", name="Nhập dữ liệu").scroll_into_view_if_needed()
    screenshot(page, "import", height=2300)  # tall enough for the whole page: its main area scrolls
