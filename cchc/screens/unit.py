"""One unit's page as data: quota grids, items, its offices' quotas, tasks (the pace line is in
cchc.quotas.pace). No Streamlit here."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from cchc import db
from cchc.periods import parse_period
from cchc.quotas import summary as dashboard
from cchc.quotas.fulfillment import fulfillment
from cchc.quotas.pace import RulePace, unit_paces
from cchc.text import fold, vn_number
from cchc.vocab import (
    CHANNELS,
    CHUA_DAT,
    CHUA_DEN_KY,
    DANG_THUC_HIEN,
    DAT,
    ITEM_KINDS,
    ITEM_STATUSES,
    STATUS_COLORS,
    UNIT_KINDS,
)

# The pages showing one unit (paths as app.py names them in st.navigation).
WARD_PAGE = "pages/ward.py"
DEPARTMENT_PAGE = "pages/department.py"
WARD_KINDS = ("commune",)
DEPARTMENT_KINDS = ("department", "central_agency", "public_service")
# Order of the grids on a page: the month first, then the longer periods.
GRID_PERIODS = ("month", "quarter", "year", "window")
GRID_TITLES = {
    "month": "Định mức hằng tháng",
    "quarter": "Định mức hằng quý",
    "year": "Định mức cả năm",
    "window": "Định mức cả kỳ kế hoạch",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# cchc.tasks.task_status columns → headings, in display order (lead_text is the lead as written).
TASK_COLUMNS = {
    "plan": "Kế hoạch",
    "stt": "STT",
    "task": "Nhiệm vụ",
    "status": "Trạng thái",
    "due_date": "Hạn",
    "deadline_text": "Thời gian thực hiện",
    "overdue_occurrences": "Số kỳ quá hạn",
    "lead_text": "Cơ quan chủ trì",
    "lead_units": "Cơ quan chủ trì",
    "product": "Sản phẩm",
}
TASK_COLORS = {
    "Quá hạn": STATUS_COLORS[CHUA_DAT],
    "Hoàn thành quá hạn": STATUS_COLORS[DANG_THUC_HIEN],
    "Sắp đến hạn": STATUS_COLORS[DANG_THUC_HIEN],
    "Hoàn thành đúng hạn": STATUS_COLORS[DAT],
}
RESENT = "Gửi lại"
# Tasks needing action first, finished ones last.
TASK_ORDER = (
    "Quá hạn",
    "Sắp đến hạn",
    "Đang thực hiện",
    "Thường xuyên",
    "Chưa xác định hạn",
    "Hoàn thành quá hạn",
    "Hoàn thành đúng hạn",
)


# --- formatting -------------------------------------------------------------------------------


def period_label(period: str, start: date, end: date) -> str:
    """How people name a period: 'Tháng 3/2026', 'Quý I/2026', 'Tuần 14 (30/03–05/04)'."""
    if period == "week":
        return f"Tuần {start.isocalendar().week} ({start:%d/%m}–{end:%d/%m})"
    if period == "month":
        return f"Tháng {start.month}/{start.year}"
    if period == "quarter":
        return f"Quý {ROMAN[(start.month - 1) // 3 + 1]}/{start.year}"
    if period == "year":
        return f"Năm {start.year}"
    whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1
    if whole_months and start.year == end.year:
        return f"Cả kỳ {start:%m}–{end:%m/%Y}"
    if whole_months:
        return f"Cả kỳ {start:%m/%Y}–{end:%m/%Y}"
    return f"Cả kỳ {start:%d/%m/%Y}–{end:%d/%m/%Y}"


def column_label(period: str, start: date, end: date) -> str:
    """The shorter heading of a grid column (the grid is for one year)."""
    if period == "month":
        return f"T{start.month}"
    if period == "quarter":
        return f"Quý {ROMAN[(start.month - 1) // 3 + 1]}"
    return period_label(period, start, end)


def commune_word(name: str) -> str:
    """'xã', 'phường' or 'đặc khu', as the commune's name begins (for 'thuộc phường' and the like)."""
    folded = fold(name)
    for word, key in (("phường", "phuong"), ("đặc khu", "dac khu"), ("xã", "xa")):
        if folded.startswith(key + " "):
            return word
    return "xã, phường"


def short_office_name(name: str, ward_name: str) -> str:
    """'Phòng Văn hóa - Xã hội (Phường Phúc Lợi)' → 'Phòng Văn hóa - Xã hội' on its ward's page."""
    suffix = f" ({ward_name})"
    return name[: -len(suffix)] if name.endswith(suffix) else name


