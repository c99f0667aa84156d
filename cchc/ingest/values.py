"""Vectorised cleaning and mapping of log columns.

Whole columns go through pyarrow.compute/numpy; Python runs once per *distinct* value
(channel words, statuses, hosts), never once per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc import clock
from cchc.text import fold, nfc

_NULL = pa.scalar(None, pa.string())

# Characters that Vietnamese Unicode text never contains but TCVN3 (.VnTime) and VNI
# text shows when its bytes are read as Latin-1/cp1252: "Ph­êng Phóc Lîi" (soft hyphen,
# î), "Phöôøng Phuùc Lôïi" (ö, ø, ï). Vietnamese letters (à á â ã è é ê ì í ò ó ô õ ù ú
# ý and capitals) and common punctuation (« » ° ±) are left out on purpose.
_LEGACY = (
    r"[\x{80}-\x{9F}\x{A1}-\x{AA}\x{AC}-\x{AF}\x{B5}\x{B6}\x{B8}-\x{BA}\x{BC}-\x{BF}"
    r"ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿƒŠšŒœŽžŸ]"
)
_DATE = (
    r"^(?:(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"|(?P<d2>\d{1,2})\s*[/.\-]\s*(?P<m2>\d{1,2})\s*[/.\-]\s*(?P<y2>\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?P<s>\d{1,6}(?:\.\d+)?))$"
)
_URL = r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)?(?P<host>[^\s/?#]+)(?P<rest>[/?#]\S*)?$"
_EXCEL_EPOCH = 25569  # Excel serial of 1970-01-01 (1900 date system)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
YEAR_MIN, YEAR_MAX = 2000, 2100


# Only cells that need it go through the costly kernels: NFC for cells holding combining
# marks (NFD input), whitespace folding for cells with odd spaces or runs of spaces.
_MARKS = r"\pM"
_ZERO_WIDTH = r"[\x{200B}\x{FEFF}]"
_SPACE = r"[\s\v\x{1C}-\x{1F}\x{85}\pZ]"  # what Python's str.split() treats as space
# The same, minus the plain space (\pZ spelt out: RE2 has no class subtraction), or two spaces.
_ODD_SPACE = r"[\t\n\v\f\r\x{1C}-\x{1F}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]| {2}"


def clean(arr: pa.Array) -> pa.Array:
    """NFC, whitespace runs → one space, trimmed, empty → null: vectorised `cchc.text.nfc`.

    Zero-width spaces (pasted from web pages) are dropped first. One regex pass finds the
    cells that need any of that (usually none); only those go through the costly kernels.
    """
    odd = pc.fill_null(pc.match_substring_regex(arr, f"{_ZERO_WIDTH}|{_MARKS}|{_ODD_SPACE}"), False)
    if pc.any(odd).as_py():
        fixed = pc.replace_substring_regex(pc.filter(arr, odd), _ZERO_WIDTH, "")
        fixed = pc.replace_substring_regex(pc.utf8_normalize(fixed, form="NFC"), _SPACE + "+", " ")
        arr = pc.replace_with_mask(arr, odd, fixed)
    text = pc.utf8_trim(arr, characters=" ")
    return pc.if_else(pc.equal(text, ""), _NULL, text)


@dataclass
class Distinct:
    """A low-cardinality column as cleaned distinct values plus one index per row.

    Cleaning, parsing and mapping then run over the few distinct values only.
    """

    values: pa.Array
    index: pa.Array

    @classmethod
    def of(cls, raw: pa.Array) -> Distinct:
        uniq = pc.unique(raw)
        return cls(clean(uniq), pc.index_in(raw, value_set=uniq))

    def spread(self, per_value: pa.Array) -> pa.Array:
        """Per-distinct-value results → one per row."""
        return per_value.take(self.index)

    def map(self, fn: Callable[[str], object], type_: pa.DataType) -> pa.Array:
        """`fn` once per distinct non-null value, spread over the rows."""
        return self.spread(
            pa.array([None if x is None else fn(x) for x in self.values.to_pylist()], type=type_)
        )

    def column(self) -> pa.Array:
        return self.spread(self.values)

    def take(self, rows: pa.Array) -> Distinct:
        """Keep only the given rows."""
        return Distinct(self.values, self.index.take(rows))

    @property
    def positions(self) -> np.ndarray:
        """Row → distinct-value position, as numpy (every row has one: null is a value too)."""
        return np.asarray(self.index.to_numpy(zero_copy_only=False), dtype=np.int64)


def to_numpy_bool(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Boolean array → numpy, null → False."""
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def legacy_mask(arr: pa.Array) -> np.ndarray:
    """True where a cell looks like TCVN3/VNI text decoded as Latin-1."""
    return to_numpy_bool(pc.match_substring_regex(arr, _LEGACY))


