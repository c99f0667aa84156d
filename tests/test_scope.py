"""Scope: a `unit` user of phường Phúc Lợi gets none of phường Bạch Mai's rows, on any page.

Every page is rendered as the Phúc Lợi user through app.py's navigation, with hostile URL
parameters (`?unit=00292`, `?unit=00292-VHXH`, `?kind=...`) and forged widget values; everything
drawn (text, metrics, tables, chart specs, picker options) and the bytes of every download the
page offers (xlsx, docx and zip unpacked) are searched for Bạch Mai's name, code and titles. The
same text must hold Phúc Lợi's data, so each check could fail. Then: a cache shared by users of
two wards, the pages a viewer or a unit may not open, every st.cache_data key holding the scope,
and imports of another ward's rows rejected row by row.
"""

from __future__ import annotations

import ast
import html
import io
import json
import re
import shutil
import zipfile
from datetime import date as d
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
from conftest import BACH_MAI, PHUC_LOI, add_items, item
from google.protobuf import text_format
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import ui
from cchc import auth, db, reference, tasks
from cchc.exports import images as report_images
from cchc.ingest import importer
from cchc.quotas import behind, summary
from cchc.screens import overview as overview_screen
from cchc.screens import report as report_screen
from cchc.screens import unit as unit_screen
from cchc.screens import unit_items, unit_tasks
from cchc.text import fold

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TODAY = d(2026, 5, 20)

PL_USER = auth.User("phucloi", "Phường Phúc Lợi", "unit", PHUC_LOI)
BM_USER = auth.User("bachmai", "Phường Bạch Mai", "unit", BACH_MAI)
VIEWER = auth.User("xem", "Chỉ xem", "viewer")
CITY = auth.User("snv", "Sở Nội vụ", "city")

# Folded (lower case, no diacritics, punctuation as spaces): Bạch Mai's name, code and titles,
# and a department's titles (outside Phúc Lợi's scope as well).
FORBIDDEN = ("bach mai", "bachmai", BACH_MAI, "citydept")
PL_TITLE = "phucloi ok"  # in the titles of Phúc Lợi's own items
PL_NAME = "phuc loi"
UNITS = {
    BACH_MAI: "BACHMAI-SECRET-ward",
    f"{BACH_MAI}-VHXH": "BACHMAI-SECRET-vhxh",
    f"{BACH_MAI}-VP": "BACHMAI-SECRET-vp",
    PHUC_LOI: "PHUCLOI-OK-ward",
    f"{PHUC_LOI}-VHXH": "PHUCLOI-OK-vhxh",
    f"{PHUC_LOI}-VP": "PHUCLOI-OK-vp",
    "HN-SKHCN": "CITYDEPT-skhcn",
}
DAYS = [  # Bạch Mai's plan runs Aug–Dec 2025; Hà Nội's and Phúc Lợi's from March 2026
    (d(2025, 9, 5), "city_page", "news"),
    (d(2025, 10, 7), "own_portal", "news"),
    (d(2026, 4, 3), "own_portal", "news"),
    (d(2026, 5, 4), "city_page", "in_depth"),
    (d(2026, 5, 6), "radio", "news"),
]
HEADER = ["STT", "Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề", "Đường dẫn"]


def _items() -> list[tuple]:
    return [
        item(
            unit, day, channel, kind, f"{tag} {day} {channel}", f"https://x.vn/{tag.lower()}/{day}/{channel}"
        )
        for unit, tag in UNITS.items()
        for day, channel, kind in DAYS
    ]


