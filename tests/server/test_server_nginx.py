"""Two `streamlit run` processes on one PostgreSQL database behind a real nginx, configured by
deploy/nginx-cchc.conf: a browser imports a file through nginx (the upload reaches the process
holding its session), and both processes then show the new batch."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc import auth, db
from server.conftest import ROOT, Cluster, cli, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROMIUM = "/usr/bin/chromium"
TIMEOUT = 90_000
STREAMLIT = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true"]


def _wait(url: str, proc: subprocess.Popen) -> None:
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the process ended ({proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within 90 s")


def nginx_config(folder: Path, listen: int, ports: list[int]) -> Path:
    """deploy/nginx-cchc.conf with this test's ports, inside a minimal main configuration."""
    site = (ROOT / "deploy" / "nginx-cchc.conf").read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in ports)
    site = re.sub(r"(?:    server 127\.0\.0\.1:\d+;\n)+", servers, site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    temp = "".join(
        f"    {kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\nerror_log {folder / 'error.log'};\npid {folder / 'nginx.pid'};\n"
        f"events {{}}\nhttp {{\n    access_log {folder / 'access.log'};\n{temp}{site}\n}}\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture
def farm(cluster: Cluster, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """nginx on a free port in front of two app processes; yields (nginx URL, the processes' URLs)."""
    if not Path(NGINX).exists() or not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("nginx and chromium are needed: .ci/run installs them")
        pytest.skip("nginx or chromium is not installed")
    url = cluster.new_database()
    assert cli("init", "--db", url).returncode == 0
    con = db.connect(url)
    auth.mark_demo(con)  # everyone walks in: no sign-in to script
    con.close()
    ports, procs = [free_port(), free_port()], []
    env = {**os.environ, "CCHC_DB": url, "CCHC_BACKUP_DIR": str(tmp_path / "backups")}
    try:
        for port in ports:
            procs.append(
                subprocess.Popen(
                    [*STREAMLIT, "--server.port", str(port), "--server.address", "127.0.0.1"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        listen = free_port()
        conf = nginx_config(tmp_path, listen, ports)
        procs.append(subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"]))
        backends = [f"http://127.0.0.1:{p}" for p in ports]
        for backend, proc in zip(backends, procs, strict=False):
            _wait(f"{backend}/_stcore/health", proc)
        _wait(f"http://127.0.0.1:{listen}/_stcore/health", procs[-1])
        yield f"http://127.0.0.1:{listen}", backends
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


def write_log(path: Path, tag: str) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Tin bài")
    ws.write_row(0, 0, ["Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề"])
    for i in range(1, 4):
        ws.write_row(i, 0, ["Sở Tư pháp", f"0{i}/10/2026", "Cổng TTĐT", f"{tag} tin số {i}"])
    book.close()
    return path


def _settled(page) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=TIMEOUT)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT
    )


@pytest.mark.browser
def test_an_upload_through_nginx_is_seen_by_both_processes(
    farm: tuple[str, list[str]], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    front, backends = farm
    name = f"nhat-ky-{uuid.uuid4().hex[:6]}.xlsx"
    path = write_log(tmp_path / name, name[8:14])
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT)  # a busy 2-core machine runs four servers here
            page.goto(f"{front}/import")
            _settled(page)
            page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
            page.get_by_role("button", name="Nhập", exact=True).wait_for(timeout=TIMEOUT)
            _settled(page)
            page.get_by_role("button", name="Nhập", exact=True).click()
            page.get_by_text(f"{name}: đã thêm 3 dòng.", exact=True).wait_for(timeout=TIMEOUT)
            assert any(c["name"] == "cchc_route" for c in page.context.cookies())
            for backend in backends:  # each process, asked directly, lists the new batch
                other = browser.new_page()
                other.set_default_timeout(TIMEOUT)
                other.goto(f"{backend}/import")
                _settled(other)
                # the history table's cell (drawn on a canvas; its accessible copy is in the DOM)
                other.get_by_text(name).first.wait_for(state="attached", timeout=TIMEOUT)
                other.close()
        finally:
            browser.close()
