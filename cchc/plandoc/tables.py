"""The task table of a plan (its 'Phụ lục'): a Word table, tab-separated text, or the cells of a PDF
table as lines (no tabs: columns are told apart by how cells begin — a unit's name, a time phrase).

A header row is recognised by its words (STT/TT, Nhiệm vụ, chủ trì, phối hợp, Thời gian, Sản phẩm);
a header repeated on each page is dropped; a row without a number continues the row above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.plandoc.paragraphs import key

COLUMNS = ("stt", "task", "lead", "partners", "deadline_text", "product")
_HEADER_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("stt", re.compile(r"^(?:s\s*tt|tt|so tt|so thu tu)$")),
    ("partners", re.compile(r"phoi hop")),
    ("lead", re.compile(r"chu tri|(?:co quan|don vi).{0,30}thuc hien|^thuc hien$|phu trach")),
    ("deadline_text", re.compile(r"thoi gian|thoi han|tien do|thoi diem")),
    ("product", re.compile(r"san pham|ket qua")),
    ("task", re.compile(r"nhiem vu|noi dung|cong viec|hoat dong")),
)
_UNIT_LINE = re.compile(
    r"^(?:Phòng|Các|Văn phòng|Cơ quan|Sở|UBND|Ủy ban|Uỷ ban|Trung tâm|Ban|Đài|Báo|Công an|Hội|Đoàn|Viện|Chi cục|Cục)\b"
)
_TIME_LINE = re.compile(
    r"^(?:trong|cham nhat|dinh ky|theo|thuong xuyen|hang|quy|thang|nam|truoc|tu|ngay|sau|ket thuc|\d)\b"
)
_SPLIT_BEFORE = re.compile(r"\s+(?=(?:Phòng|Các|Trung tâm|Văn phòng|Sở|Ban|Đài|Công an)\s)")
_JOINING_WORDS = {"và", "với", "của", "thuộc", "hoặc", "các", "cho", "tại", "văn", "trung"}


@dataclass
class TaskRow:
    """One task: its cells as pieces (a cell may span pages or lines)."""

    cells: dict[str, list[str]] = field(default_factory=dict)

    def add(self, column: str, text: str) -> None:
        if text.strip():
            self.cells.setdefault(column, []).append(text.strip())


def header_columns(cells: list[str]) -> list[str | None] | None:
    """The column each header cell names; None when the row is no task-table header."""
    names: list[str | None] = []
    if not cells or max(len(c) for c in cells) > 80:  # a header's cells are a few words each
        return None
    for cell in cells:
        k = key(cell)
        names.append(next((name for name, pattern in _HEADER_WORDS if pattern.search(k)), None))
    found = {n for n in names if n}
    return names if "task" in found and len(found) >= 3 else None


def split_units(cell: str) -> str:
    """'Các phòng, ban, đơn vị phường Các tổ dân phố' → 'Các phòng, ban, đơn vị phường; Các tổ dân phố'
    (a Word cell with one unit a line, flattened); '- A;' '- B.' → 'A; B'."""
    pieces: list[str] = []
    for part in re.split(r"\n|(?<=;)\s+(?=[-+•]\s)", cell):
        part = part.strip()
        if pieces and part[:1].islower():
            pieces[-1] = f"{pieces[-1]} {part}"  # a wrapped line of the same unit
        elif part:
            pieces.append(part)
    items = [re.sub(r"^[-+•]\s*", "", part).strip(" ;.") for part in pieces]
    text = "; ".join(i for i in items if i)
    out, last = [], 0
    for m in _SPLIT_BEFORE.finditer(text):
        before = text[last : m.start()]
        prev_word = before.split()[-1] if before.split() else ""
        if not prev_word or prev_word.lower() in _JOINING_WORDS or not prev_word[-1].isalpha():
            continue
        if not prev_word[-1].islower():
            continue
        out.append(before)
        last = m.end()
    out.append(text[last:])
    return "; ".join(p.strip() for p in out if p.strip())


def _join_pieces(parts: list[str]) -> str:
    """Pieces of one cell: a piece opening with '- ' is the next item, any other continues the text."""
    out = ""
    for i, part in enumerate(parts):
        out += ("\n" if re.match(r"[-+•]\s", part) else " ") + part if i else part
    return out


def finish(row: TaskRow, has_product: bool) -> dict[str, str | None]:
    """The row as the JSON task: cells joined, lead and partners one unit after another."""
    task: dict[str, str | None] = {}
    for column in COLUMNS:
        parts = row.cells.get(column, [])
        if column in ("lead", "partners"):
            text = split_units(_join_pieces(parts)) if parts else ""
        else:
            text = re.sub(r"\s+", " ", " ".join(parts)).strip()
        task[column] = text or None
    task["stt"] = (task["stt"] or "").rstrip(".") or None
    if not has_product:
        task["product"] = None
    return task


def rows_to_tasks(rows: list[list[str]]) -> list[dict[str, str | None]]:
    """A table given as rows of cells (Word, or tab-separated lines) → tasks."""
    columns: list[str | None] | None = None
    header_keys: set[str] = set()
    out: list[TaskRow] = []
    for cells in rows:
        found = header_columns(cells)
        if found is not None:
            columns = columns or found
            header_keys.add(key(" ".join(cells)))
            continue
        if columns is None or key(" ".join(cells)) in header_keys or not any(c.strip() for c in cells):
            continue
        named = dict(zip(columns, cells, strict=False))
        number = (named.get("stt") or "").strip()
        if number or not out:
            out.append(TaskRow())
        for column, cell in named.items():
            if column is not None:
                out[-1].add(column, cell)
    has_product = columns is not None and "product" in columns
    return [finish(r, has_product) for r in out if r.cells.get("task")]


def tab_rows(lines: list[str]) -> list[list[str]]:
    """Tab-separated lines as rows of cells."""
    return [line.split("\t") for line in lines if "\t" in line]


def _line_header(lines: list[str]) -> tuple[int, list[str]] | None:
    """Where a table's header, written one cell a line (PDF text), ends, and its columns in order."""
    for i, line in enumerate(lines):
        k = key(line)
        if re.match(r"^s?tt\b", k) and "nhiem vu" in k:
            j = i + 1
            while j < len(lines) and not re.match(r"^\d{1,2}\.?$", lines[j].strip()):
                j += 1
            text = key(" ".join(lines[i:j]))
            spots = []
            for name, pattern in _HEADER_WORDS:
                m = pattern.search(text) if name != "stt" else None
                if m:
                    spots.append((m.start(), name))
            return j, ["stt", *(n for _, n in sorted(spots))]
    return None


