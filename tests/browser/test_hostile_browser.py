"""Issue 11: the 2 KB file that aborted the server, dropped on the import page with a good file.

The hostile file gets its message, the good file its preview, and the server (and another
session) keeps answering.
"""

from __future__ import annotations

import subprocess
import urllib.request
from collections.abc import Iterator

import pytest

from browser.conftest import own_demo_server, wait_for_app
from tests.ingest import hostile_corpus as hostile

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
SERVER_PEAK_MB = 1024  # the server's peak resident memory (VmHWM) through the whole test


def _peak_rss_mb(pid: int) -> float:
    """The process's high-water mark of resident memory, from /proc (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc status")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[tuple[str, subprocess.Popen]]:
    with own_demo_server(tmp_path_factory.mktemp("browser-hostile")) as server:
        yield server


def test_the_abort_file_is_refused_and_the_server_keeps_answering(hostile_server, page, browser, tmp_path):
    url, proc = hostile_server
    bad = tmp_path / "d1-unique-count.xlsx"
    bad.write_bytes(hostile.unique_count())
    good = tmp_path / "tot.xlsx"
    good.write_bytes(hostile.good())
    page.goto(f"{url}/import")
    wait_for_app(page)
    page.get_by_role("heading", name="Nhập dữ liệu").wait_for(timeout=TIMEOUT)

    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files([str(bad), str(good)])
    page.get_by_text("Tệp khai báo 4.294.967.295 chuỗi văn bản", exact=False).first.wait_for(timeout=TIMEOUT)
    page.locator("[data-testid='stMetric']", has_text="Dòng dữ liệu").first.wait_for(timeout=TIMEOUT)
    wait_for_app(page)

    assert proc.poll() is None  # the server process is alive
    # The 2 KB file asks for 103 GB; the server never parses it, so its own peak stays small.
    assert _peak_rss_mb(proc.pid) < SERVER_PEAK_MB
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        assert response.status == 200
    other = browser.new_page()
    try:
        other.goto(f"{url}/import")
        wait_for_app(other)
        other.get_by_role("heading", name="Nhập dữ liệu").wait_for(timeout=TIMEOUT)
    finally:
        other.close()
