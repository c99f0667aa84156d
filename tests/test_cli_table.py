"""The CLI for people (issue 13): Vietnamese tables within 100 columns, Vietnamese help and errors,
restore from the folder given to backup. Subprocesses on real database files."""

from __future__ import annotations

import argparse
import errno
import subprocess
import sys
from pathlib import Path

import pytest

from cchc import cli_errors, cli_help, cli_table
from cchc.__main__ import build_parser

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "error:", "No such file")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli-table") / "t.duckdb")
    assert cli("init", "--db", path).returncode == 0
    return path


@pytest.mark.parametrize(
    ("args", "headings"),
    [
        (["fulfillment", "--period", "2026-11"], ["Đơn vị", "Định mức", "Từ ngày", "Đến ngày", "Trạng thái"]),
        (["fulfillment", "--period", "2026", "--format", "table"], ["Đơn vị", "Định mức", "Cần", "Đã có"]),
        (["tasks", "--format", "table"], ["Kế hoạch", "STT", "Nhiệm vụ", "Chủ trì", "Hạn", "Trạng thái"]),
    ],
)
def test_tables_have_vietnamese_headings_and_fit_100_columns(db_path, args, headings):
    out = cli(*args, "--db", db_path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) > 20
    assert max(len(line) for line in lines) <= 100
    assert all(h in lines[0] for h in headings)
    assert not any(word in lines[0] for word in ("unit_name", "rule_label", "status", "plan"))


def test_long_texts_wrap_inside_their_column():
    columns = [cli_table.Column("Tên", "a", wraps=True), cli_table.Column("Số", "b", right=True)]
    text = cli_table.render(columns, [{"a": "một hai ba bốn năm sáu bảy tám chín mười", "b": 7}], width=20)
    assert text.splitlines() == [
        "Tên               Số",
        "----------------  --",
        "một hai ba bốn     7",
        "năm sáu bảy tám",
        "chín mười",
    ]


def test_tasks_csv_keeps_its_columns(db_path):
    out = cli("tasks", "--db", db_path)
    assert out.returncode == 0
    assert out.stdout.splitlines()[0] == "plan,stt,task,lead_units,deadline_text,due_date,status"


def _parsers(parser: argparse.ArgumentParser, prog: str = ""):
    yield prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, f"{prog} {name}".strip())


def test_every_option_of_every_command_has_vietnamese_help():
    seen = 0
    for prog, parser in _parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{prog}: {action.option_strings or action.dest} has no help"
            seen += 1
        text = parser.format_help()
        assert not any(word in text for word in ENGLISH), (prog, text)
    assert seen > 30


@pytest.mark.parametrize("args", [["--help"], ["restore", "-h"], ["user", "add", "--help"], ["tasks", "-h"]])
def test_help_is_vietnamese(args):
    out = cli(*args)
    assert out.returncode == 0
    assert out.stdout.startswith("cách dùng: python -m cchc")
    assert "tùy chọn:" in out.stdout and not any(word in out.stdout for word in ENGLISH)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["fulfillment", "--db", "x.duckdb"], "Lỗi: thiếu tùy chọn bắt buộc: --period"),
        (
            ["tasks", "--db", "x", "--format", "xml"],
            "Lỗi: --format: giá trị 'xml' không hợp lệ; chọn một trong:",
        ),
        (["init", "--db", "x", "--nope"], "Lỗi: không hiểu tùy chọn: --nope"),
        (
            ["fulfillment", "--db", "x", "--period", "2026", "--as-of", "3/4"],
            "Lỗi: --as-of: ngày không hợp lệ",
        ),
    ],
)
def test_argument_errors_are_vietnamese_with_exit_2(args, expected):
    out = cli(*args)
    assert out.returncode == 2
    assert expected in out.stderr, out.stderr
    assert "error:" not in out.stderr


def test_os_errors_are_translated(db_path, tmp_path):
    missing = tmp_path / "khong-co.csv"
    out = cli("units", str(missing), "--db", db_path)
    assert out.returncode == 2
    assert out.stderr.strip() == f"Lỗi: {missing}: không tìm thấy tệp hoặc thư mục"
    out = cli("import", str(tmp_path / "khong-co.xlsx"), "--db", db_path)
    assert out.returncode == 2
    assert "không tìm thấy tệp hoặc thư mục" in out.stderr and "No such file" not in out.stderr
    assert cli_errors.explain(PermissionError(errno.EACCES, "Permission denied", "/x")) == (
        "/x: không có quyền truy cập"
    )
    assert cli_errors.explain(OSError(errno.ENOSPC, "No space left on device")) == "ổ đĩa đã đầy"


def test_restore_from_the_folder_given_to_backup_takes_the_newest_backup(db_path, tmp_path):
    folder = tmp_path / "sao-luu"
    first = cli("backup", "--db", db_path, "--to", str(folder))
    assert first.returncode == 0, first.stderr
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,kind,parent_code,province\nX9,Phường Mới,commune,HN,Hà Nội\n", encoding="utf-8"
    )
    assert cli("units", str(units), "--db", db_path).returncode == 0
    second = cli("backup", "--db", db_path, "--to", str(folder))
    assert second.returncode == 0
    restored = tmp_path / "r.duckdb"
    out = cli("restore", "--from", str(folder), "--db", str(restored))
    assert out.returncode == 0, out.stderr
    assert second.stdout.strip() in out.stderr  # it says which backup it took: the newest
    table = cli(
        "fulfillment", "--db", str(restored), "--period", "2026-11", "--unit", "X9", "--format", "csv"
    )
    assert table.returncode == 0 and "Phường Mới" in table.stdout
    # the backup folder itself still works
    again = cli("restore", "--from", first.stdout.strip(), "--db", str(restored), "--force")
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("make", ["missing", "file", "empty"])
def test_restore_from_a_folder_without_a_backup_says_so(tmp_path, make):
    source = tmp_path / "bk"
    if make == "file":
        source.write_text("x")
    elif make == "empty":
        source.mkdir()
    out = cli("restore", "--from", str(source), "--db", str(tmp_path / "r.duckdb"))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    expected = {
        "missing": "không tồn tại",
        "file": "không phải thư mục",
        "empty": "không chứa bản sao lưu nào",
    }
    assert f"Lỗi: thư mục sao lưu {source}" in out.stderr or str(source) in out.stderr
    assert expected[make] in out.stderr
    assert not (tmp_path / "r.duckdb").exists()


def test_translate_keeps_unknown_messages():
    assert cli_help.translate("something new") == "something new"
