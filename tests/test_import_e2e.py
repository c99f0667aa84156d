"""End to end: real .xlsx files through `importer.import_files` into a real DuckDB file.

Every bad input gets its exact message (with sheet, row and column where there is one) and
leaves the database as it was: a checksum of every table, and the bytes of the database
file, are compared before and after. Then the guarantees of issue 3: partial files, re-imports,
overlapping files, undo, dry runs, and DuckDB's silent rollback at COMMIT.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import random
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import PHUC_LOI

from cchc.ingest import importer, load
from cchc.periods import parse_period
from cchc.quotas import counts
from cchc.quotas.fulfillment import fulfillment
from tests.ingest import corpus
from tests.ingest.corpus import Sheet, with_openpyxl, with_xlsxwriter

TABLES = ("units", "quota_rules", "publications", "item_counts", "import_batches")
HEADER = ["STT", "Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề", "Đường dẫn"]
SAVE = "hãy mở bằng Excel và lưu lại dưới dạng Excel Workbook (.xlsx)."
BOMB = f"Tệp có cấu trúc nén bất thường (nghi «bom nén»), không đọc; {SAVE}"
DTD = "Tệp chứa khai báo DOCTYPE/ENTITY trong XML (có thể là tệp độc hại), không đọc."
NEED = "Cần các cột: Đơn vị, Ngày đăng, Tiêu đề (có thể thêm: Kênh đăng, Loại tin, Đường dẫn, Trạng thái)."
LEGACY = "Văn bản mã TCVN3/VNI, hãy chuyển sang Unicode (ví dụ bằng Unikey, công cụ chuyển mã)."
FORMULA = "Ô có công thức nhưng chưa có giá trị đã tính; hãy mở tệp bằng Excel, lưu lại rồi tải lên lại."
AS_OF = date(2026, 11, 23)


# --- state of the database ------------------------------------------------------------


def table_checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """count(*) and the sum of every row's hash, for every table (at least the five that matter)."""
    names = [
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' and not temporary"
            " order by table_name"
        ).fetchall()
    ]
    assert set(TABLES) <= set(names)
    return {
        t: con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {t} as t").fetchone() for t in names
    }


def file_digests(folder: Path) -> dict[str, str]:
    """The database file (and its WAL, if any), byte for byte."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("test.duckdb*"))}


def state(con: duckdb.DuckDBPyConnection, folder: Path) -> tuple[dict, dict]:
    return table_checksums(con), file_digests(folder)


def counted(con: duckdb.DuckDBPyConnection, table: str) -> tuple:
    return con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {table} as t").fetchone()


# --- files ------------------------------------------------------------------------------


def good_rows(tag: str, numbers: range) -> list[list[object]]:
    """Rows of phường Phúc Lợi's own portal in March 2026, titles unique to `tag`."""
    return [
        [
            i,
            "UBND phường Phúc Lợi",
            f"{i % 28 + 1:02d}/03/2026",
            "Cổng TTĐT",
            f"{tag}: tin số {i}",
            f"https://phucloi.hanoi.gov.vn/{tag.replace(' ', '-')}/{i}",
        ]
        for i in numbers
    ]


def log(tag: str, numbers: range, *extra: list[object]) -> bytes:
    return with_openpyxl(Sheet("Tin bài", [HEADER, *good_rows(tag, numbers), *extra]))


def small() -> bytes:
    return with_xlsxwriter(Sheet("Tin bài", [HEADER, *good_rows("nhỏ", range(1, 3))]))


