"""The Nhiệm vụ page's data as an .xlsx download and as a plotly timeline (pure functions)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from cchc.vocab import TASK_STATUSES

if TYPE_CHECKING:
    from openpyxl.cell import Cell
    from plotly.graph_objects import Figure

STATUS_COLORS: dict[str, str] = {
    "Hoàn thành đúng hạn": "#2e7d32",
    "Hoàn thành quá hạn": "#9ccc65",
    "Quá hạn": "#c62828",
    "Sắp đến hạn": "#ef6c00",
    "Đang thực hiện": "#1565c0",
    "Thường xuyên": "#78909c",
    "Chưa xác định hạn": "#bdbdbd",
}

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


def to_xlsx(tasks: pd.DataFrame, occurrences: pd.DataFrame | None = None, *, title: str = "") -> bytes:
    """The page's data as .xlsx; its first sheet reads back as an updated task table.

    Text is always written as text: a cell starting with '=' stays a string, never a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    sheets = [(ws, tasks, EXPORT_COLUMNS, title)]
    if occurrences is not None:
        sheets.append((wb.create_sheet("Các kỳ"), occurrences, OCCURRENCE_EXPORT, ""))
    for sheet, frame, columns, heading in sheets:
        start = 1
        if heading:
            sheet.cell(row=1, column=1, value=heading).font = Font(bold=True, size=13)
            start = 3
        cols = [c for c in columns if c in frame.columns]
        for j, c in enumerate(cols, start=1):
            cell = sheet.cell(row=start, column=j, value=columns[c])
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for i, values in enumerate(frame[cols].itertuples(index=False), start=start + 1):
            for j, value in enumerate(values, start=1):
                _put(sheet.cell(row=i, column=j), value)
        for j, c in enumerate(cols, start=1):
            width = 60 if c == "task" else 30 if c in ("lead_text", "coordinating_text", "lead_units") else 14
            sheet.column_dimensions[sheet.cell(row=start, column=j).column_letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _put(cell: Cell, value: object) -> None:
    if value is None or (not isinstance(value, str | date) and pd.isna(value)):
        return
    if isinstance(value, date):
        cell.value = value
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would store '=…' as a formula
    else:
        cell.value = value.item() if hasattr(value, "item") else value


def timeline_figure(occ: pd.DataFrame, as_of: date, title: str = "") -> Figure:
    """A Gantt chart: one bar per occurrence with known dates, coloured by status; a line at as_of."""
    import plotly.express as px

    frame = occ[occ["occ_due"].notna()].sort_values(["plan", "stt"], kind="stable").copy()
    frame["start"] = pd.to_datetime(
        [s or d for s, d in zip(frame["occ_start"], frame["occ_due"], strict=True)]
    )
    frame["end"] = pd.to_datetime(frame["occ_due"]) + timedelta(days=1)  # the due day is a whole day
    several = frame["plan"].nunique() > 1
    frame["row"] = [
        f"{p + ' · ' if several else ''}{s}. {t[:55]}{'…' if len(t) > 55 else ''}"
        for p, s, t in zip(frame["plan"], frame["stt"], frame["task"], strict=True)
    ]
    frame["Hạn"] = [d.strftime("%d/%m/%Y") for d in frame["occ_due"]]
    fig = px.timeline(
        frame,
        x_start="start",
        x_end="end",
        y="row",
        color="status",
        color_discrete_map=STATUS_COLORS,
        category_orders={"status": list(TASK_STATUSES), "row": list(dict.fromkeys(frame["row"]))},
        hover_data={"task": True, "Hạn": True, "status": True, "row": False, "start": False, "end": False},
        labels={"status": "Trạng thái", "task": "Nhiệm vụ", "row": ""},
        title=title,
    )
    fig.update_yaxes(title=None)
    fig.update_xaxes(tickformat="%d/%m/%Y", title=None)
    x = pd.Timestamp(as_of)
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line={"color": "#333", "dash": "dot"})
    fig.add_annotation(x=x, y=1, yref="paper", text=f"Tính đến {as_of:%d/%m/%Y}", showarrow=False, yshift=10)
    fig.update_layout(height=max(320, 60 + 26 * frame["row"].nunique()), legend_title_text="Trạng thái")
    return fig