def upload_log(variant: str = "") -> bytes:
    """A log of Phúc Lợi's user holding rows of Phúc Lợi and rows of Bạch Mai and one of its offices.

    openpyxl stamps the save time to the second, so two calls within one second give the same
    bytes (the same file to the importer): `variant` (the workbook's title property, which the
    importer never reads) keeps the fixture's upload and a test's upload different files.
    """
    book = openpyxl.Workbook()
    book.properties.title = variant or None
    ws = book.active
    ws.title = "Tin bài"
    rows = [
        HEADER,
        [1, "UBND phường Phúc Lợi", "03/05/2026", "Cổng TTĐT", "PHUCLOI-UPLOAD tin 1", "https://pl.vn/u/1"],
        [2, "UBND phường Bạch Mai", "04/05/2026", "Cổng TTĐT", "BACHMAI-UPLOAD tin 2", "https://bm.vn/u/2"],
        [3, "UBND phường Phúc Lợi", "05/05/2026", "Cổng TTĐT", "PHUCLOI-UPLOAD tin 3", "https://pl.vn/u/3"],
        [
            4,
            "Phòng VHXH (Phường Bạch Mai)",
            "06/05/2026",
            "Cổng TTĐT",
            "BACHMAI-UPLOAD tin 4",
            "https://bm.vn/u/4",
        ],
    ]
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def scope_db(tmp_path_factory) -> Path:
    """Reference data, seed tasks, items of both wards, their offices and a department; a task
    completion and an import batch of the Bạch Mai user."""
    folder = tmp_path_factory.mktemp("scope")
    path = folder / "scope.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    tasks.load_seed_tasks(con)
    add_items(con, _items())
    bm_scope = auth.allowed_units(con, BM_USER)
    done = tasks.CompletionEdit(
        "BM-2025", 1, "once", d(2025, 8, 20), "https://bm.vn/BACHMAI-SECRET-evidence", "BACHMAI-SECRET-note"
    )
    assert tasks.record_completions(con, [done], BM_USER.username, today=TODAY, units=bm_scope) == 1
    bm_log = upload_log()  # through Bạch Mai's scope: only its own two rows go in
    outcome = importer.import_bytes(
        con, bm_log, "BACHMAI-SECRET-log.xlsx", who=BM_USER.username, accept_partial=True, allowed=bm_scope
    )
    assert outcome.result.outcome == "partial" and outcome.result.units == [BACH_MAI, f"{BACH_MAI}-VHXH"]
    con.close()
    shutil.copy(path, folder / "pristine.duckdb")  # copied by the tests that write
    st.cache_data.clear()  # answers cached by other modules' databases under the same data version
    return path


