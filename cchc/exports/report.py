"""The quarterly report of communication work as an .xlsx, and chart images for it.

Every string goes into the workbook through `write_string` with formula, URL and number guessing
off, so a unit name or title typed as `=HYPERLINK(...)`, `+1`, `-2` or `@x` stays text in Excel.
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import threading
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go

from cchc import db
from cchc.charts import overview as charts
from cchc.exports.xlsx import XLSX_MIME, Col, Sheets, write_value  # noqa: F401  (XLSX_MIME: re-exported)
from cchc.periods import Period, parse_period
from cchc.quotas import summary as dashboard
from cchc.quotas.fulfillment import fulfillment, query_params
from cchc.vocab import (
    CHANNELS,
    CHUA_DAT,
    CHUA_DEN_KY,
    DANG_THUC_HIEN,
    DAT,
    ITEM_KINDS,
    ITEM_STATUSES,
    PERIOD_KINDS,
    QUOTA_STATUSES,
    TASK_STATUSES,
    UNIT_KINDS,
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
TASK_DONE = ("Hoàn thành đúng hạn", "Hoàn thành quá hạn")
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
# --- the report's numbers ---------------------------------------------------------------


@dataclass
class ReportData:
    """Everything the quarterly report shows, as frames (no formatting)."""

    period: Period
    as_of: date
    detail: pd.DataFrame
    by_kind: pd.DataFrame
    by_unit: pd.DataFrame
    items: pd.DataFrame
    items_by_month: pd.DataFrame
    duplicates: pd.DataFrame
    tasks: pd.DataFrame | None
    task_occurrences: pd.DataFrame | None = None
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return quarter_label(self.period)


def quarter_label(period: Period) -> str:
    """'Quý III/2026' for 2026-Q3; the spec itself for other periods."""
    spec = period.spec.upper()
    if "-Q" in spec and ".." not in spec:
        year, q = spec.split("-Q")
        return f"Quý {ROMAN[int(q)]}/{year}"
    return f"Kỳ {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"


def current_quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _overall(statuses: pd.Series) -> str:
    """One word for several rule-periods: the worst of them."""
    present = set(statuses)
    for status in (CHUA_DAT, DANG_THUC_HIEN):
        if status in present:
            return status
    return CHUA_DEN_KY if present == {CHUA_DEN_KY} else DAT


def _status_counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    counts = pd.crosstab([frame[k] for k in keys], frame["status"]).reindex(
        columns=QUOTA_STATUSES, fill_value=0
    )
    counts.columns = ["n_met", "n_running", "n_missed", "n_not_started"]
    return counts.reset_index()


def in_report(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Rule-periods judged in `period`: those ending in it (a week that began in the previous
    quarter counts where it ends), and yearly or whole-plan quotas still running past its end."""
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    ends = pd.to_datetime(frame["period_end"])
    starts = pd.to_datetime(frame["period_start"])
    long_running = frame["period"].isin(["year", "window"]) & (starts <= end) & (ends > end)
    return frame[((ends >= start) & (ends <= end)) | long_running].copy()


def _tasks_module() -> Any:
    try:
        from cchc import tasks
    except ImportError:  # the task tables are optional for this report
        return None
    return tasks


