"""The Nhiệm vụ page's data as an .xlsx download; its first sheet reads back as a task table."""

from __future__ import annotations

import io

import pandas as pd

from cchc.exports.xlsx import Col, Sheets, write_value

EXPORT_COLUMNS: dict[str, str] = {
    "plan": "Kế hoạch",
    "stt": "STT",
    "task": "Nhiệm vụ",
    "lead_text": "Cơ quan chủ trì",
    "coordinating_text": "Cơ quan phối hợp",
    "deadline_text": "Thời gian thực hiện",
    "product": "Sản phẩm",
    "lead_units": "Đơn vị theo danh mục",
    "due_date": "Hạn",
    "status": "Trạng thái",
    "completed_on": "Ngày hoàn thành",
    "evidence": "Minh chứng",
    "note": "Ghi chú",
}
OCCURRENCE_EXPORT: dict[str, str] = {
    "plan": "Kế hoạch",
    "stt": "Số nhiệm vụ",
    "task": "Tên nhiệm vụ",
    "occ_start": "Từ ngày",
    "occ_due": "Đến hạn",
    "status": "Tình trạng kỳ",
    "completed_on": "Ngày xong",
    "evidence": "Tài liệu",
    "note": "Lưu ý",
    "recorded_by": "Người ghi",
}
_DATES = ("due_date", "completed_on", "occ_start", "occ_due")
_WIDE = ("lead_text", "coordinating_text", "lead_units")


def _columns(frame: pd.DataFrame, labels: dict[str, str]) -> list[Col]:
    """The labelled columns the frame has; STT stays plain text format so it reads back as '12'."""
    return [
        Col(c, label, 60 if c == "task" else 30 if c in _WIDE else 14, "date" if c in _DATES else "text")
        for c, label in labels.items()
        if c in frame.columns
    ]


def to_xlsx(tasks: pd.DataFrame, occurrences: pd.DataFrame | None = None, *, title: str = "") -> bytes:
    """The page's data as .xlsx: 'Nhiệm vụ' (a title row, then the table) and 'Các kỳ'.

    Text is always written as text: a cell starting with '=' stays a string, never a formula.
    """
    buffer = io.BytesIO()
    out = Sheets(buffer)
    sheets = [("Nhiệm vụ", tasks, EXPORT_COLUMNS, title)]
    if occurrences is not None:
        sheets.append(("Các kỳ", occurrences, OCCURRENCE_EXPORT, ""))
    for name, frame, labels, heading in sheets:
        ws = out.book.add_worksheet(name)
        if heading:
            write_value(ws, 0, 0, heading, out.title)
        out.table(ws, frame, _columns(frame, labels), first_row=2 if heading else 0)
    out.close()
    return buffer.getvalue()