def fresh_copy(scope_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.duckdb"
    shutil.copy(scope_db.parent / "pristine.duckdb", path)
    return path


@pytest.fixture
def media(monkeypatch) -> list[MediaFileManager]:
    """The media file manager of each AppTest run, to fetch what its download buttons serve."""
    made: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(app_test_module, "MediaFileManager", Recording)
    monkeypatch.setattr(ui, "today", lambda: TODAY)
    # Chart images are pixels (nothing to search) and slow: the report goes out without them.
    monkeypatch.setattr(report_images, "figure_images", lambda figs, width=1000: {})
    return made


# --- rendering and reading back ---------------------------------------------------------------


def open_page(
    monkeypatch,
    db_path: Path,
    page: str,
    user: auth.User,
    params: dict[str, str] | None = None,
    widgets: dict[str, object] | None = None,
) -> AppTest:
    """Sign in, open `page` through app.py with `params` in the URL, then set `widgets` (by key)."""
    monkeypatch.setenv("CCHC_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = user
    for name, value in (params or {}).items():  # the first page (overview) reads them too
        at.query_params[name] = value
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page)
        for name, value in (params or {}).items():
            at.query_params[name] = value
        at.run()
    assert not at.exception, at.exception
    if widgets:
        for key, value in widgets.items():
            forge(at.selectbox(key=key), value)
        at.run()
        assert not at.exception, at.exception
    return at


def forge(widget, value: str) -> None:
    """Make the next run send `value` for this picker, as a hostile client may (the browser only
    sends one of the options; AppTest's own set_value refuses anything else)."""

    class Forged(type(widget)):
        @property
        def _widget_state(self) -> WidgetState:
            state = WidgetState()
            state.id = self.id
            state.string_value = value
            return state

    widget.__class__ = Forged


def rendered(at: AppTest) -> str:
    """Everything the page drew: every element's protobuf as text, tables as CSV, chart specs."""
    parts: list[str] = []

    def walk(node) -> None:
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind in ("arrow_data_frame", "table"):
            parts.append(node.value.to_csv())
        elif kind in ("plotly_chart", "echarts_chart"):
            parts.append(json.dumps(json.loads(proto.spec), ensure_ascii=False))
        elif proto is not None and hasattr(proto, "DESCRIPTOR"):
            parts.append(text_format.MessageToString(proto, as_utf8=True))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return "\n".join(parts)


TEXT_PARTS = (".xml", ".rels", ".txt", ".csv", ".json")


def unpack(data: bytes) -> str:
    """The text of a download: xlsx/docx/zip members recursively (XML tags dropped), else UTF-8."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "\n".join(
                unpack(zf.read(name))
                for name in zf.namelist()
                if name.endswith(TEXT_PARTS) or zf.read(name)[:2] == b"PK"
            )
    text = data.decode("utf-8", errors="ignore")
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def downloads(at: AppTest, made: list[MediaFileManager]) -> dict[str, bytes]:
    """label → the bytes each download button of the last run serves (deferred ones generated
    now, as a click would: the same callable, after the run)."""
    manager = made[-1]
    out = {}
    for button in at.get("download_button"):
        proto = button.proto
        url = manager.execute_deferred(proto.deferred_file_id) if proto.deferred_file_id else proto.url
        out[button.label] = manager.read_file(url.rsplit("/", 1)[-1]).content
    return out


def leaks(text: str, forbidden=FORBIDDEN, echoed: str | None = None) -> list[str]:
    """The forbidden markers found in `text`, with some context; `echoed` (the code a hostile
    URL asked for, quoted back in the 'not found' warning) is not a leak."""
    folded = fold(text)
    if echoed:
        folded = folded.replace(f"khong tim thay don vi co ma {fold(echoed)}", "")
    found = []
    for marker in forbidden:
        at = folded.find(marker)
        if at >= 0:
            found.append(f"{marker!r}: …{folded[max(at - 120, 0) : at + 60]}…")
    return found


# --- every page, every download -----------------------------------------------------------------

OVERVIEW, WARD, DEPT = "pages/overview.py", "pages/ward.py", "pages/department.py"
TASKS, REMIND, REPORT, IMPORT = "pages/tasks.py", "pages/reminders.py", "pages/report.py", "pages/import.py"
BM_VHXH = f"{BACH_MAI}-VHXH"

# Downloads holding no unit's data: the blank template, and chart images (stubbed out above).
BLANK = {"Tải mẫu nhật ký (.xlsx)", "Tải ảnh biểu đồ (.zip)"}

# (id, page, URL parameters, forged widget values, what Phúc Lợi must see, downloads expected)
CASES = [
    (
        "overview",
        OVERVIEW,
        {"year": "2026", "month": "5", "kind": "commune", "unit": BACH_MAI},
        {},
        PL_NAME,
        0,
    ),
    ("overview-offices", OVERVIEW, {"year": "2026", "month": "5", "kind": "ward_office"}, {}, PL_NAME, 0),
    ("overview-2025", OVERVIEW, {"year": "2025", "month": "10", "kind": "commune"}, {}, None, 0),
    (
        "ward-other-ward",
        WARD,
        {"unit": BACH_MAI, "year": "2026", "month": "5", "items": "year", "offices": "true"},
        {},
        "phucloi ok vhxh",
        0,
    ),
    (
        "ward-other-office",
        WARD,
        {"unit": BM_VHXH, "year": "2025", "month": "10", "items": "year"},
        {},
        PL_TITLE,
        0,
    ),
    ("ward-forged-picker", WARD, {"year": "2026", "month": "5"}, {"ward_unit": BACH_MAI}, PL_TITLE, 0),
    ("department-ward", DEPT, {"unit": BACH_MAI}, {}, None, 0),
    ("department-dept", DEPT, {"unit": "HN-SKHCN", "year": "2026", "month": "5"}, {}, None, 0),
    ("tasks", TASKS, {}, {}, PL_NAME, 1),
    ("tasks-forged", TASKS, {}, {"tasks_plan": "BM-2025", "tasks_unit": BACH_MAI}, PL_NAME, 1),
    (
        "reminders-other-ward",
        REMIND,
        {"year": "2026", "month": "5", "kind": "all", "unit": BACH_MAI},
        {},
        PL_NAME,
        3,
    ),
    (
        "reminders-offices",
        REMIND,
        {"year": "2026", "month": "5", "kind": "ward_office", "unit": BM_VHXH},
        {},
        PL_NAME,
        3,
    ),
    ("reminders-forged", REMIND, {"year": "2026", "month": "5"}, {"rem_unit": BACH_MAI}, PL_NAME, 3),
    ("reminders-2025", REMIND, {"year": "2025", "month": "10", "kind": "commune"}, {}, None, None),
    (
        "report-other-ward",
        REPORT,
        {"year": "2026", "quarter": "2", "kind": "all", "unit": BACH_MAI},
        {},
        PL_NAME,
        2,
    ),
    (
        "report-offices",
        REPORT,
        {"year": "2026", "quarter": "2", "kind": "ward_office", "unit": BM_VHXH},
        {},
        PL_NAME,
        2,
    ),
    ("report-forged", REPORT, {"year": "2026", "quarter": "2"}, {"rep_unit": BACH_MAI}, PL_NAME, 2),
    ("report-2025", REPORT, {"year": "2025", "quarter": "4", "kind": "commune"}, {}, None, None),
    ("import", IMPORT, {"unit": BACH_MAI}, {}, None, 1),
]


@pytest.mark.parametrize(
    ("page", "params", "widgets", "must_see", "n_downloads"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_a_ward_user_gets_nothing_of_another_ward(
    monkeypatch, scope_db, media, page, params, widgets, must_see, n_downloads
):
    at = open_page(monkeypatch, scope_db, page, PL_USER, params, widgets)
    text = rendered(at)
    assert not leaks(text, echoed=params.get("unit")), leaks(text, echoed=params.get("unit"))
    if must_see:
        assert must_see in fold(text)
    files = downloads(at, media)
    if n_downloads is not None:
        assert len(files) == n_downloads, list(files)
    for label, data in files.items():
        content = unpack(data)
        assert not leaks(content), (label, leaks(content))
        if label not in BLANK:
            assert PL_NAME in fold(content), label


def test_the_ward_users_own_downloads_hold_its_offices(monkeypatch, scope_db, media):
    """The letters of every office behind: the zip holds one letter per Phúc Lợi unit, none else."""
    at = open_page(
        monkeypatch, scope_db, REMIND, PL_USER, {"year": "2026", "month": "5", "kind": "ward_office"}
    )
    letters = downloads(at, media)
    archive = next(data for label, data in letters.items() if label.endswith("(.zip)"))
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert names and all(name.startswith(f"nhac-nho-{PHUC_LOI}-") for name in names), names


def test_a_viewer_of_the_ward_reads_the_same_scope(monkeypatch, scope_db, media):
    """A `viewer` tied to Phúc Lợi is scoped like its unit user, and cannot write."""
    viewer = auth.User("xem.pl", "Xem Phúc Lợi", "viewer", PHUC_LOI)
    for page, params in ((WARD, {"unit": BACH_MAI, "year": "2025", "month": "10"}), (TASKS, {})):
        at = open_page(monkeypatch, scope_db, page, viewer, params)
        text = rendered(at) + "".join(unpack(data) for data in downloads(at, media).values())
        assert not leaks(text, echoed=params.get("unit")), leaks(text, echoed=params.get("unit"))
        assert PL_NAME in fold(text)
    assert not at.get("file_uploader") and not at.get("data_editor")  # the tasks page: no writes


# --- one process, two wards: the caches -------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "params"),
    [
        (OVERVIEW, {"year": "2026", "month": "5", "kind": "commune"}),
        (WARD, {"unit": BACH_MAI, "year": "2025", "month": "10", "items": "year", "offices": "true"}),
        (TASKS, {}),
        (REMIND, {"year": "2026", "month": "5", "kind": "all"}),
        (REPORT, {"year": "2026", "quarter": "2", "kind": "all"}),
    ],
    ids=["overview", "ward", "tasks", "reminders", "report"],
)
def test_two_wards_in_one_process_each_see_their_own(monkeypatch, scope_db, media, page, params):
    """Phúc Lợi, then Bạch Mai, then Phúc Lợi again, sharing st.cache_data: none gets the other's."""
    pl_markers = ("phuc loi", "phucloi", PHUC_LOI)
    for user, forbidden, own in ((PL_USER, FORBIDDEN, "phuc loi"), (BM_USER, pl_markers, "bach mai")) * 2:
        at = open_page(monkeypatch, scope_db, page, user, params)
        text = rendered(at) + "".join(unpack(data) for data in downloads(at, media).values())
        found = leaks(text, forbidden, echoed=params.get("unit"))
        assert not found, (user.username, found)
        assert own in fold(text), user.username


# --- pages a role may not open ----------------------------------------------------------------


def registered(monkeypatch, db_path: Path, user: auth.User) -> set[str]:
    monkeypatch.setenv("CCHC_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user"] = user
    at.run()
    assert not at.exception
    pages = set()
    for page in (
        "overview",
        "ward",
        "department",
        "tasks",
        "reminders",
        "report",
        "import",
        "units",
        "users",
    ):
        try:
            at.switch_page(f"pages/{page}.py")
        except ValueError:  # not in st.navigation: the user cannot open it
            continue
        pages.add(page)
    return pages


def test_navigation_holds_only_the_pages_a_role_may_open(monkeypatch, scope_db, media):
    common = {"overview", "ward", "department", "tasks", "reminders", "report"}
    assert registered(monkeypatch, scope_db, VIEWER) == common
    assert registered(monkeypatch, scope_db, auth.User("xem.pl", "Xem", "viewer", PHUC_LOI)) == common
    assert registered(monkeypatch, scope_db, PL_USER) == common | {"import"}
    assert registered(monkeypatch, scope_db, CITY) == common | {"import", "units", "users"}
    assert registered(monkeypatch, scope_db, auth.User("bo.noivu", "Bộ Nội vụ", "national")) == common | {
        "units"
    }


def open_directly(monkeypatch, db_path: Path, page: str, user: auth.User) -> AppTest:
    """Run a page file on its own (as a deep link on a fresh server might), past app.py."""
    monkeypatch.setenv("CCHC_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.session_state["user"] = user
    at.session_state["_entry_ran"] = True  # no hand-over to app.py: the page must refuse by itself
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("page", "user"),
    [
        ("pages/import.py", VIEWER),
        ("pages/users.py", VIEWER),
        ("pages/users.py", PL_USER),
        ("pages/units.py", PL_USER),
        ("pages/users.py", auth.User("bo.noivu", "Bộ Nội vụ", "national")),
    ],
    ids=["import-viewer", "users-viewer", "users-unit", "units-unit", "users-national"],
)
def test_pages_refuse_by_themselves(monkeypatch, scope_db, media, page, user):
    at = open_directly(monkeypatch, scope_db, page, user)
    assert len(at.error) == 1
    assert not at.get("file_uploader") and not at.get("download_button") and not at.dataframe
    assert not at.get("form") and not at.button


# --- every cached answer is keyed on the scope ------------------------------------------------

SCOPE_ARGUMENTS = {"allowed", "scope", "scope_key"}


def _cached_functions(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                if ast.unparse(target) == "st.cache_data":
                    yield node


def _ui_cached_calls(path: Path) -> int:
    return sum(
        1
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "ui.cached"
    )


def test_every_cached_answer_of_a_page_is_keyed_on_the_scope():
    """Pages read through ui.cached (keyed on the scope by construction); a page's own
    st.cache_data function, where one is left, takes the scope as an argument."""
    checked, missing = 0, []
    for path in sorted((ROOT / "pages").glob("*.py")):
        checked += _ui_cached_calls(path)
        for function in _cached_functions(path):
            checked += 1
            names = {a.arg for a in function.args.args + function.args.kwonlyargs}
            if not names & SCOPE_ARGUMENTS:
                missing.append(f"{path.name}:{function.name}")
        # ui.cached(fn, ...) passes and keys the scope itself: every such read counts as checked.
        checked += path.read_text(encoding="utf-8").count("ui.cached(")
    assert checked >= 20
    assert not missing, missing


def test_ui_cached_keys_every_answer_on_the_scope(monkeypatch):
    """Two scopes, same call, same data version: two answers, each computed with its own scope."""
    seen: list[object] = []

    def read(con, *, units=None):
        seen.append(units)
        return units

    monkeypatch.setattr(ui.session, "connection", lambda: None)
    monkeypatch.setattr(ui.session, "scope_version", lambda units: "v-test-scope")
    for scope, expected in ((["A"], ["A"]), (["B"], ["B"]), (None, None), (["A"], ["A"])):
        monkeypatch.setattr(ui.session, "scope", lambda scope=scope: scope)
        assert ui.cached(read) == expected
    assert seen == [["A"], ["B"], None]  # the second call for A is served from the cache


def test_ui_cached_evicts_only_the_scope_whose_data_changed(monkeypatch):
    """An import into A's units changes A's version: A's answer is recomputed, B's is served."""
    seen: list[object] = []
    versions = {("A",): "a1", ("B",): "b1"}

    def read(con, *, units=None):
        seen.append(units)
        return units

    monkeypatch.setattr(ui.session, "connection", lambda: None)
    monkeypatch.setattr(ui.session, "scope_version", lambda units: "evict-test-" + versions[units])
    for scope in (["A"], ["B"]):
        monkeypatch.setattr(ui.session, "scope", lambda scope=scope: scope)
        ui.cached(read)
    versions[("A",)] = "a2"
    for scope in (["A"], ["B"]):
        monkeypatch.setattr(ui.session, "scope", lambda scope=scope: scope)
        ui.cached(read)
    assert seen == [["A"], ["B"], ["A"]]


# --- the reads themselves take the scope -------------------------------------------------------


def test_every_read_takes_the_scope(scope_db, tmp_path):
    """The cchc functions the pages call, given Phúc Lợi's units, return none of Bạch Mai's rows,
    even when asked for Bạch Mai by code; an empty scope returns nothing at all."""
    con = db.connect(fresh_copy(scope_db, tmp_path))
    try:
        pl = auth.allowed_units(con, PL_USER)
        year_2025, q4, oct_2025 = summary.parse_period("2025"), "2025-Q4", (2025, 10)
        for units, own in ((pl, True), ([], False)):
            frames = {
                "summary": pd.DataFrame([vars(summary.month_summary(con, 2026, 5, TODAY, units))]),
                "heatmap": summary.heatmap(con, 2025, TODAY, units),
                "laggards": summary.laggards(con, summary.month_period(*oct_2025), TODAY, units),
                "items": summary.items_by_month(con, year_2025, units),
                "map": overview_screen.commune_points(con, *oct_2025, TODAY, units),
                "options": unit_screen.unit_options(
                    con, (*unit_screen.WARD_KINDS, "ward_office"), units=units
                ),
                "log": unit_items.items(
                    con, [BACH_MAI, BM_VHXH, PHUC_LOI], d(2025, 1, 1), d(2026, 12, 31), units=units
                ),
                "tasks": unit_tasks.unit_tasks(con, BACH_MAI, TODAY, units=units),
                "behind": behind.behind(
                    con,
                    summary.parse_period("2025-10"),
                    TODAY,
                    behind.scope_units(con, None, BACH_MAI, units),
                ),
                "status": tasks.occurrence_status(con, TODAY, units=units),
            }
            report = report_screen.report_data(
                con, q4, TODAY, behind.scope_units(con, "commune", None, units)
            )
            frames |= {f"report.{k}": v for k, v in vars(report).items() if isinstance(v, pd.DataFrame)}
            for name, frame in frames.items():
                assert not leaks(frame.to_csv()), (name, leaks(frame.to_csv()))
            assert unit_screen.unit_report(con, BACH_MAI, 2025, 10, TODAY, units=units) is None
            log = unit_items.items(con, [PHUC_LOI], d(2025, 1, 1), d(2026, 12, 31), units=units)
            assert len(log) == (len(DAYS) if own else 0)
            assert (PL_NAME in fold(frames["options"].to_csv())) == own
    finally:
        con.close()


# --- imports for another ward: rejected row by row --------------------------------------------


def test_core_import_rejects_other_wards_rows_one_by_one(scope_db, tmp_path):
    con = db.connect(fresh_copy(scope_db, tmp_path))
    try:
        before = con.execute("select count(*) from publications where unit_code like '00292%'").fetchone()
        allowed = auth.allowed_units(con, PL_USER)
        whole = importer.import_bytes(
            con, upload_log("phuc-loi"), "pl-a.xlsx", who="phucloi", allowed=allowed
        )
        assert whole.result.outcome == "rejected" and whole.result.added == 0
        outside = [(p.row, p.column) for p in whole.problems if "ngoài phạm vi" in p.message]
        assert outside == [(3, "Đơn vị"), (5, "Đơn vị")]  # rows 2 and 4 of the data, below the header
        partial = importer.import_bytes(
            con, upload_log("phuc-loi"), "pl-b.xlsx", who="phucloi", allowed=allowed, accept_partial=True
        )
        assert (partial.result.outcome, partial.result.added, partial.result.units) == (
            "partial",
            2,
            [PHUC_LOI],
        )
        after = con.execute("select count(*) from publications where unit_code like '00292%'").fetchone()
        assert after == before
        titles = {
            r[0]
            for r in con.execute(
                "select title from publications where batch_id = ?", [partial.result.batch_id]
            ).fetchall()
        }
        assert titles == {"PHUCLOI-UPLOAD tin 1", "PHUCLOI-UPLOAD tin 3"}
    finally:
        con.close()


def test_import_page_rejects_other_wards_rows_one_by_one(monkeypatch, scope_db, media, tmp_path):
    path = fresh_copy(scope_db, tmp_path)
    at = open_page(monkeypatch, path, IMPORT, PL_USER)
    at.file_uploader(key="uploads").set_value(
        ("nhat-ky.xlsx", upload_log("phuc-loi"), "application/octet-stream")
    ).run()
    assert not at.exception, at.exception
    got = {m.label: m.value for m in at.metric}
    assert (got["Dòng dữ liệu"], got["Sẽ thêm mới"], got["Dòng lỗi"]) == ("4", "2", "2")
    problems = next(df.value for df in at.dataframe if "Nội dung" in df.value.columns)
    assert problems["Dòng"].tolist() == [3, 5]
    assert problems["Nội dung"].str.contains("ngoài phạm vi tài khoản").all()
    preview = next(df.value for df in at.dataframe if "Tiêu đề" in df.value.columns)
    assert preview["Tiêu đề"].tolist() == ["PHUCLOI-UPLOAD tin 1", "PHUCLOI-UPLOAD tin 3"]
    # the import history lists this user's batches only, not Bạch Mai's
    assert not leaks(rendered(at), ("bachmai secret",))
    at.checkbox[0].check().run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("đã thêm 2 dòng" in s.value for s in at.success)
    con = db.connect(path)
    try:
        rows = con.execute(
            "select unit_code, title from publications where title like '%-UPLOAD %' order by title"
        ).fetchall()
    finally:
        con.close()
    # Bạch Mai's own two rows (imported by its user in the fixture) and Phúc Lợi's two: no more
    assert rows == [
        (BACH_MAI, "BACHMAI-UPLOAD tin 2"),
        (f"{BACH_MAI}-VHXH", "BACHMAI-UPLOAD tin 4"),
        (PHUC_LOI, "PHUCLOI-UPLOAD tin 1"),
        (PHUC_LOI, "PHUCLOI-UPLOAD tin 3"),
    ]


# --- a task shared by every ward --------------------------------------------------------------


def test_a_wards_completion_of_a_shared_city_task_stays_its_own(scope_db, tmp_path):
    con = db.connect(fresh_copy(scope_db, tmp_path))
    try:
        bm, pl = (auth.allowed_units(con, u) for u in (BM_USER, PL_USER))
        edit = tasks.CompletionEdit(
            "HN-75-2026", 3, "2026-05-01", d(2026, 5, 10), "https://bm.vn/BACHMAI-SECRET"
        )
        assert tasks.record_completions(con, [edit], BM_USER.username, today=TODAY, units=bm) == 1
        seen = tasks.occurrence_status(con, TODAY, plan="HN-75-2026", units=pl)
        assert not leaks(seen.to_csv())
        # ... while Bạch Mai sees its own, and the city's view does not count it done for everyone
        own = tasks.occurrence_status(con, TODAY, plan="HN-75-2026", units=bm)
        row = own[(own["stt"] == 3) & (own["occurrence_key"] == "2026-05-01")].iloc[0]
        assert (row["completed_on"], row["evidence"], row["recorded_by"]) == (
            d(2026, 5, 10),
            "https://bm.vn/BACHMAI-SECRET",
            BM_USER.username,
        )
        city = tasks.occurrence_status(con, TODAY, plan="HN-75-2026")
        row = city[(city["stt"] == 3) & (city["occurrence_key"] == "2026-05-01")].iloc[0]
        assert row["completed_on"] is None and not row["status"].startswith("Hoàn thành")
    finally:
        con.close()
