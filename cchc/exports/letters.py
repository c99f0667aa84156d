"""Đôn đốc: the units behind in a period, what each is missing, and reminder letters (.docx).

The letter is data/templates/nhac-nho.docx (built by scripts/build_templates.py) with its
`{{NAME}}` placeholders filled here; the row of the missing-quota table is repeated per quota.
"""

from __future__ import annotations

import calendar
import copy
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from docx import Document
from docx.text.paragraph import Paragraph

from cchc import db, reference
from cchc.exports.xlsx import Col, Sheets
from cchc.quotas import summary
from cchc.quotas.behind import per_unit, vn_date, vn_int
from cchc.text import fold

TEMPLATE = reference.DATA_DIR / "templates" / "nhac-nho.docx"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
_PARENT_SUFFIX = re.compile(r"\s*\((?:Phường|Xã|Đặc khu)[^)]*\)\s*$")
_ADMIN_PREFIX = re.compile(r"^(Phường|Xã|Đặc khu|Thành phố|Tỉnh)\s", re.IGNORECASE)


SUMMARY_COLS = [
    Col("unit_code", "Mã đơn vị", 11),
    Col("unit_name", "Đơn vị", 36),
    Col("kind_label", "Loại đơn vị", 24),
    Col("missed", "Định mức chưa đạt (đã hết kỳ)", 13, "int"),
    Col("running", "Định mức đang thực hiện, chưa đủ", 13, "int"),
    Col("missing", "Tin/bài còn thiếu", 11, "int"),
    Col("missing_text", "Định mức còn thiếu (thực hiện/yêu cầu)", 90),
]
DETAIL_COLS = [
    Col("unit_code", "Mã đơn vị", 11),
    Col("unit_name", "Đơn vị", 36),
    Col("kind_label", "Loại đơn vị", 24),
    Col("rule_label", "Định mức", 56),
    Col("channel_label", "Kênh", 28),
    Col("period_start", "Từ ngày", 12, "date"),
    Col("period_end", "Đến ngày", 12, "date"),
    Col("required", "Yêu cầu", 9, "int"),
    Col("actual", "Đã thực hiện", 11, "int"),
    Col("missing", "Còn thiếu", 10, "int"),
    Col("status", "Tình trạng", 16, "status"),
]


def reminders_xlsx(detail: pd.DataFrame, title: str, as_of: date) -> bytes:
    """The reminder list as a workbook: one sheet per unit, one per missing quota."""
    buffer = io.BytesIO()
    out = Sheets(buffer)
    subtitle = f"Số liệu tính đến ngày {as_of:%d/%m/%Y}"
    ws = out.sheet("Đơn vị cần đôn đốc", title, subtitle)
    out.table(ws, per_unit(detail), SUMMARY_COLS, freeze_cols=2)
    ws = out.sheet("Chi tiết định mức", f"{title} — chi tiết từng định mức", subtitle)
    out.table(ws, detail, DETAIL_COLS, freeze_cols=2)
    out.close()
    return buffer.getvalue()


# --- the letter -------------------------------------------------------------------------


def default_deadline(today: date) -> date:
    """End of the current month, but never less than 7 days away."""
    month_end = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    return max(month_end, today + timedelta(days=7))


@dataclass(frozen=True)
class LetterOptions:
    letter_date: date
    deadline: date
    as_of: date
    signer_name: str = ""
    symbol: str = ""  # ký hiệu after "Số: …/"; blank by default, for the clerk


@dataclass(frozen=True)
class Issuer:
    parent: str  # cơ quan chủ quản, upper case ('' when none)
    name: str  # cơ quan ban hành, upper case, may hold a line break
    place: str
    signer_title: str
    recipients: str
    report_to: str


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def addressee(name: str, kind: str) -> str:
    """How a unit is addressed: 'Ủy ban nhân dân phường Phúc Lợi', 'Phòng Văn hóa - Xã hội'."""
    if kind == "commune":
        return f"Ủy ban nhân dân {_lower_first(name)}"
    return _PARENT_SUFFIX.sub("", name)


def short_name(name: str, kind: str) -> str:
    """How the body names a unit: 'UBND phường Phúc Lợi', 'Sở Tư pháp'."""
    if kind in ("commune", "city"):
        return f"UBND {_lower_first(name)}"
    return _PARENT_SUFFIX.sub("", name)


def _place(name: str) -> str:
    return _ADMIN_PREFIX.sub("", name).strip()


