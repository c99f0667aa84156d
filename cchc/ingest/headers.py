"""The one header finder of every upload: publication logs, task tables.

A sheet's header is found among its first rows and its cells are mapped to fields through a
:class:`Vocabulary` (field → spellings seen in the wild). Rules, for every kind of file:

* cells are compared after fold() with bracketed notes and '*', ':' removed, so case, spaces,
  punctuation, diacritics and "(dd/mm/yyyy)" do not matter ("Tên tin, bài" == "ten tin bai");
* a cell that starts with a known spelling names that field ("Tiêu đề tin, bài đăng tải" → title),
  the longest spelling first; an exact spelling beats such a guess, a second column for a field
  is ignored (and listed in ``Header.duplicates``);
* the header is one row naming every required field, or two rows when a merged group cell
  ("Tin bài", "Cơ quan, đơn vị") sits above its sub-columns ("Tiêu đề | Đường dẫn",
  "Chủ trì | Phối hợp"): the lower cell wins where it names a field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

from cchc.text import fold, nfc

SCAN_ROWS = 40  # title blocks above the header are rarely longer than this
IGNORE = "ignore"  # the field of columns read back without complaint (STT of a log, our own columns)

_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]|[*:]")  # "Ngày đăng (dd/mm/yyyy)*:" → "Ngày đăng"


def header_key(cell: str) -> str:
    """Comparable form of a header cell."""
    return fold(_NOTE.sub(" ", cell))


class Vocabulary:
    """The header words of one kind of file: field → spellings, the required fields, labels."""

    def __init__(
        self, synonyms: Mapping[str, Sequence[str]], required: Sequence[str], labels: Mapping[str, str]
    ) -> None:
        self.required = tuple(required)
        self.labels = dict(labels)
        self.exact = {fold(s): f for f, spellings in synonyms.items() for s in spellings}
        # Longest first, so "ngay dang tai ..." is tried as "ngay dang tai" before "ngay".
        self._prefixes = sorted(self.exact, key=len, reverse=True)

    def field_of(self, cell: str | None) -> tuple[str | None, bool]:
        """(field, exact) for a header cell; field None when unrecognised."""
        if not cell:
            return None, False
        key = header_key(cell)
        if key in self.exact:
            return self.exact[key], True
        for prefix in self._prefixes:  # "Tiêu đề tin, bài đăng tải" → title
            if key.startswith(prefix + " "):
                return self.exact[prefix], False
        return None, False


@dataclass
class Header:
    """A recognised header: rows it spans (0-based indexes) and field → column position."""

    first: int
    last: int
    columns: dict[str, int]
    texts: dict[int, str]  # column position → header text as in the file (NFC)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (position, field) ignored
    required: tuple[str, ...] = ()

    @property
    def missing(self) -> list[str]:
        return [f for f in self.required if f not in self.columns]


def _map_row(cells: Sequence[str | None], vocab: Vocabulary) -> Header:
    columns: dict[str, int] = {}
    exact: dict[str, bool] = {}
    texts: dict[int, str] = {}
    duplicates: list[tuple[int, str]] = []
    for pos, cell in enumerate(cells):
        if cell and nfc(cell):
            texts[pos] = nfc(cell)
        name, is_exact = vocab.field_of(cell)
        if name is None or name == IGNORE:
            continue
        if name not in columns:
            columns[name], exact[name] = pos, is_exact
        elif is_exact and not exact[name]:  # an exact spelling beats a prefix guess
            duplicates.append((columns[name], name))
            columns[name], exact[name] = pos, True
        else:
            duplicates.append((pos, name))
    return Header(0, 0, columns, texts, duplicates, vocab.required)


def _merge(upper: Sequence[str | None], lower: Sequence[str | None], vocab: Vocabulary) -> list[str | None]:
    """Two-row header: the lower cell wins when it names a field."""
    return [low if vocab.field_of(low)[0] else up for up, low in zip_longest(upper, lower)]


def _all_headers(cells: Sequence[str | None], vocab: Vocabulary) -> bool:
    """True for a row of nothing but header words (the lower row of a two-row header)."""
    filled = [c for c in cells if c and nfc(c)]
    return bool(filled) and all(vocab.field_of(c)[0] for c in filled)


def _header(rows: Sequence[Sequence[str | None]], first: int, last: int, vocab: Vocabulary) -> Header:
    cells = rows[first] if first == last else _merge(rows[first], rows[last], vocab)
    header = _map_row(cells, vocab)
    header.first, header.last = first, last
    if last > first:  # show each cell once, from whichever row holds its text
        header.texts = {**_map_row(rows[first], vocab).texts, **header.texts}
    return header


def find_header(
    rows: Sequence[Sequence[str | None]], vocab: Vocabulary, scan_rows: int = SCAN_ROWS
) -> tuple[Header | None, Header | None]:
    """(header, None) or (None, best partial candidate) among the first `scan_rows` rows."""
    best: Header | None = None
    scanned = rows[:scan_rows]
    for i, cells in enumerate(scanned):
        if not any(cells):
            continue
        single = _header(scanned, i, i, vocab)
        below = scanned[i + 1] if i + 1 < len(scanned) else None
        if not single.missing:
            if below is not None and _all_headers(below, vocab):  # sub-columns under a group cell
                return _header(scanned, i, i + 1, vocab), None
            return single, None
        if best is None or len(single.columns) > len(best.columns):
            best = single
        if below is not None and any(below) and _header(scanned, i + 1, i + 1, vocab).missing:
            pair = _header(scanned, i, i + 1, vocab)
            if not pair.missing:
                return pair, None
    return None, best


# --------------------------------------------------------------------------- publication logs

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
LOG = Vocabulary(SYNONYMS, REQUIRED, LABELS)


# --------------------------------------------------------------------------- task tables

TASK_SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "TT", "Số TT", "Số thứ tự"),
    "task": (
        "Nhiệm vụ",
        "Nội dung",
        "Nội dung nhiệm vụ",
        "Nhiệm vụ cụ thể",
        "Tên nhiệm vụ",
        "Nội dung công việc",
        "Nội dung thực hiện",
        "Nhiệm vụ, giải pháp",
        "Hoạt động",
    ),
    "lead": (
        "Cơ quan chủ trì",
        "Đơn vị chủ trì",
        "Cơ quan, đơn vị chủ trì",
        "Cơ quan chủ trì thực hiện",
        "Đơn vị chủ trì thực hiện",
        "Chủ trì",
        "Cơ quan thực hiện",
        "Đơn vị thực hiện",
        "Cơ quan, đơn vị thực hiện",
    ),
    "coordinating": (
        "Cơ quan phối hợp",
        "Đơn vị phối hợp",
        "Cơ quan, đơn vị phối hợp",
        "Phối hợp",
        "Cơ quan phối hợp thực hiện",
    ),
    "deadline": (
        "Thời gian thực hiện",
        "Thời gian hoàn thành",
        "Thời hạn",
        "Thời hạn hoàn thành",
        "Thời gian",
        "Tiến độ",
        "Tiến độ thực hiện",
        "Thời gian thực hiện/hoàn thành",
    ),
    "product": ("Sản phẩm", "Sản phẩm đầu ra", "Kết quả, sản phẩm", "Hình thức sản phẩm"),
    "completed_on": (
        "Ngày hoàn thành",
        "Ngày hoàn thành thực tế",
        "Thời gian hoàn thành thực tế",
        "Đã hoàn thành ngày",
    ),
    "evidence": (
        "Minh chứng",
        "Đường dẫn",
        "Link",
        "Link minh chứng",
        "Đường dẫn minh chứng",
        "Tài liệu minh chứng",
        "Minh chứng, đường dẫn",
    ),
    "note": ("Ghi chú",),
    # Columns of our own download, read back without complaint.
    "ignore": (
        "Kế hoạch",
        "Hạn",
        "Hạn hiện tại",
        "Kỳ",
        "Kỳ hiện tại",
        "Trạng thái",
        "Đơn vị chủ trì (đã nhận)",
    ),
}
TASK_LABELS: dict[str, str] = {
    "stt": "STT",
    "task": "Nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "deadline": "Thời gian thực hiện",
}
TASK_REQUIRED: tuple[str, ...] = ("task", "lead", "deadline")
TASK = Vocabulary(TASK_SYNONYMS, TASK_REQUIRED, TASK_LABELS)


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
