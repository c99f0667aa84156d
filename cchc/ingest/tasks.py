"""Read a plan's task table (Phụ lục nhiệm vụ) from an uploaded .xlsx or .csv.

Reuses the upload checks and sheet reader of cchc.ingest; adds what task tables need:

* header synonyms (``TT``/``STT``, ``Nhiệm vụ``/``Nội dung``, ``Cơ quan, đơn vị chủ trì``...),
  title rows above the header, a two-row header ("Cơ quan, đơn vị" over "Chủ trì | Phối hợp");
* a table continuing over page breaks: a repeated header row and a "(1) (2) (3)" numbering row
  are skipped; a row without STT whose cells continue the task above (it has text in the unit
  or deadline columns, or its text starts in lower case) is joined to that task, with a warning;
* multi-line cells: line breaks become spaces, bullet lines ("- Sở Nội vụ") become '; ';
* section rows ("I. Nhiệm vụ chung": no unit, no deadline) are skipped;
* optional completion columns ``Ngày hoàn thành``, ``Minh chứng``/``Đường dẫn``, ``Ghi chú``.

A task's identity is its printed STT (a whole number, unique in the file): an updated table
may hold only some rows. Problems carry the Excel row; errors reject the row, warnings keep it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa

from cchc import clock
from cchc.ingest import values
from cchc.ingest.headers import SCAN_ROWS, TASK, Header, find_header, header_key
from cchc.ingest.report import Problem, quote, reject
from cchc.ingest.safety import MAX_BYTES, check_upload
from cchc.ingest.workbook import RawSheet, open_reader, read_sheets
from cchc.text import nfc

MAX_ROWS = 5_000  # a plan's task table has tens of rows; more is not a task table

COMPLETION_FIELDS = ("completed_on", "evidence", "note")
LEGACY_MESSAGE = "Văn bản mã TCVN3/VNI, hãy chuyển sang Unicode (ví dụ bằng Unikey, công cụ chuyển mã)."

_STT = re.compile(r"^\s*(\d{1,4})(?:[.,]0+)?\s*[.)]?\s*$")
_NUMBERING = re.compile(r"^\s*\(?\s*\d{1,2}\s*\)?\s*$")
_BULLET = re.compile(r"^\s*[-+•–]\s*")


@dataclass(frozen=True)
class TaskRow:
    """One task as read (NFC text, single-line; None for blank cells)."""

    sheet: str
    row: int  # Excel row of the task's first line
    stt: int
    task: str
    lead: str
    coordinating: str | None = None
    deadline_text: str | None = None
    product: str | None = None
    completed_on: date | None = None
    evidence: str | None = None
    note: str | None = None


@dataclass
class TaskTable:
    """The outcome of reading one file."""

    file: str
    sha256: str
    rows: list[TaskRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    completion_columns: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({(p.sheet, p.row) for p in self.problems if p.severity == "error" and p.row})

    @property
    def rows_total(self) -> int:
        return len(self.rows) + self.rejected_rows


def describe_miss(best: Header | None) -> str:
    need = ", ".join(TASK.labels[f] for f in TASK.required)
    if best is None or not best.texts:
        return (
            f"Không tìm thấy dòng tiêu đề của bảng nhiệm vụ trong {SCAN_ROWS} dòng đầu. Cần các cột: {need}."
        )
    seen = ", ".join(quote(t, 30) for t in list(best.texts.values())[:8])
    missing = ", ".join(TASK.labels[f] for f in best.missing)
    return f"Dòng tiêu đề (dòng {best.first + 1}) thiếu cột: {missing}. Đã thấy: {seen}. Cần các cột: {need}."


def clean_cell(value: str | None) -> str | None:
    """NFC single-line text; bullet lines become '; '-separated parts; blank -> None."""
    if value is None:
        return None
    lines = [ln for ln in str(value).splitlines() if ln.strip()]
    if len(lines) > 1 and any(_BULLET.match(ln) for ln in lines[1:]):
        text = "; ".join(nfc(_BULLET.sub("", ln)) for ln in lines)
    else:
        text = nfc(" ".join(lines))
    return text or None


def parse_stt(value: str | None) -> int | None:
    m = _STT.match(value or "")
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- reading


def read_task_table(
    data: bytes, filename: str, *, today: date | None = None, max_bytes: int = MAX_BYTES
) -> TaskTable:
    """Check and read a task table; raise FileRejected when no sheet holds one."""
    safe = check_upload(data, filename, max_bytes=max_bytes, open_reader=open_reader)
    table = TaskTable(filename, hashlib.sha256(data).hexdigest())
    misses: list[tuple[str, str]] = []
    seen: dict[int, int] = {}
    for sheet in read_sheets(data, safe, filename):
        if not sheet.visible or not sheet.height or all(c.null_count == len(c) for c in sheet.columns):
            continue
        if sheet.height > MAX_ROWS + SCAN_ROWS:
            raise reject(
                filename, f"Trang «{sheet.name}» có {sheet.height} dòng: quá dài cho một bảng nhiệm vụ."
            )
        cells = [list(r) for r in zip(*(c.to_pylist() for c in sheet.columns), strict=True)]
        header, best = find_header(cells, TASK)
        if header is None:
            misses.append((sheet.name, describe_miss(best)))
            continue
        table.sheets_read.append(sheet.name)
        table.completion_columns |= any(f in header.columns for f in COMPLETION_FIELDS)
        _read_rows(table, sheet, cells, header, seen, today or clock.today())
    if not table.sheets_read:
        if not misses:
            raise reject(filename, "Tệp không có dữ liệu (mọi trang tính đều trống hoặc bị ẩn).")
        raise reject(filename, " ".join(f"Trang «{s}»: {why}" for s, why in misses), sheet=misses[0][0])
    for s, why in misses:
        table.problems.append(Problem(filename, s, None, None, f"Bỏ qua trang tính: {why}", "warning"))
    table.problems.sort(key=lambda p: (p.sheet or "", p.row or 0))
    return table


@dataclass
class _Draft:
    row: int
    stt: int | None
    cells: dict[str, str | None]
    raw_date: str | None
    problems: list[tuple[str | None, str, str]] = field(default_factory=list)  # (column, message, severity)


def _read_rows(
    table: TaskTable,
    sheet: RawSheet,
    cells: list[list[str | None]],
    header: Header,
    seen: dict[int, int],
    today: date,
) -> None:
    cols = header.columns
    name_of = {f: header.texts.get(pos, TASK.labels.get(f, f)) for f, pos in cols.items()}
    drafts: list[_Draft] = []
    for index in range(header.last + 1, len(cells)):
        excel_row = index + 1
        raw = cells[index]
        get = {f: clean_cell(raw[pos]) for f, pos in cols.items()}
        if not any(get.values()) or _is_repeated_header(raw) or _is_numbering(get):
            continue
        starts_task, stt = _row_stt(table, sheet, drafts, get, excel_row, "stt" in cols)
        if not starts_task:
            continue
        draft = _Draft(excel_row, stt, get, _raw_date(raw, cols))
        for (r, pos), why in sheet.bad_cells.items():
            if r == excel_row and pos in cols.values():
                draft.problems.append((sheet.letters[pos], why, "error"))
        _check_stt(draft, get.get("stt"), "stt" in cols, name_of, seen)
        drafts.append(draft)
    _finish(table, sheet, drafts, name_of, today)


def _row_stt(
    table: TaskTable,
    sheet: RawSheet,
    drafts: list[_Draft],
    get: dict[str, str | None],
    excel_row: int,
    has_stt_column: bool,
) -> tuple[bool, int | None]:
    """Whether the row starts a task, and its STT (None: unreadable).

    A row with no STT under a task continues it when it names units or a deadline, or its text
    reads as the rest of a sentence; otherwise it is reported and skipped.
    """
    names_units = bool(get.get("lead") or get.get("deadline"))
    if not has_stt_column:
        return names_units, len(drafts) + 1  # no lead nor deadline: a heading or a line under the table
    stt_text = get.get("stt")
    if stt_text is None:
        task = get.get("task") or ""
        if drafts and (names_units or get.get("coordinating") or task[:1].islower() or task[:1] in ",;.:)-"):
            _continue(drafts[-1], get, excel_row)
        elif drafts:
            table.problems.append(
                Problem(table.file, sheet.name, excel_row, None, "Dòng không có STT: bỏ qua.", "warning")
            )
        return False, None
    stt = parse_stt(stt_text)
    # an unreadable STT with neither lead nor deadline is a section heading: "I", "A", "II." and its title
    return stt is not None or names_units, stt


def _check_stt(
    draft: _Draft, stt_text: str | None, has_stt_column: bool, name_of: dict[str, str], seen: dict[int, int]
) -> None:
    """An unreadable or repeated STT is an error of the row; a good one is remembered."""
    stt = draft.stt
    if has_stt_column and stt is None:
        draft.problems.append(
            (name_of["stt"], f"STT {quote(stt_text)} không phải số thứ tự (1, 2, 3…).", "error")
        )
    elif stt is not None and stt in seen:
        draft.problems.append((name_of.get("stt"), f"STT {stt} trùng với dòng {seen[stt]}.", "error"))
    elif stt is not None:
        seen[stt] = draft.row


def _is_repeated_header(raw: Sequence[str | None]) -> bool:
    """A header row again (a table continued on a new page): exact header spellings only."""
    fields = {TASK.exact.get(header_key(c)) for c in raw if c}
    return "task" in fields and "lead" in fields


def _is_numbering(get: dict[str, str | None]) -> bool:
    present = [v for v in get.values() if v]
    return bool(present) and all(_NUMBERING.match(v) for v in present) and bool(get.get("task"))


def _raw_date(raw: Sequence[str | None], cols: dict[str, int]) -> str | None:
    pos = cols.get("completed_on")
    value = raw[pos] if pos is not None else None
    return nfc(value) if value and nfc(value) else None


def _continue(draft: _Draft, get: dict[str, str | None], excel_row: int) -> None:
    for f, value in get.items():
        if value and f != "stt":
            before = draft.cells.get(f)
            draft.cells[f] = f"{before} {value}" if before else value
            if f == "completed_on":
                draft.raw_date = draft.cells[f]
    draft.problems.append(
        (None, f"Dòng {excel_row} không có STT: nối vào nhiệm vụ này (bảng bị ngắt trang).", "warning")
    )


def _finish(
    table: TaskTable, sheet: RawSheet, drafts: list[_Draft], name_of: dict[str, str], today: date
) -> None:
    dates = values.parse_dates(pa.array([d.raw_date for d in drafts], type=pa.string()))
    parsed = dates.values.to_pylist()
    texts = [" ".join(v for v in d.cells.values() if v) for d in drafts]
    legacy: list[bool] = values.legacy_mask(pa.array(texts, type=pa.string())).tolist() if drafts else []
    for i, d in enumerate(drafts):
        c = d.cells
        col = name_of.get
        if legacy[i]:
            d.problems.append((None, LEGACY_MESSAGE, "error"))
        if not c.get("task"):
            d.problems.append((col("task"), "Thiếu nội dung nhiệm vụ.", "error"))
        if not c.get("lead"):
            d.problems.append((col("lead"), "Thiếu cơ quan chủ trì.", "error"))
        done: date | None = parsed[i]
        if d.raw_date and done is None:
            d.problems.append(
                (
                    col("completed_on"),
                    f"Ngày hoàn thành {quote(d.raw_date)} không đọc được (dd/mm/yyyy).",
                    "error",
                )
            )
        elif done is not None and done > today:
            d.problems.append(
                (
                    col("completed_on"),
                    f"Ngày hoàn thành {done:%d/%m/%Y} ở sau hôm nay ({today:%d/%m/%Y}).",
                    "error",
                )
            )
        if done is None and not d.raw_date and c.get("evidence"):
            d.problems.append(
                (
                    col("evidence"),
                    "Có minh chứng nhưng chưa có ngày hoàn thành: chưa ghi nhận hoàn thành.",
                    "warning",
                )
            )
        for column, message, severity in d.problems:
            table.problems.append(Problem(table.file, sheet.name, d.row, column, message, severity))
        if any(s == "error" for _, _, s in d.problems) or d.stt is None:
            continue
        table.rows.append(
            TaskRow(
                sheet=sheet.name,
                row=d.row,
                stt=d.stt,
                task=c["task"] or "",
                lead=c["lead"] or "",
                coordinating=c.get("coordinating"),
                deadline_text=c.get("deadline"),
                product=c.get("product"),
                completed_on=done,
                evidence=c.get("evidence"),
                note=c.get("note"),
            )
        )