def issuer_for(unit: Mapping[str, Any], units: pd.DataFrame) -> Issuer:
    """A ward's offices are reminded by the ward (UBND phường); everyone else by the Sở Nội vụ of
    their province."""
    by_code = units.set_index("code")
    parent = unit.get("parent_code")
    if unit["kind"] == "ward_office" and parent in by_code.index:
        ward = by_code.loc[parent, "name"]
        return Issuer(
            parent="",
            name=f"ỦY BAN NHÂN DÂN\n{ward.upper()}",
            place=_place(ward),
            signer_title="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            recipients="- Như trên;\n- Chủ tịch, các Phó Chủ tịch UBND;\n- Lưu: VT.",
            report_to=f"Ủy ban nhân dân {_lower_first(ward)}",
        )
    province = unit.get("province") or "Hà Nội"
    cities = units[(units["kind"] == "city") & (units["province"] == province)]
    city = cities["name"].iloc[0] if len(cities) else f"Thành phố {province}"
    return Issuer(
        parent=f"UBND {city.upper()}",
        name="SỞ NỘI VỤ",
        place=province,
        signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        recipients="- Như trên;\n- Giám đốc Sở (để báo cáo);\n- Lưu: VT, CCHC.",
        report_to=f"Sở Nội vụ {_lower_first(city)}",
    )


def _date_words(day: date) -> tuple[str, str, str]:
    """Day and month as written on letters: a day below 10 and months 1-2 take a leading zero."""
    return (
        f"{day.day:02d}" if day.day < 10 else str(day.day),
        f"{day.month:02d}" if day.month < 3 else str(day.month),
        str(day.year),
    )


def _basis(plans: pd.DataFrame) -> str:
    parts = []
    for p in plans.itertuples():
        if isinstance(p.number, str) and p.number:
            when = f" ngày {vn_date(p.issued_on)}" if not pd.isna(p.issued_on) else ""
            who = f" của {short_name(p.issuer_name, p.issuer_kind)}" if isinstance(p.issuer_name, str) else ""
            parts.append(f"Kế hoạch số {p.number}{when}{who}")
        else:
            parts.append(str(p.title))
    return "Thực hiện " + "; ".join(parts) + ";" if parts else ""


