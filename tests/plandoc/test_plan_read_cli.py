"""`python -m cchc plan read FILE --format json`: one JSON object, exit 0; exit 2 and one line otherwise."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"  # the five plans, kept in the repository
KEYS = [
    "number",
    "issued_on",
    "issuer",
    "title",
    "period_start",
    "period_end",
    "parent",
    "rules",
    "tasks",
    "unread",
    "units",  # added by issue 12, point 5: the issuer's units the plan names
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc", "plan", "read", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_plan_reads_as_one_json_object(tmp_path):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(
        "UBND PHƯỜNG HOÀNG MAI\nSố: 12/KH-UBND\nHoàng Mai, ngày 05 tháng 01 năm 2027\n\nKẾ HOẠCH\n"
        "Thông tin, tuyên truyền cải cách hành chính năm 2027\n\n"
        "Hằng tháng, có ít nhất 02 tin/bài trên Cổng thông tin điện tử phường.\n",
        encoding="utf-8",
    )
    out = _run(str(plan), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == KEYS
    assert data["number"] == "12/KH-UBND"
    assert data["issued_on"] == "2027-01-05"
    assert data["issuer"] == "UBND phường Hoàng Mai"
    assert (data["period_start"], data["period_end"]) == ("2027-01-01", "2027-12-31")
    assert data["parent"] is None


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("missing.txt", None, "không tìm thấy"),
        ("plan.doc", b"old word", ".docx, .pdf"),
        ("broken.docx", b"PK\x03\x04 not a zip", "hỏng"),
        ("broken.pdf", b"%PDF-1.7\nnot really", "PDF"),
        ("binary.txt", b"\x00\x01\x02", "nhị phân"),
        ("latin1.txt", "Kế hoạch".encode("cp1258", errors="replace") + b"\xff\xfe\xfa", "UTF-8"),
        ("empty.txt", b"  \n\n", "không có chữ"),
    ],
)
def test_an_unreadable_file_exits_2_with_one_vietnamese_line(tmp_path, name, content, says):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = _run(str(path), "--format", "json")
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: "), out.stderr
    assert says in lines[0]
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_text_files_in_the_encodings_editors_save(tmp_path, encoding):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(
        "UBND PHƯỜNG HOÀNG MAI\nSố: 12/KH-UBND\nKẾ HOẠCH\nTuyên truyền CCHC năm 2027\n", encoding=encoding
    )
    out = _run(str(plan), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["issuer"] == "UBND phường Hoàng Mai"


def test_a_bad_format_is_a_usage_error(tmp_path):
    out = _run(str(tmp_path / "x.txt"), "--format", "csv")
    assert out.returncode == 2


def test_help_lists_the_plan_group():
    out = subprocess.run(
        [sys.executable, "-m", "cchc", "plan", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0
    assert "read" in out.stdout
