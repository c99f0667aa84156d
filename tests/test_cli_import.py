"""`python -m cchc import FILE... --db PATH [--dry-run] [--accept-partial]` as a subprocess.

The contract (issue 3, point 7, and README): every problem is printed as
`file: sheet S, dòng R, cột C: message`; exit 0 when all rows went in (a file already imported,
or rows already known, is not an error: exit 0, saying nothing new was added); 1 when rows were
rejected (nothing written unless --accept-partial, and still 1 with it, since not all rows went
in); 2 when a file could not be read at all (the other files of the call are still imported).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cchc import auth, cli_users, db, reference
from cchc.ingest.load import BATCH_ROWS
from tests.ingest import corpus
from tests.ingest.corpus import Sheet, with_openpyxl

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề"]
BOMB = (
    "Tệp có cấu trúc nén bất thường (nghi «bom nén»), không đọc; "
    "hãy mở bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx)."
)


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m cchc import ARGS` (`env`: the environment, default this one)."""
    return subprocess.run(
        [sys.executable, "-m", "cchc", "import", *map(str, args), "--user", "kiểm thử"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def rows(tag: str, n: int) -> list[list[object]]:
    return [["Sở Tư pháp", f"{i + 1:02d}/04/2026", "Cổng TTĐT", f"{tag} {i + 1}"] for i in range(n)]


def xlsx(folder: Path, name: str, *body: list[object]) -> Path:
    path = folder / name
    path.write_bytes(with_openpyxl(Sheet("Tin bài", [HEADER, *body])))
    return path


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A database with the reference data and no items, closed so the CLI can open it."""
    path = tmp_path / "cli.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    con.close()
    return path


def snapshot(path: Path) -> tuple[list[tuple], list[tuple]]:
    """Table checksums and the stored items, read after the CLI has exited."""
    con = db.connect(path, read_only=True)
    try:
        sums = [
            con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {t} as t").fetchone()
            for t in ("units", "quota_rules", "publications", "item_counts", "import_batches")
        ]
        items = con.execute(
            "select p.source_row, p.title, b.file_name, b.imported_by from publications p"
            " join import_batches b using (batch_id) order by b.batch_id, p.source_row"
        ).fetchall()
        return sums, items
    finally:
        con.close()


def batch_of(path: Path, file_name: str) -> int:
    con = db.connect(path, read_only=True)
    try:
        return con.execute("select batch_id from import_batches where file_name = ?", [file_name]).fetchone()[
            0
        ]
    finally:
        con.close()


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_all_rows_in_exit_0_and_a_reimport_says_nothing_new_was_added(database, tmp_path):
    good = xlsx(tmp_path, "tu-phap.xlsx", *rows("Tin Sở Tư pháp", 3))
    empty_before = snapshot(database)

    dry = cli(good, "--db", database, "--dry-run")
    assert (dry.returncode, lines(dry.stdout), dry.stderr) == (0, ["tu-phap.xlsx: sẽ thêm 3 dòng."], "")
    assert snapshot(database) == empty_before

    first = cli(good, "--db", database)
    assert (first.returncode, lines(first.stdout), first.stderr) == (0, ["tu-phap.xlsx: đã thêm 3 dòng."], "")
    after_first = snapshot(database)
    assert after_first[1] == [
        (r, f"Tin Sở Tư pháp {r - 1}", "tu-phap.xlsx", "cli:kiểm thử") for r in (2, 3, 4)
    ]

    known = xlsx(tmp_path, "ban-sao.xlsx", *rows("Tin Sở Tư pháp", 2))  # other bytes, rows already in
    again = cli(good, known, "--db", database)
    assert again.returncode == 0, again.stderr
    batch = batch_of(database, "tu-phap.xlsx")
    assert lines(again.stdout) == [
        f"tu-phap.xlsx: tệp này đã được nhập trước đây (lô {batch}); không thêm gì.",
        "ban-sao.xlsx: 2 dòng đã có sẵn; không có dòng mới.",
    ]
    assert snapshot(database)[1] == after_first[1]


def bad_log(folder: Path) -> Path:
    """Rows 2 and 4 good; row 3 an unknown unit; row 5 a bad date and a legacy-encoded title."""
    good = rows("Tin đúng", 2)
    return xlsx(
        folder,
        "co-loi.xlsx",
        good[0],
        ["Sở Tư Pháp Hải Dương", "03/04/2026", "Cổng TTĐT", "Tin của đơn vị lạ"],
        good[1],
        ["Sở Tư pháp", "30/02/2026", "Cổng TTĐT", "C¶i c¸ch hµnh chÝnh"],
    )


def report(database: Path, path: Path) -> list[str]:
    near = "; ".join(_suggest(database, "Sở Tư Pháp Hải Dương"))
    return [
        f"{path.name}: sheet Tin bài, dòng 3, cột Đơn vị: Không tìm thấy đơn vị «Sở Tư Pháp Hải Dương»"
        f" trong danh mục. Gần giống: {near}.",
        f"{path.name}: sheet Tin bài, dòng 5, cột Ngày đăng: Ngày «30/02/2026» không tồn tại.",
        f"{path.name}: sheet Tin bài, dòng 5, cột Tiêu đề: Văn bản mã TCVN3/VNI, hãy chuyển sang Unicode"
        " (ví dụ bằng Unikey, công cụ chuyển mã).",
    ]


def _suggest(database: Path, name: str) -> list[str]:
    from cchc.ingest.importer import unit_matcher

    con = db.connect(database, read_only=True)
    try:
        return unit_matcher(con).suggest(name)
    finally:
        con.close()


def test_rejected_rows_exit_1_with_the_report_and_nothing_written(database, tmp_path):
    path = bad_log(tmp_path)
    before = snapshot(database)
    out = cli(path, "--db", database)
    assert out.returncode == 1
    assert lines(out.stderr) == report(database, path)
    assert lines(out.stdout) == [
        "co-loi.xlsx: 2 dòng lỗi; chưa ghi gì vào cơ sở dữ liệu (sửa lỗi hoặc chọn 'chỉ nhập các dòng hợp lệ')."
    ]
    assert snapshot(database) == before


def test_accept_partial_writes_the_good_rows_and_still_exits_1(database, tmp_path):
    path = bad_log(tmp_path)
    out = cli(path, "--db", database, "--accept-partial")
    assert out.returncode == 1  # rows were rejected: not every row went in
    assert lines(out.stderr) == report(database, path)
    assert lines(out.stdout) == ["co-loi.xlsx: đã thêm 2 dòng, bỏ qua 2 dòng lỗi."]
    assert snapshot(database)[1] == [
        (2, "Tin đúng 1", "co-loi.xlsx", "cli:kiểm thử"),
        (4, "Tin đúng 2", "co-loi.xlsx", "cli:kiểm thử"),
    ]


def test_an_unreadable_file_exits_2_and_the_other_files_still_import(database, tmp_path):
    bomb = tmp_path / "bom.xlsx"
    bomb.write_bytes(corpus.zip_bomb())
    missing = tmp_path / "khong-co.xlsx"
    good = xlsx(tmp_path, "tot.xlsx", *rows("Tin sau tệp hỏng", 2))
    out = cli(bomb, missing, good, "--db", database)
    assert out.returncode == 2
    assert lines(out.stderr) == [
        f"bom.xlsx: {BOMB}",
        "khong-co.xlsx: Không đọc được tệp: không tìm thấy tệp hoặc thư mục.",
    ]
    assert lines(out.stdout) == [
        "bom.xlsx: không đọc được tệp; không ghi gì.",
        "khong-co.xlsx: không đọc được tệp; không ghi gì.",
        "tot.xlsx: đã thêm 2 dòng.",
    ]
    assert [title for _, title, _, _ in snapshot(database)[1]] == ["Tin sau tệp hỏng 1", "Tin sau tệp hỏng 2"]


def test_a_cli_import_is_recorded_and_audited_as_the_marked_os_user(database, tmp_path):
    good = xlsx(tmp_path, "tu-phap.xlsx", *rows("Tin Sở Tư pháp", 2))
    done = subprocess.run(
        [sys.executable, "-m", "cchc", "import", str(good), "--db", str(database)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    who = cli_users.cli_who()
    assert who.startswith("cli:")
    assert {row[3] for row in snapshot(database)[1]} == {who}
    con = db.connect(database, read_only=True)
    try:
        audit = db.run(con, "auth/audit_list", {"limit": 10})
    finally:
        con.close()
    assert audit[["username", "action", "detail"]].values.tolist() == [
        [who, "import", "tu-phap.xlsx: imported, thêm 2"]
    ]
    with pytest.raises(auth.AuthError):  # no account can ever be named like a CLI import
        auth.create_user(
            db.connect(tmp_path / "other.duckdb"),
            username=who,
            display_name="",
            role="city",
            password="mat-khau-du-dai-1",
            created_by="t",
        )


def test_the_benchs_full_slice_goes_into_a_new_database_within_the_clis_memory(database, tmp_path):
    """A log of a full slice (100,000 rows) into a new database: the insert must fit in the memory
    the CLI gives DuckDB (cchc.__main__.IMPORT_MEMORY). On 30/11 an insert bounded by constant
    dates ran out of it on exactly this file (the bench's log, bench/bench_read.py); the bench
    found it, no test did."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_read import build  # the bench's log writer: what found the failure

    path = tmp_path / "log.xlsx"
    build(path, BATCH_ROWS, inline=False)
    done = cli(path, "--db", database, "--accept-partial")
    assert "Out of Memory" not in done.stdout + done.stderr, done.stdout[-800:]
    assert done.returncode == 1, done.stdout[-800:]  # its 1 % of rows refused, still exit 1
    assert "log.xlsx: đã thêm 99000 dòng, bỏ qua 1000 dòng lỗi." in done.stdout, done.stdout[-800:]
    again = cli(path, "--db", database, "--accept-partial")  # nothing added twice
    assert "log.xlsx: tệp này đã được nhập trước đây" in again.stdout, again.stdout[-800:]


def test_a_cli_import_loads_no_pandas_not_even_to_open_the_database(database, tmp_path):
    """The import works in Arrow (cchc.lean): pandas, 0.25 s of a 100k-row import, is never loaded,
    although DuckDB loads it before binding any parameter when it can (the database's opening too)."""
    good = xlsx(tmp_path, "tu-phap.xlsx", *rows("Tin Sở Tư pháp", 2))
    code = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: print('pandas loaded:', 'pandas' in sys.modules))\n"
        f"sys.argv = ['cchc', 'import', {str(good)!r}, '--db', {str(database)!r}]\n"
        "runpy.run_module('cchc', run_name='__main__', alter_sys=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert lines(done.stdout) == ["tu-phap.xlsx: đã thêm 2 dòng.", "pandas loaded: False"]
