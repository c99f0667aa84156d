"""CLI output and failures: formula-free CSV cells, checked unit files, one line and exit 2 on failure."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cchc.exports.csv_safe import safe_cell, write_rows

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\tTAB", "\rCR"]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc", *args], cwd=ROOT, capture_output=True, text=True)


def assert_one_line_exit_2(out: subprocess.CompletedProcess, *words: str) -> None:
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith("Lỗi: ")
    for word in words:
        assert word in out.stderr, out.stderr


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_a_formula_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-3, -0.5, 0, 12, "Phường Phúc Lợi", "00136", "", None, "2026-03-01"])
def test_numbers_dates_and_plain_text_are_kept(value):
    assert safe_cell(value) == value


def test_write_rows_neutralises_every_text_cell():
    out = io.StringIO()
    write_rows(out, ["a", "b"], [["=1+1", -4], ["@x", "ok"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["a", "b"], ["'=1+1", "-4"], ["'@x", "ok"]]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    path = str(folder / "h.duckdb")
    assert cli("init", "--db", path).returncode == 0
    units = folder / "units.csv"
    lines = [
        f'H{i},"{name.replace(chr(34), chr(34) * 2)}",commune,HN,Hà Nội' for i, name in enumerate(HOSTILE)
    ]
    units.write_text("code,name,kind,parent_code,province\n" + "\n".join(lines) + "\n", encoding="utf-8")
    out = cli("units", str(units), "--db", path)
    assert out.returncode == 0, out.stderr
    return path


def test_fulfillment_csv_has_no_cell_a_spreadsheet_would_run(hostile_db):
    out = cli("fulfillment", "--db", hostile_db, "--period", "2026-03", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    names = {r["unit_name"] for r in rows}
    assert {"'" + name for name in HOSTILE if name[0] not in "\t\r"} <= names
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), row
            assert not value.startswith("-") or value.lstrip("-").isdigit(), row


def test_tasks_csv_goes_through_the_same_writer(hostile_db):
    out = cli("tasks", "--db", hostile_db, "--unit", "H0")
    assert out.returncode == 0, out.stderr
    assert "=1+1" not in out.stdout.replace("'=1+1", "")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("X1,Đơn vị,commune,,,,,\n../../zipslip,Đơn vị,commune,,,,,\n", ["Dòng 3", "../../zipslip"]),
        ('"""><svg onload=alert(1)>",Đơn vị,commune,,,,,\n', ["Dòng 2", "không hợp lệ"]),
        ("A" * 33 + ",Đơn vị,commune,,,,,\n", ["Dòng 2", "32"]),
        ("X1,Một,commune,,,,,\nX1,Hai,commune,,,,,\n", ["Dòng 3", "trùng"]),
        ("X1,Một,commune,,,,21.0,999\n", ["lon", "999"]),
        ("X1,Một,commune,,,,91,105\n", ["lat"]),
        ("X1,Một,commune,,,,abc,105\n", ["lat", "không phải số"]),
        ("", ["không có dòng dữ liệu"]),
    ],
)
def test_a_bad_units_file_changes_nothing(tmp_path, body, words):
    path = str(tmp_path / "u.duckdb")
    assert cli("init", "--db", path).returncode == 0
    before = duckdb.connect(path).execute("select count(*) from units").fetchone()
    units = tmp_path / "units.csv"
    units.write_text("code,name,kind,parent_code,province,aliases,lat,lon\n" + body, encoding="utf-8")
    assert_one_line_exit_2(cli("units", str(units), "--db", path), *words)
    assert duckdb.connect(path).execute("select count(*) from units").fetchone() == before


def test_a_malformed_units_csv_is_a_message(tmp_path):
    path = str(tmp_path / "u.duckdb")
    assert cli("init", "--db", path).returncode == 0
    units = tmp_path / "units.csv"
    units.write_bytes(b'code,name,kind\nX1,"open quote,commune\nX2,a,b,c,d,e,f,g,h\n\xff\xfe')
    assert_one_line_exit_2(cli("units", str(units), "--db", path))


@pytest.fixture
def held_db(tmp_path):
    """A database another process (the test itself, as the server would) holds read-write."""
    path = str(tmp_path / "held.duckdb")
    assert cli("init", "--db", path).returncode == 0
    con = duckdb.connect(path)
    yield path
    con.close()


@pytest.mark.parametrize(
    "args",
    [
        ["fulfillment", "--period", "2026-03"],
        ["tasks"],
        ["backup", "--to", "BACKUP"],
        ["import", str(ROOT / "tests" / "ingest" / "__init__.py")],
    ],
)
def test_a_database_held_by_the_server_is_a_message(held_db, tmp_path, args):
    args = [str(tmp_path / "b") if a == "BACKUP" else a for a in args]
    out = cli(*args, "--db", held_db)
    assert_one_line_exit_2(out, "đang được một tiến trình khác")


def test_units_on_a_held_database_is_a_message(held_db, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,name,kind\nX1,Một,commune\n", encoding="utf-8")
    assert_one_line_exit_2(cli("units", str(units), "--db", held_db), "đang được một tiến trình khác")


def test_a_corrupt_backup_is_a_message(tmp_path):
    source = tmp_path / "db.duckdb"
    assert cli("init", "--db", str(source)).returncode == 0
    backup = tmp_path / "bk"
    assert cli("backup", "--db", str(source), "--to", str(backup)).returncode == 0
    for part in backup.rglob("*.parquet"):
        part.write_bytes(b"not parquet at all")
    for part in backup.rglob("*.csv"):
        part.write_text("garbage\x00,,,\n")
    (backup / "load.sql").write_text("this is not sql;")
    out = cli("restore", "--from", str(backup), "--db", str(tmp_path / "new.duckdb"))
    assert_one_line_exit_2(out)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("../../zipslip", "Phường A"),
        ('"><svg onload=alert(1)>', "<b>x</b>"),
        ("X1", "../../../etc/passwd"),
        ("", ""),
    ],
)
def test_letter_file_names_use_safe_characters_only(code, name):
    import re
    from datetime import date

    from cchc.exports.letters import letter_file_name

    file_name = letter_file_name(code, name, date(2026, 3, 31))
    assert re.fullmatch(r"nhac-nho-[A-Za-z0-9_-]+-20260331\.docx", file_name), file_name
    assert ".." not in file_name