def map_distinct(arr: pa.Array, fn: Callable[[str], object], type_: pa.DataType) -> pa.Array:
    """Apply `fn` once per distinct non-null value and spread the results over the column."""
    uniq = pc.unique(arr)
    results = [None if v is None else fn(v) for v in uniq.to_pylist()]
    return pa.array(results, type=type_).take(pc.index_in(arr, value_set=uniq))


@dataclass
class Dates:
    """Parsed dates and why the others failed (numpy masks, one entry per cell)."""

    values: pa.Array  # date32, null unless good
    missing: np.ndarray
    bad_format: np.ndarray
    impossible: np.ndarray  # matched a pattern but no such day (31/02/2026)
    out_of_range: np.ndarray  # a real day outside YEAR_MIN..YEAR_MAX
    years: np.ndarray

    def take(self, index: np.ndarray) -> Dates:
        """Per-distinct-value results → one per row."""
        return Dates(
            self.values.take(pa.array(index)),
            self.missing[index],
            self.bad_format[index],
            self.impossible[index],
            self.out_of_range[index],
            self.years[index],
        )


TITLE_MAX = 1000  # characters; a real headline is a line or two, a pasted article is not a title


def latest_item_date(today: date | None = None) -> date:
    """The last date an item may carry: a year ahead (plans are dated ahead, 2099 is a typo)."""
    return (today or clock.today()) + timedelta(days=366)


def after(dates: pa.Array, last: date) -> np.ndarray:
    """Cells whose (parsed) date is after `last`."""
    return to_numpy_bool(pc.fill_null(pc.greater(dates, pa.scalar(last, pa.date32())), False))


def longer_than(texts: pa.Array, limit: int) -> np.ndarray:
    return to_numpy_bool(pc.fill_null(pc.greater(pc.utf8_length(texts), limit), False))


