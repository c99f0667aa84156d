"""The demo reads like a real city (issue 13): task completions on time and late, and the demo's
imports in the audit log. One real demo database, built as `init --demo` builds it."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, clock, db, demo
from cchc.setup import init_database
from cchc.tasks.status import occurrence_status, task_status

APP = "../app.py"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    init_database(path, demo=True).close()
    return path


def test_demo_tasks_are_completed_on_time_late_and_some_not(demo_path):
    con = db.connect(demo_path)
    try:
        occ = occurrence_status(con, date(2026, 11, 29))["status"].value_counts()
        tasks = task_status(con, date(2026, 11, 29))["status"].value_counts()
        recorded = con.execute(
            "select count(*), count(evidence), count(note) from task_completions"
        ).fetchone()
    finally:
        con.close()
    assert occ["Hoàn thành đúng hạn"] > occ["Hoàn thành quá hạn"] > 10
    assert 10 < occ["Quá hạn"] < occ["Hoàn thành đúng hạn"] / 2  # not all red
    assert tasks["Hoàn thành đúng hạn"] > 0 and tasks["Hoàn thành quá hạn"] > 0 and tasks["Quá hạn"] > 0
    count, with_evidence, with_note = recorded
    assert count >= occ["Hoàn thành đúng hạn"] + occ["Hoàn thành quá hạn"]
    assert 0 < with_evidence < count and 0 < with_note < count  # links for most, reasons for late ones


def test_completions_never_fall_after_the_demo_day_nor_before_their_occurrence():
    rows = [
        {"plan": "P", "stt": i, "occurrence_key": "once", "occ_start": date(2026, 1, 1), "occ_due": due}
        for i, due in enumerate([date(2026, 3, 31), date(2026, 11, 19), date(2026, 12, 31)] * 40)
    ]
    edits = demo.completion_edits(rows, date(2026, 11, 20))
    assert edits == demo.completion_edits(rows, date(2026, 11, 20))  # deterministic
    assert all(date(2026, 1, 1) <= e.completed_on <= date(2026, 11, 20) for e in edits)
    assert any(e.note for e in edits) and any(e.completed_on > date(2026, 3, 31) for e in edits if e.note)


def test_the_demo_imports_are_in_the_audit_log_and_read_as_sentences(demo_path, monkeypatch):
    con = db.connect(demo_path)
    try:
        batches = con.execute(
            "select file_name from import_batches where kind = 'publications' order by batch_id"
        ).fetchall()
    finally:
        con.close()
    monkeypatch.setenv("CCHC_DB", str(demo_path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = auth.DEMO_USER
    at.run()
    at.switch_page("pages/users.py").run()
    assert not at.exception
    log = at.dataframe[-1].value
    imports = log[log["Hoạt động"] == "Nhập dữ liệu"]
    assert len(imports) == len(batches) >= 10
    assert set(imports["Người dùng"]) == {"demo"}
    assert imports["Chi tiết"].str.fullmatch(r"nhat-ky-tin-bai-[\d-]+\.xlsx: đã nhập, thêm \d+ dòng\.").all()


def test_init_demo_runs_again_on_its_own_demo_database(tmp_path) -> None:
    """The demo's own task completions are not taken for data people entered."""
    import subprocess
    import sys

    database = tmp_path / "demo.duckdb"
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-m", "cchc", "init", "--db", str(database), "--demo"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert out.returncode == 0, out.stderr


def test_the_demo_pages_keep_to_the_last_day_of_its_data(demo_path, monkeypatch) -> None:
    """Opened after its data stop (next month, next year), the demo still opens on a month with
    something in it, and says as of which day."""
    con = db.connect(demo_path)
    try:
        (last,) = con.execute("select max(item_date) from publications").fetchone()
    finally:
        con.close()
    assert last <= clock.DEMO_DAY and (clock.DEMO_DAY - last).days < 7
    monkeypatch.setenv("CCHC_DB", str(demo_path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = auth.DEMO_USER
    at.run()  # the overview, on the real clock
    assert not at.exception
    day = f"{min(clock.today(), clock.DEMO_DAY):%d/%m/%Y}"
    caption = next(c.value for c in at.caption if "số liệu tính đến ngày" in c.value)
    assert f"tháng {clock.DEMO_DAY.month}/{clock.DEMO_DAY.year}" in caption and day in caption, caption
    assert any(day in w.value and "Chế độ minh họa" in w.value for w in at.sidebar.warning)
