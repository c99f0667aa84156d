"""Fuzz: malformed workbooks through `importer.import_bytes` into a real DuckDB database.

Each example is a real workbook (openpyxl or xlsxwriter, or a CSV) with random sheet layouts
and cell values (formulas, huge strings, control characters, NFD, mojibake, dates of every
kind), then possibly damaged: bytes flipped, inserted or cut off, or one part of the zip
rewritten (nasty XML snippets, truncated or missing parts, odd cell references). After every
attempt:

- no exception escaped: the file is either refused as a whole (one 'fatal' problem) or read
  into good rows and reported problems, every data row being exactly one of the two;
- no partial import: either the batch is in the database whole (its rows, its counts, the
  derived counts consistent) or every table's checksum equals the one before the attempt.

A quick run (60 examples) is part of the normal suite. The long run:

    CCHC_FUZZ=1 .venv/bin/python -m pytest tests/test_import_fuzz.py -m slow --hypothesis-show-statistics

CCHC_FUZZ_EXAMPLES=N changes the default of 5,000 examples.
"""

from __future__ import annotations

import io
import os
import random
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cchc import db, reference
from cchc.ingest import importer
from tests.ingest import corpus
from tests.ingest.corpus import Sheet, with_openpyxl, with_xlsxwriter

LONG_RUN = os.environ.get("CCHC_FUZZ") == "1" or os.environ.get("CCHC_SLOW") == "1"
TABLES = ("units", "quota_rules", "publications", "item_counts", "import_batches")

# --- cell values --------------------------------------------------------------------------------

UNITS = [
    "UBND phường Phúc Lợi",
    "Phường Bạch Mai",
    "Sở Tư pháp",
    "P. Phúc Lợi",
    "Sở KH&CN",
    "Văn phòng HĐND và UBND (Phường Phúc Lợi)",
]
DATES: list[object] = [
    "05/3/2026",
    "2026-03-05",
    "5-3-2026",
    "05.03.2026",
    "46101",
    46101,
    46101.75,
    date(2026, 4, 1),
    datetime(2026, 5, 2, 9, 30),
]
CHANNELS = ["Cổng TTĐT", "Trang CCHC Thành phố", "Đài truyền thanh", "Zalo", "Facebook", "Website"]
KINDS = ["Tin", "Bài chuyên sâu", "Chính luận", "Phóng sự"]
STATUSES = ["Đã gửi", "Đã đăng", "Không đăng", "Được đăng tải"]
URLS = [
    "https://caicachhanhchinh.hanoi.gov.vn/a",
    "https://www.facebook.com/phucloi/posts/1",
    "https://zalo.me/x",
]
WRONG: dict[str, list[object]] = {  # values of the column's kind that must be rejected (or dropped)
    "unit": ["Phường Phúc Lộc", "Xã Không Tồn Tại"],
    "date": ["31/02/2026", "hôm qua", "15/06/1999", -3, 2_958_466],  # the last: past Excel's last day
    "channel": ["Báo giấy"],
    "item_kind": ["???"],
    "title": ["Tổng cộng", "Cộng: 12"],
    "url": ["xem trên trang", "ftp://x"],
    "status": ["Đang xem xét"],
    "other": ["Tiêu đề"],
}
FORMULAS = [
    "=1/0",
    "=A1",
    '=CONCATENATE("Tin ","bài")',
    "=NOW()",
    "=",
    "=+-",
    "=SUM(A1:XFD1048576)",
    "=#REF!",
]
MOJIBAKE = [
    "C¶i c¸ch hµnh chÝnh",  # TCVN3 read as Latin-1
    "Phöôøng Phuùc Lôïi",  # VNI read as Latin-1
    "Ph\u00adêng Phóc Lîi",
    "PhÆ°á»\x9dng PhÃºc Lá»£i",  # UTF-8 read as cp1252
]
SPELLINGS = {
    "unit": ["Đơn vị", "Tên đơn vị", "Cơ quan", "ĐƠN VỊ THỰC HIỆN"],
    "date": ["Ngày", "Ngày đăng", "Ngày gửi", "Thời gian", "Ngày đăng (dd/mm/yyyy)"],
    "channel": ["Kênh", "Kênh đăng", "Nơi đăng", "Hình thức tuyên truyền"],
    "item_kind": ["Loại", "Loại tin", "Thể loại"],
    "title": ["Tiêu đề", "Tên tin bài", "Tên tin, bài", "Nội dung"],
    "url": ["Đường dẫn", "Link", "URL"],
    "status": ["Trạng thái", "Tình trạng"],
    "other": ["STT", "Ghi chú", "Người đăng", "Cột lạ", "Tiêu đề"],  # the last one: a duplicate column
}
GOOD: dict[str, list[object]] = {
    "unit": UNITS,
    "date": DATES,
    "channel": CHANNELS,
    "item_kind": KINDS,
    "title": ["Tin cải cách hành chính"],
    "url": URLS,
    "status": STATUSES,
    "other": [1, 2, "(1)", None],
}


