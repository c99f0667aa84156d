"""Production mode as an installer meets it: `init` without demo, start the server, open the link
the console printed, create the first administrator, and land on the dashboard signed in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.conftest import ROOT, _free_port, wait_for_app

pytestmark = pytest.mark.browser
PASSWORD = "mat-khau-quan-tri-1"


def _start(db_path: Path, console: Path) -> tuple[subprocess.Popen, str]:
    """A server whose console (stderr) is kept in `console`, where the setup link is printed."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "CCHC_CREATE_DEMO"} | {"CCHC_DB": str(db_path)}
    with console.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def _printed_links(console: Path) -> list[str]:
    return re.findall(r"(http://localhost:\d+/\?setup=\S+)", console.read_text(encoding="utf-8"))


def test_the_first_administrator_is_created_from_the_printed_link(tmp_path, browser):
    from cchc import auth, db

    path = tmp_path / "prod.duckdb"
    init = subprocess.run(
        [sys.executable, "-m", "cchc", "init", "--db", str(path)], cwd=ROOT, capture_output=True
    )
    assert init.returncode == 0, init.stderr
    console = tmp_path / "console.txt"
    proc, url = _start(path, console)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        tab.goto(url)
        wait_for_app(tab)
        expect(tab.get_by_text("Thiết lập tài khoản quản trị")).to_be_visible()
        assert "chế độ vận hành" in console.read_text(encoding="utf-8")
        (link,) = _printed_links(console)
        tab.goto(url + link[link.index("/?setup=") :])  # the server's real address, not localhost:8501
        wait_for_app(tab)
        tab.get_by_label("Tên đăng nhập").fill("quan.tri")
        tab.get_by_label("Họ tên").fill("Quản trị viên")
        tab.get_by_label(f"Mật khẩu (ít nhất {auth.MIN_PASSWORD} ký tự)").fill(PASSWORD)
        tab.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
        tab.get_by_role("button", name="Tạo tài khoản quản trị").click()
        expect(tab.locator("[data-testid='stMain'] h1").first).to_have_text(
            "Tổng quan Thành phố", timeout=60_000
        )
        expect(tab.get_by_text("Quản trị viên", exact=False).first).to_be_visible()
        assert len(_printed_links(console)) == 1  # the form's own submit printed no new link
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    con = db.connect(path)
    try:
        assert auth.authenticate(con, "quan.tri", PASSWORD) == auth.User(
            "quan.tri", "Quản trị viên", "city", None
        )
    finally:
        con.close()
