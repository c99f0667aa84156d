"""Time from request to the overview page's last chart, in Debian chromium, national scale.

Uses the database of bench_fulfillment.py (3,500 units, 5 years, 5M items; built first if
missing), copied and marked as a demo so no sign-in is needed. Prints the cold time (first
visit after start: server and browser caches empty), the time with a new browser profile each
time (Streamlit's and plotly's scripts downloaded and compiled again), and a returning user's
(a new tab, so a new Streamlit session, with the browser cache warm), and a returning user's
right after an import through the import page (the server's cached answers for the national
scope invalidated: any import changes them). Targets: ≤ 1 s returning, ≤ 1.5 s after an import.
The floor, interleaved with the returning user's visits: a Streamlit page of one title and one line
(bench/baselines/streamlit_floor.py) served with the same settings, in a new tab of the same
browser — what any Streamlit page costs here before it draws anything of its own.

Chromium runs with the tests' flags (tests/browser/conftest.py), which since 30/11 keep headless
Chromium from loading its address bar's popup (a hidden WebUI page, about a core busy through each
page load on this 2-core machine, the server's). --hidden-omnibox measures with it, as before.

"Drawn" is counted per chart: an inline SVG chart (`.cchc-chart`) once it holds shapes, an
ECharts chart once its canvas holds pixels (or its SVG holds shapes), a plotly chart once plotly
has built it (and, for a map, its bubbles' layer), the commune map once its SVG holds its bubbles
or regions (so a checkout from before 30/11, with ECharts, is measured alike with --against).

    .venv/bin/python bench/bench_overview_browser.py [--runs 5] [--against DIR] [--hidden-omnibox]

--against DIR serves a second checkout of the app (e.g. `git archive <commit> | tar -x -C DIR`)
on its own copy of the database, from its own folder, and interleaves its visits with this
checkout's: the before/after of a change, measured side by side on the same load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser.conftest import CHROMIUM, CHROMIUM_ARGS, NO_HIDDEN_OMNIBOX, start_server  # noqa: E402

from cchc import auth, db  # noqa: E402

# bench_fulfillment.py builds it, one file per DuckDB version (an older DuckDB cannot open a newer file).
NATIONAL = (
    Path(__file__).resolve().parent / ".cache" / f"national-3500-5000000-duckdb{duckdb.__version__}.duckdb"
)
CHARTS = 4  # heat map, share by unit kind, items per channel, commune map (inline SVG; ECharts before 30/11)
DRAWN = """() => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return 0;
  const painted = (canvas) => {
    if (!canvas.width || !canvas.height) return false;
    const probe = document.createElement('canvas');
    probe.width = probe.height = 16;
    const g = probe.getContext('2d');
    g.drawImage(canvas, 0, 0, 16, 16);
    return g.getImageData(0, 0, 16, 16).data.some((v, i) => i % 4 === 3 && v > 0);
  };
  let drawn = 0;
  for (const chart of document.querySelectorAll('[data-testid="stEChartsChart"]')) {
    const canvas = chart.querySelector('canvas');
    if (canvas ? painted(canvas) : chart.querySelector('svg path, svg rect')) drawn += 1;
  }
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const map = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    if (gd._fullLayout && gd.querySelectorAll('.main-svg').length === 3
        && (!map || (map.map.isStyleLoaded() && map.map.getStyle().layers.some(l => l.type === 'circle')))) drawn += 1;
  }
  for (const map of document.querySelectorAll('.cchc-map')) {
    if (map.offsetHeight > 0 && map.querySelector('svg svg g circle, svg svg g path')) drawn += 1;
  }
  for (const chart of document.querySelectorAll('.cchc-chart')) {
    if (chart.offsetHeight > 0 && chart.querySelector('svg rect, svg circle')) drawn += 1;
  }
  return drawn;
}"""


def visit(context, url: str) -> float:
    """One new Streamlit session (a new tab) in `context` (a browser profile with its cache)."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(f"() => ({DRAWN})() >= {CHARTS}", timeout=120_000, polling=20)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


FLOOR_SCRIPT = Path(__file__).resolve().parent / "baselines" / "streamlit_floor.py"
FLOOR_DRAWN = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && document.body.innerText.includes('Một dòng chữ.')"


