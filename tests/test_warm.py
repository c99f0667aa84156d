"""Answers kept warm (ui.warm): after a write, the overview's answers are computed again in the
background, so the next visit reads them from the cache. The page by AppTest on a real DuckDB
file; the write through the real importer."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import ui
from cchc import auth, db, reference
from cchc.screens import imports as import_screen
from cchc.screens import overview as overview_screen
from tests.ingest.corpus import Sheet, with_openpyxl
from ui import warm

APP = "../app.py"
SNV = auth.User("snv", "Sở Nội vụ", "city")
HEADER = ["STT", "Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề", "Đường dẫn"]


def log(tag: str) -> bytes:
    rows = [
        [i, "UBND phường Phúc Lợi", f"{i:02d}/03/2026", "Cổng TTĐT", f"{tag} {i}", f"https://pl.vn/{tag}/{i}"]
        for i in range(1, 4)
    ]
    return with_openpyxl(Sheet("Tin bài", [HEADER, *rows]))


def wait_for_pass(before: int) -> None:
    deadline = time.monotonic() + 60
    while warm.passes() == before:
        assert time.monotonic() < deadline, "the background replay did not finish"
        time.sleep(0.02)


@pytest.fixture
def fresh_memory() -> Iterator[None]:
    with warm._lock:
        saved = dict(warm._recent)
        warm._recent.clear()
    yield
    with warm._lock:
        warm._recent.clear()
        warm._recent.update(saved)


def test_after_a_write_the_recent_reads_run_again_most_recent_first(fresh_memory):
    ran: list[str] = []
    for name in ("a", "b", "c"):
        warm.remember(name, lambda name=name: ran.append(name))
    warm.remember("a", lambda: ran.append("a"))  # read again: now the most recent
    before = warm.passes()
    warm.after_write()
    wait_for_pass(before)
    assert ran == ["a", "c", "b"]


def test_only_the_most_recent_reads_are_remembered_and_a_failure_stops_none(fresh_memory):
    ran: list[int] = []

    def failing() -> None:
        raise RuntimeError("a read that fails")

    for n in range(warm.RECENT + 3):
        warm.remember(n, lambda n=n: ran.append(n))
    warm.remember("bad", failing)
    before = warm.passes()
    warm.after_write()
    wait_for_pass(before)
    assert sorted(ran) == list(range(4, warm.RECENT + 3))  # RECENT - 1 of them, plus the failing one


def test_a_write_during_a_replay_makes_it_go_round_once_more(fresh_memory):
    started, release = threading.Event(), threading.Event()
    ran: list[int] = []

    def slow() -> None:
        ran.append(1)
        started.set()
        release.wait(30)

    warm.remember("slow", slow)
    before = warm.passes()
    warm.after_write()
    assert started.wait(30)
    warm.after_write()  # a second and a third write while the first replay runs
    warm.after_write()
    release.set()
    wait_for_pass(before)
    assert len(ran) == 2  # once for the first write, once more for the writes during it
    assert warm.passes() == before + 1


def count_calls(fn: Callable[..., object], action: Callable[[], object]) -> int:
    """How many times `fn` runs, in any thread, while `action` runs (observed, not replaced)."""
    calls = [0]

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event == "call" and frame.f_code is fn.__code__:
            calls[0] += 1

    threading.setprofile(profile)
    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]
    return calls[0]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "warm.duckdb"
    con: duckdb.DuckDBPyConnection = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    import_screen.import_file(con, log("dau"), "dau.xlsx", SNV, False)
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def test_the_overview_after_an_import_reads_the_answer_computed_in_the_background(database, fresh_memory):
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["user"] = SNV
    at.query_params.update({"year": "2026", "month": "3", "kind": "commune"})
    at.run()
    assert not at.exception
    assert count_calls(overview_screen.page, at.run) == 0  # cached: nothing written since

    # A write with no replay: the next visit computes the page's answer itself.
    import_screen.import_file(ui.connection(), log("hai"), "hai.xlsx", SNV, False)
    assert count_calls(overview_screen.page, at.run) == 1

    # A write followed by the replay (what the import page does): the visit reads it ready.
    import_screen.import_file(ui.connection(), log("ba"), "ba.xlsx", SNV, False)
    before = warm.passes()
    assert count_calls(overview_screen.page, lambda: (ui.after_write(), wait_for_pass(before))) == 1
    assert count_calls(overview_screen.page, at.run) == 0
    assert not at.exception
    assert "Tổng quan" in at.title[0].value
