"""Import then undo in a real browser (issue 13): the panel says 'Đã nhập: lô N' with N one past
the newest batch (the preview used no number), an unticked Hoàn tác says what to do, an undo
says what it undid and leaves nothing chosen. On a demo database of its own."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from browser.conftest import own_demo_server, wait_for_app
from browser.test_import_browser import write_log

pytestmark = pytest.mark.browser

TIMEOUT = 60_000


@pytest.fixture(scope="module")
def undo_server(tmp_path_factory) -> Iterator[str]:
    with own_demo_server(tmp_path_factory.mktemp("browser-undo")) as (url, _):
        yield url


def newest_batch(page) -> int:
    history = page.locator("[data-testid='stDataFrame']").last.locator("[data-testid='glide-cell-0-0']")
    history.wait_for(state="attached", timeout=TIMEOUT)
    return int(history.text_content())


def undo_picker(page):
    return page.locator("[data-testid='stSelectbox']", has=page.get_by_text("Hoàn tác một lô nhập")).first


def test_import_then_undo_safely(undo_server, page, tmp_path):
    name = f"hoan-tac-{uuid.uuid4().hex[:6]}.xlsx"
    path = write_log(tmp_path / name)
    page.goto(f"{undo_server}/import")
    wait_for_app(page)
    before = newest_batch(page)

    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.locator("[data-testid='stMetric']", has_text="Dòng dữ liệu").wait_for(timeout=TIMEOUT)
    wait_for_app(page)
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.get_by_text(f"{name}: đã thêm 3 dòng.", exact=True).wait_for(timeout=TIMEOUT)
    wait_for_app(page)
    panel = page.get_by_text(re.compile(r"^Đã nhập: lô \d+\.$"))
    expect(panel).to_be_visible(timeout=TIMEOUT)
    batch = int(re.search(r"\d+", panel.inner_text())[0])
    assert batch == before + 1  # consecutive, whatever previews ran
    assert page.get_by_text("đã được nhập trước đây").count() == 0

    picker = undo_picker(page)
    picker.scroll_into_view_if_needed()
    expect(picker.locator("input")).to_have_attribute("placeholder", "Chọn lô cần hoàn tác")
    picker.locator("input").click()
    picker.locator("input").type(f"Lô {batch}", delay=20)
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Hoàn tác").click()
    expect(page.get_by_text(f"Chưa hoàn tác lô {batch}", exact=False)).to_be_visible(timeout=TIMEOUT)

    page.get_by_text("Tôi hiểu: mọi tin/bài do lô này thêm sẽ bị xóa khỏi số liệu.").click()
    page.get_by_role("button", name="Hoàn tác").click()
    done = page.get_by_text(f"Đã hoàn tác lô {batch} ({name}): xóa 3 dòng tin/bài khỏi số liệu.")
    expect(done).to_be_visible(timeout=TIMEOUT)
    wait_for_app(page)
    assert page.get_by_text(f"{name}: đã thêm 3 dòng.").count() == 0  # the old result is gone
    picker = undo_picker(page)
    expect(picker.locator("input")).to_have_value("")  # nothing chosen
    expect(page.get_by_role("checkbox", name=re.compile("^Tôi hiểu"))).not_to_be_checked()