# --- units ------------------------------------------------------------------------------------


def unit_options(
    con: duckdb.DuckDBPyConnection, kinds: Sequence[str], allowed: Sequence[str] | None = None
) -> pd.DataFrame:
    """Units of these kinds (and among `allowed` when given) for a picker: code, name, kind,
    province, label; kinds in the given order, then the most common province first, then names
    in Vietnamese alphabetical order."""
    frame = dashboard.units_list(con, kinds=list(kinds), units=allowed)
    if frame.empty:
        return frame.assign(label=pd.Series(dtype=str))
    provinces = frame["province"].fillna("").value_counts()
    several = len(provinces) > 1
    frame = frame.assign(
        _kind=frame["kind"].map({k: i for i, k in enumerate(kinds)}),
        _province=frame["province"].fillna("").map(lambda p: (-provinces[p], fold(p))),
        _name=frame["name"].map(fold),
    ).sort_values(["_kind", "_province", "_name"])
    frame["label"] = [
        f"{name} ({province})" if several and province else name
        for name, province in zip(frame["name"], frame["province"], strict=True)
    ]
    return frame.drop(columns=["_kind", "_province", "_name"]).reset_index(drop=True)


def pick_unit(codes: Sequence[str], requested: str | None, default: str | None = None) -> str | None:
    """The unit a page shows: the one asked for in the URL if known, else the default, else the first."""
    for code in (requested, default):
        if code and code in codes:
            return code
    return codes[0] if codes else None


def find_unit(con: duckdb.DuckDBPyConnection, code: str) -> dict | None:
    """code, name, kind and parent_code of one unit, or None."""
    found = dashboard.units_list(con, units=[code])
    return None if found.empty else found.iloc[0][["code", "name", "kind", "parent_code"]].to_dict()


def home_page(unit: Mapping[str, object]) -> tuple[str, str] | None:
    """The page (and unit code) that shows this unit: a ward office is shown on its ward's page."""
    kind = unit.get("kind")
    if kind in WARD_KINDS:
        return WARD_PAGE, str(unit["code"])
    if kind == "ward_office" and unit.get("parent_code"):
        return WARD_PAGE, str(unit["parent_code"])
    if kind in DEPARTMENT_KINDS:
        return DEPARTMENT_PAGE, str(unit["code"])
    return None


@dataclass(frozen=True)
class UnitChoice:
    """Which unit a page shows for `?unit=`: `code`; `elsewhere` = (page, code, name) when the
    requested unit belongs on another page; `unknown` = the requested code when no unit has it."""

    code: str | None
    elsewhere: tuple[str, str, str] | None = None
    unknown: str | None = None


def choose_unit(
    con: duckdb.DuckDBPyConnection,
    codes: Sequence[str],
    requested: str | None,
    page: str,
    default: str | None = None,
    allowed: Sequence[str] | None = None,
) -> UnitChoice:
    """Resolve `?unit=` among the page's `codes`; a unit outside `allowed` is not even named."""
    if not requested or requested in codes:
        return UnitChoice(pick_unit(codes, requested, default))
    found = find_unit(con, requested) if allowed is None or requested in allowed else None
    home = home_page(found) if found else None
    if home is None:
        return UnitChoice(pick_unit(codes, None, default), unknown=requested)
    if home[0] == page and home[1] in codes:  # an office: show its ward
        return UnitChoice(home[1])
    return UnitChoice(pick_unit(codes, None, default), elsewhere=(home[0], home[1], str(found["name"])))


# --- quotas -----------------------------------------------------------------------------------


def _plan_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    plans = db.run(con, "quotas/unit_plans")
    return dict(zip(plans["plan_code"], plans["plan_label"], strict=True))


def quotas(con: duckdb.DuckDBPyConnection, units: Sequence[str], year: int, as_of: date) -> pd.DataFrame:
    """Every rule-period of `units` in `year` (fulfillment rows) with plan and period labels."""
    frame = fulfillment(con, parse_period(str(year)), as_of, list(units)) if units else pd.DataFrame()
    if frame.empty:
        return pd.DataFrame(
            columns=[
                "unit_code",
                "unit_name",
                "plan",
                "plan_label",
                "rule",
                "rule_label",
                "channel",
                "item_kind",
                "basis",
                "period",
                "period_start",
                "period_end",
                "required",
                "actual",
                "status",
                "period_label",
                "column_label",
            ]
        )
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    labels = _plan_labels(con)
    frame["plan_label"] = frame["plan"].map(labels).fillna(frame["plan"])
    frame["period_label"] = [
        period_label(p, s, e)
        for p, s, e in zip(frame["period"], frame["period_start"], frame["period_end"], strict=True)
    ]
    frame["column_label"] = [
        column_label(p, s, e)
        for p, s, e in zip(frame["period"], frame["period_start"], frame["period_end"], strict=True)
    ]
    return frame.sort_values(["unit_code", "plan", "rule", "period_start"]).reset_index(drop=True)


