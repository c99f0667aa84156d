"""Read a publication log (.xlsx or .csv) into validated rows and a list of problems."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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
from cchc.ingest.report import Problem, RowProblems, quote, reject
from cchc.ingest.rows import ROWS_SCHEMA, ParsedLog
from cchc.ingest.safety import MAX_BYTES, check_upload
from cchc.ingest.units import UnitMatcher
from cchc.ingest.workbook import RawSheet, open_reader, read_sheets

TEXT_FIELDS = ("unit", "channel", "item_kind", "title", "status")
CONTENT_FIELDS = ("date", "title", "url")  # a row with none of these is a blank template row
LEGACY_MESSAGE = "Văn bản mã TCVN3/VNI, hãy chuyển sang Unicode (ví dụ bằng Unikey, công cụ chuyển mã)."
# First non-empty cell of a totals row: "Tổng cộng", "Tổng số tin", "Cộng: 12", "Tổng 15" (after NFC + lower).
_TOTALS = r"^(?:(?:tổng cộng|tổng số|tong cong|tong so)\b.*|(?:tổng|cộng|tong|cong)\s*(?:[:(\-–].*|\d.*)?)$"
_NUMBERING = r"^\(?(?:\d{1,2}|[a-zA-Z])\)?$"  # "(1) (2) (3)…" row under a header


def read_publication_log(
    data: bytes, filename: str, matcher: UnitMatcher, *, max_bytes: int = MAX_BYTES
) -> ParsedLog:
    """Check, read and validate a log; raise FileRejected when the file as a whole is unusable."""
    safe = check_upload(data, filename, max_bytes=max_bytes, open_reader=open_reader)
    log = ParsedLog(filename, hashlib.sha256(data).hexdigest(), ROWS_SCHEMA.empty_table())
    tables: list[pa.Table] = []
    misses: list[tuple[str, str]] = []
    sheets = read_sheets(data, safe, filename)
    del safe  # and with it the workbook's reader (its shared strings) before the rows are checked
    for sheet in sheets:
        if not sheet.visible:
            log.sheets_skipped.append((sheet.name, "trang tính bị ẩn"))
            log.problems.append(Problem(filename, sheet.name, None, None, "Bỏ qua trang tính ẩn.", "warning"))
            continue
        if not sheet.height or all(c.null_count == len(c) for c in sheet.columns):
            log.sheets_skipped.append((sheet.name, "trang tính trống"))
            continue
        top = [c.slice(0, SCAN_ROWS).to_pylist() for c in sheet.columns]
        header, best = find_header([list(r) for r in zip(*top, strict=True)], LOG)
        no_channel = header is not None and not {"channel", "url"} & set(header.columns)
        if header is None or (no_channel and v.channel_of_text(sheet.name) is None):
            why = (
                describe_miss(best, min(sheet.height, SCAN_ROWS))
                if header is None
                else describe_no_channel(header)
            )
            log.sheets_skipped.append((sheet.name, why))
            log.problems.append(
                Problem(filename, sheet.name, None, None, f"Bỏ qua trang tính: {why}", "warning")
            )
            misses.append((sheet.name, why))
            continue
        table, problems, total = _read_rows(sheet, header, matcher, filename)
        tables.append(table)
        log.problems.extend(problems)
        log.sheets_read.append(sheet.name)
        log.rows_total += total
    if not log.sheets_read:
        if not misses:
            raise reject(filename, "Tệp không có dữ liệu (mọi trang tính đều trống hoặc bị ẩn).")
        if len(misses) == 1:
            raise reject(filename, misses[0][1], sheet=misses[0][0])
        raise reject(
            filename, "Không trang tính nào đọc được. " + " ".join(f"Trang «{s}»: {w}" for s, w in misses)
        )
    log.rows = pa.concat_tables(tables) if tables else log.rows
    return log


def _fill_merged(sheet: RawSheet, pos: int, start: int) -> pa.Array:
    """A column where cells under a vertical merge take its top cell's value, as Excel shows them.

    Clerks often merge the unit (or date) cell over all of a unit's rows.
    """
    col = sheet.columns[pos]
    index = None
    for at, first, last in sheet.merged:
        if at == pos and first > start:  # merges inside the header are the header's business
            index = np.arange(len(col)) if index is None else index
            index[first : min(last, len(col))] = first - 1
    return col if index is None else col.take(pa.array(index))


def _totals(sheet: RawSheet, start: int) -> np.ndarray:
    """Rows from `start` on whose first non-empty cell is a totals label."""
    cols = [c.slice(start) for c in sheet.columns]
    first = pc.coalesce(*cols) if len(cols) > 1 else cols[0]
    maybe = v.to_numpy_bool(pc.match_substring_regex(first, r"^\s*[tTcC]"))  # cheap pre-filter
    totals = np.zeros(len(first), dtype=bool)
    if maybe.any():
        label = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(pc.filter(first, maybe), form="NFC")))
        totals[np.flatnonzero(maybe)] = v.to_numpy_bool(pc.match_substring_regex(label, _TOTALS))
    return totals


def _classify(
    sheet: RawSheet, header: Header, cols: dict[str, pa.Array], bad: dict[str, np.ndarray]
) -> np.ndarray:
    """Mask of real data rows among the rows below the header.

    Skipped: blank rows (no date, title or link), totals rows, a repeated header, a
    column-numbering row right under the header, and the signature block after a totals row.
    """
    start = header.last + 1
    n = sheet.height - start
    present = {f: v.to_numpy_bool(c.is_valid()) | bad[f] for f, c in cols.items()}
    content = np.zeros(n, dtype=bool)
    for f in CONTENT_FIELDS:
        content |= present.get(f, False)
    totals = _totals(sheet, start)
    repeat = np.ones(n, dtype=bool)
    for f in ("unit", "title"):
        repeat &= v.to_numpy_bool(pc.equal(cols[f], header.texts.get(header.columns[f], "")))
    data = content & ~totals & ~repeat
    if n and data[0]:
        cells = [c[start].as_py() for c in sheet.columns]
        filled = [str(c).strip() for c in cells if c is not None and str(c).strip()]
        if len(filled) >= 3 and all(pc.match_substring_regex(pa.array(filled), _NUMBERING).to_pylist()):
            data[0] = False
    hits = np.flatnonzero(totals)
    if len(hits):  # below the first totals row only rows with a date are items
        data[hits[0] :] &= present["date"][hits[0] :]
    return data


class _Sheet:
    """Validation of one sheet's rows below its header, a column at a time."""

    def __init__(self, sheet: RawSheet, header: Header, filename: str) -> None:
        self.sheet, self.header = sheet, header
        start = header.last + 1
        raw = {f: _fill_merged(sheet, pos, start).slice(start) for f, pos in header.columns.items()}
        # Low-cardinality columns are cleaned and mapped once per distinct value.
        self.distinct = {f: v.Distinct.of(c) for f, c in raw.items() if f not in ("title", "url")}
        cols = {f: d.column() for f, d in self.distinct.items()}
        cols.update({f: v.clean(raw[f]) for f in ("title", "url") if f in raw})
        bad = {f: np.zeros(len(c), dtype=bool) for f, c in cols.items()}
        field_at = {pos: f for f, pos in header.columns.items()}
        for row, pos in sheet.bad_cells:
            if pos in field_at and start < row <= sheet.height:
                bad[field_at[pos]][row - 1 - start] = True
        keep = np.flatnonzero(_classify(sheet, header, cols, bad))
        if len(keep) < sheet.height - start:  # (every row a data row, as usual: no copy of them)
            take = pa.array(keep, type=pa.int64())
            cols = {f: c.take(take) for f, c in cols.items()}
            self.distinct = {f: d.take(take) for f, d in self.distinct.items()}
            bad = {f: m[keep] for f, m in bad.items()}
        self.cols, self.bad = cols, bad
        self.rows = (keep + start + 1).astype(np.int32)
        self.n = len(keep)
        self.out = RowProblems(filename, sheet.name, self.rows)
        self._lists: dict[str, list[str | None]] = {}

    def column(self, f: str) -> str:
        """Header text of a field's column, as in the file (or its letter)."""
        pos = self.header.columns[f]
        return self.header.texts.get(pos) or self.sheet.letters[pos]

    def text(self, f: str, i: int) -> str:
        """Cell text of data row `i`, for messages (columns become lists on first use)."""
        if f not in self._lists:
            self._lists[f] = self.cols[f].to_pylist()
        return str(self._lists[f][i])

    def add(
        self, f: str, mask: np.ndarray, message: str | Callable[[int], str], severity: str = "error"
    ) -> None:
        self.out.add(mask, self.column(f), message, order=self.header.columns[f], severity=severity)

    def present(self, f: str) -> np.ndarray:
        return v.to_numpy_bool(self.cols[f].is_valid())