def task_rows(
    con: duckdb.DuckDBPyConnection, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame | None:
    """Each task's current status (cchc.tasks.task_status) when that module is installed, else None."""
    tasks = _tasks_module()
    if tasks is None or not hasattr(tasks, "task_status"):
        return None
    return tasks.task_status(con, as_of, plan=None, units=None if units is None else list(units))


def task_occurrences(
    con: duckdb.DuckDBPyConnection, period: Period, as_of: date, units: Sequence[str] | None = None
) -> pd.DataFrame | None:
    """Task occurrences (a recurring task's months, quarters…) due within `period`, or None."""
    tasks = _tasks_module()
    if tasks is None or not hasattr(tasks, "occurrence_status"):
        return None
    frame = tasks.occurrence_status(con, as_of, plan=None, units=None if units is None else list(units))
    due = pd.to_datetime(frame["occ_due"], errors="coerce")
    return frame[(due >= pd.Timestamp(period.start)) & (due <= pd.Timestamp(period.end))]


def report_data(
    con: duckdb.DuckDBPyConnection, spec: str, as_of: date, units: Sequence[str] | None = None
) -> ReportData:
    """Collect the report for period `spec` (normally a quarter such as '2026-Q3')."""
    period = parse_period(spec)
    detail = in_report(fulfillment(con, period, as_of, units), period)
    detail["missing"] = (detail["required"] - detail["actual"]).clip(lower=0)
    detail["channel_label"] = detail["channel"].map(CHANNELS)
    detail["kind_label"] = detail["unit_kind"].map(UNIT_KINDS)
    detail["period_label"] = detail["period"].map(PERIOD_KINDS)

    items = db.run(con, "quotas/report_items", query_params(period, as_of, units))
    items["channel_label"] = items["channel"].map(CHANNELS)
    items["kind_label"] = items["unit_kind"].map(UNIT_KINDS)
    dups = db.run(con, "quotas/report_duplicates", query_params(period, as_of, units))
    for col, vocab in (("channel", CHANNELS), ("item_kind", ITEM_KINDS), ("status", ITEM_STATUSES)):
        dups[f"{col}_label"] = dups[col].map(vocab)
    dups["kind_label"] = dups["unit_kind"].map(UNIT_KINDS)

    by_unit = _by_unit(detail)
    by_kind = _by_kind(detail, items)
    tasks = task_rows(con, as_of, units)
    if tasks is not None and "due_date" in tasks:
        due = pd.to_datetime(tasks["due_date"], errors="coerce")
        in_q = (due >= pd.Timestamp(period.start)) & (due <= pd.Timestamp(period.end))
        tasks = tasks.assign(due_in_period=in_q.map({True: "Có", False: "Không"}).where(due.notna(), None))
    occurrences = task_occurrences(con, period, as_of, units)
    month_items = dashboard.items_by_month(con, period, units)
    month_items = month_items[month_items["month"] <= pd.Timestamp(as_of)]
    return ReportData(
        period=period,
        as_of=as_of,
        detail=detail,
        by_kind=by_kind,
        by_unit=by_unit,
        items=items,
        items_by_month=month_items,
        duplicates=dups,
        tasks=tasks,
        task_occurrences=occurrences,
        summary=_summary(detail, items, tasks, occurrences),
    )


def _by_unit(detail: pd.DataFrame) -> pd.DataFrame:
    keys = ["unit_code", "unit_name", "unit_kind", "rule", "rule_label", "channel"]
    if detail.empty:
        return pd.DataFrame(columns=[*keys, "periods", "required", "actual", "missing", "overall"])
    grouped = detail.groupby(keys, as_index=False).agg(
        periods=("status", "size"),
        required=("required", "sum"),
        actual=("actual", "sum"),
        missing=("missing", "sum"),
        overall=("status", _overall),
    )
    out = grouped.merge(_status_counts(detail, keys), on=keys)
    out["kind_label"] = out["unit_kind"].map(UNIT_KINDS)
    out["channel_label"] = out["channel"].map(CHANNELS)
    return out.sort_values(["unit_kind", "unit_name", "channel", "rule"]).reset_index(drop=True)


def _by_kind(detail: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    keys = ["unit_kind", "channel"]
    if detail.empty:
        return pd.DataFrame(columns=[*keys, "units", "rule_periods", "required", "actual", "share_met"])
    grouped = detail.groupby(keys, as_index=False).agg(
        units=("unit_code", "nunique"),
        rule_periods=("status", "size"),
        required=("required", "sum"),
        actual=("actual", "sum"),
    )
    out = grouped.merge(_status_counts(detail, keys), on=keys)
    due = out["rule_periods"] - out["n_not_started"]
    out["share_met"] = (out["n_met"] / due.where(due > 0)).astype(float)
    new_items = items.groupby(keys, as_index=False)[["new_items", "duplicates"]].sum()
    out = out.merge(new_items, on=keys, how="left").fillna({"new_items": 0, "duplicates": 0})
    out["kind_label"] = out["unit_kind"].map(UNIT_KINDS)
    out["channel_label"] = out["channel"].map(CHANNELS)
    order = {k: i for i, k in enumerate(UNIT_KINDS)}
    return out.sort_values(
        ["unit_kind", "channel"], key=lambda s: s.map(order) if s.name == "unit_kind" else s
    )


def _summary(
    detail: pd.DataFrame, items: pd.DataFrame, tasks: pd.DataFrame | None, occurrences: pd.DataFrame | None
) -> dict[str, Any]:
    due = detail[detail["status"] != CHUA_DEN_KY]
    per_unit = due.groupby("unit_code")["status"].agg(lambda s: bool((s == DAT).all()))
    out: dict[str, Any] = {
        "units": int(detail["unit_code"].nunique()),
        "units_all_met": int(per_unit.sum()),
        "rule_periods_due": len(due),
        "met": int((due["status"] == DAT).sum()),
        "missed": int((due["status"] == CHUA_DAT).sum()),
        "running": int((due["status"] == DANG_THUC_HIEN).sum()),
        "share_met": (float((due["status"] == DAT).mean()) if len(due) else None),
        "new_items": int(items["new_items"].sum()),
        "duplicates": int(items["duplicates"].sum()),
    }
    if tasks is not None and "status" in tasks:
        out["tasks"] = len(tasks)
        out["tasks_done"] = int(tasks["status"].isin(TASK_DONE).sum())
        out["tasks_overdue"] = int((tasks["status"] == TASK_OVERDUE).sum())
        out["task_counts"] = {s: int((tasks["status"] == s).sum()) for s in TASK_STATUSES}
    if occurrences is not None:
        out["due_in_period"] = len(occurrences)
        out["due_in_period_done"] = int(occurrences["status"].isin(TASK_DONE).sum())
        out["due_in_period_overdue"] = int((occurrences["status"] == TASK_OVERDUE).sum())
    return out


# --- charts -----------------------------------------------------------------------------


def report_figures(data: ReportData) -> dict[str, go.Figure]:
    """The report's charts, keyed by a file-name stem; the page shows the same ones."""
    figs: dict[str, go.Figure] = {}
    kinds = (
        data.detail[data.detail["status"] != CHUA_DEN_KY]
        .groupby("kind_label", as_index=False)
        .agg(share_met=("status", lambda s: float((s == DAT).mean())))
    )
    if not kinds.empty:
        figs["ty-le-dat-theo-loai-don-vi"] = charts.share_bars(
            kinds, "kind_label", f"Tỷ lệ định mức đạt theo loại đơn vị, {data.label}"
        )
        status = data.detail.groupby(["kind_label", "status"], as_index=False).size()
        figs["tinh-trang-dinh-muc-theo-loai-don-vi"] = charts.status_bars(
            status.rename(columns={"size": "count"}),
            "kind_label",
            f"Số định mức-kỳ theo tình trạng và loại đơn vị, {data.label}",
        )
    if not data.items_by_month.empty:
        figs["tin-bai-moi-theo-kenh"] = charts.items_over_time(
            data.items_by_month, f"Tin/bài mới theo kênh từng tháng, {data.label}"
        )
    return figs


_IMAGE_LOCK = threading.Lock()
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def images_available() -> bool:
    """Whether chart images can be made here: kaleido installed and a Chromium it can drive."""
    if importlib.util.find_spec("kaleido") is None:
        return False
    return bool(os.environ.get("BROWSER_PATH")) or any(shutil.which(b) for b in BROWSERS)


def figure_images(figs: Mapping[str, go.Figure], width: int = 1000) -> dict[str, bytes]:
    """PNG bytes per figure via kaleido and the system Chromium; {} when either is missing."""
    if not figs:
        return {}
    try:
        import kaleido
        import plotly.io as pio
    except ImportError:
        return {}
    out: dict[str, bytes] = {}
    with _IMAGE_LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            kaleido.start_sync_server(silence_warnings=True)
            for name, fig in figs.items():
                height = int(fig.layout.height or 450)
                out[name] = pio.to_image(fig, format="png", width=width, height=height, scale=1)
        except Exception:  # no browser, or it failed: the report goes out without pictures
            return {}
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
    return out


def images_zip(images: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, png in images.items():
            zf.writestr(f"{name}.png", png)
    return buffer.getvalue()


# --- the workbook -----------------------------------------------------------------------

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
        ws = out.sheet(
            "Nhiệm vụ",
            "Tình trạng thực hiện nhiệm vụ của các kế hoạch",
            f"Tình trạng tính đến ngày {data.as_of:%d/%m/%Y}",
        )
        # Overdue first, then the other statuses in their usual order; plan and STT order within.
        order = {s: i for i, s in enumerate(dict.fromkeys((TASK_OVERDUE, *TASK_STATUSES)))}
        tasks = (
            data.tasks.sort_values("status", key=lambda s: s.map(order), kind="stable")
            if "status" in data.tasks
            else data.tasks
        )
        out.table(ws, tasks, _task_cols(tasks), freeze_cols=0)

    _charts_sheet(out, data, images or {})
    out.close()
    return buffer.getvalue()


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