@dataclass(frozen=True)
class StatusGrid:
    """A table to show: label columns, then one column per period with 'actual/required'.

    `status` has the same shape, holding the quota status of each period cell (None elsewhere)."""

    title: str
    text: pd.DataFrame
    status: pd.DataFrame

    def css(self) -> pd.DataFrame:
        """Cell styles: the status colour as background (for pandas' Styler)."""
        return self.status.map(
            lambda s: (
                f"background-color: {STATUS_COLORS[s]}; color: white; text-align: center"
                if s in STATUS_COLORS
                else ""
            )
        )

    def styled(self):  # -> pandas Styler (imports jinja2 lazily)
        return self.text.style.apply(lambda _: self.css(), axis=None)

    @property
    def period_columns(self) -> list[str]:
        """The headings of the period (coloured) columns."""
        return [c for c in self.text.columns if self.status[c].notna().any()]


def status_grid(
    frame: pd.DataFrame, labels: Mapping[str, str], title: str = "", *, rows_are_rules: bool = True
) -> StatusGrid:
    """Rows = the `labels` columns (source → heading), columns = `column_label` in time order,
    cell = actual/required. Rows are kept per rule (two rules may share a label) unless the
    columns are the rules themselves."""
    if frame.empty:
        empty = pd.DataFrame(columns=list(labels.values()))
        return StatusGrid(title, empty, empty.copy())
    keys = [*labels, "rule"] if rows_are_rules and "rule" not in labels else list(labels)
    order = frame.drop_duplicates("column_label").sort_values("period_start")["column_label"].tolist()
    cells = frame.assign(
        cell=[
            f"{vn_number(a)}/{vn_number(r)}" for a, r in zip(frame["actual"], frame["required"], strict=True)
        ]
    )
    rows = pd.MultiIndex.from_frame(cells[keys].drop_duplicates())
    text = cells.pivot(index=keys, columns="column_label", values="cell").reindex(index=rows, columns=order)
    status = cells.pivot(index=keys, columns="column_label", values="status").reindex(
        index=rows, columns=order
    )
    text = text.fillna("").reset_index()[[*labels, *order]]
    status = status.astype(object).where(status.notna(), None).reset_index()[[*labels, *order]]
    for key in labels:
        status[key] = None
    text.columns = status.columns = [labels.get(c, c) for c in text.columns]
    return StatusGrid(title, text, status)


def quota_grids(frame: pd.DataFrame, labels: Mapping[str, str]) -> list[StatusGrid]:
    """One grid per period kind present (months, quarters, year, plan window); weeks are shown
    week by week elsewhere."""
    return [
        status_grid(frame[frame["period"] == period], labels, GRID_TITLES[period])
        for period in GRID_PERIODS
        if (frame["period"] == period).any()
    ]


def week_grid(frame: pd.DataFrame) -> StatusGrid:
    """Weekly rule-periods: one row per ISO week ('Tuần 14 (30/03–05/04)'), one column per rule."""
    weeks = frame[frame["period"] == "week"].sort_values(["period_start", "rule"])
    # Columns are the rules here, in rule order; rows stay in week order.
    flipped = weeks.assign(
        column_label=weeks["rule_label"], period_start=weeks.groupby("rule")["period_start"].transform("min")
    )
    return status_grid(flipped, {"period_label": "Tuần"}, "Định mức hằng tuần", rows_are_rules=False)


def weekly_series(frame: pd.DataFrame, rule: str) -> pd.DataFrame:
    """One weekly rule's weeks in order: week number, label, required, actual, status."""
    weeks = frame[(frame["period"] == "week") & (frame["rule"] == rule)].sort_values("period_start")
    return weeks.assign(week=[s.isocalendar().week for s in weeks["period_start"]])[
        ["week", "period_label", "period_start", "period_end", "required", "actual", "status"]
    ].reset_index(drop=True)


@dataclass(frozen=True)
class Tally:
    met: int
    due: int

    @property
    def share(self) -> float | None:
        return self.met / self.due if self.due else None


def tally(frame: pd.DataFrame) -> Tally:
    """Rule-periods met out of those already due (started)."""
    due = frame[frame["status"] != CHUA_DEN_KY]
    return Tally(int((due["status"] == DAT).sum()), len(due))


