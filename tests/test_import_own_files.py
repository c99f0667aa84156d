"""Files of the app's own making are not logs (issue 13): the report .xlsx is refused with a
clear message, and the blank template says it has no data rows, with no noise about sheets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc import db, reference
from cchc.exports.report import report_xlsx
from cchc.exports.template import build_template
from cchc.ingest import importer
from cchc.screens import imports as screen
from cchc.screens.report import report_data
from tests.test_import_undo import SNV, log


@pytest.fixture
def con(tmp_path: Path):
    con = db.connect(tmp_path / "own.duckdb")
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    yield con
    con.close()


def test_the_apps_own_report_is_refused_as_a_log(con):
    screen.import_file(con, log("quy-1", 10), "quy-1.xlsx", SNV, False)
    book = report_xlsx(report_data(con, "2026-Q1", date(2026, 4, 10), ["00136"]))
    before = con.execute("select count(*) from import_batches").fetchone()
    preview = screen.preview_file(con, book, "bao-cao-quy-1.xlsx", "snv")
    assert preview.outcome.result is None
    assert preview.outcome.fatal.message.startswith(
        "Đây là tệp báo cáo do ứng dụng xuất ra, không phải nhật ký tin bài"
    )
    assert screen.import_file(con, book, "bao-cao-quy-1.xlsx", SNV, True) is None
    assert con.execute("select count(*) from import_batches").fetchone() == before


def test_the_blank_template_says_it_has_no_data_rows_and_nothing_else(con):
    outcome = importer.import_bytes(con, build_template(), "mau.xlsx", who="snv")
    assert outcome.result is None
    assert outcome.fatal.message == importer.NO_DATA_ROWS
    assert outcome.fatal.message.startswith("Tệp không có dòng dữ liệu nào")
    assert "trang tính" not in outcome.fatal.message  # no word about the instructions sheets
    assert con.execute("select count(*) from import_batches").fetchone() == (0,)
