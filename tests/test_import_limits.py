"""Publication logs: dates far in the future, titles too long to be titles, files with no data rows."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from cchc.ingest import values as v

ROOT = Path(__file__).resolve().parent.parent
HEADER = "Đơn vị,Ngày đăng,Kênh đăng,Tiêu đề,Link\n"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("limits") / "l.duckdb")
    assert cli("init", "--db", path).returncode == 0
    return path


def batches(path: str) -> int:
    with duckdb.connect(path, read_only=True) as con:
        return con.execute("select count(*) from import_batches").fetchone()[0]


def test_latest_item_date_is_a_year_ahead():
    assert v.latest_item_date(date(2026, 3, 1)) == date(2027, 3, 2)


def test_a_headers_only_file_records_no_batch_and_exits_2(db_path, tmp_path):
    log = tmp_path / "chi-tieu-de.csv"
    log.write_text(HEADER, encoding="utf-8")
    before = batches(db_path)
    out = cli("import", str(log), "--db", db_path)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "không có dòng dữ liệu" in out.stderr
    assert batches(db_path) == before


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "Phường Phúc Lợi,01/03/2099,Cổng TTĐT,Tin năm 2099,https://phucloi.hanoi.gov.vn/2099",
            "ở tương lai",
        ),
        (
            "Phường Phúc Lợi,31/12/2100,Cổng TTĐT,Tin năm 2100,https://phucloi.hanoi.gov.vn/2100",
            "ở tương lai",
        ),
        (
            "Phường Phúc Lợi,05/03/2026,Cổng TTĐT," + "x" * 5_000 + ",https://phucloi.hanoi.gov.vn/x",
            "quá dài",
        ),
    ],
)
def test_a_row_dated_far_ahead_or_titled_with_an_article_is_rejected(db_path, tmp_path, line, message):
    good = "Phường Phúc Lợi,05/03/2026,Cổng TTĐT,Tin tốt,https://phucloi.hanoi.gov.vn/ok\n"
    log = tmp_path / "nhat-ky.csv"
    log.write_text(HEADER + good + line + "\n", encoding="utf-8")
    out = cli("import", str(log), "--db", db_path, "--dry-run")
    assert out.returncode == 1, (out.stdout, out.stderr[-500:])
    assert "dòng 3" in out.stderr and message in out.stderr, out.stderr[-500:]
    assert "bom nén" not in out.stderr


def test_a_date_within_the_coming_year_is_kept(db_path, tmp_path):
    soon = date.today() + timedelta(days=200)
    log = tmp_path / "sap-toi.csv"
    log.write_text(
        HEADER + f"Phường Phúc Lợi,{soon:%d/%m/%Y},Cổng TTĐT,Tin sắp tới,https://phucloi.hanoi.gov.vn/s\n"
    )
    out = cli("import", str(log), "--db", db_path, "--dry-run")
    assert out.returncode == 0, out.stderr


def test_a_two_million_character_title_in_a_workbook_is_a_row_error(db_path, tmp_path):
    import xlsxwriter

    path = tmp_path / "tieu-de-dai.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Nhật ký")
    sheet.write_row(0, 0, ["Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề", "Link"])
    sheet.write_row(
        1,
        0,
        ["Phường Phúc Lợi", "05/03/2026", "Cổng TTĐT", "x" * 2_000_000, "https://phucloi.hanoi.gov.vn/1"],
    )
    sheet.write_row(
        2, 0, ["Phường Phúc Lợi", "05/03/2026", "Cổng TTĐT", "Tin tốt", "https://phucloi.hanoi.gov.vn/2"]
    )
    book.close()
    out = cli("import", str(path), "--db", db_path, "--dry-run")
    assert out.returncode == 1, out.stderr[-500:]
    assert "dòng 2" in out.stderr and "Tiêu đề quá dài" in out.stderr