# --- the whole page's numbers -----------------------------------------------------------------


@dataclass(frozen=True)
class UnitReport:
    """What a unit page shows for one year and month, computed once per data version."""

    code: str
    name: str
    kind: str
    year: int
    month: int
    as_of: date
    quotas: pd.DataFrame
    month_tally: Tally
    year_tally: Tally
    items_month: int
    items_prev_month: int
    resent_month: int
    in_depth_month: int
    items_by_month: pd.DataFrame
    paces: list[RulePace]
    offices: pd.DataFrame
    office_quotas: pd.DataFrame

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)

    def tally_of(self, period: str | None = None, item_kind: str | None = None) -> Tally:
        """Rule-periods met this year, only of one period kind and/or item kind when given."""
        rows = self.quotas
        if period:
            rows = rows[rows["period"] == period]
        if item_kind:
            rows = rows[rows["item_kind"] == item_kind]
        return tally(rows)

    @property
    def items_change(self) -> int | None:
        """New items this month minus last month (None when both are nothing)."""
        if not (self.items_month or self.items_prev_month):
            return None
        return self.items_month - self.items_prev_month

    @property
    def has_items(self) -> bool:
        return bool(self.items_by_month["items"].sum()) if not self.items_by_month.empty else False

    def office_tally(self, day: date) -> Tally:
        """Offices whose every rule-period holding `day` is met, out of offices with one due."""
        rows = self.office_quotas
        if rows.empty:
            return Tally(0, 0)
        rows = rows[
            (rows["period_start"] <= day) & (rows["period_end"] >= day) & (rows["status"] != CHUA_DEN_KY)
        ]
        per_office = rows.groupby("unit_code")["status"].agg(lambda s: bool((s == DAT).all()))
        return Tally(int(per_office.sum()), len(per_office))


def _items_in(con: duckdb.DuckDBPyConnection, unit: str, year: int, month: int) -> int:
    frame = dashboard.items_by_month(con, dashboard.month_period(year, month), [unit])
    return int(frame["items"].sum()) if not frame.empty else 0


def unit_report(
    con: duckdb.DuckDBPyConnection,
    unit: str,
    year: int,
    month: int,
    as_of: date,
    allowed: Sequence[str] | None = None,
) -> UnitReport | None:
    """Everything the ward or department page shows for `unit` (None for an unknown code, or one
    outside `allowed` when given); its offices only among `allowed`."""
    if allowed is not None and unit not in allowed:
        return None
    found = dashboard.units_list(con, units=[unit])
    if found.empty:
        return None
    name, kind = found.at[0, "name"], found.at[0, "kind"]
    frame = quotas(con, [unit], year, as_of)
    period = dashboard.month_period(year, month)
    judged = dashboard.unit_months(con, period, as_of, [unit])
    judged = judged[judged["month"] == pd.Timestamp(period.start)]
    month_tally = Tally(int(judged["rules_met"].sum()), int(judged["rules_due"].sum()))
    log = items(con, [unit], period.start, period.end)
    offices = db.run(con, "units/unit_offices", {"unit": unit})
    if allowed is not None:
        offices = offices[offices["code"].isin(list(allowed))].reset_index(drop=True)
    office_quotas = quotas(con, offices["code"].tolist(), year, as_of)
    if not office_quotas.empty:
        office_quotas["office"] = office_quotas["unit_name"].map(lambda n: short_office_name(n, name))
    return UnitReport(
        code=unit,
        name=name,
        kind=kind,
        year=year,
        month=month,
        as_of=as_of,
        quotas=frame,
        month_tally=month_tally,
        year_tally=tally(frame),
        items_month=_items_in(con, unit, year, month),
        items_prev_month=_items_in(con, unit, *dashboard.previous_month(year, month)),
        resent_month=int(log["is_duplicate"].sum()),
        in_depth_month=int(((log["item_kind"] == "in_depth") & ~log["is_duplicate"].astype(bool)).sum()),
        items_by_month=dashboard.items_by_month(con, parse_period(str(year)), [unit]),
        paces=unit_paces(con, unit, frame, period.start, period.end, as_of),
        offices=offices,
        office_quotas=office_quotas,
    )


# --- items ------------------------------------------------------------------------------------


