"""The command line is a contract: columns, status words, exit codes."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
CSV_HEADER = "unit_code,unit_name,plan,rule,channel,item_kind,period_start,period_end,required,actual,status"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "x.duckdb")
    out = cli("init", "--db", path, "--demo")
    assert out.returncode == 0, out.stderr
    return path


def test_march_lists_every_hanoi_commune_and_department_with_its_rules(demo_db):
    out = cli(
        "fulfillment", "--db", demo_db, "--period", "2026-03", "--format", "csv", "--as-of", "2026-11-23"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == CSV_HEADER
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    communes = {r["unit_code"] for r in rows if r["rule"] == "hn75-city-month-commune"}
    departments = {r["unit_code"] for r in rows if r["rule"] == "hn75-city-month-dept"}
    assert len(communes) == 126
    assert len(departments) == 18
    assert {r["status"] for r in rows} <= {"Đạt", "Chưa đạt", "Đang thực hiện", "Chưa đến kỳ"}
    march = [r for r in rows if r["rule"] == "hn75-portal-month-commune"]
    assert all(r["period_start"] == "2026-03-01" and r["period_end"] == "2026-03-31" for r in march)
    # March is over on 23/11/2026: every monthly row is decided.
    assert {r["status"] for r in march} <= {"Đạt", "Chưa đạt"}
    for r in rows:
        assert (r["status"] == "Đạt") == (int(r["actual"]) >= int(r["required"]))


@pytest.mark.parametrize("name", ["UBND phường Phúc Lợi", "P. Phúc Lợi", "phuong phuc loi", "00136"])
def test_unit_by_any_spelling(demo_db, name):
    out = cli("fulfillment", "--db", demo_db, "--period", "2026-Q2", "--unit", name, "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert {r["unit_code"] for r in csv.DictReader(io.StringIO(out.stdout))} == {"00136"}


@pytest.mark.parametrize(
    "args",
    [
        ("--period", "2026-13"),
        ("--period", "Q2-2026"),
        ("--period", "2026-03", "--unit", "Phường Không Tồn Tại"),
    ],
)
def test_unknown_unit_or_malformed_period_exit_2_with_one_line(demo_db, args):
    out = cli("fulfillment", "--db", demo_db, *args)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
    assert out.stdout == ""


def test_table_format_is_readable(demo_db):
    out = cli(
        "fulfillment", "--db", demo_db, "--period", "2026-W14", "--unit", "HN-SKHCN", "--format", "table"
    )
    assert out.returncode == 0
    assert "Sở Khoa học và Công nghệ" in out.stdout
    assert "2026-03-30" in out.stdout  # the week's Monday
    assert any(word in out.stdout for word in ("Đạt", "Chưa đạt"))


def judged_month(row: dict[str, str], as_of: str) -> str:
    """The month judging a rule-period, written out here: its last day when over, the as-of
    day while it runs, its first day when not started."""
    day = min(row["period_end"], max(row["period_start"], as_of))
    return day[:8] + "01"


@pytest.mark.parametrize(("period", "as_of"), [("2026", "2026-11-23"), ("2026-Q2", "2026-05-10")])
def test_kind_month_rollup_sums_the_rows(demo_db, period, as_of):
    """`--by kind-month` gives, per unit kind x month, the rule-periods due (started) and met of
    the rows `fulfillment` lists for the same period: the same numbers, summed by the database."""
    common = ("fulfillment", "--db", demo_db, "--period", period, "--as-of", as_of, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(cli(*common).stdout)))
    out = cli(*common, "--by", "kind-month")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "unit_kind,month,due,met"
    with duckdb.connect(demo_db, read_only=True) as con:
        kinds = dict(con.execute("select code, kind from units").fetchall())
    want: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        sums = want.setdefault((kinds[r["unit_code"]], judged_month(r, as_of)), [0, 0])
        sums[0] += r["status"] != "Chưa đến kỳ"
        sums[1] += r["status"] == "Đạt"
    got = {
        (r["unit_kind"], r["month"]): [int(r["due"]), int(r["met"])]
        for r in csv.DictReader(io.StringIO(out.stdout))
    }
    assert got == want
    assert len(got) >= 4 and sum(v[1] for v in got.values()) > 0
    table = cli("fulfillment", "--db", demo_db, "--period", period, "--as-of", as_of, "--by", "kind-month")
    assert "Loại đơn vị" in table.stdout and "Xã, phường, đặc khu" in table.stdout


def test_missing_database_is_a_clear_error(tmp_path):
    out = cli("fulfillment", "--db", str(tmp_path / "none.duckdb"), "--period", "2026-03")
    assert out.returncode == 2
    assert "init" in out.stderr


def test_a_units_file_adds_and_renames_units(tmp_path):
    db_path = str(tmp_path / "u.duckdb")
    assert cli("init", "--db", db_path).returncode == 0
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,kind,parent_code,province\n"
        "00136,Phường Phúc Lợi (tên mới),commune,HN,Hà Nội\n"
        "00136-TT,Tổ truyền thông (Phường Phúc Lợi),ward_office,00136,Hà Nội\n",
        encoding="utf-8",
    )
    out = cli("units", str(units), "--db", db_path)
    assert out.returncode == 0, out.stderr
    assert "thêm 1 đơn vị, cập nhật 1 đơn vị" in out.stdout
    table = cli(
        "fulfillment", "--db", db_path, "--period", "2026-Q2", "--unit", "00136-TT", "--format", "csv"
    )
    assert "Tổ truyền thông (Phường Phúc Lợi)" in table.stdout  # the new office gets the office quotas
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,kind\nX1,Đơn vị lạ,planet\n", encoding="utf-8")
    refused = cli("units", str(bad), "--db", db_path)
    assert refused.returncode == 2 and "planet" in refused.stderr


def test_init_if_missing_leaves_an_existing_database_alone(tmp_path) -> None:
    """README's first command runs `init --demo --if-missing` at every start: once built (or
    turned into a production database), the file is not touched again."""
    import subprocess
    import sys

    database = tmp_path / "cchc.duckdb"
    database.write_bytes(b"not a database")  # would fail to open if init touched it
    out = subprocess.run(
        [sys.executable, "-m", "cchc", "init", "--db", str(database), "--demo", "--if-missing"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0 and "--if-missing" in out.stdout, out.stderr
    assert database.read_bytes() == b"not a database"
