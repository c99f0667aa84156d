"""Property tests: random cells and layouts never crash the reader, and no row goes missing."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.ingest import FileRejected, ParsedLog, read_publication_log
from cchc.ingest.values import legacy_mask
from cchc.text import nfc
from cchc.vocab import CHANNELS, ITEM_KINDS, ITEM_STATUSES
from tests.ingest import corpus
from tests.ingest.corpus import Sheet, with_openpyxl, with_xlsxwriter

SPELLINGS = {
    "unit": ["Đơn vị", "Tên đơn vị", "Cơ quan", "ĐƠN VỊ THỰC HIỆN"],
    "date": ["Ngày", "Ngày đăng", "Ngày gửi", "Thời gian", "ngay dang tai"],
    "channel": ["Kênh", "Kênh đăng", "Nơi đăng", "Hình thức tuyên truyền"],
    "item_kind": ["Loại", "Loại tin", "Thể loại"],
    "title": ["Tiêu đề", "Tên tin bài", "Tên tin, bài", "Nội dung"],
    "url": ["Đường dẫn", "Link", "URL"],
    "status": ["Trạng thái", "Tình trạng"],
    "stt": ["STT"],
    "note": ["Ghi chú", "Người đăng"],
}
GOOD_UNITS = [("Phường Phúc Lợi", "00004"), ("UBND P. Bạch Mai", "00005"), ("Sở KH&CN", "HN-SKHCN")]
GOOD_DATES = [
    ("05/3/2026", date(2026, 3, 5)),
    (date(2026, 4, 1), date(2026, 4, 1)),
    (datetime(2026, 5, 2, 9, 0), date(2026, 5, 2)),
    ("2026-06-30", date(2026, 6, 30)),
    (46101, date(2026, 3, 20)),
]
GOOD_CHANNELS = [("Trang CCHC Thành phố", "city_page"), ("Cổng TTĐT", "own_portal"), ("Zalo", "social")]
GOOD_STATUSES = [(None, None), ("Đã đăng", "published"), ("Từ chối", "rejected")]
JUNK = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "",
            "   ",
            "Phường Phúc Lộc",
            "Ph\u00adêng Phóc Lîi",
            "Tổng cộng",
            "Cộng",
            "=1+1",
            "#N/A",
            "STT",
            "Đơn vị",
            "(1)",
            "31/02/2026",
            "hôm qua",
            "1999-01-01",
            "Báo giấy",
            "https://caicachhanhchinh.hanoi.gov.vn/a",
            "xem trên trang",
            "Đang xem xét",
            corpus.nfd("Phường Bạch Mai"),
        ]
    ),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=15),
    st.integers(-5, 200_000),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2110, 12, 31)),
)


@st.composite
def layouts(draw: st.DrawFn, required: bool) -> list[tuple[str, str]]:
    """(field, header spelling) per column, in a random order."""
    must = ["unit", "date", "title", "channel", "status"] if required else []
    optional = [f for f in SPELLINGS if f not in must]
    fields = must + draw(st.lists(st.sampled_from(optional), unique=True, max_size=len(optional)))
    fields = draw(st.permutations(fields))
    return [(f, draw(st.sampled_from(SPELLINGS[f]))) for f in fields]


def write(draw: st.DrawFn, header: list[str], body: list[list[object]]) -> tuple[bytes, int, int]:
    """A workbook with random title rows and offset; returns (bytes, header row, first column)."""
    titles = draw(
        st.lists(
            st.sampled_from(["BÁO CÁO TIN BÀI", "Đơn vị: Phường Phúc Lợi", "Tháng 3/2026", None]), max_size=3
        )
    )
    top = draw(st.integers(1, 3)) + len(titles)
    left = draw(st.integers(1, 3))
    rows = [[t] for t in titles] + [header, *body]
    writer = draw(st.sampled_from([with_openpyxl, with_xlsxwriter]))
    return writer(Sheet("Nhật ký", rows, top=top - len(titles), left=left)), top, left


def check_invariants(log: ParsedLog) -> set[tuple[str | None, int | None]]:
    """Every data row is either a good row or a rejected one; good rows hold only valid values."""
    rejected = {(p.sheet, p.row) for p in log.problems if p.severity == "error"}
    good = [(r["sheet"], r["row"]) for r in log.rows.to_pylist()]
    assert len(good) == len(set(good))
    assert not rejected & set(good)
    assert all(row is not None for _, row in rejected)
    assert log.rows_total == len(good) + len(rejected)
    assert all(p.severity in ("error", "warning") for p in log.problems)
    assert all(p.column is not None for p in log.problems if p.severity == "error")
    table = log.rows
    assert set(table.column("channel").to_pylist()) <= set(CHANNELS)
    assert set(table.column("item_kind").to_pylist()) <= set(ITEM_KINDS)
    assert set(table.column("status").to_pylist()) <= set(ITEM_STATUSES)
    assert set(table.column("unit_code").to_pylist()) <= {code for code, _, _ in corpus.UNITS}
    assert all(2000 <= d.year <= 2100 for d in table.column("item_date").to_pylist())
    titles = table.column("title").to_pylist()
    assert all(t and t == nfc(t) for t in titles)
    assert not legacy_mask(pa.array(titles, pa.string())).any()
    return rejected


@st.composite
def random_logs(draw: st.DrawFn) -> bytes:
    layout = draw(layouts(required=False))
    body = draw(st.lists(st.lists(JUNK, min_size=len(layout), max_size=len(layout)), max_size=12))
    return write(draw, [h for _, h in layout], body)[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_logs())
def test_random_cells_and_layouts(data: bytes) -> None:
    try:
        log = read_publication_log(data, "nhat-ky.xlsx", corpus.matcher())
    except FileRejected as rejected:
        assert rejected.problem.severity == "fatal"
        return
    check_invariants(log)


@st.composite
def mixed_logs(draw: st.DrawFn) -> tuple[bytes, dict[int, tuple]]:
    """Good rows (with their expected output) among junk rows."""
    layout = draw(layouts(required=True))
    body: list[list[object]] = []
    expected: dict[int, tuple] = {}
    for _ in range(draw(st.integers(0, 10))):
        if draw(st.booleans()):
            unit, code = draw(st.sampled_from(GOOD_UNITS))
            day, parsed = draw(st.sampled_from(GOOD_DATES))
            channel_text, channel = draw(st.sampled_from(GOOD_CHANNELS))
            status_text, status = draw(st.sampled_from(GOOD_STATUSES))
            title = f"  Tin {len(body)}  tốt "
            values = {
                "unit": unit,
                "date": day,
                "channel": channel_text,
                "title": title,
                "status": status_text,
            }
            status = (status or "submitted") if channel == "city_page" else "published"
            expected[len(body)] = (code, parsed, channel, f"Tin {len(body)} tốt", status)
            body.append([values.get(f) for f, _ in layout])
        else:
            body.append([draw(JUNK) for _ in layout])
    data, top, _ = write(draw, [h for _, h in layout], body)
    return data, {top + 1 + i: e for i, e in expected.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_logs())
def test_good_rows_survive_among_junk(case: tuple[bytes, dict[int, tuple]]) -> None:
    data, expected = case
    log = read_publication_log(data, "nhat-ky.xlsx", corpus.matcher())
    rejected = check_invariants(log)
    got = {r["row"]: r for r in log.rows.to_pylist()}
    for row, (code, day, channel, title, status) in expected.items():
        assert ("Nhật ký", row) not in rejected
        assert (got[row]["unit_code"], got[row]["item_date"], got[row]["channel"]) == (code, day, channel)
        assert (got[row]["title"], got[row]["status"]) == (title, status)


DAMAGE_BASES = [
    corpus.small_xlsx(),
    corpus.messy_log(),
    corpus.csv_log(),
]  # built once: xlsx bytes hold a timestamp


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_damaged_bytes_only_ever_raise_file_rejected(data: st.DataObject) -> None:
    raw = bytearray(data.draw(st.sampled_from(DAMAGE_BASES)))
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    name = data.draw(st.sampled_from(["a.xlsx", "a.csv", "a.xls"]))
    try:
        log = read_publication_log(bytes(raw), name, corpus.matcher())
    except FileRejected:
        return
    check_invariants(log)