def nasty() -> st.SearchStrategy[object]:
    return st.one_of(
        st.none(),
        st.sampled_from(FORMULAS),
        st.sampled_from(MOJIBAKE),
        st.sampled_from(UNITS + CHANNELS).map(lambda s: unicodedata.normalize("NFD", s)),
        st.integers(32_000, 40_000).map(lambda n: ("Tiêu đề rất dài " * (n // 16 + 1))[:n]),
        st.text(st.characters(categories=["Cc"]), min_size=1, max_size=4).map(lambda c: f"Tin{c}bài"),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
        st.sampled_from(["", "   ", "\u00a0", "#N/A", "TRUE", "1e309", "0x1F", "NaN"]),
        st.integers(-(10**15), 10**15),
        st.floats(allow_nan=False, allow_infinity=False, width=64),
        st.booleans(),
        st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)),
    )


@st.composite
def cell(draw: st.DrawFn, field: str) -> object:
    """Mostly a good value of the column's kind, sometimes a wrong one, sometimes anything."""
    pick = draw(st.sampled_from(["good"] * 11 + ["wrong", "anything"]))
    if pick == "anything":
        return draw(nasty())
    if pick == "wrong":
        return draw(st.sampled_from(WRONG[field]))
    if field == "title" and draw(st.sampled_from([True, True, True, False])):  # mostly new, so rows go in
        return f"Tin số {draw(st.integers(0, 10**9))} về cải cách hành chính"
    return draw(st.sampled_from(GOOD[field]))


# --- workbooks ----------------------------------------------------------------------------------

SHEET_NAMES = ["Tin bài", "Sheet1", "Đài truyền thanh", "Tháng 3", "Trang CCHC TP", "Hướng dẫn", "Σ 2026"]


@st.composite
def sheets(draw: st.DrawFn) -> list[Sheet]:
    out = []
    for name in draw(st.lists(st.sampled_from(SHEET_NAMES), min_size=1, max_size=3, unique=True)):
        extra = draw(st.lists(st.sampled_from(list(SPELLINGS)), max_size=5))
        if draw(
            st.sampled_from([True, True, True, False])
        ):  # usually a log: required columns, a channel, others
            extra = ["unit", "date", "title", draw(st.sampled_from(["channel", "url"])), *extra]
        fields = draw(st.permutations(extra or ["other"]))
        header = [draw(st.sampled_from(SPELLINGS[f])) for f in fields]
        body = [[draw(cell(f)) for f in fields] for _ in range(draw(st.sampled_from([3, 1, 5, 8, 2, 0])))]
        titles = draw(st.lists(st.sampled_from([["BÁO CÁO TIN BÀI"], ["Tháng 3/2026"], []]), max_size=2))
        rows = [*titles, header, *body]
        merges = []
        if body and draw(st.sampled_from([False, False, False, True])):  # a cell merged down over a few rows
            col = letter(draw(st.integers(0, len(fields) - 1)))
            first = len(titles) + 2 + draw(st.integers(0, len(body) - 1))
            merges.append(f"{col}{first}:{col}{first + draw(st.integers(1, 3))}")
        top, left = draw(st.integers(1, 4)), draw(st.integers(1, 3))
        hidden = draw(st.sampled_from([False] * 7 + [True]))
        out.append(
            Sheet(name, rows, top=top, left=left, merges=[shift(m, top, left) for m in merges], hidden=hidden)
        )
    return out


def letter(index: int) -> str:
    return chr(65 + index)


def shift(ref: str, top: int, left: int) -> str:
    """A merge written for a sheet at A1, moved to where the sheet starts."""
    a, b = ref.split(":")
    return ":".join(f"{chr(ord(r[0]) + left - 1)}{int(r[1:]) + top - 1}" for r in (a, b))


def build(writer: str, specs: list[Sheet]) -> bytes:
    """The workbook from the chosen writer; the other one if it refuses (control characters, old dates)."""
    writers: list[Callable[..., bytes]] = [with_openpyxl, with_xlsxwriter]
    if writer == "xlsxwriter":
        writers.reverse()
    for write in writers:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return canonical(write(*specs))
        except Exception:  # a writer refusing a value is not what is tested here
            continue
    safe = [Sheet(s.name, [[None if v is None else repr(v) for v in row] for row in s.rows]) for s in specs]
    return canonical(with_xlsxwriter(*safe))


def as_csv(specs: list[Sheet], delimiter: str, bom: bool) -> bytes:
    return corpus.csv_bytes(
        [[None if v is None else str(v) for v in row] for row in specs[0].rows], delimiter=delimiter, bom=bom
    )


FIXED_TIME = (2026, 3, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def zipped(parts: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip whose bytes depend only on its parts: fixed entry times, fixed document dates.

    Writers stamp the time into the file; Hypothesis needs the same draws to give the same bytes.
    """
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as dst:
        warnings.simplefilter("ignore")  # duplicate names are made on purpose
        for name, body in parts:
            if name == "docProps/core.xml":
                body = _STAMP.sub(rb"\g<1>2026-03-01T00:00:00Z\g<2>", body)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = method
            info.external_attr = 0o600 << 16
            dst.writestr(info, body)
    return out.getvalue()


def canonical(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return zipped([(i.filename, src.read(i.filename)) for i in src.infolist()])


# --- damage ---------------------------------------------------------------------------------------

SNIPPETS = [
    b'<row r="3"><c r="B3" t="s"><v>99999</v></c></row>',  # shared string out of range
    b'<row r="3"><c r="B3" t="s"><v>-1</v></c></row>',
    b'<row r="3"><c r="B3"><v>abc</v></c></row>',
    b'<row r="3"><c r="B3" t="e"><v>#REF!</v></c></row>',
    b'<row r="3"><c r="B3" t="b"><v>7</v></c></row>',
    b'<row r="3"><c r="B3" t="d"><v>2026-13-45T00:00:00</v></c></row>',
    b'<row r="3"><c r="B3" s="9999"><v>46101</v></c></row>',  # style out of range
    b'<row r="3"><c r="B3"><f>1/0</f></c></row>',  # formula without a value
    b'<row r="3"><c r="C3" t="str"><f>NOW()</f><v></v></c></row>',
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>Ph\xc3\xb4\xc3\xb4</t></is></c></row>',
    b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>',  # past Excel's last row
    b'<row r="0"><c r="A0"><v>1</v></c></row>',
    b'<row r="4"><c r="ZZZZZZZZ4"><v>1</v></c></row>',
    b'<row r="4"><c r="xfd4"><v>1</v></c></row>',
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    b'<row r="4"><c s="0" r="XFD4"><v>1</v></c></row>',
    b'<row r="1000000"><c><v>1</v></c></row>',
    b'<row r="5"><c><v>1</v></c><c><v>2</v></c><c t="s"><v>0</v></c></row>',
    b'<row r="40000"><c r="Z40000"><v>1</v></c></row>',
    b'<!DOCTYPE x [<!ENTITY e "x">]>',
    b"&e;",
    b"\xff\xfe\x00",
    b"&#0;",
    b"&#xD800;",
    b'<![CDATA[<c r="XFD1"><v>1</v></c>]]>',
    b'<!-- <c r="XFD1048576"><v>1</v></c> -->',
    b"</sheetData></worksheet>",
    b"<sheetData>",
]
PARTS = [
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "xl/styles.xml",
    "_rels/.rels",
]


def at(draw: st.DrawFn, length: int) -> int:
    """A position in 0..length-1 (0 if empty), drawn the same way whatever the length."""
    return draw(st.integers(0, 2**31)) % max(length, 1)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    how = draw(st.sampled_from(["none", "part", "none", "part", "none", "flip", "cut", "insert"]))
    raw = bytearray(data)
    if how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            raw[at(draw, len(raw))] = draw(st.integers(0, 255))
    elif how == "cut":
        del raw[at(draw, len(raw) + 1) :]
    elif how == "insert":
        where = at(draw, len(raw) + 1)
        raw[where:where] = draw(st.binary(min_size=1, max_size=64))
    elif how == "part" and data.startswith(b"PK"):
        return rewrite_part(draw, data)
    return bytes(raw), how


def rewrite_part(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [i.filename for i in src.infolist()]
    name = draw(st.sampled_from([n for n in PARTS if n in names] or names))
    body = src.read(name)
    op = draw(st.sampled_from(["snippet", "snippet", "anywhere", "cut", "drop", "twice", "flip"]))
    if op == "snippet" and b"</sheetData>" in body:
        body = body.replace(b"</sheetData>", draw(st.sampled_from(SNIPPETS)) + b"</sheetData>", 1)
    elif op in ("snippet", "anywhere"):
        where = at(draw, len(body) + 1)
        body = body[:where] + draw(st.sampled_from(SNIPPETS)) + body[where:]
    elif op == "cut":
        body = body[: at(draw, len(body) + 1)]
    elif op == "flip" and body:
        flipped = bytearray(body)
        for _ in range(draw(st.integers(1, 4))):
            flipped[at(draw, len(flipped))] = draw(st.integers(0, 255))
        body = bytes(flipped)
    method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    parts: list[tuple[str, bytes]] = []
    for other in names:
        if other != name:
            parts.append((other, src.read(other)))
        elif op != "drop":
            parts.append((name, body))
            if op == "twice":  # the same name twice
                parts.append((name, src.read(name)))
    return zipped(parts, method), f"part {op}"


@st.composite
def uploads(draw: st.DrawFn) -> tuple[bytes, str, str]:
    """(file bytes, file name, how it was made)."""
    specs = draw(sheets())
    kind = draw(st.sampled_from(["openpyxl", "xlsxwriter", "openpyxl", "xlsxwriter", "csv"]))
    if kind == "csv":
        data = as_csv(specs, draw(st.sampled_from([",", ";", "\t"])), draw(st.booleans()))
        name = draw(st.sampled_from(["nhat-ky.csv", "nhat-ky.xlsx"]))
    else:
        data = build(kind, specs)
        name = draw(
            st.sampled_from(["nhat-ky.xlsx", "NHẬT KÝ THÁNG 3.XLSX", "a.xlsm", "a.xls", "a.csv", "a"])
        )
    data, how = draw(damaged(data))
    return data, name, f"{kind}, damage: {how}"


# --- the property ------------------------------------------------------------------------------------


def checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    return {
        t: con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {t} as t").fetchone() for t in TABLES
    }


def scalar(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    return con.execute(sql, list(params)).fetchone()[0]


def attempt(
    con: duckdb.DuckDBPyConnection, data: bytes, name: str, accept_partial: bool, dry_run: bool
) -> str:
    """Import once and check the invariants; returns what happened, for the statistics."""
    before = checksums(con)
    outcome = importer.import_bytes(
        con, data, name, who="fuzz", accept_partial=accept_partial, dry_run=dry_run
    )
    after = checksums(con)

    if outcome.fatal is not None:
        assert outcome.parsed is None and outcome.result is None
        assert outcome.fatal.severity == "fatal" and outcome.fatal.message.strip()
        assert after == before
        return f"fatal: {outcome.fatal.message[:50]}"

    parsed, result = outcome.parsed, outcome.result
    assert parsed is not None and result is not None
    errors = {(p.sheet, p.row) for p in parsed.problems if p.severity == "error"}
    assert all(p.severity in ("error", "warning") for p in parsed.problems)
    assert all(p.row is not None and p.column for p in parsed.problems if p.severity == "error")
    good = list(zip(parsed.rows["sheet"].to_pylist(), parsed.rows["row"].to_pylist(), strict=True))
    assert len(set(good)) == len(good) and not errors & set(good)
    assert parsed.rows_total == len(good) + len(errors)  # every data row: imported or reported
    assert result.rejected == len(errors)

    if result.outcome in ("rejected", "already_imported", "dry_run"):
        assert result.outcome != "rejected" or (errors and not accept_partial)
        assert result.outcome != "dry_run" or dry_run
        assert after == before
        return result.outcome
    assert result.outcome in ("imported", "partial", "nothing_new"), result.outcome
    assert not dry_run and (accept_partial or not errors)
    # The batch is there whole.
    batch = con.execute(
        "select rows_total, rows_added, rows_known, rows_rejected, undone_at from import_batches"
        " where batch_id = ?",
        [result.batch_id],
    ).fetchone()
    assert batch == (result.rows_total, result.added, result.known, result.rejected, None)
    assert (
        scalar(con, "select count(*) from publications where batch_id = ?", result.batch_id) == result.added
    )
    assert result.added + result.known == len(good)
    assert after["publications"][0] == before["publications"][0] + result.added
    assert after["import_batches"][0] == before["import_batches"][0] + 1
    assert (after["units"], after["quota_rules"]) == (before["units"], before["quota_rules"])
    counted = scalar(con, "select coalesce(sum(n), 0) from item_counts")
    assert counted == scalar(con, "select count(*) from publications where not is_duplicate")
    return result.outcome


def fresh_database(path: Path) -> duckdb.DuckDBPyConnection:
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    return con


@pytest.fixture(scope="module")
def fuzz_con(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """One database for all examples: it fills up as they run, as a real one does."""
    con = fresh_database(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    yield con
    con.close()


def run(
    con: duckdb.DuckDBPyConnection, upload: tuple[bytes, str, str], accept_partial: bool, dry_run: bool
) -> None:
    data, name, how = upload
    event(how)
    event(f"outcome: {attempt(con, data, name, accept_partial, dry_run)}")


CASES = st.tuples(
    uploads(), st.sampled_from([True, False, True]), st.sampled_from([False, False, False, True])
)
HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


@settings(max_examples=60, deadline=None, suppress_health_check=HEALTH)
@given(case=CASES)
def test_quick_fuzz(fuzz_con, case):
    run(fuzz_con, *case)


@pytest.mark.slow
@pytest.mark.skipif(not LONG_RUN, reason="long fuzz run: set CCHC_FUZZ=1")
@settings(
    max_examples=int(os.environ.get("CCHC_FUZZ_EXAMPLES", "5000")),
    deadline=None,
    suppress_health_check=HEALTH,
)
@given(case=CASES)
def test_long_fuzz(fuzz_con, case):
    run(fuzz_con, *case)


def test_fixed_damaged_files(fuzz_con):
    """Every snippet once in a real sheet, and twenty seeded byte flips: the same files on every run."""
    rng = random.Random(20261123)
    base = canonical(corpus.messy_log())
    for snippet in SNIPPETS:
        sheet = corpus.part(base, "xl/worksheets/sheet1.xml").replace(
            b"</sheetData>", snippet + b"</sheetData>", 1
        )
        attempt(
            fuzz_con, corpus.rezip(base, replace={"xl/worksheets/sheet1.xml": sheet}), "a.xlsx", True, False
        )
    for _ in range(20):
        raw = bytearray(base)
        raw[rng.randrange(len(raw))] = rng.randrange(256)
        attempt(fuzz_con, bytes(raw[: rng.randrange(len(raw) + 1)]), "a.xlsx", rng.random() < 0.5, False)
