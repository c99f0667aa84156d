"""`python -m cchc tasks`: exactly the CSV columns, one row per task, its current occurrence."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cchc.__main__ import main
from cchc.setup import init_database
from cchc.tasks import CSV_COLUMNS
from cchc.vocab import TASK_STATUSES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    init_database(path).close()
    return str(path)


def run(capsys, *args: str) -> tuple[int, list[list[str]], str]:
    code = main(["tasks", *args])
    out = capsys.readouterr()
    return code, list(csv.reader(io.StringIO(out.out))), out.err


def test_header_and_rows(db_path, capsys) -> None:
    code, rows, _ = run(capsys, "--db", db_path, "--as-of", "2026-04-15", "--format", "csv")
    assert code == 0
    assert (
        rows[0] == CSV_COLUMNS == ["plan", "stt", "task", "lead_units", "deadline_text", "due_date", "status"]
    )
    body = rows[1:]
    assert len(body) == 67 and all(len(r) == 7 for r in body)
    assert {r[6] for r in body} <= set(TASK_STATUSES)
    by_key = {(r[0], r[1]): r for r in body}
    assert by_key[("PL-2026", "1")] == [
        "PL-2026",
        "1",
        "Ban hành kế hoạch công tác tuyên truyền",
        "Phòng Văn hóa - Xã hội (Phường Phúc Lợi)",
        "05/3/2026",
        "2026-03-05",
        "Quá hạn",
    ]
    # undetermined: empty due date; a blank deadline cell: empty text too
    assert by_key[("HN-75-2026", "6")][5:] == ["", "Chưa xác định hạn"]
    assert by_key[("TH-14-2026", "13")][4:] == ["", "", "Chưa xác định hạn"]


def test_recurring_task_prints_its_current_occurrence(db_path, capsys) -> None:
    _, rows, _ = run(capsys, "--db", db_path, "--plan", "75/KH-UBND", "--as-of", "2026-10-01")
    by_stt = {r[1]: r for r in rows[1:]}
    assert by_stt["10"][5:] == ["2026-10-04", "Sắp đến hạn"]  # ISO week 28/09-04/10
    assert by_stt["2"][5:] == ["2026-10-31", "Đang thực hiện"]
    assert by_stt["13"][5:] == ["2026-10-31", "Thường xuyên"]
    assert {r[0] for r in rows[1:]} == {"HN-75-2026"} and len(rows) == 22


def test_plan_and_unit_filters(db_path, capsys) -> None:
    _, rows, _ = run(
        capsys, "--db", db_path, "--plan", "75/KH-UBND", "--unit", "P. Phúc Lợi", "--as-of", "2026-04-15"
    )
    assert [r[1] for r in rows[1:]] == ["1", "2", "3", "4", "6"]


def test_unknown_plan_exits_2(db_path, capsys) -> None:
    code = main(["tasks", "--db", db_path, "--plan", "76/KH-UBND"])
    err = capsys.readouterr().err
    assert code == 2
    assert "không tìm thấy kế hoạch '76/KH-UBND'" in err


def test_the_real_entry_point(db_path, tmp_path) -> None:
    copy = tmp_path / "copy.duckdb"  # another process: its own file, whatever this one holds open
    shutil.copyfile(db_path, copy)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "cchc",
            "tasks",
            "--db",
            str(copy),
            "--plan",
            "PL-2026",
            "--as-of",
            "2026-10-01",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "plan,stt,task,lead_units,deadline_text,due_date,status"
    assert lines[-1].startswith("PL-2026,7,") and lines[-1].endswith(",Tháng 9/2026,2026-09-30,Quá hạn")
    assert len(lines) == 8