def items(
    con: duckdb.DuckDBPyConnection,
    units: Sequence[str],
    date_from: date,
    date_to: date,
    allowed: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The log rows of `units` (only those among `allowed` when given) between two dates, newest
    first, raw codes (see items_table)."""
    units = [u for u in units if allowed is None or u in allowed]
    frame = db.run(con, "units/unit_item_log", {"units": units, "date_from": date_from, "date_to": date_to})
    frame["item_date"] = pd.to_datetime(frame["item_date"]).dt.date
    frame["first_date"] = pd.to_datetime(frame["first_date"]).dt.date
    return frame


def resent_note(is_duplicate: bool, first_date: date | None) -> str:
    if not is_duplicate:
        return ""
    if first_date is None or pd.isna(first_date):
        return f"{RESENT} (không tính)"
    return f"{RESENT} (đã tính ngày {first_date:%d/%m/%Y})"


def items_table(
    frame: pd.DataFrame, ward_name: str | None = None, *, with_unit: bool = False
) -> pd.DataFrame:
    """Log rows with Vietnamese headings and labels; re-sent copies marked 'Gửi lại' in 'Ghi chú'
    (a column left out when no row is re-sent). 'Đơn vị' (offices named without their ward's
    suffix) only `with_unit`."""
    columns = ["Ngày", "Đơn vị", "Kênh", "Loại", "Tiêu đề", "Trạng thái", "Ghi chú", "Liên kết"]
    if not with_unit:
        columns.remove("Đơn vị")
    if frame.empty:
        return pd.DataFrame(columns=columns)
    if not frame["is_duplicate"].any():
        columns.remove("Ghi chú")
    units = frame["unit_name"]
    if ward_name:
        units = units.map(lambda n: short_office_name(n, ward_name))
    return pd.DataFrame(
        {
            "Ngày": frame["item_date"],
            "Đơn vị": units,
            "Kênh": frame["channel"].map(CHANNELS).fillna(frame["channel"]),
            "Loại": frame["item_kind"].map(ITEM_KINDS).fillna(frame["item_kind"]),
            "Tiêu đề": frame["title"],
            "Liên kết": frame["url"].astype(object).where(frame["url"].notna(), ""),
            "Trạng thái": frame["status"].map(ITEM_STATUSES).fillna(frame["status"]),
            "Ghi chú": [
                resent_note(bool(d), f)
                for d, f in zip(frame["is_duplicate"], frame["first_date"], strict=True)
            ],
        },
        columns=columns,
    )


# --- tasks (cchc/tasks.py may not exist yet) --------------------------------------------------


def tasks_available() -> bool:
    try:
        module = importlib.import_module("cchc.tasks")
    except ImportError:
        return False
    return hasattr(module, "task_status")


def unit_tasks(
    con: duckdb.DuckDBPyConnection, unit: str, as_of: date, allowed: Sequence[str] | None = None
) -> pd.DataFrame | None:
    """The unit's plan tasks with their status as of a day (none for a unit outside `allowed`
    when given), or None while the tasks module is absent."""
    if not tasks_available():
        return None
    tasks = importlib.import_module("cchc.tasks")
    units = [unit] if allowed is None or unit in allowed else []
    frame = pd.DataFrame(tasks.task_status(con, as_of, units=units))
    if "plan" in frame.columns:
        frame["plan"] = frame["plan"].map(_plan_labels(con)).fillna(frame["plan"])
    return frame


def tasks_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Tasks with Vietnamese headings, overdue first, deadlines as dd/mm/yyyy; for a recurring task,
    how many of its occurrences so far are overdue."""
    view = frame.copy()
    if {"occurrences_total", "occurrences_overdue"} <= set(view.columns):
        view["overdue_occurrences"] = [
            f"{vn_number(o)}/{vn_number(t)}" if t and t > 1 else ""
            for o, t in zip(
                view["occurrences_overdue"].fillna(0), view["occurrences_total"].fillna(0), strict=True
            )
        ]
    if "lead_text" in view.columns:
        view = view.drop(columns="lead_units", errors="ignore")
    known = [c for c in TASK_COLUMNS if c in view.columns]
    view = view[known] if known else view
    if "status" in view.columns:
        order = {s: i for i, s in enumerate(TASK_ORDER)}
        view = view.assign(_o=view["status"].map(order).fillna(len(order))).sort_values("_o", kind="stable")
        view = view.drop(columns="_o")
    if "due_date" in view.columns:
        view["due_date"] = [
            "" if v is None or pd.isna(v) else pd.Timestamp(v).strftime("%d/%m/%Y") for v in view["due_date"]
        ]
    return view.rename(columns=TASK_COLUMNS).fillna("").reset_index(drop=True)


def task_css(status: object) -> str:
    color = TASK_COLORS.get(str(status))
    return f"background-color: {color}; color: white" if color else ""
