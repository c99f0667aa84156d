"""Safe undo on Nhập dữ liệu, and batch numbers people can follow (issue 13, data safety).

Real .xlsx files (openpyxl) through the real importer into a real DuckDB file; the page by AppTest.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import ui
from cchc import auth, db, reference, tasks
from cchc.ingest import importer
from cchc.screens import imports as screen
from tests.ingest.corpus import Sheet, with_openpyxl

APP = "../app.py"
PAGE = "pages/import.py"
SNV = auth.User("snv", "Sở Nội vụ", "city")
HEADER = ["STT", "Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề", "Đường dẫn"]


def log(tag: str, count: int) -> bytes:
    rows = [
        [
            i,
            "UBND phường Phúc Lợi",
            f"{i:02d}/03/2026",
            "Cổng TTĐT",
            f"{tag}: tin {i}",
            f"https://pl.vn/{tag}/{i}",
        ]
        for i in range(1, count + 1)
    ]
    return with_openpyxl(Sheet("Tin bài", [HEADER, *rows]))


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = db.connect(tmp_path / "undo.duckdb")
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    return con


def test_batch_numbers_are_consecutive_whatever_previews_and_failures_came_between(con):
    numbers = []
    for n, tag in enumerate(["mot", "hai", "ba"], start=1):
        data = log(tag, n + 1)
        for _ in range(3):  # each preview is a dry run: it writes a batch, then rolls it back
            assert screen.preview_file(con, data, f"{tag}.xlsx", "snv").outcome.result.outcome == "dry_run"
        bad = with_openpyxl(Sheet("Tin bài", [HEADER, [1, "Phường Không Có", "32/13/2026", "", "", ""]]))
        assert screen.import_file(con, bad, "hong.xlsx", SNV, False).outcome == "rejected"
        numbers.append(screen.import_file(con, data, f"{tag}.xlsx", SNV, False).batch_id)
    assert numbers == [1, 2, 3]
    screen.undo(con, 3, SNV)
    # an undone batch keeps its number: the next import never reuses it
    assert screen.import_file(con, log("bon", 2), "bon.xlsx", SNV, False).batch_id == 4


def test_task_table_previews_do_not_consume_batch_numbers(con):
    tasks.load_seed_tasks(con)
    seeded = int(con.execute("select max(batch_id) from import_batches").fetchone()[0])
    plan = next(iter(tasks.upload_targets(con, None)))
    header = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"]
    row = [99, "Tổ chức hội nghị đối thoại", "Sở Nội vụ", "", "Quý IV/2026", "Báo cáo"]
    table = with_openpyxl(Sheet("Nhiệm vụ", [header, row]))
    for _ in range(2):
        preview = screen.preview_task_table(con, table, "nv.xlsx", plan, "snv", date(2026, 11, 20))
        assert preview.outcome == "dry_run" and preview.added == 1, preview.problems
    assert screen.import_file(con, log("sau", 2), "sau.xlsx", SNV, False).batch_id == seeded + 1


@pytest.mark.parametrize(
    ("batch", "confirmed", "expected"),
    [
        (None, True, "Chọn lô cần hoàn tác"),
        (None, False, "Chọn lô cần hoàn tác"),
        (7, False, "Chưa hoàn tác lô 7: đánh dấu ô 'Tôi hiểu'"),
        (7, True, None),
    ],
)
def test_a_click_on_hoan_tac_that_cannot_go_ahead_says_what_to_do(batch, confirmed, expected):
    refusal = screen.undo_refusal(batch, confirmed)
    assert refusal == expected if expected is None else refusal.startswith(expected)


def test_the_panel_of_a_file_just_imported_says_so():
    result = importer.loader.ImportResult("a.xlsx", "already_imported", batch_id=20)
    assert screen.known_file_message(result, True) == "Đã nhập: lô 20."
    assert "đã được nhập trước đây (lô 20)" in screen.known_file_message(result, False)


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def two_batches(con, tmp_path, monkeypatch) -> Path:
    for tag, count in (("thang-10", 3), ("thang-11", 4)):
        screen.import_file(con, log(tag, count), f"{tag}.xlsx", SNV, False)
    con.close()
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "undo.duckdb"))
    return tmp_path


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = SNV
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def undo_widgets(at: AppTest):
    (picker,) = [s for s in at.selectbox if s.label == "Hoàn tác một lô nhập"]
    (box,) = [c for c in at.checkbox if c.label.startswith("Tôi hiểu")]
    (button,) = [b for b in at.button if b.label == "Hoàn tác"]
    return picker, box, button


def test_undo_preselects_nothing_and_an_unticked_click_says_what_to_do(two_batches):
    at = open_page()
    picker, box, button = undo_widgets(at)
    assert picker.value is None and box.value is False
    assert [ui.shown(o) for o in picker.options] == ["Lô 2: thang-11.xlsx", "Lô 1: thang-10.xlsx"]
    picker.set_value(2)
    button.click().run()
    assert not at.exception
    assert any("Chưa hoàn tác lô 2" in w.value for w in at.warning)
    assert "Đã hoàn tác" not in at.dataframe[0].value["Trạng thái"].tolist()  # nothing undone


def test_after_an_undo_a_message_says_what_was_undone_and_nothing_is_preselected(two_batches):
    at = open_page()
    done = importer.loader.ImportResult("thang-11.xlsx", "imported", batch_id=2, added=4)
    at.session_state["last_results"] = [done]  # as right after that import
    at.run()
    assert any("đã thêm 4 dòng" in s.value for s in at.success)
    picker, box, button = undo_widgets(at)
    picker.set_value(2)
    box.check()
    button.click().run()
    assert not at.exception
    messages = [s.value.replace("\\", "") for s in at.success]  # as shown, without Markdown escapes
    assert any("Đã hoàn tác lô 2 (thang-11.xlsx): xóa 4 dòng" in m for m in messages)
    assert not any("đã thêm 4 dòng" in m for m in messages)  # the old import result is gone
    picker, box, _ = undo_widgets(at)
    assert picker.value is None and box.value is False  # one more click undoes nothing
    assert [ui.shown(o) for o in picker.options] == ["Lô 1: thang-10.xlsx"]
    assert at.dataframe[0].value["Trạng thái"].tolist() == ["Đã hoàn tác", "Hiệu lực"]