def _read_rows(
    sheet: RawSheet, header: Header, matcher: UnitMatcher, filename: str
) -> tuple[pa.Table, list[Problem], int]:
    """Validate the rows of one sheet below its header: (good rows, problems, data rows seen)."""
    s = _Sheet(sheet, header, filename)
    # The sheet's cells are in `s` by now, cleaned: let the raw ones go (a million rows: 380 MB).
    sheet.columns = []
    unusable = _unusable(s)
    codes = _units(s, matcher, unusable)
    dates = _dates(s, unusable)
    s.add("title", ~s.present("title") & ~unusable["title"], "Thiếu tiêu đề tin, bài.")
    s.add(
        "title", v.longer_than(s.cols["title"], v.TITLE_MAX), f"Tiêu đề quá dài (trên {v.TITLE_MAX} ký tự)."
    )
    urls = _urls(s, unusable)
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
    table = pa.table(
        {
            "sheet": pa.array([sheet.name], pa.string()).take(np.zeros(len(good), dtype=np.int32)),
            "row": pa.array(s.rows).take(good),
            "unit_code": codes.take(good),
            "item_date": dates.values.take(good),
            "channel": channel.take(good),
            "item_kind": kind.take(good),
            "title": s.cols["title"].take(good),
            "url": urls.take(good),
            "status": status.take(good),
        },
        schema=ROWS_SCHEMA,
    )
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
    ]
    return table, notes + s.out.sorted(), s.n


def _unusable(s: _Sheet) -> dict[str, np.ndarray]:
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


def _units(s: _Sheet, matcher: UnitMatcher, unusable: dict[str, np.ndarray]) -> pa.Array:
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


def _dates(s: _Sheet, unusable: dict[str, np.ndarray]) -> v.Dates:
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


def _urls(s: _Sheet, unusable: dict[str, np.ndarray]) -> pa.Array:
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


def _channels(s: _Sheet, urls: pa.Array, unusable: dict[str, np.ndarray]) -> pa.Array:
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
