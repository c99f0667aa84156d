"""Find the header row of a publication log and map its columns to fields."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

from cchc.text import fold, nfc

# Field → header spellings seen in the wild. Compared after fold(), so case, spaces,
# punctuation and diacritics do not matter ("Tên tin, bài" == "ten tin bai").
SYNONYMS: dict[str, tuple[str, ...]] = {
    "unit": ("Đơn vị", "Tên đơn vị", "Cơ quan", "Đơn vị thực hiện", "Cơ quan, đơn vị", "Đơn vị gửi"),
    "date": ("Ngày", "Ngày đăng", "Ngày gửi", "Ngày đăng tải", "Thời gian", "Ngày gửi đăng", "Ngày tháng"),
    "channel": ("Kênh", "Kênh đăng", "Nơi đăng", "Hình thức tuyên truyền", "Kênh đăng tải", "Kênh thông tin"),
    "item_kind": ("Loại", "Loại tin", "Thể loại", "Loại tin bài", "Loại bài"),
    "title": ("Tiêu đề", "Tên tin bài", "Tên tin", "Tên bài", "Nội dung", "Tên tin, bài", "Tiêu đề tin bài"),
    "url": ("Đường dẫn", "Link", "URL", "Đường link", "Link bài viết", "Địa chỉ đăng tải"),
    "status": ("Trạng thái", "Tình trạng", "Kết quả"),
    "ignore": ("STT", "TT", "Số TT", "Số thứ tự", "Ghi chú"),
}
LABELS: dict[str, str] = {
    "unit": "Đơn vị",
    "date": "Ngày đăng",
    "channel": "Kênh đăng",
    "item_kind": "Loại tin",
    "title": "Tiêu đề",
    "url": "Đường dẫn",
    "status": "Trạng thái",
}
REQUIRED: tuple[str, ...] = ("unit", "date", "title")
SCAN_ROWS = 40  # title blocks above the header are rarely longer than this

_EXACT = {fold(s): f for f, spellings in SYNONYMS.items() for s in spellings}
# Longest first, so "ngay dang tai ..." is tried as "ngay dang tai" before "ngay".
_PREFIXES = sorted(_EXACT, key=len, reverse=True)
_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]|[*:]")  # "Ngày đăng (dd/mm/yyyy)*:" → "Ngày đăng"


def header_key(cell: str) -> str:
    """Comparable form of a header cell."""
    return fold(_NOTE.sub(" ", cell))


def field_of(cell: str | None) -> tuple[str | None, bool]:
    """(field, exact) for a header cell; field None when unrecognised."""
    if not cell:
        return None, False
    key = header_key(cell)
    if key in _EXACT:
        return _EXACT[key], True
    for prefix in _PREFIXES:  # "Tiêu đề tin, bài đăng tải" → title
        if key.startswith(prefix + " "):
            return _EXACT[prefix], False
    return None, False


@dataclass
class Header:
    """A recognised header: rows it spans (0-based indexes) and field → column position."""

    first: int
    last: int
    columns: dict[str, int]
    texts: dict[int, str]  # column position → header text as in the file (NFC)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (position, field) ignored

    @property
    def missing(self) -> list[str]:
        return [f for f in REQUIRED if f not in self.columns]


def _map_row(cells: Sequence[str | None]) -> Header:
    columns: dict[str, int] = {}
    exact: dict[str, bool] = {}
    texts: dict[int, str] = {}
    duplicates: list[tuple[int, str]] = []
    for pos, cell in enumerate(cells):
        if cell and nfc(cell):
            texts[pos] = nfc(cell)
        name, is_exact = field_of(cell)
        if name is None or name == "ignore":
            continue
        if name not in columns:
            columns[name], exact[name] = pos, is_exact
        elif is_exact and not exact[name]:  # an exact spelling beats a prefix guess
            duplicates.append((columns[name], name))
            columns[name], exact[name] = pos, True
        else:
            duplicates.append((pos, name))
    return Header(0, 0, columns, texts, duplicates)


def _merge(upper: Sequence[str | None], lower: Sequence[str | None]) -> list[str | None]:
    """Two-row header (a merged group cell above its sub-columns): the lower cell wins when it names a field."""
    return [low if field_of(low)[0] else up for up, low in zip_longest(upper, lower)]


def _all_headers(cells: Sequence[str | None]) -> bool:
    """True for a row of nothing but header words (the lower row of a two-row header)."""
    filled = [c for c in cells if c and nfc(c)]
    return bool(filled) and all(field_of(c)[0] for c in filled)


def _header(rows: Sequence[Sequence[str | None]], first: int, last: int) -> Header:
    cells = rows[first] if first == last else _merge(rows[first], rows[last])
    header = _map_row(cells)
    header.first, header.last = first, last
    if last > first:  # show each cell once, from whichever row holds its text
        header.texts = {**_map_row(rows[first]).texts, **header.texts}
    return header


def find_header(rows: Sequence[Sequence[str | None]]) -> tuple[Header | None, Header | None]:
    """(header, None) or (None, best partial candidate) among the first rows of a sheet.

    A header is one row naming every required field, or two rows when a merged group
    cell ("Tin bài") sits above its sub-columns ("Tiêu đề", "Đường dẫn").
    """
    best: Header | None = None
    scanned = rows[:SCAN_ROWS]
    for i, cells in enumerate(scanned):
        if not any(cells):
            continue
        single = _header(scanned, i, i)
        if not single.missing:
            if i + 1 < len(scanned) and _all_headers(scanned[i + 1]):  # sub-columns under a group cell
                return _header(scanned, i, i + 1), None
            return single, None
        if best is None or len(single.columns) > len(best.columns):
            best = single
        if i + 1 < len(scanned) and any(scanned[i + 1]) and _header(scanned, i + 1, i + 1).missing:
            pair = _header(scanned, i, i + 1)
            if not pair.missing:
                return pair, None
    return None, best


def describe_miss(best: Header | None, scanned: int) -> str:
    """Vietnamese explanation for a sheet without a usable header row."""
    need = ", ".join(LABELS[f] for f in REQUIRED)
    optional = ", ".join(LABELS[f] for f in LABELS if f not in REQUIRED)
    if best is None or not best.columns:
        return (
            f"Không tìm thấy dòng tiêu đề cột (đã xem {scanned} dòng đầu). "
            f"Cần các cột: {need} (có thể thêm: {optional})."
        )
    found = ", ".join(f"«{t}»" for t in list(best.texts.values())[:12])
    missing = ", ".join(LABELS[f] for f in best.missing)
    return (
        f"Dòng tiêu đề cột (dòng {best.first + 1}) thiếu cột bắt buộc: {missing}. "
        f"Đã thấy: {found}. Cần các cột: {need} (có thể thêm: {optional})."
    )


def describe_no_channel(header: Header) -> str:
    """Vietnamese explanation for a header with no way to tell the channel."""
    found = ", ".join(f"«{t}»" for t in list(header.texts.values())[:12])
    return (
        f"Dòng tiêu đề cột (dòng {header.first + 1}) không có cột Kênh đăng, cũng không có cột Đường dẫn "
        f"để suy ra kênh, và tên trang tính không cho biết kênh. Đã thấy: {found}."
    )