def visit_floor(context, url: str) -> float:
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(FLOOR_DRAWN, timeout=120_000, polling=20)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def import_a_log(context, url: str, folder: Path, n: int) -> None:
    """Upload a three-row log for Phúc Lợi and Sở Tư pháp through the import page."""
    import xlsxwriter

    tag = f"BENCH-{uuid.uuid4().hex[:6]}-{n}"
    path = folder / f"{tag}.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Tháng 10")
    ws.write_row(0, 0, ["STT", "Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề", "Đường dẫn"])
    for i, (unit, channel) in enumerate(
        (("UBND phường Phúc Lợi", "Trang CCHC Thành phố"), ("UBND phường Phúc Lợi", "Đài truyền thanh"),
         ("Sở Tư pháp", "Cổng TTĐT")), start=1,
    ):  # fmt: skip
        ws.write_row(
            i, 0, [i, unit, f"{10 + i}/10/2026", channel, f"{tag} tin {i}", f"https://example.vn/{tag}/{i}"]
        )
    book.close()
    page = context.new_page()
    page.goto(f"{url}/import")
    page.get_by_role("heading", name="Nhập dữ liệu").wait_for(timeout=120_000)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.get_by_text(f"{path.name}: đã thêm 3 dòng.", exact=True).wait_for(timeout=120_000)
    page.close()


def _server(folder: Path, tmp: Path, name: str) -> tuple[subprocess.Popen, str]:
    """The app of checkout `folder` on its own copy of the national database (DuckDB locks a file)."""
    path = tmp / f"{name}.duckdb"
    shutil.copy(NATIONAL, path)
    con = db.connect(path)
    auth.mark_demo(con)
    con.close()
    return start_server(path, script=folder / "app.py", folder=folder)


def _visits(
    browser, checkouts: dict[str, str], floor_url: str, runs: int, tmp: Path
) -> dict[str, list[float]]:
    """Every measure of the module's docstring, each checkout's visits interleaved with the others'."""
    found: dict[str, list[float]] = {}
    target = "/?year=2026&month=10&kind=commune"
    for name, url in checkouts.items():
        first = browser.new_context(viewport={"width": 1400, "height": 1000})
        found[f"{name} cold"] = [visit(first, url + target)]  # server caches and browser cache both empty
        first.close()
    for _ in range(runs):  # a new browser profile each time: scripts downloaded again
        for name, url in checkouts.items():
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            found.setdefault(f"{name} fresh", []).append(visit(context, url + target))
            context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    for url in checkouts.values():
        visit(context, url + target)
    visit_floor(context, floor_url)
    for _ in range(runs):  # a returning user, interleaved with the floor page
        for name, url in checkouts.items():
            found.setdefault(f"{name} warm", []).append(visit(context, url + target))
        found.setdefault("floor", []).append(visit_floor(context, floor_url))
    for n in range(runs):
        for name, url in checkouts.items():
            import_a_log(context, url, tmp, n)
            found.setdefault(f"{name} import", []).append(visit(context, url + target))
    context.close()
    return found


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--against", type=Path, help="another checkout's folder, measured side by side")
    ap.add_argument(
        "--hidden-omnibox",
        action="store_true",
        help="let Chromium load its hidden address-bar popup in every tab, as before 30/11",
    )
    args = ap.parse_args()
    if not NATIONAL.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "bench_fulfillment.py")], check=True)
    from playwright.sync_api import sync_playwright

    folders = {"this": ROOT, **({"against": args.against.resolve()} if args.against else {})}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        servers = {name: _server(folder, Path(tmp), name) for name, folder in folders.items()}
        floor_proc, floor_url = start_server(
            Path(tmp) / "this.duckdb", script=FLOOR_SCRIPT
        )  # served like the app
        try:
            with sync_playwright() as p:
                flags = [a for a in CHROMIUM_ARGS if not (args.hidden_omnibox and a == NO_HIDDEN_OMNIBOX)]
                browser = p.chromium.launch(executable_path=CHROMIUM, args=flags)
                found = _visits(
                    browser, {n: url for n, (_, url) in servers.items()}, floor_url, args.runs, Path(tmp)
                )
                browser.close()
        finally:
            for proc in [floor_proc, *(proc for proc, _ in servers.values())]:
                proc.terminate()
                proc.wait(timeout=20)
    med = {k: statistics.median(v) for k, v in found.items()}
    print("overview, national scale (3,500 units, 5M items), request → last chart drawn")
    for name, folder in folders.items():
        print(f"{name}: {folder}")
        print(f"  cold (first visit after start, empty caches): {med[f'{name} cold']:.2f} s")
        print(f"  new browser profile each time (median of {args.runs}): {med[f'{name} fresh']:.2f} s")
        print(
            f"  returning user, new tab (median of {args.runs}): {med[f'{name} warm']:.2f} s (target ≤ 1 s)"
        )
        print(
            f"  returning user right after an import (median of {args.runs}):"
            f" {med[f'{name} import']:.2f} s (target ≤ 1.5 s)"
        )
    print(
        f"floor: a one-line Streamlit page, new tab, same browser (median of {args.runs}), interleaved:"
        f" {med['floor']:.2f} s"
    )
    if args.hidden_omnibox:
        print("with Chromium's hidden address-bar popup loaded in every tab (--hidden-omnibox)")
    print(f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