def oversize() -> bytes:
    """A real workbook carrying 129 MB of incompressible media (the limit holds a 1M-row log)."""
    src = zipfile.ZipFile(io.BytesIO(small()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("xl/media/image1.png", random.Random(3).randbytes(129 * 2**20))
    return out.getvalue()


def far_cell(ref: str = "XFD1048576") -> bytes:
    """One value in the last cell of the sheet: the reader would allocate 17 billion cells."""
    base = small()
    letters = ref.rstrip("0123456789")
    row = ref[len(letters) :]
    sheet = corpus.part(base, "xl/worksheets/sheet1.xml").replace(
        b"</sheetData>", f'<row r="{row}"><c r="{ref}"><v>1</v></c></row></sheetData>'.encode()
    )
    return corpus.rezip(base, replace={"xl/worksheets/sheet1.xml": sheet})


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def seeded(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """The `con` database (its file is tmp_path/test.duckdb) holding one imported log."""
    run = importer.import_files(
        con, [write(tmp_path / "in", "co-san.xlsx", log("có sẵn", range(1, 6)))], who="t"
    )
    assert run.results[0].added == 5
    con.execute("checkpoint")
    return con, tmp_path


# --- unreadable files: one fatal problem, exit 2, nothing changes ----------------------------

FATAL: list[tuple[str, Callable[[], bytes], str, str | None, str]] = [
    ("empty file", lambda: b"", "nhat-ky.xlsx", None, "Tệp rỗng."),
    (
        "workbook without cells",
        lambda: with_xlsxwriter(Sheet("Sheet1", []), Sheet("Sheet2", [])),
        "nhat-ky.xlsx",
        None,
        "Tệp không có dữ liệu (mọi trang tính đều trống hoặc bị ẩn).",
    ),
    ("over-size", oversize, "nhat-ky.xlsx", None, "Tệp quá lớn (129.0 MB); giới hạn là 128.0 MB."),
    (
        "CSV renamed .xlsx",
        corpus.csv_log,
        "nhat-ky.xlsx",
        None,
        f"Tệp không phải bảng tính Excel .xlsx (có thể là tệp CSV/văn bản đổi đuôi); {SAVE}",
    ),
    (
        "PDF renamed .xlsx",
        lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        "nhat-ky.xlsx",
        None,
        f"Tệp là PDF, không phải bảng tính; {SAVE}",
    ),
    (
        "legacy .xls renamed .xlsx",
        lambda: corpus.ole(encrypted=False),
        "nhat-ky.xlsx",
        None,
        f"Tệp ở định dạng .xls cũ; {SAVE}",
    ),
    (
        ".xlsm with macros",
        corpus.with_vba,
        "nhat-ky.xlsm",
        None,
        f"Tệp có macro (.xlsm) không được nhận; {SAVE}",
    ),
    (
        "macros renamed .xlsx",
        corpus.with_vba,
        "nhat-ky.xlsx",
        None,
        f"Tệp có macro (VBA) không được nhận; {SAVE}",
    ),
    (
        "encrypted (OLE with EncryptedPackage)",
        lambda: corpus.ole(encrypted=True),
        "nhat-ky.xlsx",
        None,
        "Tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi lưu lại và tải lên.",
    ),
    ("zip bomb (ratio 1000:1)", corpus.zip_bomb, "nhat-ky.xlsx", None, BOMB),
    ("too many entries", corpus.many_entries, "nhat-ky.xlsx", None, BOMB),
    (
        "zip directory lies about sizes",
        corpus.lying_sizes,
        "nhat-ky.xlsx",
        None,
        f"Tệp bị hỏng hoặc khai báo sai kích thước nén (nghi «bom nén»), không đọc; {SAVE}",
    ),
    ("XML entity bomb", corpus.entity_bomb, "nhat-ky.xlsx", None, DTD),
    ("DOCTYPE behind a comment", corpus.comment_hidden_doctype, "nhat-ky.xlsx", None, DTD),
    (
        "one value in XFD1048576",
        far_cell,
        "nhat-ky.xlsx",
        None,
        "Tệp có ô dữ liệu nằm rất xa bảng (tới ô XFD1048576), phải đọc tới 17.179.869.184 ô; hãy xóa các"
        " hàng, cột thừa ngoài bảng (Ctrl+End cho biết ô cuối cùng) rồi lưu lại và tải lên.",
    ),
    (
        "unrecognised header set",
        corpus.no_header_log,
        "nhat-ky.xlsx",
        "Sheet1",
        f"Không tìm thấy dòng tiêu đề cột (đã xem 2 dòng đầu). {NEED}",
    ),
    (
        "header without the required columns",
        lambda: with_xlsxwriter(Sheet("Tin bài", [["Đơn vị", "Ghi chú"], ["Phường Phúc Lợi", "x"]])),
        "nhat-ky.xlsx",
        "Tin bài",
        f"Dòng tiêu đề cột (dòng 1) thiếu cột bắt buộc: Ngày đăng, Tiêu đề. Đã thấy: «Đơn vị», «Ghi chú». {NEED}",
    ),
]


@pytest.mark.parametrize(
    ("build", "name", "sheet", "message"), [c[1:] for c in FATAL], ids=[c[0] for c in FATAL]
)
def test_unreadable_file_gets_its_message_and_changes_nothing(seeded, build, name, sheet, message):
    con, folder = seeded
    path = write(folder / "in", name, build())
    before = state(con, folder)
    run = importer.import_files(con, [path], who="t")
    (outcome,) = run.outcomes
    assert outcome.result is None and outcome.parsed is None
    assert [(p.file, p.sheet, p.row, p.column, p.message, p.severity) for p in outcome.problems] == [
        (name, sheet, None, None, message, "fatal")
    ]
    assert run.exit_code == 2
    assert state(con, folder) == before


def test_an_unreadable_file_does_not_stop_the_others(seeded):
    con, folder = seeded
    bad = write(folder / "in", "hong.xlsx", corpus.zip_bomb())
    good = write(folder / "in", "tot.xlsx", log("tiếp theo", range(1, 4)))
    missing = folder / "in" / "khong-co.xlsx"
    run = importer.import_files(con, [bad, missing, good], who="t")
    assert [o.fatal is not None for o in run.outcomes] == [True, True, False]
    assert run.outcomes[1].fatal.message == "Không đọc được tệp: không tìm thấy tệp hoặc thư mục."
    assert run.outcomes[2].result.outcome == "imported" and run.outcomes[2].result.added == 3
    assert run.exit_code == 2


# --- rows that cannot go in: exact sheet, row, column and message; nothing written ----------

GOOD = good_rows("tốt", range(1, 2))[0]  # row 2 of every file below: a good row that must not go in
ROWS: list[tuple[str, list[list[object]], list[tuple[int, str, str]]]] = [
    (
        "TCVN3 and VNI mojibake",
        [
            [2, "UBND phường Phúc Lợi", "03/03/2026", "Cổng TTĐT", "C¶i c¸ch hµnh chÝnh", None],
            [3, "Phöôøng Phuùc Lôïi", "03/03/2026", "Cổng TTĐT", "Tin VNI", None],
        ],
        [(3, "Tiêu đề", LEGACY), (4, "Đơn vị", LEGACY)],
    ),
    (
        "formula without a cached value",
        [[2, "UBND phường Phúc Lợi", "=TODAY()", "Cổng TTĐT", '=CONCATENATE("Tin ","bài")', None]],
        [(3, "Ngày đăng", FORMULA), (3, "Tiêu đề", FORMULA)],
    ),
    (
        "unknown unit",
        [[2, "UBND phường Phúc Lộc", "03/03/2026", "Cổng TTĐT", "Tin của đơn vị lạ", None]],
        [(3, "Đơn vị", "Không tìm thấy đơn vị «UBND phường Phúc Lộc» trong danh mục. Gần giống: {near}.")],
    ),
    (
        "bad dates",
        [
            [2, "UBND phường Phúc Lợi", "31/02/2026", "Cổng TTĐT", "a", None],
            [3, "UBND phường Phúc Lợi", "hôm qua", "Cổng TTĐT", "b", None],
            [4, "UBND phường Phúc Lợi", "15/06/1999", "Cổng TTĐT", "c", None],
        ],
        [
            (3, "Ngày đăng", "Ngày «31/02/2026» không tồn tại."),
            (4, "Ngày đăng", "Ngày «hôm qua» không đọc được; hãy ghi ngày/tháng/năm, ví dụ 05/03/2026."),
            (5, "Ngày đăng", "Ngày «15/06/1999» có năm 1999 nằm ngoài khoảng 2000–2100."),
        ],
    ),
]


@pytest.mark.parametrize(("rows", "expected"), [c[1:] for c in ROWS], ids=[c[0] for c in ROWS])
def test_rejected_rows_are_reported_and_nothing_is_written(seeded, rows, expected):
    con, folder = seeded
    near = "; ".join(importer.unit_matcher(con).suggest("UBND phường Phúc Lộc"))
    assert near.startswith("Phường Phúc Lợi; ") and near.count("; ") == 2  # three suggestions, best first
    path = write(folder / "in", "loi.xlsx", with_openpyxl(Sheet("Tin bài", [HEADER, GOOD, *rows])))
    before = state(con, folder)
    run = importer.import_files(con, [path], who="t")
    (outcome,) = run.outcomes
    errors = [(p.sheet, p.row, p.column, p.message) for p in outcome.problems if p.severity == "error"]
    assert errors == [
        ("Tin bài", row, column, message.format(near=near)) for row, column, message in expected
    ]
    assert outcome.result.outcome == "rejected" and outcome.result.added == 0
    assert outcome.result.rejected == len({row for row, _, _ in expected})
    assert outcome.result.message == (
        f"loi.xlsx: {outcome.result.rejected} dòng lỗi; chưa ghi gì vào cơ sở dữ liệu"
        " (sửa lỗi hoặc chọn 'chỉ nhập các dòng hợp lệ')."
    )
    assert run.exit_code == 1
    assert state(con, folder) == before


# --- partial files ----------------------------------------------------------------------------


def mixed_log() -> bytes:
    """Good rows 2, 4, 6; an unknown unit on row 3 and a bad date on row 5."""
    good = good_rows("một phần", range(1, 4))
    return with_openpyxl(
        Sheet(
            "Tin bài",
            [
                HEADER,
                good[0],
                [9, "Phường Không Có", "04/03/2026", "Cổng TTĐT", "lạ", None],
                good[1],
                [9, "UBND phường Phúc Lợi", "32/03/2026", "Cổng TTĐT", "sai ngày", None],
                good[2],
            ],
        )
    )


def batch_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> list[tuple]:
    return con.execute(
        "select source_sheet, source_row, title from publications where batch_id = ? order by source_row",
        [batch_id],
    ).fetchall()


def test_bad_rows_without_accept_partial_write_nothing_and_with_it_exactly_the_good_rows(seeded):
    con, folder = seeded
    path = write(folder / "in", "mot-phan.xlsx", mixed_log())
    before = state(con, folder)
    refused = importer.import_files(con, [path], who="t")
    assert refused.outcomes[0].result.outcome == "rejected" and refused.exit_code == 1
    assert state(con, folder) == before

    run = importer.import_files(con, [path], who="t", accept_partial=True)
    result = run.results[0]
    assert (result.outcome, result.rows_total, result.added, result.known, result.rejected) == (
        "partial",
        5,
        3,
        0,
        2,
    )
    assert result.message == "mot-phan.xlsx: đã thêm 3 dòng, bỏ qua 2 dòng lỗi."
    assert run.exit_code == 1  # rows were rejected, even though the good ones went in (issue 3, point 7)
    assert batch_rows(con, result.batch_id) == [
        ("Tin bài", 2, "một phần: tin số 1"),
        ("Tin bài", 4, "một phần: tin số 2"),
        ("Tin bài", 6, "một phần: tin số 3"),
    ]
    batch = con.execute(
        "select file_name, rows_total, rows_added, rows_known, rows_rejected, imported_by, sha256"
        " from import_batches where batch_id = ?",
        [result.batch_id],
    ).fetchone()
    assert batch == ("mot-phan.xlsx", 5, 3, 0, 2, "t", hashlib.sha256(path.read_bytes()).hexdigest())
    assert counted(con, "publications")[0] == before[0]["publications"][0] + 3


def test_corpus_file_with_a_problem_on_every_row_keeps_exactly_the_rows_without_errors(seeded):
    con, folder = seeded
    path = write(folder / "in", "nhieu-loi.xlsx", corpus.bad_rows_log())
    run = importer.import_files(con, [path], who="t", accept_partial=True)
    (outcome,) = run.outcomes
    errors = {p.row for p in outcome.problems if p.severity == "error"}
    kept = {r[1] for r in batch_rows(con, outcome.result.batch_id)}
    assert kept and not kept & errors
    assert kept | errors == set(range(2, 21))  # every data row is either imported or reported
    assert outcome.result.added == len(kept) and outcome.result.rejected == len(errors)


# --- re-imports, overlaps, undo ----------------------------------------------------------------


def test_reimporting_the_same_bytes_adds_nothing_even_under_another_name(seeded):
    con, folder = seeded
    data = log("lại", range(1, 4))
    first = importer.import_files(con, [write(folder / "in", "lan-1.xlsx", data)], who="t").results[0]
    assert first.outcome == "imported" and first.added == 3
    before = state(con, folder)
    for name in ("lan-1.xlsx", "ban-sao.xlsx"):
        run = importer.import_files(con, [write(folder / "in", name, data)], who="t")
        again = run.results[0]
        assert (again.outcome, again.added, again.batch_id) == ("already_imported", 0, first.batch_id)
        assert (
            again.message == f"{name}: tệp này đã được nhập trước đây (lô {first.batch_id}); không thêm gì."
        )
        assert run.exit_code == 0
        assert state(con, folder) == before


def test_an_overlapping_file_adds_only_its_new_rows(seeded):
    con, folder = seeded
    # Rows 4 and 5 of the seeded file, typed differently (NFD, spaces, a real date cell, www.),
    # one of them twice, then two new rows.
    seeded = good_rows("có sẵn", range(4, 6))
    retyped = [
        [
            1,
            "P. Phúc Lợi",
            date(2026, 3, 5),
            "Cổng thông tin điện tử",
            corpus.nfd("  CÓ SẴN: tin số 4 "),
            None,
        ],
        [
            2,
            seeded[1][1],
            seeded[1][2],
            seeded[1][3],
            seeded[1][4],
            "https://www.phucloi.hanoi.gov.vn/có-sẵn/5/",
        ],
        [3, seeded[1][1], seeded[1][2], seeded[1][3], seeded[1][4], seeded[1][5]],
    ]
    retyped[0][5] = seeded[0][5]
    path = write(folder / "in", "chong-lan.xlsx", log("mới", range(1, 3), *retyped))
    before = counted(con, "publications")[0]
    run = importer.import_files(con, [path], who="t")
    result = run.results[0]
    assert (result.outcome, result.rows_total, result.added, result.known) == ("imported", 5, 2, 3)
    assert result.message == "chong-lan.xlsx: đã thêm 2 dòng, 3 dòng đã có sẵn."
    assert run.exit_code == 0
    assert counted(con, "publications")[0] == before + 2
    stored = con.execute(
        "select rows_added, rows_known from import_batches where batch_id = ?", [result.batch_id]
    )
    assert stored.fetchone() == (2, 3)

    only_known = write(folder / "in", "da-co.xlsx", log("có sẵn", range(1, 4)))
    run = importer.import_files(con, [only_known], who="t")
    assert (run.results[0].outcome, run.results[0].added, run.results[0].known) == ("nothing_new", 0, 3)
    assert run.results[0].message == "da-co.xlsx: 3 dòng đã có sẵn; không có dòng mới."
    assert run.exit_code == 0


def march(con: duckdb.DuckDBPyConnection):
    return fulfillment(con, parse_period("2026-03"), AS_OF, [PHUC_LOI])


def test_undo_removes_exactly_one_batch_and_the_fulfillment_returns_to_before(seeded):
    con, folder = seeded
    publications, item_counts, figures = counted(con, "publications"), counted(con, "item_counts"), march(con)
    path = write(folder / "in", "hoan-tac.xlsx", log("hoàn tác", range(1, 5)))
    result = importer.import_files(con, [path], who="t").results[0]
    assert result.added == 4
    assert not march(con).equals(figures)  # the batch moved the numbers…

    assert load.undo_batch(con, result.batch_id, "người hoàn tác") == 4
    assert counted(con, "publications") == publications
    assert counted(con, "item_counts") == item_counts
    assert march(con).equals(figures)  # …and undoing it moves them back
    undone = con.execute(
        "select undone_by, undone_at is not null from import_batches where batch_id = ?", [result.batch_id]
    )
    assert undone.fetchone() == ("người hoàn tác", True)
    seeded = con.execute("select count(*) from publications where title like 'có sẵn:%'").fetchone()[0]
    assert seeded == 5  # the other batch is untouched

    again = importer.import_files(con, [path], who="t").results[0]  # an undone file can come back
    assert (again.outcome, again.added) == ("imported", 4)


def test_undo_while_another_cursor_is_mid_read_succeeds(seeded):
    """DuckDB refuses the CHECKPOINT after the undo's COMMIT while a reader holds an older snapshot."""
    con, folder = seeded
    result = importer.import_files(
        con, [write(folder / "in", "doc.xlsx", log("đọc", range(1, 3)))], who="t"
    ).results[0]
    reader = con.cursor()
    reader.execute("select * from publications").fetchone()  # another session, half-way through a result
    assert load.undo_batch(con, result.batch_id, "t") == 2
    assert reader.execute("select count(*) from publications").fetchall() == [(5,)]
    reader.close()


def test_dry_run_reports_what_would_happen_and_writes_nothing(seeded):
    con, folder = seeded
    path = write(folder / "in", "thu.xlsx", log("thử", range(1, 4), *good_rows("có sẵn", range(1, 2))))
    before = state(con, folder)
    run = importer.import_files(con, [path], who="t", dry_run=True)
    preview = run.results[0]
    assert (preview.outcome, preview.added, preview.known, preview.batch_id) == ("dry_run", 3, 1, None)
    assert preview.message == "thu.xlsx: sẽ thêm 3 dòng, 1 dòng đã có sẵn."
    assert run.exit_code == 0
    partial = importer.import_files(
        con, [write(folder / "in", "mot-phan.xlsx", mixed_log())], who="t", dry_run=True, accept_partial=True
    ).results[0]
    assert (partial.outcome, partial.added, partial.rejected) == ("dry_run", 3, 2)
    assert state(con, folder) == before
    real = importer.import_files(con, [path], who="t").results[0]
    assert (real.outcome, real.added, real.known) == ("imported", preview.added, preview.known)


# --- DuckDB transactions -------------------------------------------------------------------------


class _Cursor:
    """A real cursor that runs `before_commit(cursor)` just before COMMIT reaches DuckDB."""

    def __init__(self, real: duckdb.DuckDBPyConnection, before_commit: Callable) -> None:
        self._real, self._before_commit = real, before_commit

    def execute(self, sql: str, *args):
        if sql.strip().lower() == "commit":
            self._before_commit(self._real)
        return self._real.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._real, name)


class _Connection:
    def __init__(self, real: duckdb.DuckDBPyConnection, before_commit: Callable) -> None:
        self._real, self._before_commit = real, before_commit

    def cursor(self) -> _Cursor:
        return _Cursor(self._real.cursor(), self._before_commit)

    def __getattr__(self, name: str):
        return getattr(self._real, name)


def _swallowed_error(cur: duckdb.DuckDBPyConnection) -> None:
    """An error inside the transaction that someone caught: DuckDB's COMMIT then rolls back silently."""
    with contextlib.suppress(duckdb.Error):
        cur.execute("select error('lỗi bị nuốt mất')")


def _failing_commit(cur: duckdb.DuckDBPyConnection) -> None:
    raise duckdb.ConstraintException('Duplicate key "item_id: 1" violates primary key constraint.')


def test_duckdb_silent_rollback_at_commit_is_detected(seeded):
    con, folder = seeded
    assert con.execute("select 1").fetchall()  # the connection works before…
    path = write(folder / "in", "im-lang.xlsx", log("im lặng", range(1, 4)))
    before = state(con, folder)
    run = importer.import_files(_Connection(con, _swallowed_error), [path], who="t")
    assert run.exit_code == 2 and not run.results
    assert re.search(r"Sau khi ghi chỉ thấy 0/3 dòng của lô \d+\.", run.outcomes[0].fatal.message)
    assert state(con, folder) == before
    assert importer.import_files(con, [path], who="t").results[0].added == 3  # …and after


def test_an_error_raised_by_commit_rolls_back(seeded):
    con, folder = seeded
    path = write(folder / "in", "commit.xlsx", log("commit", range(1, 4)))
    before = state(con, folder)
    run = importer.import_files(_Connection(con, _failing_commit), [path], who="t")
    assert run.exit_code == 2 and not run.results
    assert re.search(r"Cơ sở dữ liệu từ chối lô nhập: .*Duplicate key", run.outcomes[0].fatal.message)
    assert state(con, folder) == before
    assert importer.import_files(con, [path], who="t").results[0].added == 3


@pytest.mark.parametrize(
    ("failure", "raised"),
    [
        (lambda cur, units: cur.execute("select error('ổ đĩa đầy')"), load.ImportFailed),
        (lambda cur, units: cur.execute("insert into units (code) values (null)"), load.ImportFailed),
        (lambda cur, units: 1 / 0, ZeroDivisionError),
    ],
    ids=["duckdb error", "constraint violation", "python error"],
)
def test_a_failure_mid_transaction_rolls_back_and_the_next_import_works(seeded, monkeypatch, failure, raised):
    con, folder = seeded
    path = write(folder / "in", "giua-chung.xlsx", log("giữa chừng", range(1, 4)))
    before = state(con, folder)
    monkeypatch.setattr(counts, "refresh", failure)  # after the rows are inserted, before COMMIT
    if raised is load.ImportFailed:  # the database refused: reported as the file's fatal problem
        run = importer.import_files(con, [path], who="t")
        assert run.exit_code == 2 and "Không ghi được vào cơ sở dữ liệu" in run.outcomes[0].fatal.message
    else:  # a bug in our code is not dressed up as a user error
        with pytest.raises(raised):
            importer.import_files(con, [path], who="t")
    assert state(con, folder) == before
    monkeypatch.undo()
    result = importer.import_files(con, [path], who="t").results[0]
    assert (result.outcome, result.added) == ("imported", 3)