def letter_values(
    unit: Mapping[str, Any], rows: pd.DataFrame, issuer: Issuer, plans: pd.DataFrame, options: LetterOptions
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Placeholder values and missing-quota rows for one unit's letter."""
    day, month, year = _date_words(options.letter_date)
    values = {
        "CO_QUAN_CHU_QUAN": issuer.parent,
        "CO_QUAN_BAN_HANH": issuer.name,
        "KY_HIEU": options.symbol,
        "DIA_DANH": issuer.place,
        "NGAY": day,
        "THANG": month,
        "NAM": year,
        "KINH_GUI": addressee(unit["name"], unit["kind"]),
        "CAN_CU": _basis(plans),
        "NGAY_SO_LIEU": vn_date(options.as_of),
        "DON_VI": short_name(unit["name"], unit["kind"]),
        "HAN": vn_date(options.deadline),
        "NOI_BAO_CAO": issuer.report_to,
        "NOI_NHAN": issuer.recipients,
        "CHUC_DANH_KY": issuer.signer_title,
        "NGUOI_KY": options.signer_name,
    }
    table = [
        {
            "stt": str(i),
            "dinh_muc": str(r.rule_label),
            "ky": f"{vn_date(r.period_start)} –\n{vn_date(r.period_end)}",
            "yeu_cau": vn_int(r.required),
            "thuc_hien": vn_int(r.actual),
            "con_thieu": vn_int(r.missing),
            "tinh_trang": str(r.status),
        }
        for i, r in enumerate(rows.itertuples(), start=1)
    ]
    return values, table


def _replace(paragraph: Paragraph, values: Mapping[str, str]) -> bool:
    """Fill the placeholders of a paragraph, also those split over several runs. Returns True
    when the paragraph held only placeholders that came out empty (so it can be dropped)."""
    runs = paragraph.runs
    texts = [r.text for r in runs]
    full = "".join(texts)
    matches = [m for m in _PLACEHOLDER.finditer(full) if m.group(1) in values]
    if not matches:
        return False
    bounds, pos = [], 0
    for t in texts:
        bounds.append((pos, pos + len(t)))
        pos += len(t)
    for m in reversed(matches):
        s, e = m.span()
        first = next(i for i, (a, b) in enumerate(bounds) if a <= s < b)
        last = next(i for i, (a, b) in enumerate(bounds) if a < e <= b)
        value = values[m.group(1)]
        if first == last:
            a = bounds[first][0]
            texts[first] = texts[first][: s - a] + value + texts[first][e - a :]
        else:
            texts[first] = texts[first][: s - bounds[first][0]] + value
            for i in range(first + 1, last):
                texts[i] = ""
            texts[last] = texts[last][e - bounds[last][0] :]
    for run, text in zip(runs, texts, strict=True):
        if run.text != text:
            run.text = text
    return not _PLACEHOLDER.sub("", full).strip() and not "".join(texts).strip()


def _fill_paragraphs(paragraphs: list[Paragraph], values: Mapping[str, str]) -> None:
    for p in paragraphs:
        parent = p._p.getparent()
        # A table cell must keep one paragraph, so only its spare ones are dropped.
        if _replace(p, values) and len(parent.findall(p._p.tag)) > 1:
            parent.remove(p._p)


def fill_template(template: Path, values: Mapping[str, str], rows: list[dict[str, str]]) -> bytes:
    """The template with `values` filled in and its `{{stt}}` table row repeated for `rows`."""
    doc = Document(str(template))
    for table in doc.tables:
        for tr in list(table.rows):
            if "{{stt}}" not in "".join(c.text for c in tr.cells):
                continue
            for _ in rows:
                tr._tr.addprevious(copy.deepcopy(tr._tr))
            tr._tr.getparent().remove(tr._tr)
            break
    filled = 0
    for table in doc.tables:
        for tr in table.rows:
            cells_text = "".join(c.text for c in tr.cells)
            row_values = values
            if "{{stt}}" in cells_text and filled < len(rows):
                row_values = {**values, **rows[filled]}
                filled += 1
            for cell in tr.cells:
                _fill_paragraphs(cell.paragraphs, row_values)
    _fill_paragraphs(doc.paragraphs, values)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Letter:
    unit_code: str
    unit_name: str
    file_name: str
    data: bytes


_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def letter_file_name(code: str, name: str, when: date) -> str:
    """A file name of safe characters only: codes and names stored before codes were checked
    (or typed by anyone) must not put '../' or markup into letters.zip."""
    safe_code = _UNSAFE_IN_NAME.sub("-", code).strip("-")[:32] or "don-vi"
    slug = _UNSAFE_IN_NAME.sub("-", fold(_PARENT_SUFFIX.sub("", name))).strip("-")[:60] or "don-vi"
    return f"nhac-nho-{safe_code}-{slug}-{when:%Y%m%d}.docx"


def letters(
    con: duckdb.DuckDBPyConnection,
    detail: pd.DataFrame,
    options: LetterOptions,
    template: Path = TEMPLATE,
) -> list[Letter]:
    """One letter per unit in `detail` (the frame from `behind`)."""
    if detail.empty:
        return []
    codes = detail["unit_code"].unique().tolist()
    units = summary.units_list(con)
    by_code = units.set_index("code")
    plans = db.run(
        con, "quotas/reminder_plans", {"plans": sorted(detail["plan"].unique().tolist())}
    ).set_index("plan_code")
    out = []
    for code in codes:
        unit = {"code": code, **by_code.loc[code].to_dict()}
        rows = detail[detail["unit_code"] == code]
        unit_plans = plans.reindex(sorted(rows["plan"].unique())).dropna(subset=["title"]).reset_index()
        values, table = letter_values(unit, rows, issuer_for(unit, units), unit_plans, options)
        data = fill_template(template, values, table)
        out.append(
            Letter(code, unit["name"], letter_file_name(code, unit["name"], options.letter_date), data)
        )
    return out


def reminder_letter(
    con: duckdb.DuckDBPyConnection, unit_code: str, detail: pd.DataFrame, options: LetterOptions
) -> Letter | None:
    """The letter of one unit, or None when it is not behind."""
    found = letters(con, detail[detail["unit_code"] == unit_code], options)
    return found[0] if found else None


def letters_zip(con: duckdb.DuckDBPyConnection, detail: pd.DataFrame, options: LetterOptions) -> bytes:
    """Every unit's letter in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for letter in letters(con, detail, options):
            zf.writestr(letter.file_name, letter.data)
    return buffer.getvalue()