def _num(parts: pa.StructArray, name: str) -> np.ndarray:
    col = parts.field(name)
    col = pc.if_else(pc.equal(col, ""), _NULL, col)
    return pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False)


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 for proleptic Gregorian y-m-d (H. Hinnant's algorithm)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def parse_dates(arr: pa.Array) -> Dates:
    """Excel date cells ('2026-03-12 00:00:00'), serials ('46101') and day-first text ('05/3/2026')."""
    parts = pc.extract_regex(pc.fill_null(arr, ""), _DATE)
    present = to_numpy_bool(arr.is_valid())
    matched = to_numpy_bool(parts.is_valid()) & present
    filled = (
        parts.fill_null({k: "" for k in ("y1", "m1", "d1", "d2", "m2", "y2", "s")}) if len(arr) else parts
    )
    y1, y2 = _num(filled, "y1"), _num(filled, "y2")
    y = np.nan_to_num(np.where(np.isnan(y1), y2, y1)).astype(np.int64)
    m = np.nan_to_num(np.where(np.isnan(y1), _num(filled, "m2"), _num(filled, "m1"))).astype(np.int64)
    d = np.nan_to_num(np.where(np.isnan(y1), _num(filled, "d2"), _num(filled, "d1"))).astype(np.int64)
    serial = _num(filled, "s")
    is_serial = ~np.isnan(serial)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_len = _DAYS_IN_MONTH[np.clip(m, 0, 12)] + ((m == 2) & leap)
    real_day = (m >= 1) & (m <= 12) & (d >= 1) & (d <= month_len)
    days = np.where(is_serial, np.floor(np.nan_to_num(serial)).astype(np.int64) - _EXCEL_EPOCH, 0)
    days = np.where(~is_serial & real_day, _days_from_civil(y, m, d), days)
    ok = matched & (is_serial | real_day)
    years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    in_range = (years >= YEAR_MIN) & (years <= YEAR_MAX)
    good = ok & in_range
    values = pa.array(days.astype(np.int32), type=pa.int32(), mask=~good).cast(pa.date32())
    return Dates(values, ~present, present & ~matched, matched & ~ok, ok & ~in_range, years)


# --- channels ---------------------------------------------------------------

_SOCIAL_WORDS = {"zalo", "facebook", "fanpage", "youtube", "tiktok", "fb", "mxh", "oa"}
_SOCIAL_HOSTS = (
    "facebook.com",
    "fb.com",
    "fb.watch",
    "zalo.me",
    "zalo.vn",
    "youtube.com",
    "youtu.be",
    "tiktok.com",
)
_PORTAL_PHRASES = (
    "cong ttdt",
    "cong thong tin",
    "trang ttdt",
    "trang thong tin",
    "trang tin",
    "ttdt",
    "cong tt",
)


def channel_of_host(host: str) -> str | None:
    """Channel implied by a link's host name, if any."""
    host = host.lower().removeprefix("www.").removeprefix("m.")
    if "caicachhanhchinh" in host:
        return "city_page"
    if any(host == d or host.endswith("." + d) for d in _SOCIAL_HOSTS):
        return "social"
    if host.endswith(".gov.vn"):
        return "own_portal"
    return None


def channel_of_text(text: str) -> str | None:
    """Channel code for what a clerk wrote in the channel column ('Trang CCHC TP', 'Zalo OA', …)."""
    key = fold(text)
    words = set(key.split())
    if "caicachhanhchinh" in key.replace(" ", ""):
        return "city_page"
    if "." in text and " " not in text.strip():  # a bare domain or link typed as the channel
        return channel_of_host(text.strip().split("://")[-1].split("/")[0])
    if words & _SOCIAL_WORDS or "mang xa hoi" in key:
        return "social"
    if "truyen hinh" in key:
        return "broadcast"
    if "truyen thanh" in key or "loa" in words:
        return "radio"
    if "phat thanh" in key:
        return "broadcast"
    if "cchc" in words or "cai cach hanh chinh" in key:
        return "city_page"
    if "website" in words or "web" in words or any(p in key for p in _PORTAL_PHRASES):
        return "own_portal"
    return None


# --- item kinds and statuses --------------------------------------------------


def kind_flags(text: str) -> int:
    """Bit 1: in-depth/analytical wording; bit 2: programme wording (counts on broadcast only)."""
    key = fold(text)
    in_depth = "chuyen sau" in key or "chinh luan" in key
    programme = "chuong trinh" in key or "phong su" in key
    return int(in_depth) | (int(programme) << 1)


def status_of_text(text: str) -> str | None:
    """Item status code for a status cell, or None when unrecognised.

    Diacritics matter here ("đăng" posted vs "đang" in progress), so typed-with-marks text
    is read as is; text typed without marks falls back to its folded words.
    """
    low = nfc(text).lower()
    marked = low != fold(low) or not low.isascii()
    key = low if marked else fold(low)
    rules = (
        (("từ chối", "không"), ("tu choi", "khong"), "rejected"),
        (("chưa", "chờ"), ("chua", "cho"), "submitted"),
        (
            ("đăng tải", "đã đăng", "được đăng", "đã duyệt"),
            ("dang tai", "da dang", "duoc dang", "da duyet"),
            "published",
        ),
        (("gửi",), ("gui",), "submitted"),
    )
    words = set(key.replace(",", " ").split())
    for with_marks, without, code in rules:
        for phrase in with_marks if marked else without:
            if (phrase in words) if " " not in phrase else (phrase in key):
                return code
    if key in ("đăng", "dang"):
        return "published"
    return None


# --- links --------------------------------------------------------------------


_NORMAL_URL = r"^[a-z][a-z0-9+.\-]*://[^\sA-Z/?#@:]*\.[^\sA-Z/?#@:]*(?:[/?#]\S*)?$"


def parse_urls(arr: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """(links with lower-case scheme and host, mask of cells that are not links).

    Path and query keep their case. Links already in that form (most) are left as they are.
    """
    present = to_numpy_bool(arr.is_valid())
    todo = present & ~to_numpy_bool(pc.match_substring_regex(arr, _NORMAL_URL))
    if not todo.any():
        return arr, np.zeros(len(arr), dtype=bool)
    mask = pa.array(todo)
    parts = pc.extract_regex(pc.filter(arr, mask), _URL)
    ok = to_numpy_bool(parts.is_valid())
    parts = parts.fill_null({"scheme": "", "host": "", "rest": ""})
    host = pc.utf8_lower(parts.field("host"))
    ok &= to_numpy_bool(pc.match_substring(host, "."))
    fixed = pc.binary_join_element_wise(pc.utf8_lower(parts.field("scheme")), host, parts.field("rest"), "")
    fixed = pc.if_else(pa.array(ok), fixed, _NULL)
    invalid = np.zeros(len(arr), dtype=bool)
    invalid[np.flatnonzero(todo)[~ok]] = True
    return pc.replace_with_mask(arr, mask, fixed), invalid


def hosts(urls: pa.Array) -> pa.Array:
    """Bare host name of each normalised link ("www.", user and port removed)."""
    host = pc.extract_regex(urls, r"^(?:[a-z][a-z0-9+.\-]*://)?(?:[^/?#@]*@)?(?P<host>[^/?#:]+)")
    return pc.struct_field(host, "host") if len(urls) else urls


def channel_from_links(urls: pa.Array, need: np.ndarray) -> pa.Array:
    """Channel implied by the link's host, computed only where `need` is set."""
    out = pa.nulls(len(urls), pa.string())
    if not need.any():
        return out
    mask = pa.array(need)
    found = map_distinct(hosts(pc.filter(urls, mask)), channel_of_host, pa.string())
    return pc.replace_with_mask(out, mask, found)
