"""Read a publication log (.xlsx or .csv) into validated rows and a list of problems."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc.ingest import keys, slices
from cchc.ingest import values as v
from cchc.ingest.headers import (
    LABELS,
    LOG,
    SCAN_ROWS,
    Header,
    describe_miss,
    describe_no_channel,
    find_header,
)
from cchc.ingest.logsheet import Carry, SheetRows
from cchc.ingest.report import FileRejected, Problem, quote, reject
from cchc.ingest.rows import LOG_FIELDS, ROWS_SCHEMA, ParsedLog
from cchc.ingest.safety import MAX_BYTES, check_upload
from cchc.ingest.spill import Rows, RowSink
from cchc.ingest.units import UnitMatcher
from cchc.ingest.workbook import RawSheet, open_reader, read_sheets, sliced_sheets
from cchc.parallel import POOL

TEXT_FIELDS = ("unit", "channel", "item_kind", "title", "status")
LEGACY_MESSAGE = "Văn bản mã TCVN3/VNI, hãy chuyển sang Unicode (ví dụ bằng Unikey, công cụ chuyển mã)."


def read_publication_log(
    data: bytes,
    filename: str,
    matcher: UnitMatcher | Callable[[], UnitMatcher],
    *,
    max_bytes: int = MAX_BYTES,
    slice_rows: int | None = None,
    sink: Callable[[str], RowSink] | None = None,
) -> ParsedLog:
    """Check, read and validate a log; raise FileRejected when the file as a whole is unusable.

    `matcher` may be a function giving it, called once the file is read (cchc.ingest.worker_process).

    A workbook whose parts inflate past slices.SLICE_BYTES (or any, given `slice_rows`) is read
    in row slices (cchc.ingest.slices), each validated as it comes and its rows spilled to a
    temporary file: the same rows and problems as the whole read, in bounded memory. Given a
    `sink` (made from the file's SHA-256), those rows go there instead, as each slice is checked,
    and the log's `rows` come back empty.
    """
    sliced = slice_rows is not None or slices.wanted(data)
    safe = check_upload(data, filename, max_bytes=max_bytes, open_reader=None if sliced else open_reader)
    sha256 = hashlib.sha256(data).hexdigest()
    out = sink(sha256) if sink is not None and sliced and safe.kind == "xlsx" else None
    if sliced and safe.kind == "xlsx":
        try:
            parts = sliced_sheets(data, safe, slice_rows or slices.SLICE_ROWS)
            return _read_log(filename, sha256, parts, matcher, spill=True, sink=out)
        except slices.CannotSlice:
            pass  # not of the ordinary form: read whole, as any other file
    sheets = read_sheets(data, safe, filename)
    del safe  # and with it the workbook's reader (its shared strings) before the rows are checked
    whole = ((sheet.name, sheet.visible, iter([sheet])) for sheet in sheets)
    return _read_log(filename, sha256, whole, matcher, spill=False, sink=out)


def _read_log(
    filename: str,
    sha256: str,
    sheets: Iterator[tuple[str, bool, Iterator[RawSheet]]],
    matcher: UnitMatcher | Callable[[], UnitMatcher],
    *,
    spill: bool,
    sink: RowSink | None = None,
) -> ParsedLog:
    """Validate every sheet, given as its parts (the whole sheet, or its slices in order).

    The rows come with their dedup keys, except those of a file read in slices (spilled or sent
    on): the loader keys those a slice at a time (a million rows' keys: 483 → 584 MB here)."""
    if not isinstance(matcher, UnitMatcher):
        matcher = matcher()
    log = ParsedLog(filename, sha256, ROWS_SCHEMA.empty_table())
    misses: list[tuple[str, str]] = []
    rejecting = False  # a row rejected so far (a sink is told: cchc.ingest.spill)
    with Rows(spill=spill, sink=sink) as rows:
        for name, visible, parts in sheets:
            if not visible:
                log.sheets_skipped.append((name, "trang tính bị ẩn"))
                log.problems.append(Problem(filename, name, None, None, "Bỏ qua trang tính ẩn.", "warning"))
                continue
            sheet = next(parts, None)
            if sheet is None or (_blank(sheet) and all(_blank(p) for p in parts)):
                log.sheets_skipped.append((name, "trang tính trống"))
                continue
            top = [c.slice(0, SCAN_ROWS).to_pylist() for c in sheet.columns]
            header, best = find_header([list(r) for r in zip(*top, strict=True)], LOG)
            no_channel = header is not None and not {"channel", "url"} & set(header.columns)
            if header is None or (no_channel and v.channel_of_text(name) is None):
                why = (
                    describe_miss(best, min(sheet.height, SCAN_ROWS))
                    if header is None
                    else describe_no_channel(header)
                )
                log.sheets_skipped.append((name, why))
                log.problems.append(
                    Problem(filename, name, None, None, f"Bỏ qua trang tính: {why}", "warning")
                )
                misses.append((name, why))
                continue
            carry = Carry()
            for part in itertools.chain([sheet], parts):  # (each part's cells go once validated)
                table, problems, total = _read_rows(part, header, matcher, filename, carry, keyed=not spill)
                log.problems.extend(problems)
                log.rows_total += total
                rejecting = rejecting or any(p.severity == "error" and p.row is not None for p in problems)
                rows.add(table, rejecting=rejecting)
                del table  # (not held while the next slice is read)
            log.sheets_read.append(name)
        if not log.sheets_read:
            raise _unread(filename, misses)
        log.rows = rows.table()
    return log


def _unread(filename: str, misses: list[tuple[str, str]]) -> FileRejected:
    """The rejection of a file none of whose sheets was read (`misses`: those with no log's header)."""
    if not misses:
        return reject(filename, "Tệp không có dữ liệu (mọi trang tính đều trống hoặc bị ẩn).")
    if len(misses) == 1:
        return reject(filename, misses[0][1], sheet=misses[0][0])
    return reject(
        filename, "Không trang tính nào đọc được. " + " ".join(f"Trang «{s}»: {w}" for s, w in misses)
    )


def _blank(sheet: RawSheet) -> bool:
    return not sheet.height or all(c.null_count == len(c) for c in sheet.columns)


def _read_rows(
    sheet: RawSheet, header: Header, matcher: UnitMatcher, filename: str, carry: Carry, *, keyed: bool
) -> tuple[pa.Table, list[Problem], int]:
    """Validate the rows of one sheet (or slice) below its header: (good rows, problems, data rows
    seen). `keyed`: the rows with their dedup keys (ROWS_SCHEMA), else without (LOG_FIELDS)."""
    s = SheetRows(sheet, header, filename, carry)
    # The sheet's cells are in `s` by now, cleaned: let the raw ones go (a million rows: 380 MB).
    sheet.columns = []
    # The dedup keys are made on the other core while this one checks the rows (pyarrow's
    # kernels let the GIL go); the loader would otherwise make them after the whole read.
    title_keys = POOL.submit(keys.title_keys, s.cols["title"]) if keyed else None
    unusable = _unusable(s)
    codes = _units(s, matcher, unusable)
    dates = _dates(s, unusable)
    s.add("title", ~s.present("title") & ~unusable["title"], "Thiếu tiêu đề tin, bài.")
    s.add(
        "title", v.longer_than(s.cols["title"], v.TITLE_MAX), f"Tiêu đề quá dài (trên {v.TITLE_MAX} ký tự)."
    )
    urls = _urls(s, unusable)
    url_keys = POOL.submit(keys.url_keys, urls) if keyed else None
    channel = _channels(s, urls, unusable)
    kind = _kinds(s.distinct.get("item_kind"), channel, s.n)
    status, unread_status = _statuses(s.distinct.get("status"), channel, s.n)
    if "status" in s.cols:
        s.add(
            "status",
            unread_status & ~unusable["status"],
            lambda i: (
                f"Không nhận ra trạng thái {quote(s.text('status', i))} (dùng: Đã gửi, Đã đăng, Không đăng)."
            ),
        )
    good = pa.array(np.flatnonzero(~s.out.rejected), type=pa.int64())
    columns = {
        "sheet": pa.array([sheet.name], pa.string()).take(np.zeros(len(good), dtype=np.int32)),
        "row": pa.array(s.rows).take(good),
        "unit_code": codes.take(good),
        "item_date": dates.values.take(good),
        "channel": channel.take(good),
        "item_kind": kind.take(good),
        "title": s.cols["title"].take(good),
        "url": urls.take(good),
        "status": status.take(good),
    }
    if title_keys is not None and url_keys is not None:
        columns |= {"title_key": title_keys.result().take(good), "url_key": url_keys.result().take(good)}
    table = pa.table(columns, schema=ROWS_SCHEMA if keyed else LOG_FIELDS)
    notes = [
        Problem(
            filename,
            sheet.name,
            None,
            header.texts.get(pos) or sheet.letters[pos],
            f"Bỏ qua cột này vì đã dùng cột «{s.column(f)}» làm {LABELS[f]}.",
            "warning",
        )
        for pos, f in header.duplicates
        if not carry.parts  # (said once, with the sheet's first slice)
    ]
    carry.parts += 1
    return table, notes + s.out.sorted(), s.n


def _unusable(s: SheetRows) -> dict[str, np.ndarray]:
    """Cells whose value is unknown (uncached formula, #N/A…) or legacy-encoded text, reported."""
    unusable: dict[str, np.ndarray] = {}
    for f in s.cols:
        pos = s.header.columns[f]

        def why(i: int, pos: int = pos) -> str:
            return s.sheet.bad_cells[(int(s.rows[i]), pos)]

        s.add(f, s.bad[f], why)
        unusable[f] = s.bad[f].copy()
        if f in TEXT_FIELDS:
            if f in s.distinct:
                legacy = v.legacy_mask(s.distinct[f].values)[s.distinct[f].positions]
            else:
                legacy = v.legacy_mask(s.cols[f])
            s.add(f, legacy & ~s.bad[f], LEGACY_MESSAGE)
            unusable[f] |= legacy
    return unusable


def _units(s: SheetRows, matcher: UnitMatcher, unusable: dict[str, np.ndarray]) -> pa.Array:
    """Unit codes per row (null when the name is missing or unknown, with a suggestion)."""
    s.add("unit", ~s.present("unit") & ~unusable["unit"], "Thiếu tên đơn vị.")
    codes = s.distinct["unit"].map(matcher.match, pa.string())
    suggestions: dict[str, str] = {}

    def unit_message(i: int) -> str:
        name = s.text("unit", i)
        if name not in suggestions:
            near = matcher.suggest(name)
            suggestions[name] = f" Gần giống: {'; '.join(near)}." if near else ""
        return f"Không tìm thấy đơn vị {quote(name)} trong danh mục.{suggestions[name]}"

    s.add("unit", s.present("unit") & ~unusable["unit"] & ~v.to_numpy_bool(codes.is_valid()), unit_message)
    return codes


def _dates(s: SheetRows, unusable: dict[str, np.ndarray]) -> v.Dates:
    """Dates parsed once per distinct value; missing, unreadable, impossible, out-of-range reported."""
    dates = v.parse_dates(s.distinct["date"].values).take(s.distinct["date"].positions)

    def shown(i: int) -> str:
        return quote(s.text("date", i).removesuffix(" 00:00:00"))

    s.add("date", dates.missing & ~unusable["date"], "Thiếu ngày đăng.")
    s.add(
        "date",
        dates.bad_format,
        lambda i: f"Ngày {shown(i)} không đọc được; hãy ghi ngày/tháng/năm, ví dụ 05/03/2026.",
    )
    s.add("date", dates.impossible, lambda i: f"Ngày {shown(i)} không tồn tại.")
    s.add(
        "date",
        dates.out_of_range,
        lambda i: f"Ngày {shown(i)} có năm {dates.years[i]} nằm ngoài khoảng {v.YEAR_MIN}–{v.YEAR_MAX}.",
    )
    last = v.latest_item_date()
    s.add("date", v.after(dates.values, last), lambda i: f"Ngày {shown(i)} ở tương lai, sau {last:%d/%m/%Y}.")
    return dates


def _urls(s: SheetRows, unusable: dict[str, np.ndarray]) -> pa.Array:
    """Links: optional; a cell that is not a web address is dropped with a warning, the row kept."""
    if "url" not in s.cols:
        return pa.nulls(s.n, pa.string())
    urls, invalid = v.parse_urls(s.cols["url"])
    s.add(
        "url",
        invalid & ~unusable["url"],
        lambda i: f"Đường dẫn {quote(s.text('url', i))} không phải địa chỉ web; đã bỏ qua đường dẫn.",
        severity="warning",
    )
    return urls


def _channels(s: SheetRows, urls: pa.Array, unusable: dict[str, np.ndarray]) -> pa.Array:
    """Channel: the cell; if empty, the link's host; then the sheet's name ("Đài truyền thanh")."""
    has = s.cols.__contains__
    if has("channel"):
        channel = s.distinct["channel"].map(v.channel_of_text, pa.string())
        blank = ~s.present("channel") & ~unusable["channel"]
        unread = s.present("channel") & ~unusable["channel"] & ~v.to_numpy_bool(channel.is_valid())
        s.add(
            "channel",
            unread,
            lambda i: (
                f"Không nhận ra kênh đăng {quote(s.text('channel', i))} (ví dụ: Trang CCHC Thành phố, "
                "Cổng TTĐT, Đài truyền thanh, Phát thanh, truyền hình, Zalo, Facebook)."
            ),
        )
    else:
        channel, blank = pa.nulls(s.n, pa.string()), np.ones(s.n, dtype=bool)
    channel = pc.coalesce(channel, v.channel_from_links(urls, blank & v.to_numpy_bool(urls.is_valid())))
    by_sheet = v.channel_of_text(s.sheet.name)
    if by_sheet is not None:
        channel = pc.if_else(pa.array(blank), pc.coalesce(channel, by_sheet), channel)
    lost = blank & ~v.to_numpy_bool(channel.is_valid())
    where = "channel" if has("channel") else "url" if has("url") else None
    s.out.add(
        lost,
        s.column(where) if where else None,
        "Thiếu kênh đăng và không suy ra được từ đường dẫn.",
        order=s.header.columns.get(where or "", 0),
    )
    return channel


def _kinds(col: v.Distinct | None, channel: pa.Array, n: int) -> pa.Array:
    """news by default; in_depth for 'chuyên sâu'/'chính luận'; programme for 'chương trình'/'phóng sự' on broadcast."""
    if col is None:
        return pa.array(np.full(n, "news", dtype=object), pa.string())
    flags = pc.fill_null(col.map(v.kind_flags, pa.int8()), 0)
    broadcast = pc.fill_null(pc.equal(channel, "broadcast"), False)
    programme = pc.and_(pc.not_equal(pc.bit_wise_and(flags, 2), 0), broadcast)
    in_depth = pc.not_equal(pc.bit_wise_and(flags, 1), 0)
    return pc.if_else(programme, "programme", pc.if_else(in_depth, "in_depth", "news"))


def _statuses(col: v.Distinct | None, channel: pa.Array, n: int) -> tuple[pa.Array, np.ndarray]:
    """Status per row and a mask of unreadable status cells that matter (city page only).

    Items on a unit's own portal, radio, broadcast and social networks are published by the
    unit itself, so only city-page items are submitted, published or rejected.
    """
    city = pc.fill_null(pc.equal(channel, "city_page"), False)
    if col is None:
        return pc.if_else(city, "submitted", "published"), np.zeros(n, dtype=bool)
    said = col.map(v.status_of_text, pa.string())
    status = pc.if_else(city, pc.coalesce(said, "submitted"), "published")
    typed = col.column().is_valid()
    return status, v.to_numpy_bool(pc.and_(city, pc.and_(typed, said.is_null())))
