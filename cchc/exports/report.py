"""The quarterly report of communication work as an .xlsx (the numbers: cchc.screens.report).

Every string goes into the workbook through `write_string` with formula, URL and number guessing
off, so a unit name or title typed as `=HYPERLINK(...)`, `+1`, `-2` or `@x` stays text in Excel.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from cchc.exports.xlsx import Col, Sheets, write_value
from cchc.vocab import (
    CHUA_DAT,
    CHUA_DEN_KY,
    DANG_THUC_HIEN,
    DAT,
    TASK_STATUSES,
)

if TYPE_CHECKING:
    from cchc.screens.report import ReportData

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
TASK_OVERDUE = "Quá hạn"
TASK_LABELS = {
    "plan": "Kế hoạch",
    "stt": "STT",
    "task": "Nhiệm vụ",
    "lead_units": "Cơ quan chủ trì",
    "deadline_text": "Thời gian thực hiện",
    "due_date": "Hạn",
    "status": "Tình trạng",
    "completed_on": "Ngày hoàn thành",
    "occurrences_overdue": "Số lượt quá hạn",
}
DETAIL_COLS = [
    Col("unit_code", "Mã đơn vị", 11),
    Col("unit_name", "Đơn vị", 34),
    Col("kind_label", "Loại đơn vị", 22),
    Col("rule_label", "Định mức", 50),
    Col("channel_label", "Kênh", 26),
    Col("period_label", "Chu kỳ", 10),
    Col("period_start", "Từ ngày", 12, "date"),
    Col("period_end", "Đến ngày", 12, "date"),
    Col("required", "Yêu cầu", 9, "int"),
    Col("actual", "Thực hiện", 10, "int"),
    Col("missing", "Còn thiếu", 10, "int"),
    Col("status", "Tình trạng", 16, "status"),
]
UNIT_COLS = [
    Col("unit_code", "Mã đơn vị", 11),
    Col("unit_name", "Đơn vị", 34),
    Col("kind_label", "Loại đơn vị", 22),
    Col("channel_label", "Kênh", 26),
    Col("rule_label", "Định mức", 50),
    Col("periods", "Số kỳ", 7, "int"),
    Col("required", "Yêu cầu (tin/bài)", 11, "int"),
    Col("actual", "Thực hiện (tin/bài)", 11, "int"),
    Col("missing", "Còn thiếu", 10, "int"),
    Col("n_met", DAT, 8, "int"),
    Col("n_running", DANG_THUC_HIEN, 11, "int"),
    Col("n_missed", CHUA_DAT, 9, "int"),
    Col("n_not_started", CHUA_DEN_KY, 10, "int"),
    Col("overall", "Tình trạng chung", 16, "status"),
]
KIND_COLS = [
    Col("kind_label", "Loại đơn vị", 28),
    Col("channel_label", "Kênh", 30),
    Col("units", "Số đơn vị", 9, "int"),
    Col("rule_periods", "Số định mức-kỳ", 11, "int"),
    Col("required", "Yêu cầu (tin/bài)", 11, "int"),
    Col("actual", "Thực hiện (tin/bài)", 11, "int"),
    Col("n_met", DAT, 8, "int"),
    Col("n_running", DANG_THUC_HIEN, 11, "int"),
    Col("n_missed", CHUA_DAT, 9, "int"),
    Col("n_not_started", CHUA_DEN_KY, 10, "int"),
    Col("share_met", "Tỷ lệ đạt", 9, "pct"),
    Col("new_items", "Tin/bài mới trong kỳ", 11, "int"),
    Col("duplicates", "Bản trùng lặp", 10, "int"),
]
ITEM_COLS = [
    Col("unit_code", "Mã đơn vị", 11),
    Col("unit_name", "Đơn vị", 34),
    Col("kind_label", "Loại đơn vị", 22),
    Col("channel_label", "Kênh", 30),
    Col("rows_logged", "Dòng nhật ký", 10, "int"),
    Col("new_items", "Tin/bài mới", 10, "int"),
    Col("duplicates", "Bản trùng lặp", 10, "int"),
    Col("published", "Đã được đăng tải", 11, "int"),
]
DUP_COLS = [
    Col("unit_name", "Đơn vị", 34),
    Col("kind_label", "Loại đơn vị", 22),
    Col("item_date", "Ngày", 12, "date"),
    Col("channel_label", "Kênh", 26),
    Col("title", "Tiêu đề (bản gửi lại)", 50),
    Col("url", "Đường dẫn", 36),
    Col("status_label", "Trạng thái", 14),
    Col("original_date", "Ngày của bản đầu tiên", 13, "date"),
    Col("original_title", "Tiêu đề bản đầu tiên", 50),
]


_TASK_KINDS = {"due_date": "date", "completed_on": "date", "stt": "int", "occurrences_overdue": "int"}


def _task_cols(tasks: pd.DataFrame) -> list[Col]:
    widths = {"task": 60, "lead_units": 34, "deadline_text": 28, "plan": 14, "stt": 6}
    cols = [
        Col(name, label, widths.get(name, 14), _TASK_KINDS.get(name, "text"))
        for name, label in TASK_LABELS.items()
        if name in tasks
    ]
    if "due_in_period" in tasks:
        cols.append(Col("due_in_period", "Hạn trong kỳ báo cáo", 12))
    return cols


def report_xlsx(data: ReportData, images: Mapping[str, bytes] | None = None) -> bytes:
    """The quarterly report workbook: summary, by unit kind, by unit, items, duplicates, tasks,
    charts."""
    buffer = io.BytesIO()
    out = Sheets(buffer)
    span = f"Từ ngày {data.period.start:%d/%m/%Y} đến ngày {data.period.end:%d/%m/%Y}"
    subtitle = f"{span} · số liệu tính đến ngày {data.as_of:%d/%m/%Y}"
    _summary_sheet(out, data, subtitle)

    ws = out.sheet(
        "Theo loại đơn vị",
        f"Kết quả thực hiện định mức theo loại đơn vị và kênh — {data.label}",
        subtitle,
        "Yêu cầu/Thực hiện: tổng số tin/bài của các định mức-kỳ; một tin/bài có thể được tính cho "
        "nhiều định mức (ví dụ định mức gửi đăng hằng tháng và định mức được đăng tải trong năm).",
    )
    out.table(ws, data.by_kind, KIND_COLS, freeze_cols=2)

    ws = out.sheet(
        "Theo đơn vị",
        f"Kết quả thực hiện định mức của từng đơn vị — {data.label}",
        subtitle,
        "Mỗi định mức-kỳ được tính vào kỳ báo cáo mà nó kết thúc; định mức theo năm chưa kết thúc "
        "được nêu với tình trạng tính đến ngày lập báo cáo.",
    )
    out.table(ws, data.by_unit, UNIT_COLS, freeze_cols=2)

    ws = out.sheet("Chi tiết định mức", f"Từng định mức-kỳ của từng đơn vị — {data.label}", subtitle)
    out.table(ws, data.detail, DETAIL_COLS, freeze_cols=2)

    ws = out.sheet(
        "Tin bài theo kênh",
        f"Tin/bài trong nhật ký theo đơn vị và kênh — {data.label}",
        subtitle,
        "Tin/bài mới: lần đăng đầu tiên; bản trùng lặp (gửi lại cùng tiêu đề hoặc đường dẫn) không được tính.",
    )
    out.table(ws, data.items, ITEM_COLS, freeze_cols=2)

    ws = out.sheet(
        "Tin trùng lặp",
        f"Tin/bài gửi lại (trùng lặp) phát hiện trong kỳ — {data.label}",
        subtitle,
        "Không có bản trùng lặp nào trong kỳ." if data.duplicates.empty else "",
    )
    out.table(ws, data.duplicates, DUP_COLS, freeze_cols=1)

    if data.tasks is not None:
        _tasks_sheet(out, data.tasks, data.as_of)
    _charts_sheet(out, data, images or {})
    out.close()
    return buffer.getvalue()


def _tasks_sheet(out: Sheets, tasks: pd.DataFrame, as_of: date) -> None:
    ws = out.sheet(
        "Nhiệm vụ",
        "Tình trạng thực hiện nhiệm vụ của các kế hoạch",
        f"Tình trạng tính đến ngày {as_of:%d/%m/%Y}",
    )
    # Overdue first, then the other statuses in their usual order; plan and STT order within.
    order = {s: i for i, s in enumerate(dict.fromkeys((TASK_OVERDUE, *TASK_STATUSES)))}
    if "status" in tasks:
        tasks = tasks.sort_values("status", key=lambda s: s.map(order), kind="stable")
    out.table(ws, tasks, _task_cols(tasks), freeze_cols=0)


def _summary_sheet(out: Sheets, data: ReportData, subtitle: str) -> None:
    ws = out.sheet(
        "Tổng hợp", f"Báo cáo kết quả thông tin, tuyên truyền cải cách hành chính — {data.label}", subtitle
    )
    ws.set_column(0, 0, 58)
    ws.set_column(1, 1, 16)
    s = data.summary
    rows: list[tuple[str, Any, str]] = [
        ("Số đơn vị có định mức trong kỳ", s["units"], "int"),
        ("Số đơn vị đạt tất cả định mức đã đến kỳ", s["units_all_met"], "int"),
        ("Số định mức-kỳ đã đến kỳ", s["rule_periods_due"], "int"),
        (f"— {DAT}", s["met"], "int"),
        (f"— {CHUA_DAT}", s["missed"], "int"),
        (f"— {DANG_THUC_HIEN}", s["running"], "int"),
        ("Tỷ lệ định mức-kỳ đạt", s["share_met"], "pct"),
        ("Tin/bài mới trong kỳ", s["new_items"], "int"),
        ("Bản trùng lặp (gửi lại) phát hiện và không tính", s["duplicates"], "int"),
    ]
    if "tasks" in s:
        rows += [
            (f"Số nhiệm vụ theo dõi (tình trạng tính đến ngày {data.as_of:%d/%m/%Y})", s["tasks"], "int"),
            ("Nhiệm vụ đã hoàn thành (đúng hạn và quá hạn)", s["tasks_done"], "int"),
            ("Nhiệm vụ quá hạn chưa hoàn thành", s["tasks_overdue"], "int"),
        ]
        rows += [(f"— {status}", n, "int") for status, n in s["task_counts"].items()]
    if "due_in_period" in s:
        rows += [
            ("Lượt thực hiện nhiệm vụ có hạn trong kỳ", s["due_in_period"], "int"),
            ("— đã hoàn thành", s["due_in_period_done"], "int"),
            ("— quá hạn chưa hoàn thành", s["due_in_period_overdue"], "int"),
        ]
    write_value(ws, 3, 0, "Chỉ tiêu", out.header)
    write_value(ws, 3, 1, "Số liệu", out.header)
    for r, (label, value, kind) in enumerate(rows, start=4):
        write_value(ws, r, 0, label, out.label)
        write_value(ws, r, 1, value, out.formats[kind])
    note_row = 5 + len(rows)
    if "tasks" not in s:
        write_value(ws, note_row, 0, "Chưa có dữ liệu nhiệm vụ (bảng nhiệm vụ chưa được nạp).", out.note)
    ws.freeze_panes(4, 0)


def _charts_sheet(out: Sheets, data: ReportData, images: Mapping[str, bytes]) -> None:
    ws = out.sheet("Biểu đồ", f"Biểu đồ — {data.label}")
    if not images:
        write_value(
            ws,
            2,
            0,
            "Không tạo được ảnh biểu đồ trên máy chủ (cần gói kaleido và trình duyệt Chromium); "
            "xem biểu đồ trên trang Báo cáo.",
            out.note,
        )
        return
    row = 2
    for name, png in images.items():
        ws.insert_image(
            row, 0, f"{name}.png", {"image_data": io.BytesIO(png), "x_scale": 0.8, "y_scale": 0.8}
        )
        row += int(png_height(png) * 0.8 / 20) + 2  # rows are 20 px high


def png_height(png: bytes, default: int = 450) -> int:
    """Pixel height from a PNG's IHDR chunk (bytes 16-24 hold width and height)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return default
    return int.from_bytes(png[20:24], "big")
