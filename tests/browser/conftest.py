"""A real Streamlit server on a free loopback port, driven by Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
# Headless Chromium 156 loads its address bar's suggestion popup (chrome://omnibox-popup.top-chrome,
# a WebUI page in a renderer of its own) for every tab, and never shows it: about a core kept busy
# through each page load (Chromium's trace, 30/11), on the two cores the server under test runs on.
# A visitor's browser does that work, if at all, on the visitor's own device.
NO_HIDDEN_OMNIBOX = "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup"
CHROMIUM_ARGS = [
    "--headless",
    NO_HIDDEN_OMNIBOX,
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        return  # in CI a missing browser must fail, not skip
    skip = pytest.mark.skip(reason="Debian chromium is not installed (apt-get install -y chromium)")
    for test in items:
        if "browser" in test.keywords:
            test.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A demo database built once per test session with the CLI."""
    path = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    subprocess.run(
        [sys.executable, "-m", "cchc", "init", "--db", str(path), "--demo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


def start_server(
    db_path: Path, script: Path = ROOT / "app.py", folder: Path = ROOT
) -> tuple[subprocess.Popen, str]:
    """Streamlit serving `script` (the app) on `db_path`, from the project's `folder` (its settings
    and its code: a benchmark serves another checkout's app.py from that checkout)."""
    port = _free_port()
    env = {**os.environ, "CCHC_DB": str(db_path)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start within 60 s")


@contextlib.contextmanager
def own_demo_server(folder: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A demo database of its own (init --demo) under `folder`, served until the block ends:
    for tests that write, so they never touch the shared server's database."""
    path = folder / "demo.duckdb"
    subprocess.run(
        [sys.executable, "-m", "cchc", "init", "--db", str(path), "--demo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    proc, url = start_server(path)
    try:
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def demo_expected(demo_db: Path) -> dict:
    """Figures computed by the core on the demo database, before the server locks the file."""
    from cchc import clock, db, tasks
    from cchc.quotas import behind
    from cchc.screens import overview as overview_screen
    from cchc.screens import reminders as reminders_screen
    from cchc.screens import report as report_screen
    from cchc.screens import tasks as tasks_screen
    from cchc.screens import unit as unit_screen
    from cchc.vocab import CHUA_DAT, DANG_THUC_HIEN

    today = clock.page_day(demo=True)  # the demo database's pages keep to its last day
    con = db.connect(demo_db)
    try:
        # the overview as the page computes it: its default unit kind (communes)
        counted = overview_screen.month_items(con, 2026, 3, "commune")
        march_view = overview_screen.overview(
            overview_screen.rows(con, 2026, today), 2026, 3, "commune", *counted
        )
        march, laggard = march_view.now, march_view.laggards
        # the same calls, with the same arguments, as the pages opened by test_pages_browser.py
        everyone = behind.scope_units(con, None, None, None)
        found = reminders_screen.reminders(con, 2026, 10, today, "all", "", (CHUA_DAT, DANG_THUC_HIEN))
        hanoi = tasks_screen.board(con, today, "", "", province="HN")  # the page opens on Hà Nội
        task_counts = tasks.status_counts(hanoi.status).set_index("status")["tasks"]
        return {
            "march": march,
            "first_laggard": laggard.iloc[0]["unit_name"],
            "ward": unit_screen.unit_report(con, "00136", 2026, 10, today, units=None),
            "department": unit_screen.unit_report(con, "HN-SKHCN", 2026, 10, today, units=None),
            "tasks_overdue": int(task_counts["Quá hạn"]),
            "reminders_units": found.head.units,
            "reminders_behind": len(found.units),
            "reminders_missing": found.missing,
            "report": report_screen.report_data(con, "2026-Q3", today, everyone),
        }
    finally:
        con.close()


@pytest.fixture(scope="session")
def server(demo_db: Path, demo_expected: dict) -> Iterator[str]:
    proc, url = start_server(demo_db)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


def wait_for_app(pg, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator)."""
    pg.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    pg.wait_for_timeout(300)


_ALL_DRAWN = """() => {
  if (document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]')) return false;
  const plots = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return plots.every(p => p.querySelector('.main-svg'));
}"""


def screenshot(pg, name: str, height: int = 1000) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.set_viewport_size({"width": 1400, "height": height})
    pg.wait_for_timeout(300)
    # The taller viewport brings charts into view that had not been drawn yet: wait for them.
    with contextlib.suppress(PlaywrightTimeout):
        pg.wait_for_function(_ALL_DRAWN, timeout=15_000, polling=100)
    pg.wait_for_timeout(200)
    pg.screenshot(path=str(path), full_page=True)
    return path