def line_tasks(lines: list[str]) -> list[dict[str, str | None]]:
    """A PDF table whose cells came out one line each, with no tabs (seed 003's annex)."""
    found = _line_header([line for line in lines if line.strip()])
    if found is None:
        return []
    start, columns = found
    body = [line.strip() for line in lines if line.strip()][start:]
    out: list[TaskRow] = []
    order = [c for c in columns if c != "stt"]
    position = 0
    for line in body:
        expected = len(out) + 1
        m = re.match(rf"^(?:(.*?)\s+)?{expected}\.?$", line)
        if m:
            out.append(TaskRow())
            out[-1].add("stt", str(expected))
            position = 0
            continue
        if not out:
            continue
        position = _next_position(out[-1], order, position, line)
        out[-1].add(order[position], line)
    return [finish(r, "product" in columns) for r in out if r.cells.get("task")]


def _next_position(row: TaskRow, order: list[str], position: int, line: str) -> int:
    """Which column a line of a flattened row belongs to: columns only move forward."""
    column = order[position]
    starts_unit = bool(_UNIT_LINE.match(line))
    starts_time = bool(_TIME_LINE.match(key(line)))
    if column == "task" and starts_unit and row.cells.get("task") and "lead" in order:
        return order.index("lead")
    if column == "lead" and row.cells.get("lead"):
        if starts_unit and "partners" in order:
            return order.index("partners")
        if starts_time and "deadline_text" in order:
            return order.index("deadline_text")
    if column == "partners" and starts_time and "deadline_text" in order:
        return order.index("deadline_text")
    return position
