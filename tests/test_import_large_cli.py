"""A log of a full slice (100,000 rows) into a new database through the command line, which holds
DuckDB to cchc.__main__.IMPORT_MEMORY: the insert must fit in it. On 30/11 a query that bounded
the known-row search by constant dates ran out of that memory on exactly this file (the bench's
log, bench/bench_read.py); the bench found it, no test did. The real CLI in its own process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cchc.ingest.load import BATCH_ROWS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_read import build  # noqa: E402  (the bench's log writer: what found the failure)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_the_benchs_full_slice_goes_into_a_new_database_within_the_clis_memory(tmp_path: Path) -> None:
    path = tmp_path / "log.xlsx"
    build(path, BATCH_ROWS, inline=False)
    target = tmp_path / "moi.duckdb"
    assert cli("init", "--db", str(target)).returncode == 0
    done = cli("import", "--accept-partial", "--db", str(target), str(path))
    assert "Out of Memory" not in done.stdout + done.stderr, done.stdout[-800:]
    assert done.returncode == 1, done.stdout[-800:]  # its 1% of rows refused (README: exit codes)
    assert "log.xlsx: đã thêm 99000 dòng, bỏ qua 1000 dòng lỗi." in done.stdout, done.stdout[-800:]
    again = cli("import", "--accept-partial", "--db", str(target), str(path))  # nothing added twice
    assert "log.xlsx: tệp này đã được nhập trước đây" in again.stdout, again.stdout[-800:]
