"""`python -m cchc import` of a log read in slices (forced small here: CCHC_SLICE_BYTES=0,
CCHC_SLICE_ROWS=64) writes what the whole read writes, and nothing when a row of the last
slice is bad: every problem is known before the first row is written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.ingest.corpus import Sheet, with_xlsxwriter
from tests.test_cli_import import HEADER, database, lines, snapshot
from tests.test_cli_import import cli as import_cli

__all__ = ["database"]  # the fixture, used by name


def cli(*args: str | Path, sliced: bool) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if sliced:
        env.update(CCHC_SLICE_BYTES="0", CCHC_SLICE_ROWS="64")
    return import_cli(*args, env=env)


def rows(tag: str, n: int) -> list[list[object]]:
    return [["Sở Tư pháp", f"{i % 28 + 1:02d}/04/2026", "Cổng TTĐT", f"{tag} {i + 1}"] for i in range(n)]


def log(folder: Path, name: str, body: list[list[object]]) -> Path:
    path = folder / name
    path.write_bytes(with_xlsxwriter(Sheet("Tin bài", [["BÁO CÁO"], HEADER, *body])))
    return path


def test_a_bad_row_in_the_last_slice_leaves_the_database_unchanged(database, tmp_path):
    body = rows("Tin", 300)
    body[297] = ["Sở Không Có", "03/04/2026", "Cổng TTĐT", "Tin của đơn vị lạ"]  # Excel row 300
    path = log(tmp_path, "lon.xlsx", body)
    before = snapshot(database)
    sliced, whole = cli(path, "--db", database, sliced=True), cli(path, "--db", database, sliced=False)
    assert sliced.returncode == whole.returncode == 1
    assert (
        lines(sliced.stdout)
        == lines(whole.stdout)
        == [
            "lon.xlsx: 1 dòng lỗi; chưa ghi gì vào cơ sở dữ liệu (sửa lỗi hoặc chọn 'chỉ nhập các dòng hợp lệ')."
        ]
    )
    assert lines(sliced.stderr) == lines(whole.stderr)
    assert lines(sliced.stderr)[0].startswith("lon.xlsx: sheet Tin bài, dòng 300, cột Đơn vị: Không tìm thấy")
    assert snapshot(database) == before


def test_a_log_imported_in_slices_writes_the_rows_of_a_whole_import(database, tmp_path):
    path = log(tmp_path, "lon.xlsx", rows("Tin", 300))
    out = cli(path, "--db", database, sliced=True)
    assert (out.returncode, lines(out.stdout), out.stderr) == (0, ["lon.xlsx: đã thêm 300 dòng."], "")
    items = snapshot(database)[1]
    assert items == [(r, f"Tin {r - 2}", "lon.xlsx", "cli:kiểm thử") for r in range(3, 303)]
