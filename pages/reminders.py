"""Đôn đốc: the units behind this month, what each is missing, the list as xlsx, reminder letters."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from cchc.exports import letters as reminders
from cchc.exports.report import XLSX_MIME
from cchc.periods import parse_period
from cchc.quotas import summary as dashboard
from cchc.vocab import CHUA_DAT, DANG_THUC_HIEN, STATUS_COLORS, UNIT_KINDS

ui.ensure_entrypoint(__file__)

ALL = ui.ALL_KINDS
STATUS_CODES = {"missed": CHUA_DAT, "running": DANG_THUC_HIEN}


@st.cache_data(show_spinner=False)
def _units(version: str, kind: str, allowed: tuple[str, ...] | None) -> pd.DataFrame:
    return dashboard.units_list(ui.connection(), kinds=None if kind == ALL else [kind], units=allowed)


@st.cache_data(show_spinner=False)
def _summary(
    version: str, year: int, month: int, as_of: date, kind: str, unit: str, allowed: tuple[str, ...] | None
) -> dashboard.MonthSummary:
    con = ui.connection()
    units = reminders.scope_units(con, None if kind == ALL else kind, unit or None, allowed)
    return dashboard.month_summary(con, year, month, as_of, units)


@st.cache_data(show_spinner=False)
def _behind(
    version: str,
    spec: str,
    as_of: date,
    kind: str,
    unit: str,
    statuses: tuple[str, ...],
    allowed: tuple[str, ...] | None,
) -> pd.DataFrame:
    con = ui.connection()
    units = reminders.scope_units(con, None if kind == ALL else kind, unit or None, allowed)
    return reminders.behind(con, parse_period(spec), as_of, units, statuses)


# The files are made from `detail`, already read within the scope; the scope is in their keys too.
@st.cache_data(show_spinner=False)
def _list_xlsx(
    version: str, detail: pd.DataFrame, title: str, as_of: date, allowed: tuple[str, ...] | None
) -> bytes:
    return reminders.reminders_xlsx(detail, title, as_of)


@st.cache_data(show_spinner=False)
def _letters_zip(
    version: str, detail: pd.DataFrame, options: reminders.LetterOptions, allowed: tuple[str, ...] | None
) -> bytes:
    return reminders.letters_zip(ui.connection(), detail, options)


@st.cache_data(show_spinner=False)
def _letter(
    version: str,
    code: str,
    detail: pd.DataFrame,
    options: reminders.LetterOptions,
    allowed: tuple[str, ...] | None,
) -> bytes:
    letter = reminders.reminder_letter(ui.connection(), code, detail, options)
    return b"" if letter is None else letter.data


def _allowed() -> tuple[str, ...] | None:
    """The units the signed-in user may see (None: every unit), hashable for the caches."""
    scope = ui.scope()
    return None if scope is None else tuple(scope)


def _pickers(version: str, allowed: tuple[str, ...] | None) -> tuple[str, str, tuple[str, ...]]:
    """Unit kind, unit and statuses in the sidebar, kept in the URL (?kind=…&unit=…&status=…)."""
    with st.sidebar:
        kind, unit = ui.kind_and_unit_pickers(lambda k: _units(version, k, allowed), "rem")
        wanted = [s for s in st.query_params.get("status", "missed,running").split(",") if s in STATUS_CODES]
        chosen = st.multiselect(
            "Tình trạng",
            list(STATUS_CODES),
            default=wanted or list(STATUS_CODES),
            format_func=STATUS_CODES.get,
            key="rem_status",
        )
    st.query_params["kind"] = kind
    st.query_params["status"] = ",".join(chosen)
    if unit:
        st.query_params["unit"] = unit
    elif "unit" in st.query_params:
        del st.query_params["unit"]
    return kind, unit, tuple(STATUS_CODES[c] for c in chosen)


def _colour(status: str) -> str:
    color = STATUS_COLORS.get(status)
    return f"background-color: {color}; color: white" if color else ""


version = ui.version()
allowed = _allowed()
year, month = ui.year_month_picker()
kind, unit, statuses = _pickers(version, allowed)
as_of = ui.today()
spec = f"{year}-{month:02d}"
scope = "tất cả đơn vị" if kind == ALL else UNIT_KINDS[kind].lower()

st.title("Đôn đốc đơn vị chưa đạt định mức")
st.caption(
    f"Tháng {month}/{year} · số liệu tính đến ngày {as_of:%d/%m/%Y} · "
    "gồm định mức đã hết kỳ mà chưa đạt và định mức đang thực hiện nhưng chưa đủ"
)

summary = _summary(version, year, month, as_of, kind, unit, allowed)
if summary.units == 0:
    st.info(
        f"Tháng {month}/{year} không có định mức nào đến kỳ của {scope}. Chọn tháng khác ở thanh bên "
        "(định mức năm 2026 của Hà Nội áp dụng từ tháng 3/2026), hoặc nhập nhật ký tin/bài ở trang "
        "**Nhập dữ liệu**."
    )
    st.stop()
if not statuses:
    st.info("Chọn ít nhất một tình trạng (Chưa đạt, Đang thực hiện) ở thanh bên.")
    st.stop()

detail = _behind(version, spec, as_of, kind, unit, statuses, allowed)
per_unit = reminders.per_unit(detail)

c1, c2, c3, c4 = st.columns(4)
c1.metric("Đơn vị cần đôn đốc", f"{ui.fmt_int(len(per_unit))}/{ui.fmt_int(summary.units)}")
c2.metric("Định mức chưa đạt (đã hết kỳ)", ui.fmt_int((detail["status"] == CHUA_DAT).sum()))
c3.metric("Định mức đang thực hiện, chưa đủ", ui.fmt_int((detail["status"] == DANG_THUC_HIEN).sum()))
c4.metric("Tin/bài còn thiếu", ui.fmt_int(detail["missing"].sum()))

if detail.empty:
    st.success(f"Không có đơn vị nào chậm định mức trong tháng {month}/{year} ({scope}).")
    st.stop()

title = f"Danh sách đơn vị cần đôn đốc — tháng {month}/{year}"
st.subheader(title)
st.dataframe(
    pd.DataFrame(
        {
            "Đơn vị": per_unit["unit_name"],
            "Loại": per_unit["kind_label"],
            "Chưa đạt": per_unit["missed"],
            "Đang thực hiện": per_unit["running"],
            "Tin/bài còn thiếu": per_unit["missing"],
            "Định mức còn thiếu (thực hiện/yêu cầu)": per_unit["missing_text"],
        }
    ),
    column_config={
        "Đơn vị": st.column_config.TextColumn(width="large"),
        "Định mức còn thiếu (thực hiện/yêu cầu)": st.column_config.TextColumn(width="large"),
    },
    hide_index=True,
    width="stretch",
)

with st.expander(f"Chi tiết {ui.fmt_int(len(detail))} định mức chưa đạt", expanded=bool(unit)):
    view = pd.DataFrame(
        {
            "Đơn vị": detail["unit_name"],
            "Định mức": detail["rule_label"],
            "Kỳ": detail["period_text"],
            "Yêu cầu": detail["required"],
            "Đã thực hiện": detail["actual"],
            "Còn thiếu": detail["missing"],
            "Tình trạng": detail["status"],
        }
    )
    st.dataframe(view.style.map(_colour, subset=["Tình trạng"]), hide_index=True, width="stretch")

file_stem = f"don-doc-{spec}" + (f"-{unit}" if unit else "")
st.download_button(
    "Tải danh sách (.xlsx)",
    data=lambda: _list_xlsx(version, detail, title, as_of, allowed),
    file_name=f"{file_stem}.xlsx",
    mime=XLSX_MIME,
    icon=":material/download:",
    on_click="ignore",
)

st.subheader("Thư nhắc")
st.caption(
    "Thư theo mẫu công văn (data/templates/nhac-nho.docx): Sở Nội vụ gửi các sở, ngành, xã, phường; "
    "UBND phường gửi các phòng, ban thuộc phường. Số văn bản để trống cho văn thư điền."
)
left, mid, right = st.columns(3)
letter_date = left.date_input("Ngày ký thư", value=as_of, format="DD/MM/YYYY", key="rem_letter_date")
deadline = mid.date_input(
    "Hạn hoàn thành", value=reminders.default_deadline(as_of), format="DD/MM/YYYY", key="rem_deadline"
)
signer = right.text_input("Người ký (không bắt buộc)", key="rem_signer")
options = reminders.LetterOptions(letter_date=letter_date, deadline=deadline, as_of=as_of, signer_name=signer)

codes = per_unit["unit_code"].tolist()
names = dict(zip(per_unit["unit_code"], per_unit["unit_name"], strict=True))
chosen = st.selectbox(
    "Thư nhắc cho đơn vị",
    codes,
    index=codes.index(unit) if unit in codes else 0,
    format_func=names.get,
    key="rem_letter_unit",
)
one, everyone = st.columns(2)
one.download_button(
    "Tải thư nhắc của đơn vị này (.docx)",
    data=lambda: _letter(version, chosen, detail, options, allowed),
    file_name=reminders.letter_file_name(chosen, names[chosen], letter_date),
    mime=reminders.DOCX_MIME,
    icon=":material/description:",
    on_click="ignore",
    width="stretch",
)
everyone.download_button(
    f"Tải thư cho cả {ui.fmt_int(len(codes))} đơn vị (.zip)",
    data=lambda: _letters_zip(version, detail, options, allowed),
    file_name=f"thu-nhac-{file_stem}.zip",
    mime="application/zip",
    icon=":material/folder_zip:",
    on_click="ignore",
    width="stretch",
)
