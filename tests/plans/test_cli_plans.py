"""`plan add` and `plan list` as an operator runs them: real processes on a real DuckDB file."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cchc import db, reference
from tests.conftest import add_items, item
from tests.plans.helpers import PHUC_LOI, ward_proposal

ROOT = Path(__file__).resolve().parents[2]
LIST_COLUMNS = "plan_code,number,issuer_code,issuer,issued_on,period_start,period_end,parent_plan_code,rules,tasks,status"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def database(tmp_path) -> Path:
    path = tmp_path / "cli.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    # two portal items a month for the ward in 2027, three in the months from July
    add_items(con, [item(PHUC_LOI, date(2027, m, d), "own_portal") for m in range(1, 13) for d in (3, 5)])
    add_items(con, [item(PHUC_LOI, date(2027, m, 9), "own_portal") for m in range(7, 13)])
    con.close()
    return path


def proposal_file(tmp_path: Path, **changes) -> Path:
    path = tmp_path / "ke-hoach-2027.json"
    path.write_text(json.dumps(ward_proposal(**changes), ensure_ascii=False), encoding="utf-8")
    return path


def plan_list(database: Path) -> list[dict[str, str]]:
    out = cli("plan", "list", "--db", str(database), "--format", "csv", "--as-of", "2027-03-01")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == LIST_COLUMNS
    return list(csv.DictReader(io.StringIO(out.stdout)))


def test_without_yes_the_proposal_is_printed_and_nothing_written(database, tmp_path):
    before = plan_list(database)
    out = cli("plan", "add", str(proposal_file(tmp_path)), "--db", str(database))
    assert out.returncode == 0, out.stderr
    assert "Kế hoạch 12/KH-UBND ngày 15/01/2027 — Phường Phúc Lợi" in out.stdout
    assert "«Đăng tải ít nhất 02 tin, bài/tháng trên Cổng thông tin điện tử phường.»" in out.stdout
    assert "Chưa ghi gì" in out.stdout and "--yes" in out.stdout
    assert plan_list(database) == before


def test_add_then_list_fulfillment_and_tasks_monitor_the_plan(database, tmp_path):
    out = cli("plan", "add", str(proposal_file(tmp_path)), "--db", str(database), "--yes")
    assert out.returncode == 0, out.stderr
    assert "Đã thêm kế hoạch 00136-12-2027: 3 định mức, 2 nhiệm vụ" in out.stdout
    row = next(r for r in plan_list(database) if r["plan_code"] == "00136-12-2027")
    assert row == {
        "plan_code": "00136-12-2027",
        "number": "12/KH-UBND",
        "issuer_code": PHUC_LOI,
        "issuer": "Phường Phúc Lợi",
        "issued_on": "2027-01-15",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "parent_plan_code": "HN-75-2026",
        "rules": "3",
        "tasks": "2",
        "status": "Đang theo dõi",
    }
    got = cli(
        "fulfillment",
        "--db",
        str(database),
        "--period",
        "2027-03",
        "--unit",
        "P. Phúc Lợi",
        "--as-of",
        "2027-04-02",
        "--format",
        "csv",
    )
    assert got.returncode == 0, got.stderr
    ward = [r for r in csv.DictReader(io.StringIO(got.stdout)) if r["rule"] == "00136-12-2027-r1"]
    assert [(r["required"], r["actual"], r["status"]) for r in ward] == [("2", "2", "Đạt")]
    tasks = cli(
        "tasks", "--db", str(database), "--plan", "12/KH-UBND", "--as-of", "2027-03-01", "--format", "csv"
    )
    assert tasks.returncode == 0, tasks.stderr
    rows = list(csv.DictReader(io.StringIO(tasks.stdout)))
    assert [(r["stt"], r["status"]) for r in rows] == [("1", "Quá hạn"), ("2", "Đang thực hiện")]
    again = cli("plan", "add", str(proposal_file(tmp_path)), "--db", str(database), "--yes")
    assert again.returncode == 0 and "đã có trong hệ thống (mã 00136-12-2027)" in again.stdout


def test_an_unresolved_unit_exits_1_says_which_and_writes_nothing(database, tmp_path):
    proposal = ward_proposal()
    proposal["rules"][2]["applies_unit"] = "Văn phòng HĐND và UBND phường Phúc Lọi Mới"
    path = tmp_path / "sai.json"
    path.write_text(json.dumps(proposal, ensure_ascii=False), encoding="utf-8")
    before = plan_list(database)
    out = cli("plan", "add", str(path), "--db", str(database), "--yes")
    assert out.returncode == 1
    assert "Định mức 3" in out.stderr and "«Văn phòng HĐND và UBND phường Phúc Lọi Mới»" in out.stderr
    assert "Có phải:" in out.stderr and "chưa ghi gì" in out.stderr
    assert plan_list(database) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "add", "khong-co.json"], "không đọc được tệp"),
        (["plan", "add", "{bad}"], "JSON"),
        (["plan", "add", "{doc}"], ".docx, .pdf, .txt hoặc .json"),
        (["plan", "list", "--format", "xml"], "không hợp lệ"),
        (["plan", "add"], "thiếu tùy chọn bắt buộc"),
    ],
)
def test_bad_arguments_and_unreadable_files_exit_2(database, tmp_path, args, message):
    bad = tmp_path / "hong.json"
    bad.write_text("{không phải json", encoding="utf-8")
    doc = tmp_path / "ke-hoach.xlsx"
    doc.write_bytes(b"PK")
    args = [a.format(bad=bad, doc=doc) for a in args]
    out = cli(*args, "--db", str(database))
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_a_missing_database_is_not_created(tmp_path):
    out = cli("plan", "list", "--db", str(tmp_path / "khong-co.duckdb"), "--format", "csv")
    assert out.returncode == 2 and "init" in out.stderr
    assert not (tmp_path / "khong-co.duckdb").exists()
