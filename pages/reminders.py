"""Đôn đốc: the units behind this month, what each is missing, the list as xlsx, reminder letters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import ui
from cchc.exports import letters
from cchc.exports.xlsx import XLSX_MIME
from cchc.screens import reminders as screen
from cchc.vocab import STATUS_COLORS

ui.ensure_entrypoint(__file__)


def _pickers() -> tuple[str, str, tuple[str, ...]]:
    """Unit kind, unit and statuses in the sidebar, kept in the URL (?kind=…&unit=…&status=…)."""
    codes = screen.STATUS_CODES
    with st.sidebar:
        kind, unit = ui.kind_and_unit_pickers(
            lambda k: ui.cached(screen.picker_units, k, province=province), "rem"
        )
        wanted = [s for s in st.query_params.get("status", "missed,running").split(",") if s in codes]
        chosen = st.multiselect(
            "Tình trạng", list(codes), default=wanted or list(codes), format_func=codes.get, key="rem_status"
        )
    st.query_params["kind"] = kind
    st.query_params["status"] = ",".join(chosen)
    if unit:
        st.query_params["unit"] = unit
    elif "unit" in st.query_params:
        del st.query_params["unit"]
    return kind, unit, tuple(codes[c] for c in chosen)


def _colour(status: str) -> str:
    color = STATUS_COLORS.get(status)
    return f"background-color: {color}; color: white" if color else ""


province = ui.province_picker()  # users who see every province remind one at a time
year, month = ui.year_month_picker()
kind, unit, statuses = _pickers()
as_of = ui.today()
spec = f"{year}-{month:02d}"
scope = screen.scope_label(kind)

st.title("Đôn đốc đơn vị chưa đạt định mức")
st.caption(
    f"Tháng {month}/{year} · số liệu tính đến ngày {as_of:%d/%m/%Y} · "
    "gồm định mức đã hết kỳ mà chưa đạt và định mức đang thực hiện nhưng chưa đủ"
)

found = ui.cached(screen.reminders, year, month, as_of, kind, unit, statuses, province=province)
if found.head.units == 0:
    st.info(
        f"Tháng {month}/{year} không có định mức nào đến kỳ của {scope}. Chọn tháng khác ở thanh bên "
        "(định mức năm 2026 của Hà Nội áp dụng từ tháng 3/2026), hoặc nhập nhật ký tin/bài ở trang "
        "**Nhập dữ liệu**."
    )
    st.stop()
if not statuses:
    st.info("Chọn ít nhất một tình trạng (Chưa đạt, Đang thực hiện) ở thanh bên.")
    st.stop()

detail, per_unit = found.detail, found.units
c1, c2, c3, c4 = st.columns(4)
c1.metric("Đơn vị cần đôn đốc", f"{ui.fmt_int(len(per_unit))}/{ui.fmt_int(found.head.units)}")
c2.metric("Định mức chưa đạt (đã hết kỳ)", ui.fmt_int(found.missed))
c3.metric("Định mức đang thực hiện, chưa đủ", ui.fmt_int(found.running))
c4.metric("Tin/bài còn thiếu", ui.fmt_int(found.missing))

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
        # on a phone the unit's name stays in view (pinned, narrower) while the figures scroll
        "Đơn vị": st.column_config.TextColumn(width=130, pinned=True)
        if ui.on_phone()
        else st.column_config.TextColumn(width="large"),
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
    data=lambda: letters.reminders_xlsx(detail, title, as_of),  # made on click, from the rows shown
    file_name=f"{file_stem}.xlsx",
    mime=XLSX_MIME,
    icon=":material/download:",
    on_click="ignore",
)

st.subheader("Thư nhắc")
st.caption(
    "Thư soạn sẵn theo mẫu công văn của hệ thống (người quản trị có thể thay mẫu): Sở Nội vụ gửi các sở, "
    "ngành, xã, phường; UBND phường gửi các phòng, ban thuộc phường. Tải về dạng Word (.docx) để sửa trước khi "
    "ký; số văn bản để trống cho văn thư điền."
)
left, mid, right = st.columns(3)
letter_date = left.date_input("Ngày ký thư", value=as_of, format="DD/MM/YYYY", key="rem_letter_date")
deadline = mid.date_input(
    "Hạn hoàn thành", value=letters.default_deadline(as_of), format="DD/MM/YYYY", key="rem_deadline"
)
signer = right.text_input("Người ký (không bắt buộc)", key="rem_signer")
options = letters.LetterOptions(letter_date=letter_date, deadline=deadline, as_of=as_of, signer_name=signer)

codes = per_unit["unit_code"].tolist()
names = dict(zip(per_unit["unit_code"], per_unit["unit_name"], strict=True))
chosen = st.selectbox(
    "Thư nhắc cho đơn vị",
    codes,
    index=codes.index(unit) if unit in codes else 0,
    format_func=ui.searchable_format(names.get),
    key="rem_letter_unit",
)
one, everyone = st.columns(2)
one.download_button(
    "Tải thư nhắc của đơn vị này (.docx)",
    data=lambda: screen.letter(ui.connection(), detail, chosen, options),
    file_name=letters.letter_file_name(chosen, names[chosen], letter_date),
    mime=letters.DOCX_MIME,
    icon=":material/description:",
    on_click="ignore",
    width="stretch",
)
everyone.download_button(
    f"Tải thư cho cả {ui.fmt_int(len(codes))} đơn vị (.zip)",
    data=lambda: letters.letters_zip(ui.connection(), detail, options),
    file_name=f"thu-nhac-{file_stem}.zip",
    mime="application/zip",
    icon=":material/folder_zip:",
    on_click="ignore",
    width="stretch",
)
